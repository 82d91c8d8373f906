"""`acwizard verify`'s output as text, Markdown and JSON: plain functions of the outcomes.

(Belongs in `reports/` once `reports.py` becomes a package.) Unreviewed access
comes first, in every format; every report says what /metainfo cannot show, so
that exit 0 is not read as "Profit matches the file" in full. User and server
text is inert: `visible` in text (and the CLI's `out` writer after it),
`markdown.inline`/`code` in Markdown, `json_text` in JSON. This module never
imports Textual.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from acwizard.profit.drift import NOT_SHOWN, NOT_SHOWN_NOTE, Outcome, exit_status, ordered
from acwizard.reports import markdown
from acwizard.text import escaped, json_text, plural, quoted, redacted, visible


@dataclass
class VerifyRun:
    """One verify run: where it asked, what it found, whether it was cut short."""

    environment: str | None
    base: str
    total: int
    """Connectors the run meant to look at (asked, skipped and failed)."""
    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: bool = False
    stored: str | None = None
    """Why the results were not kept in the state directory, or None."""

    @property
    def counts(self) -> dict[str, int]:
        """How many connectors had each status."""
        found = Counter(outcome.status for outcome in self.outcomes)
        return {
            status: found.get(status, 0) for status in ("drift", "match", "not_asked", "skipped")
        }

    @property
    def status(self) -> int:
        """The exit status: 130 when interrupted, else 1 drift, 2 not asked, 0."""
        return 130 if self.interrupted else exit_status(self.outcomes)

    def summary(self) -> str:
        """`1 drifted, 4 match, 1 could not be asked, 1 skipped`."""
        counts = self.counts
        words = (
            f"{counts['drift']} drifted, {counts['match']} matched, "
            f"{counts['not_asked']} could not be asked, {counts['skipped']} skipped"
        )
        if self.interrupted:
            words = f"INTERRUPTED after {len(self.outcomes)} of {self.total}: " + words
        return words

    def heading(self) -> str:
        """`verify O12345AA at https://...: 6 connectors`."""
        where = f"{self.environment} at " if self.environment else ""
        return f"acwizard verify: {where}{visible(self.base, 200)}: {self.total} {plural('connector', self.total)}"


def _status_words(outcome: Outcome) -> str:
    """What happened to one connector, in a few words."""
    if outcome.status == "drift":
        return "UNREVIEWED ACCESS" if outcome.unreviewed_access else "DRIFT"
    if outcome.status == "match":
        return "matches"
    if outcome.status == "skipped":
        return f"not asked: {outcome.reason}"
    return f"could not be asked: {outcome.reason}"


def _notes(run: VerifyRun) -> list[tuple[str, int]]:
    """Each distinct note and how many connectors it concerns."""
    found = Counter(note for outcome in run.outcomes for note in outcome.notes)
    return sorted(found.items())


def verify_text(run: VerifyRun) -> list[str]:
    """The run as text lines."""
    lines = [run.heading()]
    for outcome in ordered(run.outcomes):
        name = f"{escaped(outcome.connector_id)} ({quoted(outcome.description)})"
        lines.append(f"{name}: {_status_words(outcome)}")
        lines += [f"  {redacted(drift.message)}" for drift in outcome.drifts]
    for note, count in _notes(run):
        lines.append(f"note ({count} {plural('connector', count)}): {note}")
    lines.append(NOT_SHOWN_NOTE)
    if run.stored:
        lines.append(f"note: {run.stored}")
    lines.append(run.summary())
    return lines


def verify_markdown(run: VerifyRun) -> list[str]:
    """The run as Markdown for a PR comment or a ticket."""
    lines = [f"### {markdown.prose(run.heading())}\n", f"**{markdown.inline(run.summary())}**\n"]
    for outcome in ordered(run.outcomes):
        name = markdown.inline(outcome.description)
        status = markdown.inline(_status_words(outcome))
        lines.append(f"- **{name}** ({markdown.code(outcome.connector_id)}): {status}")
        lines += [f"  - {markdown.prose(drift.message)}" for drift in outcome.drifts]
    if run.outcomes:
        lines.append("")
    for note, count in _notes(run):
        lines.append(f"Note ({count} {plural('connector', count)}): {markdown.inline(note)}\n")
    lines.append(markdown.inline(NOT_SHOWN_NOTE))
    return lines


def _redacted_values(document: dict[str, Any]) -> dict[str, Any]:
    """A drift as JSON with every text value redacted (`text.redacted`): an answer of
    Profit's is read as hostile, and a credential in it is never printed."""
    return {
        key: redacted(value)
        if isinstance(value, str)
        else [redacted(item) if isinstance(item, str) else item for item in value]
        if isinstance(value, list)
        else value
        for key, value in document.items()
    }


def verify_json(run: VerifyRun) -> str:
    """The run as a JSON document."""
    document = {
        "environment": run.environment,
        "base": run.base,
        "total": run.total,
        "checked": len(run.outcomes),
        "interrupted": run.interrupted,
        "exit_status": run.status,
        "summary": run.counts,
        "not_compared": list(NOT_SHOWN),
        "connectors": [
            {
                "id": outcome.connector_id,
                "description": redacted(outcome.description),
                "status": outcome.status,
                "unreviewed_access": outcome.unreviewed_access,
                "drifts": [_redacted_values(drift.as_json()) for drift in outcome.drifts],
                "reason": outcome.reason,
                "failure": outcome.failure,
                "notes": outcome.notes,
            }
            for outcome in ordered(run.outcomes)
        ],
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False))
