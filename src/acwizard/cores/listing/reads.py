"""Reading connector files for the list: stamps, digests, checks, and validate's cache.

The list trusts a file's `lstat` stamp to tell that it did not change, a digest of its
bytes where the stamp cannot vouch (`ListedFile.racy`, `r`); it starts from validate's
remembered results when every file is remembered, and remembers its own first check.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from acwizard.checking.cache import ValidationCache, rules_fingerprint
from acwizard.checking.load import checked_result
from acwizard.cores.listing.rows import ListedFile, ListRow, Stamp
from acwizard.files.reading import read_bytes
from acwizard.files.settings import load_settings
from acwizard.files.toml import parse_toml
from acwizard.problems import Problem
from acwizard.workspace import ConnectorFile, Workspace, duplicate_description_problems


def never() -> bool:
    """A read that is never cancelled."""
    return False


def file_stamp(path: Path) -> Stamp | None:
    """`path`'s lstat as the list compares it, or None when it cannot be taken."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino


def digest_of(raw: bytes) -> bytes:
    """A digest of a file's bytes: the same bytes, the same file for the list."""
    return hashlib.blake2b(raw, digest_size=16).digest()


def checked_file(
    workspace: Workspace,
    path: Path,
    raw: bytes | None = None,
    stamp: Stamp | None = None,
    looked_at: int | None = None,
) -> ListedFile:
    """The file at `path` checked now (from `raw` and its `stamp` when already taken)."""
    if looked_at is None:
        looked_at = time.time_ns()
        stamp = file_stamp(path)
        raw, _ = read_bytes(path)
    loaded = workspace.load(path, raw)
    row = ListRow.of(loaded.connector) if loaded.connector is not None else None
    digest = digest_of(raw) if raw is not None else None
    return ListedFile(path, row, loaded.problems, [], True, loaded, stamp, digest, looked_at)


def with_duplicates(files: list[ListedFile]) -> list[ListedFile]:
    """`files` with each one's duplicate-description warnings (new objects where they change)."""
    by_path = {file.path: file for file in files}
    described = [(file.path, file.row.description) for file in files if file.row is not None]

    def line_of(path: Path) -> int:
        loaded = by_path[path].loaded
        positions = loaded.positions if loaded is not None else parse_toml(path).positions
        return positions.line_of(("description",))

    found: dict[Path, list[Problem]] = {}
    for problem in duplicate_description_problems(described, line_of):
        found.setdefault(problem.path, []).append(problem)
    return [
        file
        if file.duplicates == found.get(file.path, [])
        else replace(file, duplicates=found.get(file.path, []))
        for file in files
    ]


def remembered_files(
    workspace: Workspace, paths: list[Path], cancelled: Callable[[], bool] = never
) -> tuple[list[ListedFile], list[Problem]] | None:
    """What `validate` remembered of every file, and of the catalog's problems.

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
    files = []
    for path in paths:
        if cancelled():
            return None
        looked_at = time.time_ns()
        stamp = file_stamp(path)
        raw, _ = read_bytes(path)
        found = cache.get_checked(path, raw) if raw is not None else None
        if raw is None or found is None:
            return None
        problems, _, cells = found
        row = None if cells is None else ListRow.from_cells(cells)
        if cells is not None and row is None:
            return None  # damaged
        files.append(
            ListedFile(path, row, problems, [], True, None, stamp, digest_of(raw), looked_at, True)
        )
    return files, catalog


def remember_checked(
    cache: ValidationCache, workspace: Workspace, files: list[ConnectorFile]
) -> None:
    """Remember what the list found when it checked every file, for the next start and for
    validate; only if the rules did not change while it checked.

    `cache` was opened (its fingerprint taken from the files on disk) before the
    workspace read its catalog. If acwizard.toml or catalog.toml changed since,
    the results were found under other rules than the fingerprint says, and
    nothing is written.
    """
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
