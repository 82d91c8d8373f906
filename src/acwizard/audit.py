"""The audit report: the review findings of a whole workspace, put together for `acwizard audit`.

The rules themselves live in `acwizard.rules` (each once); this module only
assembles what the report says: every connector's findings, invalid files as
high findings of their own, the counts by level, and the migration status to
OAuth. `acwizard.reports` renders it as text, Markdown or JSON. Kept apart
from the rules so the TUI, which shows one connector's findings, never loads
the report, and the renderers have one plain value to show.
This module never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from acwizard.rules import (
    CLASSIC_END,
    CLASSIC_EXPIRY,
    LEVELS,
    Finding,
    MigrationRow,
    at_or_above,
    day_words,
    deadlines_text,
    level_order,
    migration_status,
    shared_user_group_findings,
)
from acwizard.text import plural

if TYPE_CHECKING:
    from acwizard.model import ConnectorLike


class Summary(NamedTuple):
    """What the report reads of a valid connector besides its own findings."""

    description: str
    user_group: str
    blocked: bool
    authentication: str
    token_holders: tuple[str, ...] | None = None
    """Who holds a classic token, each once, sorted (None: the register has no tokens)."""


class Reviewed(NamedTuple):
    """One connector file as the audit needs it: its id, its summary (None: the file is
    invalid) and its own findings (`rules.connector_findings`).

    Small on purpose: with many files a second process reviews half of them and
    sends these back; sending whole loaded files (text, positions, parsed data)
    took longer to unpickle than the rest of the report took to assemble.
    """

    connector_id: str
    summary: Summary | None
    findings: list[Finding]


def reviewed(
    connector_id: str, connector: ConnectorLike | None, findings: list[Finding]
) -> Reviewed:
    """A connector and its own findings, as the report needs them (None: invalid)."""
    if connector is None:
        return Reviewed(connector_id, None, [])
    tokens = connector.tokens
    holders = (
        None
        if tokens is None
        else tuple(
            sorted({token.user for token in tokens}, key=lambda user: (user.casefold(), user))
        )
    )
    summary = Summary(
        connector.description,
        connector.user_group,
        connector.blocked,
        connector.authentication,
        holders,
    )
    return Reviewed(connector_id, summary, findings)


@dataclass(frozen=True, slots=True)
class AuditReport:
    """What `acwizard audit` reports, ready to render."""

    today: date
    findings: list[Finding]
    """Every finding, by connector id, most serious first within each."""
    migration: list[MigrationRow]
    """Per valid connector: its authentication, the days left to each deadline and who holds
    a classic token (see `rules.migration_status`)."""
    names: dict[str, str]
    """The description of each valid connector, by id."""
    states: dict[str, str]
    """"active" or "blocked" for each valid connector; a finding's id missing here is invalid."""

    @property
    def days_left(self) -> int:
        """Days until classic tokens stop working (0 once they have)."""
        return max((CLASSIC_END - self.today).days, 0)

    @property
    def days_to_token_expiry(self) -> int:
        """Days until existing classic tokens expire (0 once they have)."""
        return max((CLASSIC_EXPIRY - self.today).days, 0)

    @property
    def counts(self) -> dict[str, int]:
        """How many findings there are at each level, most serious first."""
        return {level: sum(f.level == level for f in self.findings) for level in LEVELS}

    @property
    def summary(self) -> str:
        """`12 findings: 3 high, 9 medium`."""
        counted = ", ".join(f"{count} {level}" for level, count in self.counts.items() if count)
        total = len(self.findings)
        return f"{total} {plural('finding', total)}" + (f": {counted}" if counted else "")

    @property
    def classic_stopped(self) -> bool:
        """True once classic tokens have stopped working (after 31 August 2027)."""
        return self.today > CLASSIC_END

    @property
    def migration_title(self) -> str:
        """The heading of the migration status: how many still move, and both deadlines in
        the words every place uses (`rules.deadlines_text`)."""
        to_do = sum(row["authentication"] != "oauth" for row in self.migration)
        moved = f"Migration to OAuth: {to_do} of {len(self.migration)} connectors still to move; "
        return f"{moved}{deadlines_text(self.today)} (on {self.today.isoformat()})"

    def migration_cells(self, row: MigrationRow, *, unit: bool) -> tuple[str, str]:
        """A connector's place on each deadline (1 May 2027, 31 August 2027): done, the days
        left, or passed.

        After a deadline "0 days left" would read as a last day: its tokens have
        expired, a classic connector has stopped, a hybrid one's classic tokens
        have. `unit`: the text report says "N days to 1 May 2027", the Markdown
        table's columns say it.
        """
        if row["days_left"] is None:
            return "done", "done"
        if self.today >= CLASSIC_EXPIRY:
            expiry = "tokens expired"
        else:
            days = self.days_to_token_expiry
            expiry = f"{days} days to {day_words(CLASSIC_EXPIRY)}" if unit else str(days)
        if self.classic_stopped:
            stop = "stopped" if row["authentication"] == "classic" else "classic tokens stopped"
        else:
            stop = (
                f"{self.days_left} days to {day_words(CLASSIC_END)}"
                if unit
                else str(self.days_left)
            )
        return expiry, stop

    @staticmethod
    def holders(row: MigrationRow) -> list[str] | None:
        """Who still holds a classic token on the connector of `row` (None: not recorded;
        empty: nobody, or an OAuth connector)."""
        holders = row["token_holders"]
        return holders if isinstance(holders, list) else None

    def fails(self, fail_on: str) -> bool:
        """True when a finding is at least as serious as `fail_on` ("never": never)."""
        if fail_on == "never":
            return False
        return bool(at_or_above(self.findings, fail_on))  # type: ignore[arg-type]


def audit_report(reviewed_files: list[Reviewed], today: date) -> AuditReport:
    """The report on reviewed files: their own findings, an invalid file's finding, and
    the user groups valid connectors share."""
    summaries = {
        item.connector_id: item.summary for item in reviewed_files if item.summary is not None
    }
    findings = [finding for item in reviewed_files for finding in item.findings]
    findings += shared_user_group_findings(summaries)
    findings += [
        Finding(
            "high", "invalid-file", "does not validate: run acwizard validate", item.connector_id
        )
        for item in reviewed_files
        if item.summary is None
    ]
    findings.sort(key=lambda f: (f.connector_id, level_order(f)))  # stable: own, then shared
    return AuditReport(
        today=today,
        findings=findings,
        migration=migration_status(summaries, today),
        names={key: value.description for key, value in summaries.items()},
        states={key: "blocked" if value.blocked else "active" for key, value in summaries.items()},
    )
