"""`acwizard fmt` and `acwizard migrate`: rewrite connector files in canonical form.

`fmt` keeps each file's schema_version; `migrate` rewrites version 1 files as
canonical version 2 files with the same meaning (authentication = "classic",
ranges in CIDR). `--check` and `--diff` change nothing. A file with errors is
never rewritten; hand-written comments are reported, as rewriting removes
them. A named file outside `connectors/` belongs to the workspace of its own
directory (its settings judge it, as validate's) and is rewritten without that
workspace's lock.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from acwizard.checking.load import load
from acwizard.commands.checks import settings_broken, unreadable, workspace_for
from acwizard.commands.output import out
from acwizard.files.layout import CONNECTORS_DIR
from acwizard.files.saving import SaveConflict, dump_connector, replace_file
from acwizard.problems import Problem, has_errors
from acwizard.reports.rewrite import comment_note, rewrite_diff, rewrite_summary
from acwizard.reports.validate import shown_path
from acwizard.workspace import Workspace

HELP = "rewrite connector files in canonical form"
DESCRIPTION = (
    "Rewrite connector files in their canonical form. A file that does not "
    "validate is never rewritten. Hand-written comments are not part of the "
    "format: they are reported, and removed only when the file is rewritten."
)
MIGRATE_HELP = "rewrite schema_version 1 files as canonical version 2 files"
MIGRATE_DESCRIPTION = (
    "Rewrite schema_version 1 connector files as canonical version 2 files with "
    'the same meaning: authentication = "classic" (what a version 1 file was) '
    "and IP ranges in CIDR. A file with errors is never rewritten. Comments are "
    "reported as fmt reports them."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """fmt [--check] [--diff] [PATH ...]"""
    _rewrite_arguments(parser, "change nothing; exit 1 if a file is not canonical")


def add_migrate_arguments(parser: argparse.ArgumentParser) -> None:
    """migrate [--check] [--diff] [PATH ...]"""
    _rewrite_arguments(parser, "change nothing; exit 1 if a file is not version 2")


def _rewrite_arguments(parser: argparse.ArgumentParser, check_help: str) -> None:
    """[--check] [--diff] [PATH ...], as fmt and migrate take them."""
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    parser.add_argument("--check", action="store_true", help=check_help)
    parser.add_argument(
        "--diff", action="store_true", help="show what would change; change nothing"
    )


def run(args: argparse.Namespace, root: Path) -> int:
    """fmt: rewrite, check or diff the canonical form."""
    return rewrite(Workspace.open(root), args.paths, check=args.check, diff=args.diff)


def run_migrate(args: argparse.Namespace, root: Path) -> int:
    """migrate: as fmt, to schema_version 2."""
    return rewrite(Workspace.open(root), args.paths, check=args.check, diff=args.diff, migrate=True)


def rewrite(
    workspace: Workspace, paths: list[Path], check: bool, diff: bool, migrate: bool = False
) -> int:
    """Rewrite files in canonical form, or report which would change.

    With `migrate`, the canonical form is schema_version 2's: a version 1 file
    is rewritten with the same meaning (classic, CIDR ranges). Without it, a
    file keeps its own version.
    """
    targets = paths or workspace.connector_paths()
    if not paths and unreadable(workspace):
        return 2
    owners = {path: workspace_for(path, workspace, explicit=False) for path in targets}
    verb = "migrate" if migrate else "fmt"
    distinct = {each.root: each for each in owners.values()}.values()
    if [each for each in distinct if settings_broken(each, verb)]:
        return 1
    rewriting = _Rewrite(check, diff, migrate)
    for path in targets:
        rewriting.one(path, owners[path])
    summary = rewrite_summary(
        len(targets), rewriting.changed, check or diff, migrate, rewriting.refused
    )
    out(summary, error=True)
    return rewriting.status


@dataclass
class _Rewrite:
    """fmt or migrate going through its files: what it does to each, and the tally."""

    check: bool
    diff: bool
    migrate: bool
    status: int = 0
    changed: int = 0
    """Files rewritten, or that would be (--check, --diff)."""
    refused: int = 0
    """Files with errors, which have no canonical form."""

    def one(self, path: Path, workspace: Workspace) -> None:
        """Check, show or rewrite one file."""
        loaded = load(workspace, path, model=True)  # the one entry point; fmt rewrites the model
        shown = shown_path(path)
        if has_errors(loaded.problems) or loaded.connector is None:
            self._refuse(loaded.problems, shown)
            return
        connector = loaded.connector
        canonical = dump_connector(connector.migrated()) if self.migrate else loaded.canonical_text
        assert canonical is not None
        if loaded.text == canonical:
            return
        note = comment_note(loaded.positions.comment_lines)
        if self.check or self.diff:
            self.changed += 1
        if self.diff:
            out(rewrite_diff(shown, loaded.text or "", canonical, self.migrate), end="")
        if self.check:
            still = self.migrate and connector.schema_version == 1
            out(f"{shown}: {'still schema_version 1' if still else 'not in canonical form'}{note}")
            self.status = 1
        elif not self.diff:
            try:
                replace_file(
                    path,
                    canonical,
                    loaded.fingerprint,
                    in_workspace=path.resolve().parent.name == CONNECTORS_DIR,
                )
            except (SaveConflict, OSError) as exc:
                out(
                    f"{shown}: not {'migrated' if self.migrate else 'formatted'}: {exc}", error=True
                )
                self.status = 1
                return
            self.changed += 1  # only a write that happened
            migrated = self.migrate and connector.schema_version == 1
            out(f"{shown}: {'migrated to schema_version 2' if migrated else 'reformatted'}{note}")

    def _refuse(self, problems: list[Problem], shown: str) -> None:
        """A file with errors: they are printed, and it is neither checked nor rewritten."""
        for problem in problems:
            if problem.is_error:
                out(problem.format(Path.cwd()))
        if self.check or self.diff:
            what = "not checked"
        else:
            what = "not migrated" if self.migrate else "not formatted"
        out(f"{shown}: {what}: fix the errors first", error=True)
        self.refused += 1
        self.status = 1
