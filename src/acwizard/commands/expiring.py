"""`acwizard expiring`: which tokens, client secrets and certificates run out, and the deadlines.

Every token, client secret and certificate of the register that has expired or
expires within `--within` days (default 30), soonest first, and the two
classic-token deadlines (1 May and 31 August 2027) for every classic and hybrid
connector. As text, Markdown, JSON (`expiry.render_json`), a CSV for the
migration spreadsheet, or an iCalendar file to import into Outlook or any calendar.

Exit status: 1 when something has expired or falls inside the window (the
deadlines count while classic or hybrid connectors remain, also after they
passed), so a daily job can alert; 2 when `connectors/` or a connector file
cannot be read (its credentials are unknown, so "nothing expires" would be a
guess), or when the settings or the catalog have an error.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from acwizard.checking.load import load_file
from acwizard.checking.parallel import in_two_processes
from acwizard.commands.audit import iso_date
from acwizard.commands.checks import settings_broken, unreadable
from acwizard.commands.output import out, out_bytes
from acwizard.expiry import (
    ExpiryItem,
    expiries,
    needs_attention,
    render_csv,
    render_ics,
    render_json,
    render_markdown,
    render_text,
    select,
)
from acwizard.problems import Problem
from acwizard.reports import markdown
from acwizard.reports.validate import problem_lines
from acwizard.rules import EXPIRY_WINDOW_DAYS
from acwizard.workspace import Workspace

HELP = "tokens, client secrets and certificates that run out, and the classic-token deadlines"
DESCRIPTION = (
    "List every token, client secret and certificate that has expired or expires within "
    "DAYS, soonest first, and the classic-token deadlines (1 May and 31 August 2027) for "
    "every classic and hybrid connector. Exits 1 when something has expired or is inside "
    "the window, 2 when a file cannot be read."
)
FORMATS = ("text", "markdown", "json", "csv", "ics")


def _days(value: str) -> int:
    """A window of 0 to 3650 days; anything else is a usage error (exit 2)."""
    if not value.isdigit() or int(value) > 3650:
        raise argparse.ArgumentTypeError("must be a whole number of days from 0 to 3650")
    return int(value)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """expiring [--within DAYS] [--today YYYY-MM-DD] [--format F]"""
    parser.add_argument(
        "--within",
        type=_days,
        default=EXPIRY_WINDOW_DAYS,
        metavar="DAYS",
        help=f"list what expires within DAYS days (default: {EXPIRY_WINDOW_DAYS})",
    )
    parser.add_argument(
        "--today",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date expiries are judged at (default: today), for reproducible runs",
    )
    parser.add_argument("--format", choices=FORMATS, default="text")


def run(args: argparse.Namespace, root: Path) -> int:
    """expiring: judged at --today, or today."""
    return expiring(Workspace.open(root), args.within, args.today or date.today(), args.format)


def expiring(workspace: Workspace, within: int, today: date, output: str) -> int:
    """Print what runs out; 1 when something needs attention, 2 when a file cannot be read."""
    if settings_broken(workspace, "expiring"):
        return 2

    def items_of(path: Path) -> tuple[list[ExpiryItem], list[Problem]]:
        """A file's expiries, or its errors when it cannot be read (in either process)."""
        loaded = load_file(workspace, path)  # without pydantic when plainly valid
        if loaded.connector is None or loaded.status == "invalid":
            return [], [problem for problem in loaded.problems if problem.is_error]
        return expiries(loaded.id, loaded.connector, today), []

    found = in_two_processes(workspace, workspace.connector_paths(), items_of)
    if unreadable(workspace):
        return 2
    items = [item for file_items, _ in found for item in file_items]
    errors = [problem for _, problems in found for problem in problems]
    _render(select(items, within), today, within, output)
    if errors:
        for line in problem_lines(errors, Path.cwd()):
            out(line, error=True)
        out(
            f"acwizard expiring: {len({problem.path for problem in errors})} connector file(s) "
            "could not be read; their credentials are not listed (acwizard validate)",
            error=True,
        )
        return 2
    return 1 if needs_attention(items, within) else 0


def _render(items: list[ExpiryItem], today: date, within: int, output: str) -> None:
    """Write `items` in the chosen format."""
    if output == "csv":
        out_bytes(render_csv(items, today).encode("utf-8"))
    elif output == "ics":
        out_bytes(render_ics(items))
    elif output == "json":
        out(render_json(items, today, within), end="")
    elif output == "markdown":
        out(render_markdown(items, today, within), end="", keep=markdown.WORD_JOINER)
    else:
        out(render_text(items, today, within), end="")
