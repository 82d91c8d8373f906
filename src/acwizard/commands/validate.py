"""`acwizard validate [--whole-workspace] [--no-cache] [PATH ...]`: every problem, 1 on an error.

Files whose bytes were checked before, under the same rules, settings and
catalog, are not checked again (see `acwizard.checking.cache`). With
`--whole-workspace`, each named file stands for its whole workspace: a changed
catalog or `acwizard.toml` can make other files wrong.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from acwizard.catalog import read_catalog_file
from acwizard.checking.cache import ValidationCache
from acwizard.checking.load import catalog_problems, check_file, check_files
from acwizard.commands.checks import not_a_workspace, workspace_for
from acwizard.commands.output import out
from acwizard.files.layout import CATALOG_FILE, SETTINGS_FILE
from acwizard.files.settings import load_settings
from acwizard.files.toml import parse_toml
from acwizard.problems import Problem, has_errors
from acwizard.reports.validate import problem_lines, shown_path, validate_summary
from acwizard.workspace import Workspace, duplicate_description_problems

HELP = "check connector files; exit 1 when there is an error"
DESCRIPTION = (
    "Check the workspace, or the given files, and print one line per problem "
    "as path:line: error|warning: message. Exits 1 when there is an error."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """validate [--whole-workspace] [--no-cache] [PATH ...]"""
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    parser.add_argument(
        "--whole-workspace",
        action="store_true",
        help="check the whole workspace of each PATH (for commit hooks: a changed catalog or "
        "acwizard.toml can make other files wrong)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="check every file again instead of reusing the results of unchanged files",
    )


def run(args: argparse.Namespace, root: Path) -> int:
    """validate: the workspace, or the named files (each in its own workspace)."""
    return validate(
        Workspace.open(root),
        args.paths,
        explicit=args.workspace is not None,
        cache=not args.no_cache,
        whole=args.whole_workspace,
    )


def validate(
    workspace: Workspace,
    paths: list[Path],
    explicit: bool = False,
    cache: bool = True,
    whole: bool = False,
) -> int:
    """Print every problem; 1 when any is an error (2: a named file's workspace is none)."""
    if paths and not whole:
        problems, checked = _named_files(workspace, paths, explicit, cache)
    else:
        workspaces = {workspace.root: workspace}
        if paths:
            named = [workspace_for(path, workspace, explicit) for path in paths]
            workspaces = {each.root: each for each in named}
            for path, each in zip(paths, named, strict=True):
                refusal = not_a_workspace(each.root, whole=True)
                if refusal is not None:
                    # "0 files checked" would pass a hook run on the wrong files.
                    out(f"acwizard validate: {shown_path(path)}: {refusal}", error=True)
                    return 2
        problems, checked = [], 0
        for each in workspaces.values():
            found, count = _workspace_problems(each, cache)
            problems += found
            checked += count
    unique = list(dict.fromkeys(problems))
    for line in problem_lines(unique, Path.cwd()):
        out(line)
    out(validate_summary(checked, unique), error=True)
    return 1 if has_errors(unique) else 0


def _named_files(
    workspace: Workspace, paths: list[Path], explicit: bool, cache: bool
) -> tuple[list[Problem], int]:
    """The problems of the named files, each checked in its own workspace, and their count."""
    caches: dict[Path, ValidationCache | None] | None = {} if cache else None
    problems: list[Problem] = []
    for path in paths:
        problems += _problems_for_path(path, workspace, explicit, caches)
    for used in (caches or {}).values():
        if used is not None:
            used.save()
    return problems, len(paths)


def _problems_for_path(
    path: Path,
    default: Workspace,
    explicit: bool,
    caches: dict[Path, ValidationCache | None] | None,
) -> list[Problem]:
    """The problems of one named file, whichever kind of workspace file it is."""
    if path.name == CATALOG_FILE:
        return read_catalog_file(path)[1]
    if path.name == SETTINGS_FILE:
        return load_settings(path.parent)[1]
    workspace = workspace_for(path, default, explicit)
    cache = None
    if caches is not None:
        if workspace.root not in caches:
            caches[workspace.root] = ValidationCache.open(workspace.root)
        cache = caches[workspace.root]
    return workspace.settings_problems + check_file(workspace, path, cache)[0]


def _workspace_problems(workspace: Workspace, cache: bool) -> tuple[list[Problem], int]:
    """Every problem of a whole workspace, and how many connector files it has."""
    remembered = ValidationCache.open(workspace.root) if cache else None
    connector_paths = workspace.connector_paths()
    problems = workspace.listing_problems + workspace.settings_problems
    problems += catalog_problems(workspace, remembered)
    described = []
    for path, (found, description) in zip(
        connector_paths, check_files(workspace, connector_paths, remembered), strict=True
    ):
        problems += found
        if description is not None:
            described.append((path, description))
    problems += duplicate_description_problems(described, _description_line)
    if remembered is not None:
        remembered.save(prune=True)
    return problems, len(connector_paths)


def _description_line(path: Path) -> int:
    """The line of `description` in a connector file (read again: only for duplicates)."""
    return parse_toml(path).positions.line_of(("description",))
