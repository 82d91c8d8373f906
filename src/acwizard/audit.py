"""Audit findings: the questions an access review asks of each app connector.

Modelled on AFAS's own "App connector auditor" (Profit 5), answered from the
files in git: which connectors are callable from anywhere, which still allow
AFAS Connect's test addresses, which write payroll, personnel or finance data,
which share a user group. Each finding has a severity and a one-line reason;
the thresholds live here, in one place. This module never imports Textual.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Literal

from acwizard.catalog import Catalog
from acwizard.fileformat import LIST_FIELDS
from acwizard.text import visible

if TYPE_CHECKING:
    from acwizard.model import AppConnector

Level = Literal["high", "medium", "low", "info"]
LEVELS: tuple[Level, ...] = ("high", "medium", "low", "info")
"""Severities, most serious first."""

AFAS_CONNECT_ADDRESSES = frozenset({"52.174.142.76", "52.174.142.140"})
"""AFAS Connect, AFAS's testing tool, calls from these; allow them only while testing."""

WIDE_PREFIX = 8
"""An allowed range this wide (a /8) or wider is flagged."""

SENSITIVE_UPDATE_CONNECTORS: tuple[tuple[str, str], ...] = (
    ("Hr", "HR and payroll data"),
    ("Fi", "finance data"),
    ("KnEmployee", "personnel data"),
    ("KnUser", "Profit user accounts"),
)
"""UpdateConnector ids (or prefixes) that write data reviewers must look at twice."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing an access review should look at, for one connector."""

    connector_id: str
    level: Level
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        """The finding as JSON-ready data."""
        return asdict(self)


def sensitive_writes(connector: AppConnector) -> dict[str, list[str]]:
    """The UpdateConnectors that write sensitive data, grouped by what they write."""
    found: dict[str, list[str]] = defaultdict(list)
    for connector_id in connector.update_connectors:
        for prefix, what in SENSITIVE_UPDATE_CONNECTORS:
            if connector_id == prefix or (
                len(prefix) == 2 and connector_id.startswith(prefix) and connector_id[2:3].isupper()
            ):
                found[what].append(connector_id)
                break
    return dict(found)


def connector_findings(
    connector_id: str,
    connector: AppConnector,
    catalog: Catalog | None = None,
    online: bool = True,
    wide_prefix: int = WIDE_PREFIX,
) -> list[Finding]:
    """What an access review should know about one connector, most serious first."""
    findings: list[Finding] = []

    def add(level: Level, code: str, message: str) -> None:
        findings.append(Finding(connector_id, level, code, message))

    active = not connector.blocked
    grants = sum(len(getattr(connector, section)) for section in LIST_FIELDS)
    lines = connector.ip_restrictions
    if online and not lines:
        if active:
            add("high", "no-ip-restrictions", "active and callable from any address")
        else:
            add("low", "no-ip-restrictions", "no IP restrictions yet (blocked for now)")
    connect = sorted(
        line.address
        for line in lines
        if line.address in AFAS_CONNECT_ADDRESSES and line.access == "allowed"
    )
    if connect:
        add(
            "high" if active else "medium",
            "afas-connect-allowed",
            f"AFAS Connect test address still allowed: {', '.join(connect)}",
        )
    for line in lines:
        if line.access == "allowed" and line.prefix_length <= wide_prefix:
            count = 2 ** (32 - line.prefix_length)
            what = "every address" if line.prefix_length == 0 else f"{count:,} addresses"
            add("high", "wide-range", f"allows {line.summary()}: {what}")
    if lines and lines[0].access == "disallowed":
        add(
            "medium",
            "deny-list",
            "disallowed lines only: every other address may call; an allow list is stronger",
        )
    for what, ids in sensitive_writes(connector).items():
        add("medium", "sensitive-write", f"writes {what}: {', '.join(ids)}")
    if active and grants == 0:
        add("low", "grants-nothing", "active but grants no connector: block or delete it")
    if catalog is not None:
        if catalog.find("user_groups", connector.user_group) is None:
            add(
                "low",
                "not-in-catalog",
                f"user group '{visible(connector.user_group)}' is not in the catalog",
            )
        for section in LIST_FIELDS:
            missing = [i for i in getattr(connector, section) if catalog.find(section, i) is None]
            if missing:
                add("low", "not-in-catalog", f"{section} not in the catalog: {', '.join(missing)}")
    return sorted(findings, key=lambda finding: LEVELS.index(finding.level))


def workspace_findings(
    connectors: dict[str, AppConnector],
    catalog: Catalog | None = None,
    online: bool = True,
    wide_prefix: int = WIDE_PREFIX,
) -> list[Finding]:
    """Findings for every connector, plus user groups shared between connectors."""
    findings: list[Finding] = []
    by_group: dict[str, list[str]] = defaultdict(list)
    for connector_id, connector in sorted(connectors.items()):
        findings += connector_findings(connector_id, connector, catalog, online, wide_prefix)
        by_group[connector.user_group.casefold()].append(connector_id)
    for connector_id, connector in sorted(connectors.items()):
        others = [i for i in by_group[connector.user_group.casefold()] if i != connector_id]
        if others:
            findings.append(
                Finding(
                    connector_id,
                    "medium",
                    "shared-user-group",
                    f"user group '{visible(connector.user_group)}' is also used by "
                    f"{', '.join(others)}; AFAS advises one user group per app",
                )
            )
    return sorted(findings, key=lambda f: (f.connector_id, LEVELS.index(f.level)))


def at_or_above(findings: list[Finding], level: Level) -> list[Finding]:
    """The findings at least as serious as `level`."""
    limit = LEVELS.index(level)
    return [finding for finding in findings if LEVELS.index(finding.level) <= limit]
