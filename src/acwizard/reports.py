"""What the command line prints, as plain functions of data: text, Markdown and JSON.

Each renderer takes what a verb found and returns the lines (or the JSON
document) to print: none prints, reads a file or looks at the clock, so each is
tested on its own (tests/test_reports.py) and `cli.py` only decides what to
find and writes the result through its one writer, `cli.out`, which makes it
inert for a terminal. User text reaches these lines only through `visible` or
`escaped` (text), `json_text` (JSON) and the inert helpers of
`acwizard.markdown` (Markdown for PR comments; those lines hold word joiners,
which the caller keeps with `out(..., keep=markdown.WORD_JOINER)`).
This module never imports Textual, nor pydantic at run time.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acwizard import markdown
from acwizard.files.layout import CONNECTORS_DIR
from acwizard.rules import CLASSIC_END, CLASSIC_EXPIRY
from acwizard.text import escaped, file_lines, json_text, plural, quoted, visible

if TYPE_CHECKING:
    from acwizard.audit import AuditReport
    from acwizard.changes import ConnectorChange
    from acwizard.problems import Problem
    from acwizard.workspace import ConnectorFile


# -- validate -------------------------------------------------------------------------


def problem_lines(problems: Sequence[Problem], base: Path | None = None) -> list[str]:
    """`path:line: severity: message` for each problem, paths relative to `base` where inside."""
    return [problem.format(base) for problem in problems]


def validate_summary(checked: int, problems: Sequence[Problem]) -> str:
    """`3 files checked: 1 error, 2 warnings` (validate prints it on stderr)."""
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    return (
        f"{checked} {plural('file', checked)} checked: {errors} {plural('error', errors)}, "
        f"{warnings} {plural('warning', warnings)}"
    )


# -- fmt and migrate --------------------------------------------------------------------


def comment_note(comment_lines: Sequence[int]) -> str:
    """Which hand-written comments a rewrite removes, or ''."""
    if not comment_lines:
        return ""
    shown = ", ".join(str(line) for line in comment_lines[:10])
    shown += ", ..." if len(comment_lines) > 10 else ""
    count = len(comment_lines)
    return f" (removes the {plural('comment', count)} on {plural('line', count)} {shown})"


def rewrite_diff(shown: str, on_disk: str, rewritten: str, migrate: bool) -> str:
    """The unified diff of a rewrite, for `fmt --diff` and `migrate --diff`; '' if none.

    Comments are copied into the diff as they are: `cli.out` shows bidi and
    C1 characters in them as escapes and keeps line ends.
    """
    return "".join(
        difflib.unified_diff(
            file_lines(on_disk),
            file_lines(rewritten),
            fromfile=f"{shown} (on disk)",
            tofile=f"{shown} ({'version 2' if migrate else 'canonical'})",
        )
    )


def rewrite_summary(
    checked: int, changed: int, dry_run: bool, migrate: bool, refused: int = 0
) -> str:
    """`6 files checked, 2 reformatted` (on stderr); `dry_run`: --check or --diff.

    `refused` files had errors: "0 would be reformatted" and exit 1 would not say why.
    """
    if migrate:
        verb = "would be migrated or reformatted" if dry_run else "migrated or reformatted"
    else:
        verb = "would be reformatted" if dry_run else "reformatted"
    summary = f"{checked} {plural('file', checked)} checked, {changed} {verb}"
    if refused:
        undone = "not checked" if dry_run else "not migrated" if migrate else "not formatted"
        summary += f", {refused} {undone}: {plural('it has', refused, 'they have')} errors"
    return summary


def shown_path(path: Path, base: Path | None = None) -> str:
    """`path` as validate shows it: relative to `base` (the working directory) when inside
    it, else as it is; escaped, never cut (an editor jumps to it)."""
    base = Path.cwd() if base is None else base
    try:
        relative = os.path.relpath(path, base)
    except ValueError:  # another drive (Windows)
        relative = str(path)
    return escaped(str(path) if relative.startswith("..") else relative)


# -- list --------------------------------------------------------------------------------


def list_row(loaded: ConnectorFile) -> dict[str, Any]:
    """A connector file as a JSON object: what `list` shows (each key has its own type).

    Made where the file is loaded, so `list`'s second process sends back rows, not files.
    """
    connector = loaded.connector
    return {
        "id": loaded.id,
        "path": str(loaded.path),
        "status": loaded.status,
        "authentication": connector.authentication if connector else None,
        "description": connector.description if connector else None,
        "user_group": connector.user_group if connector else None,
        "get_connectors": len(connector.get_connectors) if connector else None,
        "update_connectors": len(connector.update_connectors) if connector else None,
        "connectors": len(connector.connectors) if connector else None,
        "ip_restrictions": connector.ip_summary() if connector else None,
        "errors": sum(problem.is_error for problem in loaded.problems),
    }


def list_json(rows: list[dict[str, Any]]) -> str:
    """The rows as a JSON document, unsafe characters escaped."""
    return json_text(json.dumps(rows, indent=2, ensure_ascii=False))


def list_table(rows: list[dict[str, Any]], root: Path) -> list[str]:
    """The rows as a table of columns, or a line saying `root` has no connectors."""
    if not rows:
        return [f"no connectors in {visible(str(root / CONNECTORS_DIR), 200)}"]
    header = ("ID", "STATUS", "AUTH", "GET", "UPD", "CONN", "IP", "DESCRIPTION")
    table = [header]
    for row in rows:
        if row["status"] == "invalid":
            table.append(
                (
                    escaped(row["id"]),
                    "invalid",
                    "-",
                    "-",
                    "-",
                    "-",
                    "-",
                    f"{row['errors']} error(s)",
                )
            )
            continue
        table.append(
            (
                row["id"],
                row["status"],
                str(row["authentication"]),
                str(row["get_connectors"]),
                str(row["update_connectors"]),
                str(row["connectors"]),
                str(row["ip_restrictions"]),
                visible(str(row["description"])),
            )
        )
    widths = [max(len(line[column]) for line in table) for column in range(len(header) - 1)]
    lines = []
    for line in table:
        cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=False)]
        lines.append("  ".join([*cells, line[-1]]).rstrip())
    return lines


# -- audit -----------------------------------------------------------------------------------


def audit_json(report: AuditReport) -> str:
    """The report as a JSON document: summary, findings, migration status."""
    document = {
        "summary": report.counts,
        "findings": [finding.to_dict() for finding in report.findings],
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
        lines += ["| Connector | Authentication | Days left |", "|---|---|---|"]
        for row in report.migration:
            connector_id = str(row["connector_id"])
            name = markdown.inline(report.names.get(connector_id, connector_id))
            days = report.migration_cell(row, unit=False)
            lines.append(
                f"| **{name}** ({markdown.code(connector_id, in_table=True)}) | "
                f"{row['authentication']} | {days} |"
            )
    return lines


def audit_text(report: AuditReport) -> list[str]:
    """The report as text: findings under each connector, the summary, the migration status."""
    lines = []
    current = None
    for finding in report.findings:
        if finding.connector_id != current:
            current = finding.connector_id
            name = quoted(report.names.get(current, current))
            lines.append(f"{escaped(current)} ({name}, {report.states.get(current, 'invalid')})")
        lines.append(f"  {finding.level:<7} {finding.code:<21} {finding.message}")
    lines.append(report.summary)
    if report.migration:
        lines += ["", report.migration_title]
        for row in report.migration:
            days = report.migration_cell(row, unit=True)
            lines.append(
                f"  {escaped(str(row['connector_id'])):<30} {row['authentication']:<8} {days}"
            )
    return lines


# -- diff --------------------------------------------------------------------------------------


def diff_markdown(
    before: str, after: str, changes: Sequence[ConnectorChange], problems: Sequence[Problem]
) -> list[str]:
    """Access changes from revision `before` to `after` as Markdown for a PR comment.

    `problems`: files of either revision that could not be read or do not validate.
    """
    labels = f"{markdown.inline(before)} -\\> {markdown.inline(after)}"
    lines = [f"### Access changes ({labels})\n"]
    if problems:
        lines.append("Files that do not validate:\n")
        lines += [f"- {markdown.inline(problem.format())}" for problem in problems]
        lines.append("")
    if not changes:
        lines.append("No access changes.")
    for change in changes:
        path = markdown.code(f"{CONNECTORS_DIR}/{change.connector_id}.toml")
        lines.append(f"**{markdown.inline(change.description)}** ({path}, {change.kind})")
        lines += [f"- {markdown.prose(line)}" for line in change.lines]
        lines.append("")
    return lines


def diff_text(
    before: str, after: str, changes: Sequence[ConnectorChange], problems: Sequence[Problem]
) -> list[str]:
    """Access changes from revision `before` to `after` as text, after the files' problems."""
    lines = problem_lines(problems)  # before the changes, as validate prints them
    if not changes:
        lines.append(f"No access changes ({visible(f'{before} -> {after}')}).")
    for change in changes:
        lines.append(
            f"{escaped(change.connector_id)} ({quoted(change.description)}): {change.kind}"
        )
        lines += [f"  {line}" for line in change.lines]
    return lines
