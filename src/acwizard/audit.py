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
    at_or_above,
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
    summary = Summary(
        connector.description, connector.user_group, connector.blocked, connector.authentication
    )
    return Reviewed(connector_id, summary, findings)


@dataclass(frozen=True, slots=True)
class AuditReport:
    """What `acwizard audit` reports, ready to render."""

    today: date
    findings: list[Finding]
    """Every finding, by connector id, most serious first within each."""
    migration: list[dict[str, str | int | None]]
    """Per valid connector: its authentication and the days left (see `migration_status`)."""
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
        """The heading of the migration status."""
        to_do = sum(row["authentication"] != "oauth" for row in self.migration)
        moved = f"Migration to OAuth: {to_do} of {len(self.migration)} connectors still to move; "
        if self.classic_stopped:
            return (
                f"{moved}classic tokens stopped working after {CLASSIC_END.isoformat()} "
                f"(as of {self.today.isoformat()})"
            )
        if self.today >= CLASSIC_EXPIRY:
            expiry = f"classic tokens expired on {CLASSIC_EXPIRY.isoformat()} and "
        else:
            # Apps on an existing token stop on 1 May unless given a new token: say it first.
            expiry = (
                f"classic tokens expire on {CLASSIC_EXPIRY.isoformat()} "
                f"({self.days_to_token_expiry} days) and "
            )
        return (
            f"{moved}{expiry}stop working after {CLASSIC_END.isoformat()} "
            f"({self.days_left} days left on {self.today.isoformat()})"
        )

    def migration_cell(self, row: dict[str, str | int | None], *, unit: bool) -> str:
        """A connector's place in the migration: done, its days left, or stopped.

        After the deadline "0 days left" would read as a last day; a classic
        connector has stopped, a hybrid one's classic tokens have. `unit`: the
        text report says "N days left", the Markdown table's column says it.
        """
        if row["days_left"] is None:
            return "done"
        if self.classic_stopped:
            return "stopped" if row["authentication"] == "classic" else "classic tokens stopped"
        return f"{row['days_left']} days left" if unit else str(row["days_left"])

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
