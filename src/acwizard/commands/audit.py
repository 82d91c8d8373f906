"""`acwizard audit`: findings per connector for an access review, and the migration to OAuth.

Exit status: 1 when a finding is at least `--fail-on` (default high; `never`
reports only), 2 when `connectors/` cannot be read or the settings or catalog
have an error.
"""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from acwizard.checking.load import load_file
from acwizard.checking.parallel import in_two_processes
from acwizard.commands.checks import settings_broken, unreadable
from acwizard.commands.output import out
from acwizard.reports import markdown
from acwizard.reports.audit import audit_json, audit_markdown, audit_text
from acwizard.rules import LEVELS, WIDE_PREFIX, WIDE_PREFIX_V6, connector_findings
from acwizard.text import visible
from acwizard.workspace import Workspace

if TYPE_CHECKING:
    from acwizard.audit import Reviewed

HELP = "findings per connector for an access review"
DESCRIPTION = (
    "Report what an access review should look at: active connectors callable "
    "from anywhere, AFAS Connect test addresses, wide ranges, deny lists, writes "
    "of payroll, personnel or finance data, shared user groups, ids missing from "
    "the catalog."
)


def iso_date(value: str) -> date:
    """A YYYY-MM-DD date for --today; anything else is a usage error (exit 2)."""
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{visible(value, 40)}' is not a date: write YYYY-MM-DD, such as 2027-05-02"
        ) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """audit [--format F] [--fail-on LEVEL] [--wide-prefix N] [--wide-prefix-v6 N] [--today D]"""
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    parser.add_argument(
        "--fail-on",
        choices=(*LEVELS, "never"),
        default="high",
        help="exit 1 when a finding is at least this serious (default: high)",
    )
    parser.add_argument(
        "--wide-prefix",
        type=int,
        default=WIDE_PREFIX,
        metavar="N",
        help=f"flag allowed IPv4 ranges of /N or wider (default: {WIDE_PREFIX})",
    )
    parser.add_argument(
        "--wide-prefix-v6",
        type=int,
        default=WIDE_PREFIX_V6,
        metavar="N",
        help=f"flag allowed IPv6 ranges of /N or wider (default: {WIDE_PREFIX_V6}, an "
        "internet provider's allocation)",
    )
    parser.add_argument(
        "--today",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date the classic-token deadline and certificate ends are judged at "
        "(default: today), for reproducible runs",
    )


def run(args: argparse.Namespace, root: Path) -> int:
    """audit: judged at --today, or today."""
    return audit(
        Workspace.open(root),
        args.format,
        args.fail_on,
        args.wide_prefix,
        today=args.today or date.today(),
        wide_prefix_v6=args.wide_prefix_v6,
    )


def audit(
    workspace: Workspace,
    output: str,
    fail_on: str,
    wide_prefix: int,
    today: date | None = None,
    wide_prefix_v6: int = WIDE_PREFIX_V6,
) -> int:
    """Print the findings and the migration status; 1 when a finding is at least `fail_on`."""
    from acwizard.audit import audit_report, reviewed

    today = today or date.today()
    if settings_broken(workspace, "audit"):
        return 2
    online = workspace.settings.online

    def load_and_review(path: Path) -> Reviewed:
        """A file's summary and own findings, in either process when there are many."""
        loaded = load_file(workspace, path)  # without pydantic when plainly valid
        if loaded.connector is None or loaded.status == "invalid":
            return reviewed(loaded.id, None, [])
        return reviewed(
            loaded.id,
            loaded.connector,
            connector_findings(
                loaded.id,
                loaded.connector,
                workspace.catalog,
                online,
                wide_prefix,
                today,
                wide_prefix_v6,
            ),
        )

    reviewed_files = in_two_processes(workspace, workspace.connector_paths(), load_and_review)
    if unreadable(workspace):
        return 2
    report = audit_report(reviewed_files, today)
    if output == "json":
        out(audit_json(report))
    elif output == "markdown":
        for line in audit_markdown(report):
            out(line, keep=markdown.WORD_JOINER)
    else:
        for line in audit_text(report):
            out(line)
    return 1 if report.fails(fail_on) else 0
