"""The audit report as text, Markdown (a PR comment) and JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from acwizard.reports import markdown
from acwizard.rules import CLASSIC_END, CLASSIC_EXPIRY, MigrationRow, day_words
from acwizard.text import escaped, json_text, quoted, redacted

if TYPE_CHECKING:
    from acwizard.audit import AuditReport


def audit_json(report: AuditReport) -> str:
    """The report as a JSON document: summary, findings, migration status."""
    document = {
        "summary": report.counts,
        "findings": [
            {**finding.to_dict(), "message": redacted(finding.message)}
            for finding in report.findings
        ],
        "migration": {
            "today": report.today.isoformat(),
            "deadline": CLASSIC_END.isoformat(),
            "days_left": report.days_left,
            "token_expiry": CLASSIC_EXPIRY.isoformat(),
            "days_to_token_expiry": report.days_to_token_expiry,
            "connectors": report.migration,
        },
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False))


def audit_markdown(report: AuditReport) -> list[str]:
    """The report as Markdown for a PR comment: a table of findings, one of the migration."""
    lines = [f"### acwizard audit: {report.summary}\n"]
    if report.findings:
        lines += ["| Connector | State | Severity | Finding |", "|---|---|---|---|"]
        for finding in report.findings:
            name = markdown.inline(report.names.get(finding.connector_id, finding.connector_id))
            connector_id = markdown.code(finding.connector_id, in_table=True)
            state = report.states.get(finding.connector_id, "invalid")
            lines.append(
                f"| **{name}** ({connector_id}) | {state} | {finding.level} | "
                f"{markdown.prose(finding.message, in_table=True)} |"
            )
    if report.migration:
        lines.append(f"\n### {markdown.inline(report.migration_title)}\n")
        lines += [
            (
                f"| Connector | Authentication | Days to {day_words(CLASSIC_EXPIRY)} | "
                f"Days to {day_words(CLASSIC_END)} | Classic tokens held by |"
            ),
            "|---|---|---|---|---|",
        ]
        for row in report.migration:
            connector_id = str(row["connector_id"])
            name = markdown.inline(report.names.get(connector_id, connector_id))
            expiry, stop = report.migration_cells(row, unit=False)
            lines.append(
                f"| **{name}** ({markdown.code(connector_id, in_table=True)}) | "
                f"{row['authentication']} | {expiry} | {stop} | {_holders_markdown(report, row)} |"
            )
    return lines


def _holders_markdown(report: AuditReport, row: MigrationRow) -> str:
    """The token holders as code spans, `not recorded`, or `-` for none."""
    holders = report.holders(row)
    if holders is None:
        return "not recorded"
    return ", ".join(markdown.code(holder, in_table=True) for holder in holders) or "-"


def _holders_text(report: AuditReport, row: MigrationRow) -> str:
    """`; classic tokens held by 'SYS_PAYROLL'`, `; tokens not recorded`, or nothing."""
    if row["authentication"] == "oauth":
        return ""
    holders = report.holders(row)
    if holders is None:
        return "; tokens not recorded"
    if not holders:
        return "; no classic token"
    return "; classic tokens held by " + ", ".join(quoted(holder) for holder in holders)


def audit_text(report: AuditReport) -> list[str]:
    """The report as text: findings under each connector, the summary, the migration status."""
    lines = []
    current = None
    for finding in report.findings:
        if finding.connector_id != current:
            current = finding.connector_id
            name = quoted(report.names.get(current, current))
            lines.append(f"{escaped(current)} ({name}, {report.states.get(current, 'invalid')})")
        lines.append(f"  {finding.level:<7} {finding.code:<21} {redacted(finding.message)}")
    lines.append(report.summary)
    if report.migration:
        lines += ["", report.migration_title]
        for row in report.migration:
            expiry, stop = report.migration_cells(row, unit=True)
            days = expiry if expiry == stop else f"{expiry}, {stop}"
            lines.append(
                f"  {escaped(str(row['connector_id'])):<30} {row['authentication']:<8} {days}"
                f"{_holders_text(report, row)}"
            )
    return lines
