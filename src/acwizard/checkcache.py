"""Where the validation cache and the checking of many files used to be; kept so that
their importers of before (the command line, the TUI's list) need not change yet.

The code is in `acwizard.checking`: `cache` (the remembered results), `load`
(the one way to load and check a connector file), `parallel` (two processes).
What stays here is the TUI's list section, which moves to `cores/listing.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from acwizard.checking.cache import (
    CACHE_FORMAT,
    ROW_CELLS,
    Checked,
    Result,
    Row,
    ValidationCache,
    cache_directory,
    forget_old_caches,
    list_entry,
    private_directory,
    rules_fingerprint,
)
from acwizard.checking.load import (
    catalog_problems,
    check_file,
    check_files,
    checked_result,
    load_file,
)
from acwizard.checking.parallel import PARALLEL_MIN, in_two_processes
from acwizard.files.reading import read_bytes
from acwizard.files.toml import parse_toml
from acwizard.problems import Problem, has_errors

if TYPE_CHECKING:
    from acwizard.workspace import ConnectorFile, Workspace

__all__ = [
    "CACHE_FORMAT",
    "PARALLEL_MIN",
    "ROW_CELLS",
    "Checked",
    "ListedFile",
    "Result",
    "Row",
    "ValidationCache",
    "cache_directory",
    "catalog_problems",
    "check_file",
    "check_files",
    "checked_result",
    "forget_old_caches",
    "in_two_processes",
    "list_entry",
    "load_file",
    "private_directory",
    "remember_checked",
    "remembered_listing",
    "rules_fingerprint",
]


# -- the TUI's list -----------------------------------------------------------------


@dataclass
class ListedFile:
    """A connector file as the TUI's list shows it, from remembered results.

    It answers what the list reads of a loaded file (path, id, status,
    problems); opening it loads the file itself.
    """

    path: Path
    problems: list[Problem]
    row: Row | None
    duplicates: list[Problem]
    """The duplicate-description warnings among `problems` (they depend on other files)."""

    @property
    def id(self) -> str:
        """The connector id: the file name without `.toml`."""
        return self.path.name.removesuffix(".toml")

    @property
    def status(self) -> str:
        """As `ConnectorFile.status`: 'invalid' with an error, else 'blocked' or 'active'."""
        if self.row is None or has_errors(self.problems):
            return "invalid"
        return self.row[2].lower()


def remembered_listing(
    workspace: Workspace, paths: list[Path]
) -> tuple[list[ListedFile], list[Problem], ValidationCache] | None:
    """What `validate` remembered of every file, as the list shows it: the files (with
    duplicate-description warnings, as validate adds them) and the catalog's problems.

    None unless every file's bytes and the catalog's problems are remembered under
    the current rules (the fingerprint: acwizard, settings and catalog as on disk
    now): then the list must check the files itself.
    """
    cache = ValidationCache.open(workspace.root)
    if cache is None or not cache.files:
        return None
    catalog = cache.catalog_problems()
    if catalog is None:
        return None
    found: list[Checked] = []
    for path in paths:
        raw, _ = read_bytes(path)
        remembered = cache.get_checked(path, raw) if raw is not None else None
        if remembered is None:
            return None
        found.append(remembered)
    from acwizard.workspace import duplicate_description_problems

    described = [
        (path, description)
        for path, (_, description, _) in zip(paths, found, strict=True)
        if description is not None
    ]
    duplicates: dict[Path, list[Problem]] = {}
    for problem in duplicate_description_problems(
        described, lambda path: parse_toml(path).positions.line_of(("description",))
    ):
        duplicates.setdefault(problem.path, []).append(problem)
    files = [
        ListedFile(path, [*problems, *duplicates.get(path, [])], row, duplicates.get(path, []))
        for path, (problems, _, row) in zip(paths, found, strict=True)
    ]
    return files, catalog, cache


def remember_checked(
    cache: ValidationCache, workspace: Workspace, files: list[ConnectorFile]
) -> None:
    """Remember what the TUI found when it checked every file, for the next start and for
    validate; only if the rules did not change while it checked.

    `cache` was opened (its fingerprint taken from the files on disk) before the
    workspace read its catalog. If acwizard.toml or catalog.toml changed since,
    the results were found under other rules than the fingerprint says, and
    nothing is written.
    """
    from acwizard.files.settings import load_settings

    settings, settings_problems = load_settings(workspace.root)
    if settings != workspace.settings or settings_problems != workspace.settings_problems:
        return
    try:
        if rules_fingerprint(workspace.root) != cache.fingerprint:
            return
    except OSError:
        return
    for loaded in files:
        raw, _ = read_bytes(loaded.path)
        if raw is None or not loaded.read_from(raw):
            continue  # changed since, or not read as these bytes: nothing to remember
        problems, description, row = checked_result(loaded)
        cache.put(loaded.path, raw, (problems, description), row)
    cache.put_catalog_problems(workspace.catalog_problems)
    cache.save()
