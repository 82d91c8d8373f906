"""Rules that depend on the workspace: the catalog and whether it is AFAS Online.

The model knows what a connector may hold anywhere; these checks know what
this environment offers. They return key paths, not lines, so the CLI can
place them in a file and the TUI beside a field.

Case: an id (or user group) has one spelling, the catalog's. One that matches
a catalog entry only when case is ignored is a warning that names the
catalog's spelling; it is not "missing", and the audit's risk rules still
treat it as the connector it names. This module never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from acwizard.catalog import Catalog
from acwizard.fileformat import LIST_FIELDS
from acwizard.problems import Severity
from acwizard.store import Settings
from acwizard.text import visible
from acwizard.versions import missing

if TYPE_CHECKING:
    from acwizard.model import AppConnector


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's verdict on one key path of a connector."""

    loc: tuple[str | int, ...]
    severity: Severity
    message: str


def workspace_findings(
    connector: AppConnector, settings: Settings, catalog: Catalog
) -> list[Finding]:
    """What the workspace's settings and catalog say about `connector`."""
    findings: list[Finding] = []
    if connector.ip_restrictions and not settings.online:
        findings.append(
            Finding(
                ("ip_restrictions",),
                "error",
                "ip_restrictions: IP restrictions exist only in AFAS Online, and this "
                "workspace is not AFAS Online (online = false in acwizard.toml)",
            )
        )
    findings += version_findings(connector, settings.profit_version)
    group = connector.user_group
    if catalog.find("user_groups", group) is None:
        findings.append(
            Finding(
                ("user_group",),
                "warning",
                f"user_group: '{visible(group)}' is not in the catalog",
            )
        )
    elif spelling := catalog.correct_spelling("user_groups", group):
        findings.append(
            Finding(("user_group",), "warning", "user_group: " + misspelled(group, spelling))
        )
    for section in LIST_FIELDS:
        for index, connector_id in enumerate(getattr(connector, section)):
            found = catalog.find(section, connector_id)
            if found is None:
                findings.append(
                    Finding(
                        (section, index),
                        "warning",
                        f"{section}: '{connector_id}' is not in the catalog",
                    )
                )
            elif found != connector_id:
                findings.append(
                    Finding(
                        (section, index), "warning", f"{section}: {misspelled(connector_id, found)}"
                    )
                )
    return findings


def version_findings(connector: AppConnector, profit_version: int) -> list[Finding]:
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
            findings.append(Finding(loc, "error", f"{where}: {reason}"))
    return findings


def misspelled(written: str, spelling: str) -> str:
    """The sentence for an id or user group that the catalog spells in other case."""
    return (
        f"'{visible(written)}' is spelled '{visible(spelling)}' in the catalog; "
        f"did you mean {visible(spelling)}?"
    )
