"""Access changes between two states, as text and as Markdown (a PR comment)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from acwizard.files.layout import CONNECTORS_DIR
from acwizard.reports import markdown
from acwizard.reports.validate import problem_lines
from acwizard.text import escaped, quoted, visible

if TYPE_CHECKING:
    from acwizard.changes import ConnectorChange
    from acwizard.problems import Problem


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
