"""`acwizard list [--json]`: the connectors with status, authentication, grants and IP summary.

0 even when some files are invalid (their rows say so); 2 when `connectors/`
cannot be read or the settings or catalog have an error.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from acwizard.checking.load import load_file
from acwizard.checking.parallel import in_two_processes
from acwizard.commands.audit import iso_date
from acwizard.commands.checks import settings_broken, unreadable
from acwizard.commands.output import out
from acwizard.reports.listing import list_json, list_row, list_table
from acwizard.workspace import Workspace

HELP = "list the workspace's connectors with their status"
DESCRIPTION = "List the workspace's connectors: id, status, what they grant."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """list [--json] [--today YYYY-MM-DD]"""
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--today",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date expiries and deadlines are judged at (default: today)",
    )


def run(args: argparse.Namespace, root: Path) -> int:
    """list: a table or JSON."""
    return list_connectors(Workspace.open(root), as_json=args.json, today=args.today)


def list_connectors(workspace: Workspace, as_json: bool, today: date | None = None) -> int:
    """Print the workspace's connectors; 0 even when some are invalid (2: broken settings)."""
    if settings_broken(workspace, "list"):
        return 2
    today = today or date.today()
    rows = in_two_processes(  # without pydantic when plainly valid
        workspace,
        workspace.connector_paths(),
        lambda path: list_row(load_file(workspace, path), today),
    )
    if unreadable(workspace):
        return 2
    if as_json:
        out(list_json(rows))
        return 0
    for line in list_table(rows, workspace.root, today):
        out(line)
    return 0
