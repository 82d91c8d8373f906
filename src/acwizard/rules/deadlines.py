"""The classic-token deadlines: when a classic or hybrid connector must move to OAuth, and
each connector's place in that migration (`acwizard audit`'s migration status).

Two dates, always said together and in the same words wherever acwizard says them
(audit's findings and migration section, `list`, the TUI's review, `expiring`):
existing classic tokens expire on 1 May 2027, and connectors with a classic token
stop working after 31 August 2027. `deadlines_text` is those words, with the days
left to each.
"""

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
    "EXPIRY_WINDOW_DAYS",
    "Grouped",
    "Migrating",
    "MigrationRow",
    "classic_finding",
    "day_words",
    "days_words",
    "deadlines_text",
    "migration_status",
]

CLASSIC_NOTICE = date(2026, 9, 1)
"""AFAS gave every existing classic token the expiry date 1 May 2027 (September 2026)."""
CLASSIC_EXPIRY = date(2027, 5, 1)
"""Existing classic tokens expire; new ones can still be made, with limited validity."""
CLASSIC_END = date(2027, 8, 31)
"""The last day app connectors with a classic token work."""
EXPIRY_WINDOW_DAYS = 30
"""A token, client secret or certificate that ends within this many days needs its
successor now: audit's window, `expiring`'s default and the list's mark."""
CERTIFICATE_NEAR_DAYS = EXPIRY_WINDOW_DAYS
"""A certificate that ends within this many days needs its successor uploaded now."""


def day_words(day: date) -> str:
    """`1 May 2027`: a date as the deadlines are said (never 05/01, which reads two ways)."""
    return f"{day.day} {day:%B} {day.year}"


def days_words(day: date, today: date) -> str:
    """`145 days left`, `1 day left`, `today`, `3 days ago`."""
    left = (day - today).days
    if left == 0:
        return "today"
    count = abs(left)
    unit = "day" if count == 1 else "days"
    return f"{count} {unit} left" if left > 0 else f"{count} {unit} ago"


def deadlines_text(today: date) -> str:
    """Both deadlines with the days left to each, worded once for every place that says them:
    `classic tokens expire on 1 May 2027 (145 days left); connectors with a classic token stop
    working after 31 August 2027 (267 days left)`."""
    expiry = "expired" if today > CLASSIC_EXPIRY else "expire"
    stop = "stopped" if today > CLASSIC_END else "stop"
    return (
        f"classic tokens {expiry} on {day_words(CLASSIC_EXPIRY)} "
        f"({days_words(CLASSIC_EXPIRY, today)}); connectors with a classic token {stop} "
        f"working after {day_words(CLASSIC_END)} ({days_words(CLASSIC_END, today)})"
    )


def classic_finding(connector: ConnectorLike, today: date) -> tuple[ReviewLevel, str, str] | None:
    """The classic-token deadline, as (level, code, message), or None for an OAuth connector.

    Classic: medium from September 2026 (the expiry date is set), high from
    1 May 2027 (tokens expired), high "no longer works" after 31 August 2027;
    before September 2026, low. Hybrid: medium until the end, as apps still
    on a classic token break then but the connector itself keeps working with
    OAuth (which the files cannot tell); low after it, when only the word
    "hybrid" is left to change.
    """
    if connector.authentication == "classic":
        if today > CLASSIC_END:
            return (
                "high",
                "classic-token",
                (
                    f"classic token: this connector no longer works: {deadlines_text(today)}; "
                    "migrate to OAuth"
                ),
            )
        level: ReviewLevel = "medium" if today >= CLASSIC_NOTICE else "low"
        if today >= CLASSIC_EXPIRY:
            level = "high"
        return level, "classic-token", f"{deadlines_text(today)}: migrate to OAuth"
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
                f"hybrid: apps still on a classic token stop working: {deadlines_text(today)}; "
                "finish the migration and switch to OAuth"
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


class Migrating(Grouped, Protocol):
    """What the migration status reads of a connector: also who holds a classic token."""

    @property
    def token_holders(self) -> tuple[str, ...] | None:
        """The users holding a classic token, each once; None: the register has no tokens."""
        ...


MigrationRow = dict[str, str | int | list[str] | None]


def migration_status(connectors: Mapping[str, Migrating], today: date) -> list[MigrationRow]:
    """Per connector: its authentication, the days left to each deadline (None: done, an
    OAuth connector; 0 once passed) and who still holds a classic token (`token_holders`:
    None when the register does not say)."""
    to_stop = max((CLASSIC_END - today).days, 0)
    to_expiry = max((CLASSIC_EXPIRY - today).days, 0)
    rows: list[MigrationRow] = []
    for connector_id, connector in sorted(connectors.items()):
        done = connector.authentication == "oauth"
        holders = connector.token_holders
        rows.append(
            {
                "connector_id": connector_id,
                "authentication": connector.authentication,
                "days_left": None if done else to_stop,
                "days_to_token_expiry": None if done else to_expiry,
                "token_holders": [] if done else None if holders is None else list(holders),
            }
        )
    return rows
