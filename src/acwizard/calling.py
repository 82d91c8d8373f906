"""How an app calls one connector: its URLs and ready-to-paste curl commands, for the vendor.

`call_sheet` turns a connector file, the workspace's settings and catalog into a
`CallSheet`: the REST and SOAP bases of the environment, the OAuth endpoints when
the connector uses OAuth, the URL of every granted GetConnector, UpdateConnector
and special connector, `/metainfo`, and curl commands for its authentication type.
`acwizard urls` renders it (text, Markdown, JSON) and the TUI's How to call view
shows the same sheet, its `commands` as one selectable list.

Placeholders only: every credential is a shell variable the admin or vendor sets
(`$AFAS_TOKEN`, `$AFAS_CLIENT_SECRET`...), so no secret is asked for, printed or
stored. Values from files are quoted for the shell (`acwizard.shell`): a base URL in
acwizard.toml may hold `$(...)` and still only be text when pasted. The bases
printed may come from acwizard.toml (`rest_base_url`, on-premises); where acwizard
itself would send credentials is never decided here (`acwizard.profit.hosts`).
This module never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote

from acwizard.calling_commands import (
    Command,
    Endpoint,
    EndpointKind,
    OAuthUrls,
    Variable,
    call_command,
    token_commands,
)
from acwizard.profit import hosts

if TYPE_CHECKING:
    from acwizard.catalog import Catalog
    from acwizard.files.settings import Settings
    from acwizard.model.protocol import ConnectorLike

BaseSource = Literal["environment", "settings", "unknown"]

__all__ = [
    "CallSheet",
    "Command",
    "Endpoint",
    "EndpointKind",
    "OAuthUrls",
    "Variable",
    "bases",
    "call_sheet",
    "endpoints",
]

UNKNOWN_REST = "https://<environment number>.rest.afas.online" + hosts.REST_PATH
UNKNOWN_SOAP = "https://<environment number>.soap.afas.online" + hosts.SOAP_PATH
PAGING = "?skip=0&take=100&orderbyfieldids=<FieldId>"
"""Paging of a GetConnector: sorting is required when paging (`-FieldId` descends)."""
UPDATE_METHODS = ("POST", "PUT", "DELETE")


@dataclass
class CallSheet:
    """Everything the vendor of the app needs to call this connector."""

    connector_id: str
    description: str
    authentication: str
    blocked: bool
    environment: str | None
    environment_kind: str | None
    rest_base: str
    soap_base: str
    base_source: BaseSource
    oauth: OAuthUrls | None
    endpoints: list[Endpoint] = field(default_factory=list)
    commands: list[Command] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def bases(settings: Settings) -> tuple[str, str, BaseSource]:
    """The REST and SOAP bases to print: acwizard.toml's, else the environment's, else a
    placeholder; and where they came from."""
    environment = hosts.parse_environment(settings.environment)
    rest = soap = None
    if environment is not None:
        rest, soap = hosts.rest_base(environment), hosts.soap_base(environment)
    own = settings.urls_plan
    if own.rest_base_url or own.soap_base_url:
        return (
            own.rest_base_url or rest or UNKNOWN_REST,
            own.soap_base_url or soap or UNKNOWN_SOAP,
            "settings",
        )
    if rest is None or soap is None:
        return UNKNOWN_REST, UNKNOWN_SOAP, "unknown"
    return rest, soap, "environment"


def call_sheet(
    connector_id: str, connector: ConnectorLike, settings: Settings, catalog: Catalog
) -> CallSheet:
    """The URLs and commands of one valid connector in this workspace."""
    rest, soap, source = bases(settings)
    environment = hosts.parse_environment(settings.environment)
    sheet = CallSheet(
        connector_id=connector_id,
        description=connector.description,
        authentication=connector.authentication,
        blocked=connector.blocked,
        environment=settings.environment,
        environment_kind=environment.kind if environment else None,
        rest_base=rest,
        soap_base=soap,
        base_source=source,
        oauth=_oauth_urls(connector, rest),
    )
    sheet.endpoints = endpoints(connector, rest, soap, catalog)
    commands, variables = token_commands(connector, rest, sheet.oauth)
    sheet.commands = commands + [
        call_command(endpoint, connector.authentication, sheet.oauth)
        for endpoint in sheet.endpoints
    ]
    if connector.authentication == "hybrid":
        metainfo = sheet.endpoints[0]
        sheet.commands.append(call_command(metainfo, "classic", None))
    sheet.variables = variables
    sheet.notes = _notes(connector, source)
    return sheet


def _oauth_urls(connector: ConnectorLike, rest: str) -> OAuthUrls | None:
    """The OAuth endpoints and settings, for a hybrid or OAuth connector."""
    oauth = connector.oauth
    if connector.authentication == "classic" or oauth is None:
        return None
    return OAuthUrls(
        token_url=hosts.oauth_token_url(rest),
        authorize_url=hosts.oauth_authorize_url(rest),
        client_type=oauth.client_type,
        flows=tuple(oauth.flows),
        client_authentication=oauth.client_authentication,
        dpop=oauth.dpop,
        redirect_urls=tuple(oauth.redirect_urls),
    )


def endpoints(connector: ConnectorLike, rest: str, soap: str, catalog: Catalog) -> list[Endpoint]:
    """/metainfo, then every granted GetConnector, UpdateConnector and special connector."""
    found = [Endpoint("metainfo", None, ("GET",), rest + hosts.METAINFO_PATH)]
    connectors = rest + hosts.CONNECTORS_PATH + "/"
    for name in connector.get_connectors:
        found.append(
            Endpoint(
                "get_connector",
                name,
                ("GET",),
                connectors + quote(name) + PAGING,
                catalog.describe("get_connectors", name),
            )
        )
    for name in connector.update_connectors:
        found.append(
            Endpoint(
                "update_connector",
                name,
                UPDATE_METHODS,
                connectors + quote(name),
                catalog.describe("update_connectors", name),
            )
        )
    paths = {key.casefold(): value for key, value in hosts.SPECIAL_CONNECTOR_PATHS.items()}
    for name in connector.connectors:
        for base, method, path in paths.get(name.casefold(), ()):
            found.append(
                Endpoint(
                    "special_connector",
                    name,
                    (method,),
                    (rest if base == "rest" else soap) + path,
                    catalog.describe("connectors", name),
                )
            )
    return found


def _notes(connector: ConnectorLike, source: BaseSource) -> list[str]:
    """What the vendor should know besides the URLs: blocked, IP lines, unsure facts."""
    notes: list[str] = []
    if connector.blocked:
        notes.append("The app connector is blocked: every call fails until it is unblocked.")
    if source == "unknown":
        notes.append(
            "acwizard.toml names no environment: replace <environment number> with the "
            "digits of the environment id (12345 of O12345AA; test: resttest/soaptest, "
            "accept: restaccept/soapaccept)."
        )
    elif source == "settings":
        notes.append("The bases come from acwizard.toml (rest_base_url, soap_base_url).")
    if connector.ip_restrictions:
        lines = ", ".join(line.summary() for line in connector.ip_restrictions)
        if connector.access_mode == "allowed":
            notes.append(f"Profit accepts calls only from: {lines} (others get HTTP 403).")
        else:
            notes.append(f"Profit refuses calls from: {lines} (HTTP 403).")
    if connector.get_connectors:
        notes.append(
            "<FieldId>: a field of the GetConnector to sort on, required when paging "
            "(-FieldId sorts descending); GET /metainfo/get/<id> lists its fields."
        )
    special = {name.casefold() for name in connector.connectors}
    known = {key.casefold() for key in hosts.SPECIAL_CONNECTOR_PATHS}
    for name in connector.connectors:
        if name.casefold() not in known:
            notes.append(f"{name}: AFAS documents no URL for this special connector.")
    if hosts.REMOTE_CMD_CONNECTOR_ID.casefold() in special:
        notes.append(f"Unsure: {hosts.UNSURE['remote_cmd_id']}.")
    if "appconnectorreport" in special:
        notes.append(f"Unsure: {hosts.UNSURE['report_connector_id']}.")
    if connector.authentication != "classic":
        notes.append(f"Unsure: {hosts.UNSURE['oauth_path_case']}.")
    return notes
