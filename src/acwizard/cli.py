"""The `acwizard` command: the parser and the table of verbs, nothing else.

`acwizard` alone opens the TUI on the workspace. The verbs live in
`acwizard.commands`, one module each; `VERBS` names them in the order
`--help` lists them, and `main` parses, checks the workspace and runs the
verb. The verbs never import Textual, so that a pre-commit hook starts fast;
the TUI is imported only when it is about to run.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from acwizard import __version__
from acwizard.commands import (
    Verb,
    adopt,
    audit,
    diff,
    expiring,
    fmt,
    listing,
    plan,
    schema,
    urls,
    validate,
    verify,
)
from acwizard.commands.checks import not_a_workspace
from acwizard.commands.output import out

VERBS: dict[str, Verb] = {
    "validate": Verb.of(validate, whole_workspace=True),
    "fmt": Verb.of(fmt, whole_workspace=True),
    "migrate": Verb(
        fmt.MIGRATE_HELP,
        fmt.MIGRATE_DESCRIPTION,
        fmt.add_migrate_arguments,
        fmt.run_migrate,
        whole_workspace=True,
    ),
    "schema": Verb.of(schema, needs_workspace=False),
    "audit": Verb.of(audit, whole_workspace=True),
    "diff": Verb.of(diff),
    "list": Verb.of(listing, whole_workspace=True),
    "expiring": Verb.of(expiring, whole_workspace=True),
    "urls": Verb.of(urls),
    "plan": Verb.of(plan),
    "verify": Verb.of(verify, whole_workspace=True),
    "import": Verb.of(adopt),
}
"""Every verb, in the order `--help` lists them (`whole_workspace`: without paths it looks
at every file, so it refuses a directory that is no workspace)."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every verb in `VERBS`."""
    parser = argparse.ArgumentParser(
        prog="acwizard",
        description=(
            "Manage AFAS Profit app connectors as TOML files. Without a command, "
            "opens the wizard on the workspace."
        ),
    )
    parser.add_argument("--version", action="version", version=f"acwizard {__version__}")
    parser.add_argument(
        "--workspace",
        "-w",
        metavar="DIR",
        type=Path,
        default=None,
        help="the workspace directory (default: the current directory)",
    )
    subparsers = parser.add_subparsers(dest="verb", metavar="COMMAND")
    for name, verb in VERBS.items():
        verb.add_arguments(
            subparsers.add_parser(name, help=verb.help, description=verb.description)
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    root = args.workspace or Path.cwd()
    verb = VERBS.get(args.verb) if args.verb is not None else None
    try:
        if verb is not None and not verb.needs_workspace:
            return verb.run(args, root)
        whole = verb is not None and verb.whole_workspace and not getattr(args, "paths", None)
        refusal = not_a_workspace(root, whole=whole)
        if refusal:
            out(f"acwizard: {refusal}", error=True)
            return 2
        if verb is None:
            return run_tui(root)
        return verb.run(args, root)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours.
        sys.stderr.close()
        return 0


def run_tui(root: Path) -> int:
    """Open the wizard; Textual is imported only here."""
    from acwizard.app import run

    return run(root)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
