"""`acwizard diff [REV_A [REV_B]] [--format text|markdown]`: what changed, in access terms.

No revision: HEAD against the working tree; one: that revision against the
working tree; two directories also work. Exit status 2 when a side cannot be
read (a revision that is not a commit, a `connectors` that is no directory,
a working tree whose settings or catalog have an error).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from acwizard.commands.output import out
from acwizard.reports import markdown
from acwizard.reports.diff import diff_markdown, diff_text
from acwizard.reports.validate import problem_lines
from acwizard.workspace import Workspace

HELP = "what changed in access between two revisions"
DESCRIPTION = (
    "Say per connector what changed in access terms: created, deleted, blocked "
    "or unblocked, connectors granted or revoked, IP lines added or removed, user "
    "group changed. Without revisions: HEAD against the working tree; with one: "
    "that revision against the working tree. Two directories also work."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """diff [--format F] [REV [REV]]"""
    parser.add_argument("revisions", nargs="*", metavar="REV", help="git revisions or directories")
    parser.add_argument("--format", choices=("text", "markdown"), default="text")


def run(args: argparse.Namespace, root: Path) -> int:
    """diff: between revisions or directories."""
    return diff(Workspace.open(root), args.revisions, args.format)


def diff(workspace: Workspace, revisions: list[str], output: str) -> int:
    """Print what changed in access between two states; 2 when one cannot be read."""
    from acwizard.changes import compare
    from acwizard.history import WORKING_TREE, HistoryError, Revision, snapshots

    if len(revisions) > 2:
        out("acwizard diff: give at most two revisions or directories", error=True)
        return 2
    if not revisions:
        sources = [Revision("HEAD"), WORKING_TREE]
    elif len(revisions) == 1:
        sources = [revisions[0], WORKING_TREE]
    else:
        sources = revisions
    try:
        before, after = snapshots(workspace.root, sources)
    except HistoryError as exc:
        for line in problem_lines(exc.problems, Path.cwd()):
            out(line, error=True)
        out(f"acwizard diff: {exc}", error=True)
        return 2
    changes = compare(before.connectors, after.connectors, after.invalid)
    problems = before.problems + after.problems
    render = diff_markdown if output == "markdown" else diff_text
    for line in render(before.label, after.label, changes, problems):
        out(line, keep=markdown.WORD_JOINER if output == "markdown" else "")
    return 0
