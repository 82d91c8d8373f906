"""Rules that depend on the workspace: the catalog and whether it is AFAS Online.

The model knows what a connector may hold anywhere; these checks know what
this environment offers. They return key paths, not lines, so the CLI can
place them in a file and the TUI beside a field. This module never imports
Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from acwizard.catalog import Catalog
from acwizard.fileformat import LIST_FIELDS
from acwizard.problems import Severity
from acwizard.store import Settings
from acwizard.text import visible

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
    if catalog.find("user_groups", connector.user_group) is None:
        findings.append(
            Finding(
                ("user_group",),
                "warning",
                f"user_group: '{visible(connector.user_group)}' is not in the catalog",
            )
        )
    for section in LIST_FIELDS:
        for index, connector_id in enumerate(getattr(connector, section)):
            if catalog.find(section, connector_id) is None:
                findings.append(
                    Finding(
                        (section, index),
                        "warning",
                        f"{section}: '{connector_id}' is not in the catalog",
                    )
                )
    return findings
