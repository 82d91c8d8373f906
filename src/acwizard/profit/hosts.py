"""Where a Profit environment answers: its REST and SOAP bases and the endpoints under them.

AFAS derives the hosts from the environment id (`O12345AA`: O production, T test,
A accept; the URL uses the digits): `https://12345.rest.afas.online/ProfitRestServices`
and `https://12345.soap.afas.online/profitservices`, with `resttest`/`soaptest` and
`restaccept`/`soapaccept` for test and accept (help page "All URLs of the Profit web
services"; OASContent, summarised in shared/DOMAIN.md, "Calling Profit").

Two uses, two rules. What acwizard *prints* for the app's vendor (`urls`, the How to
call view) may come from the workspace's `acwizard.toml` (`rest_base_url`,
`soap_base_url`, for on-premises installations). Where acwizard *sends credentials*
never does: only an AFAS host derived from the environment id, or a base the admin
gives outside the repository (`--base-url`, the user's own config file), because a pull
request can change any file in the workspace. `commands/verify.resolve_base` keeps that
rule (it never reads the workspace's settings for a base); `is_afas_host` tells whether
a host is one AFAS runs.

Facts AFAS does not state outright are listed once, in `UNSURE`. This module never
imports Textual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

EnvironmentKind = Literal["production", "test", "accept"]

ENVIRONMENT_PATTERN = re.compile(r"([OTA])([0-9]{5})([A-Z]{2})")
"""An environment id: O (production), T (test) or A (accept), five digits, two letters."""

_KINDS: dict[str, EnvironmentKind] = {"O": "production", "T": "test", "A": "accept"}

REST_HOST_WORDS: dict[EnvironmentKind, str] = {
    "production": "rest",
    "test": "resttest",
    "accept": "restaccept",
}
"""The word after the digits in a REST host, per kind of environment."""

SOAP_HOST_WORDS: dict[EnvironmentKind, str] = {
    "production": "soap",
    "test": "soaptest",
    "accept": "soapaccept",
}
"""The word after the digits in a SOAP host, per kind of environment."""

AFAS_DOMAIN = "afas.online"
REST_PATH = "/ProfitRestServices"
SOAP_PATH = "/profitservices"

# Paths under the REST base ("Calling Profit" in shared/DOMAIN.md).
CONNECTORS_PATH = "/connectors"
METAINFO_PATH = "/metainfo"
PROFIT_VERSION_PATH = "/profitversion"
OTP_REQUEST_PATH = "/otprequest"
OTP_VALIDATION_PATH = "/otpvalidation"
OAUTH_TOKEN_PATH = "/oauth/token"
OAUTH_AUTHORIZE_PATH = "/oauth/authorize"
SUBJECT_CONNECTOR_PATH = "/subjectconnector"
FILE_CONNECTOR_PATH = "/fileconnector"
REPORT_CONNECTOR_PATH = "/reportconnector"
REMOTE_CMD_SOAP_PATH = "/cmdconnector.asmx"
"""Under the SOAP base: AFAS Remote Cmd imports GetConnector definitions (howto-remotecmd)."""

MAX_PARALLEL_CALLS = 5
"""AFAS's documented limit of calls at once per environment."""

AFAS_REST_HOST = re.compile(
    r"[0-9]{5}\.(?:rest|resttest|restaccept|restcursus)\.afas\.online", re.ASCII
)
"""A REST host AFAS runs (training environments use `restcursus`)."""

UNSURE: dict[str, str] = {
    "oauth_path_case": (
        "the OAuth endpoints' path is written /oauth/token and /oauth/authorize under the REST "
        "base as a public client calls it; the path's case is not stated (authentication.md)"
    ),
    "training_hosts": (
        "training environments use restcursus; their environment id's letter and a SOAP "
        "training host are not documented, so acwizard derives no training URLs"
    ),
    "remote_cmd_id": (
        "AFAS Remote Cmd is enabled on the Connectors tab; the id it has there is not named "
        "in howto-remotecmd.md (2026-10-08)"
    ),
    "custom_connectors_key": (
        "since Profit 7 /metainfo lists the special ('custom') connectors under a key AFAS "
        "does not document"
    ),
    "report_connector_id": (
        "the report connector's id on the Connectors tab (AppConnectorReport, the SOAP class "
        "name) is not confirmed for the UI"
    ),
}
"""Facts about Profit's web services that AFAS does not state outright: what and why."""


