"""The classic-token deadline: when a classic or hybrid connector must move to OAuth, and
each connector's place in that migration (`acwizard audit`'s migration status)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Protocol

from acwizard.model.protocol import ConnectorLike
from acwizard.rules.findings import ReviewLevel

__all__ = [
    "CERTIFICATE_NEAR_DAYS",
    "CLASSIC_END",
    "CLASSIC_EXPIRY",
    "CLASSIC_NOTICE",
    "Grouped",
    "classic_finding",
    "migration_status",
]

CLASSIC_NOTICE = date(2026, 9, 1)
"""AFAS gave every existing classic token the expiry date 1 May 2027 (September 2026)."""
CLASSIC_EXPIRY = date(2027, 5, 1)
"""Existing classic tokens expire; new ones can still be made, with limited validity."""
CLASSIC_END = date(2027, 8, 31)
"""The last day app connectors with a classic token work."""
CERTIFICATE_NEAR_DAYS = 30
"""A certificate that ends within this many days needs its successor uploaded now."""


def classic_finding(connector: ConnectorLike, today: date) -> tuple[ReviewLevel, str, str] | None:
    """The classic-token deadline, as (level, code, message), or None for an OAuth connector.

    Classic: medium from September 2026 (the expiry date is set), high from
    1 May 2027 (tokens expired), high "no longer works" after 31 August 2027;
    before September 2026, low. Hybrid: medium until the end, as apps still
    on a classic token break then but the connector itself keeps working with
    OAuth (which the files cannot tell); low after it, when only the word
    "hybrid" is left to change.
    """
    left = (CLASSIC_END - today).days
    if connector.authentication == "classic":
        if today > CLASSIC_END:
            return (
                "high",
                "classic-token",
                (
                    "classic token: this connector no longer works (classic tokens stopped "
                    "after 31 August 2027): migrate to OAuth"
                ),
            )
        stops = "this connector stops working after 31 August 2027: migrate to OAuth"
        if today >= CLASSIC_EXPIRY:
            return "high", "classic-token", f"classic tokens expired on 1 May 2027; {stops}"
        level: ReviewLevel = "medium" if today >= CLASSIC_NOTICE else "low"
        return level, "classic-token", f"classic tokens expire on 1 May 2027; {stops}"
    if connector.authentication == "hybrid":
        if today > CLASSIC_END:
            return (
                "low",
                "hybrid",
                'hybrid, but classic tokens no longer work: set authentication = "oauth"',
            )
        return (
            "medium",
            "hybrid",
            (
                "hybrid: apps still on a classic token stop working after 31 August 2027 "
                f"({left} days left): finish the migration and switch to OAuth"
            ),
        )
    return None


class Grouped(Protocol):
    """What the workspace-wide rules read of a connector: a model, a plain connector, or
    the audit's summary of one (`acwizard.audit.Summary`)."""

    @property
    def user_group(self) -> str: ...

    @property
    def authentication(self) -> str: ...


def migration_status(
    connectors: Mapping[str, Grouped], today: date
) -> list[dict[str, str | int | None]]:
    """Per connector: its authentication and the days left to move it to OAuth (None: done)."""
    left = max((CLASSIC_END - today).days, 0)
    return [
        {
            "connector_id": connector_id,
            "authentication": connector.authentication,
            "days_left": None if connector.authentication == "oauth" else left,
        }
        for connector_id, connector in sorted(connectors.items())
    ]
