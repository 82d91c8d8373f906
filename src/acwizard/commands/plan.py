"""`acwizard plan [REV_A [REV_B]]` and `plan --from DIR_A --to DIR_B`: the clicks in Profit.

Per changed connector, the steps an admin clicks in Profit to make the environment
match the files, in Profit's words (`--lang en|nl`) and order (`acwizard.planning`).
Revisions follow diff's rules (none: HEAD against the working tree; one: that
revision against the working tree; directories work too). `--from`/`--to` plans
between two workspaces: the clicks in `--to`'s environment that repeat `--from`'s
connectors. Exit codes as diff's: 2 when a side cannot be read.
"""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "the clicks in Profit that make the environment match the files"
DESCRIPTION = (
    "Print, per changed connector, the steps an admin clicks in Profit to make the "
    "environment match the files, in Profit's own words and order: which menu, which "
    "connector, which tab, New, which check boxes, Finish, what to delete, IP lines, "
    "authentication and OAuth settings, webhooks, OK. Revisions as for diff (none: HEAD "
    "against the working tree). --from DIR --to DIR: the clicks in --to's environment "
    "that repeat --from's connectors, leaving out what --to's acwizard.toml marks as "
    "differing on purpose ([environment_differences])."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """plan [REV [REV]] [--from DIR --to DIR] [--format F] [--lang L]"""
    parser.add_argument("revisions", nargs="*", metavar="REV", help="git revisions or directories")
    parser.add_argument(
        "--from",
        dest="source",
        type=Path,
        metavar="DIR",
        help="the workspace whose connectors are repeated (the test environment's)",
    )
    parser.add_argument(
        "--to",
        dest="target",
        type=Path,
        metavar="DIR",
        help="the workspace of the environment the clicks are made in (production's)",
    )
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    parser.add_argument(
        "--lang", choices=("en", "nl"), default="en", help="Profit's English or Dutch labels"
    )


def run(args: argparse.Namespace, root: Path) -> int:
    """Print the plan; 2 when a revision or workspace cannot be read."""
    from acwizard.commands.output import out
    from acwizard.history import HistoryError
    from acwizard.planning.sources import plan_revisions, plan_workspaces
    from acwizard.reports import markdown
    from acwizard.reports import plan as reports_plan
    from acwizard.workspace import Workspace

    if (args.source is None) != (args.target is None):
        out("acwizard plan: give --from and --to together", error=True)
        return 2
    try:
        if args.source is not None:
            if args.revisions:
                out("acwizard plan: give revisions or --from/--to, not both", error=True)
                return 2
            plan = plan_workspaces(args.source, args.target)
        else:
            plan = plan_revisions(Workspace.open(root), args.revisions)
    except HistoryError as exc:
        out(f"acwizard plan: {exc}", error=True)
        return 2
    if args.format == "json":
        out(reports_plan.plan_json(plan, args.lang))
    elif args.format == "markdown":
        for line in reports_plan.plan_markdown(plan, args.lang):
            out(line, keep=markdown.WORD_JOINER)
    else:
        for line in reports_plan.plan_text(plan, args.lang):
            out(line)
    return 0
