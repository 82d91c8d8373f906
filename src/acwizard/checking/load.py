"""The one way to load and check a connector file: the fast path when the file is plainly
valid, the model otherwise.

Every verb that reads connector files goes through `load` (validate, list and
audit with the fast path; fmt, which rewrites the file, with `model=True`),
and a file's bytes from a git revision through `check_blob`, so a file is
valid or invalid the same way wherever it is read. `check_file` and
`check_files` add the validation cache (`checking.cache`) and the second
process (`checking.parallel`). This module never imports Textual, and imports
pydantic only for a file the fast path leaves to the model.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from acwizard.checking.cache import Checked, Result, ValidationCache, list_entry
from acwizard.checking.document import read_connector
from acwizard.checking.fastpath import load_plain
from acwizard.checking.parallel import in_two_processes
from acwizard.files.reading import read_bytes
from acwizard.problems import Problem, has_errors

if TYPE_CHECKING:
    from acwizard.model import AppConnector
    from acwizard.workspace import CheckedFile, ConnectorFile, Workspace

__all__ = [
    "catalog_problems",
    "check_blob",
    "check_file",
    "check_files",
    "checked_result",
    "load",
    "load_file",
]


@overload
def load(
    workspace: Workspace, path: Path, raw: bytes | None = None, *, model: Literal[True]
) -> ConnectorFile: ...


@overload
def load(
    workspace: Workspace, path: Path, raw: bytes | None = None, *, model: Literal[False] = False
) -> CheckedFile: ...


def load(
    workspace: Workspace, path: Path, raw: bytes | None = None, *, model: bool = False
) -> CheckedFile | ConnectorFile:
    """One connector file (from `raw`, its bytes, if read) with every problem at its line.

    `model`: the model's connector, to edit or rewrite it (fmt, the TUI). Else a
    plainly valid file is checked without pydantic (`checking.fastpath`), with
    the same problems, values and rows (`tests/test_fastpath.py`).
    """
    if not model:
        if raw is None:
            raw = read_bytes(path)[0]
        if raw is not None:
            plain = load_plain(workspace, path, raw)
            if plain is not None:
                return plain
    return workspace.load(path, raw)


def load_file(workspace: Workspace, path: Path, raw: bytes | None = None) -> CheckedFile:
    """`load` with the fast path: the name its callers of before know."""
    return load(workspace, path, raw)


def check_blob(path: Path, raw: bytes) -> tuple[AppConnector | None, list[Problem]]:
    """A file's bytes (from a git revision) checked as validate checks a connector file,
    without the workspace's rules: the connector when it has no error, and the problems.

    The same checks as for files on disk (`read_connector`: UTF-8, NUL bytes,
    syntax, nesting, the file name and the model). The size limit is the
    caller's: it knows the size before reading the bytes.
    """
    _, connector, problems = read_connector(path, raw)
    problems.sort(key=lambda problem: (problem.line, not problem.is_error))
    return (None if has_errors(problems) else connector), problems


def check_file(workspace: Workspace, path: Path, cache: ValidationCache | None) -> Result:
    """A connector file's problems and description: remembered if its bytes are, else loaded."""
    raw, _ = read_bytes(path)
    if raw is not None and cache is not None:
        found = cache.get(path, raw)
        if found is not None:
            return found
    problems, description, row = _check_one(workspace, path, raw)
    if cache is not None and raw is not None:
        cache.put(path, raw, (problems, description), row)
    return problems, description


def check_files(
    workspace: Workspace, paths: list[Path], cache: ValidationCache | None
) -> list[Result]:
    """`check_file` for every path, in order: remembered results first, the rest checked,
    split over two processes when there are many (`checking.parallel`)."""
    results: dict[int, Result] = {}
    todo: list[Path] = []
    places: list[int] = []
    for index, path in enumerate(paths):
        if cache is not None and cache.files:  # else nothing to look up: the checker reads
            raw, _ = read_bytes(path)
            found = cache.get(path, raw) if raw is not None else None
            if found is not None:
                results[index] = found
                continue
        todo.append(path)
        places.append(index)
    checked = in_two_processes(workspace, todo, lambda path: _read_and_check(workspace, path))
    for index, path, (raw, (problems, description, row)) in zip(places, todo, checked, strict=True):
        results[index] = problems, description
        if cache is not None and raw is not None:
            cache.put(path, raw, (problems, description), row)
    return [results[index] for index in range(len(paths))]


def _read_and_check(workspace: Workspace, path: Path) -> tuple[bytes | None, Checked]:
    """A file's bytes (None if unreadable) and what checking them found, as `check_file`
    does; in either process, so reading is split too."""
    raw, _ = read_bytes(path)
    return raw, _check_one(workspace, path, raw)


def _check_one(workspace: Workspace, path: Path, raw: bytes | None) -> Checked:
    """A file's problems, description and list row, checked now (unreadable: the model's
    load says why)."""
    if raw is None:
        return checked_result(workspace.load(path, raw))
    return checked_result(load(workspace, path, raw))


def checked_result(loaded: CheckedFile) -> Checked:
    """What is remembered of a loaded file: its problems, description and list row."""
    connector = loaded.connector
    if connector is None:
        return loaded.problems, None, None
    return loaded.problems, connector.description, list_entry(connector)


def catalog_problems(workspace: Workspace, cache: ValidationCache | None) -> list[Problem]:
    """The catalog's problems: remembered, or found by reading the catalog."""
    found = cache.catalog_problems() if cache is not None else None
    if found is None:
        found = workspace.catalog_problems
        if cache is not None:
            cache.put_catalog_problems(found)
    return found