@dataclass(frozen=True, slots=True)
class Environment:
    """A Profit environment named by its id, such as O12345AA."""

    id: str
    kind: EnvironmentKind
    number: str
    """The digits the hosts use: 12345."""


def parse_environment(value: str | None) -> Environment | None:
    """The environment `value` names, or None when it is no environment id."""
    if not value:
        return None
    match = ENVIRONMENT_PATTERN.fullmatch(value)
    if match is None:
        return None
    return Environment(value, _KINDS[match.group(1)], match.group(2))


def rest_base(environment: Environment) -> str:
    """The REST base of an AFAS Online environment, with its path: no slash at the end."""
    word = REST_HOST_WORDS[environment.kind]
    return f"https://{environment.number}.{word}.{AFAS_DOMAIN}{REST_PATH}"


def soap_base(environment: Environment) -> str:
    """The SOAP base of an AFAS Online environment, with its path: no slash at the end."""
    word = SOAP_HOST_WORDS[environment.kind]
    return f"https://{environment.number}.{word}.{AFAS_DOMAIN}{SOAP_PATH}"


def oauth_token_url(rest: str) -> str:
    """The OAuth token endpoint under a REST base."""
    return rest.rstrip("/") + OAUTH_TOKEN_PATH


def oauth_authorize_url(rest: str) -> str:
    """The OAuth authorization endpoint under a REST base."""
    return rest.rstrip("/") + OAUTH_AUTHORIZE_PATH


def is_afas_host(host: str) -> bool:
    """True for a REST host AFAS runs: where credentials may go without being told otherwise."""
    return AFAS_REST_HOST.fullmatch(host.lower().removesuffix(".")) is not None


# -- special connectors (added for `urls` and `plan`) ------------------------------------

REMOTE_CMD_CONNECTOR_ID = "AppConnectorRemoteCmd"
"""The id acwizard's catalog gives AFAS Remote Cmd on the Connectors tab: unsure, see
UNSURE["remote_cmd_id"] (AFAS names the feature, not the id, in howto-remotecmd.md; the
other special connectors are named AppConnector + what they serve)."""

SPECIAL_CONNECTOR_PATHS: dict[str, tuple[tuple[Literal["rest", "soap"], str, str], ...]] = {
    "AppConnectorVersion": (("rest", "GET", PROFIT_VERSION_PATH),),
    "AppConnectorSubject": (
        ("rest", "GET", SUBJECT_CONNECTOR_PATH + "/<subjectId>/<fileId>"),
        ("rest", "GET", FILE_CONNECTOR_PATH + "/<guid>/<fileName>"),
    ),
    "AppConnectorReport": (("rest", "GET", REPORT_CONNECTOR_PATH + "/<guid>"),),
    REMOTE_CMD_CONNECTOR_ID: (("soap", "POST", REMOTE_CMD_SOAP_PATH),),
}
"""What each granted special connector lets the app call: (base, method, path under it).

`<...>` marks a value the app fills in. CommSvcConnector has no documented URL. The
subject connector serves a dossier item's attachment, the file connector (which needs
AppConnectorSubject too) a file by its GUID; the report connector a report by its GUID."""
LOOPBACK_NAMES = frozenset({"localhost"})


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost: the only hosts plain http may reach."""
    import ipaddress

    name = host.strip("[]").lower().removesuffix(".")
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return name in LOOPBACK_NAMES


def checked_rest_base(url: str) -> str:
    """A REST base given outside the repository (`--base-url`, the user's config file), checked
    for sending credentials to: https, or http for a loopback address only; no user name or
    password, query or fragment. Returned without a slash at the end; ValueError says why not
    (without repeating the URL: it may hold a password)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is no number
    except ValueError:
        raise ValueError("is not a URL") from None
    if parts.scheme not in ("https", "http") or not host:
        raise ValueError(
            "must be an https:// URL, such as https://12345.rest.afas.online" + REST_PATH
        )
    if parts.username is not None or parts.password is not None:
        raise ValueError("must not hold a user name or password")
    if parts.query or parts.fragment or "?" in url or "#" in url:
        raise ValueError("must not hold a query or fragment")
    if parts.scheme == "http" and not is_loopback(host):
        raise ValueError("must use https (plain http only for a loopback address: 127.0.0.1, ::1)")
    return url.strip().rstrip("/")
