"""The file rules: what a workspace's settings and catalog say about one connector.

AFAS Online only, the Profit version, ids and user groups the catalog lacks or
spells otherwise, URL hosts that read as another (`model.hosts.host_lookalike`).
Each finding is an `error` or a `warning` at a key path, so `validate` prints
it at the key's line and the TUI beside the field.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from acwizard.catalog import Catalog
from acwizard.model.format import LIST_FIELDS
from acwizard.model.hosts import host_lookalike
from acwizard.model.protocol import ConnectorLike
from acwizard.rules.findings import NOT_IN_CATALOG, Finding
from acwizard.text import Sentence, say
from acwizard.versions import missing

if TYPE_CHECKING:
    from acwizard.files.settings import Settings

__all__ = [
    "catalog_mismatches",
    "connector_urls",
    "file_findings",
    "host_lookalikes",
    "misspelled",
    "version_findings",
]


def catalog_mismatches(
    connector: ConnectorLike, catalog: Catalog
) -> Iterator[tuple[tuple[str | int, ...], str, str | None]]:
    """Each user group or granted id the catalog lacks or spells otherwise, in file order.

    Yields (key path, as written, the catalog's spelling or None when the
    catalog lacks it): the user group first, then each list in `LIST_FIELDS`
    order. An entry spelled as in the catalog is not yielded.
    """
    group = connector.user_group
    found = catalog.find("user_groups", group)
    if found != group:
        yield ("user_group",), group, found
    for section in LIST_FIELDS:
        for index, granted in enumerate(getattr(connector, section)):
            found = catalog.find(section, granted)
            if found != granted:
                yield (section, index), granted, found


def misspelled(written: str, spelling: str, *, lead: str = "", free: bool = False) -> Sentence:
    """The sentence for an id or user group that the catalog spells in other case.

    `lead` comes first ("user_group: "); `free`: the value is free text (a user
    group), quoted so that a quote inside cannot end it early (`text.say`).
    """
    value = "{written!q}" if free else "'{written!v}'"
    suggestion = "{spelling!q}" if free else "'{spelling!v}'"
    return say(
        "{lead}"
        + value
        + " is spelled "
        + suggestion
        + " in the catalog; did you mean "
        + ("{spelling!q}" if free else "{spelling!v}")
        + "?",
        lead=lead,
        written=written,
        spelling=spelling,
    )


# -- file rules ---------------------------------------------------------------------------


def file_findings(connector: ConnectorLike, settings: Settings, catalog: Catalog) -> list[Finding]:
    """What the workspace's settings and catalog say about `connector`: errors and warnings."""
    findings: list[Finding] = []
    if connector.ip_restrictions and not settings.online:
        findings.append(
            Finding(
                "error",
                "not-online",
                "ip_restrictions: IP restrictions exist only in AFAS Online, and this "
                "workspace is not AFAS Online (online = false in acwizard.toml)",
                loc=("ip_restrictions",),
            )
        )
    findings += version_findings(connector, settings.profit_version)
    for loc, where, reason in host_lookalikes(connector):
        findings.append(Finding("warning", "host-lookalike", f"{where}: {reason}", loc=loc))
    for loc, written, spelling in catalog_mismatches(connector, catalog):
        key = str(loc[0])
        if spelling is None:
            # User groups may hold any character (quoted); ids are checked by the model.
            if key == "user_group":
                message = say(
                    "{key}: {value!q} is {what}", key=key, value=written, what=NOT_IN_CATALOG
                )
            else:
                message = say(
                    "{key}: '{value!v}' is {what}", key=key, value=written, what=NOT_IN_CATALOG
                )
            findings.append(Finding("warning", "not-in-catalog", message, loc=loc))
        else:
            message = misspelled(written, spelling, lead=f"{key}: ", free=key == "user_group")
            findings.append(Finding("warning", "catalog-spelling", message, loc=loc))
    return findings


def connector_urls(connector: ConnectorLike) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """Each URL of `connector` with its key path and its name in messages, in file order
    for webhooks (the model keeps their order) and the model's order for redirect URLs."""
    oauth = connector.oauth
    if oauth is not None:
        for index, url in enumerate(oauth.redirect_urls):
            yield ("oauth", "redirect_urls", index), f"oauth.redirect_urls[{index}]", url
        if oauth.jwks_url is not None:
            yield ("oauth", "jwks_url"), "oauth.jwks_url", oauth.jwks_url
    for index, webhook in enumerate(connector.webhooks):
        yield ("webhooks", index, "url"), f"webhooks[{index}].url", webhook.url


def host_lookalikes(connector: ConnectorLike) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """Each URL whose host reads as another (mixed scripts, Latin look-alikes): its key
    path, its name, and why, with the form clients look up (`model.host_lookalike`)."""
    if connector.oauth is None and not connector.webhooks:
        return  # no URL (every connector of the fast path): nothing to look at
    for loc, where, url in connector_urls(connector):
        reason = host_lookalike(url)
        if reason is not None:
            yield loc, where, reason


def version_findings(connector: ConnectorLike, profit_version: int) -> list[Finding]:
    """An error at each feature `connector` uses that `profit_version` lacks (see versions)."""
    uses: list[tuple[str, tuple[str | int, ...], str]] = []
    for index, line in enumerate(connector.ip_restrictions):
        if line.range.version == 6:
            # Named by its range: the model's index is not the file's (lines are sorted).
            where = f"ip_restrictions: {line.summary()}"
            uses.append(("ipv6", ("ip_restrictions", index, "address"), where))
    if connector.webhooks:
        uses.append(("webhooks", ("webhooks",), "webhooks"))
    if connector.authentication != "classic":
        uses.append(("oauth", ("authentication",), "authentication"))
    oauth = connector.oauth
    if oauth is not None:
        if oauth.client_type == "public":
            uses.append(("public_client", ("oauth", "client_type"), "oauth.client_type"))
        if oauth.client_authentication == "private_key_jwt":
            uses.append(
                (
                    "private_key_jwt",
                    ("oauth", "client_authentication"),
                    "oauth.client_authentication",
                )
            )
        if oauth.secret_validity_days is not None:
            uses.append(
                ("secret_validity", ("oauth", "secret_validity_days"), "oauth.secret_validity_days")
            )
    findings = []
    for feature, loc, where in uses:
        reason = missing(feature, profit_version)
        if reason:
            findings.append(Finding("error", "profit-version", f"{where}: {reason}", loc=loc))
    return findings
