"""Remembered results of `acwizard validate`, so a commit hook re-checks only what changed.

A pre-commit hook runs `acwizard validate` on every commit, over files that
rarely change. Each file's result (its problems and its description) is kept
under a digest of its name and bytes; a file whose bytes are unchanged is not
parsed or validated again, and pydantic is not even imported when no file
changed. Everything else a result depends on goes into one fingerprint:
acwizard's version and source files, pydantic's, the Python version, and the
bytes of the workspace's `acwizard.toml` and `catalog.toml`. When any of those
changes, every result is discarded.

The cache lives in the user's cache directory (`files.userdirs`: platformdirs',
`$XDG_CACHE_HOME/acwizard` or `~/.cache/acwizard` on Linux), never in the workspace: a cache committed to a
repository could otherwise tell CI that a broken file is fine. It is only a
speed-up: a missing, corrupt or unwritable cache is ignored, and
`acwizard validate --no-cache` bypasses it.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from acwizard import __version__
from acwizard.files.layout import CATALOG_FILE, SETTINGS_FILE
from acwizard.files.reading import MAX_CATALOG_BYTES, MAX_FILE_BYTES, read_bytes
from acwizard.files.userdirs import cache_directory
from acwizard.files.writing import TEMP_MARKER, atomic_write
from acwizard.model.format import LIST_FIELDS
from acwizard.model.protocol import ConnectorLike
from acwizard.problems import Problem

__all__ = [
    "CACHE_FORMAT",
    "ROW_CELLS",
    "ROW_CELL_NAMES",
    "Checked",
    "Result",
    "Row",
    "ValidationCache",
    "cache_directory",
    "forget_old_caches",
    "list_entry",
    "private_directory",
    "rules_fingerprint",
]

PACKAGE = Path(__file__).resolve().parent.parent
"""acwizard's own source directory: every rule a result depends on is in it."""

CACHE_FORMAT = 4
"""Raise when the cache file's layout changes (2: entries carry the list's row; 3: the
row carries the authentication type, so a row remembered before shows no empty or
shifted Auth column; 4: the row ends with the register's earliest end, for the list's
expiry mark)."""
MAX_CACHE_BYTES = 128 * 1024 * 1024
"""A larger cache file is ignored (5,000 connectors need about 4 MB)."""

FORGET_AFTER = 60
"""Days after which the cache of a workspace that was not validated is removed."""
DAY = 24 * 60 * 60

Result = tuple[list[Problem], str | None]
"""A file's problems, and its description when it is a valid connector."""
Row = list[str]
"""What the TUI's list shows of a valid connector (`list_entry`)."""
ROW_CELL_NAMES = (
    "description",
    "user_group",
    "state",
    "authentication",
    "get_connectors",
    "update_connectors",
    "connectors",
    "ip",
    "granted",
    "earliest_end",
)
"""The cells of a remembered row, in order: the one place that order is written down
(`list_entry` writes by these names, `cores.listing.ListRow.from_cells` reads by them)."""
ROW_CELLS = len(ROW_CELL_NAMES)
"""How many strings a remembered row holds (`list_entry`): any other count is damage."""
Checked = tuple[list[Problem], str | None, Row | None]
"""A file's problems, its description and its list row when it is a valid connector."""


def list_entry(connector: ConnectorLike) -> Row:
    """The list's cells of a valid connector, and the granted ids its filter searches, in the
    order of `ROW_CELL_NAMES`: description, user group, Blocked/Active, authentication
    (classic, hybrid or oauth, the words of `acwizard list`), Get, Upd, Con (the counts of
    `LIST_FIELDS`), IP, the ids joined by tabs, then the first day a token, client secret
    or certificate ends (`rules.earliest_end`, YYYY-MM-DD; "" when none has a date): the
    list marks it with `rules.expiry_mark` on the day it is shown.

    Remembered with each file's result, so that the TUI shows a workspace that did
    not change without validating it again, exactly as after validating it.
    """
    from acwizard.rules.credentials import earliest_end  # the rules load when files are checked

    lines = connector.ip_restrictions
    granted = [getattr(connector, name) for name in LIST_FIELDS]
    end = earliest_end(connector)
    cells = {
        "description": connector.description,
        "user_group": connector.user_group,
        "state": "Blocked" if connector.blocked else "Active",
        "authentication": connector.authentication,
        **{name: str(len(ids)) for name, ids in zip(LIST_FIELDS, granted, strict=True)},
        "ip": f"{len(lines)} {lines[0].access}" if lines else "none",
        "granted": "\t".join(item for ids in granted for item in ids),
        "earliest_end": end.isoformat() if end is not None else "",
    }
    return [cells[name] for name in ROW_CELL_NAMES]


def _as_read(path: Path, max_bytes: int) -> bytes:
    """A workspace file as acwizard reads it: absent, its bytes, or why it refuses it.

    Links, directories and oversized files are refused by `read_bytes`; the
    fingerprint follows the same rules, so replacing a file by a link counts
    as a change even when the link's target holds the same bytes.
    """
    if not path.exists() and not path.is_symlink():
        return b"absent"
    raw, problems = read_bytes(path, max_bytes)
    if raw is None:
        return ("refused: " + "; ".join(problem.message for problem in problems)).encode()
    return b"bytes " + raw


def _installed(module: str) -> str:
    """The installed version of a package (its dist-info) and its main file's size and time."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        return f"{module} missing\n"
    origin = Path(spec.origin)
    versions: list[str] = []
    with contextlib.suppress(OSError):
        versions = sorted(item.name for item in origin.parent.parent.glob(f"{module}-*.dist-info"))
    try:
        status = origin.stat()
    except OSError:
        return f"{module} {versions} unreadable\n"
    return f"{module} {versions} {status.st_size} {status.st_mtime_ns}\n"


VIEW_FOLDERS = frozenset({"screens", "widgets", "dialogs", "styles", "__pycache__"})
"""Folders of the TUI's views: by the layering rule they compute no rule (they import only
the cores and the model's types), so a result never depends on them; reading them would
double the fingerprint's cost on every run of validate."""


def _sources(directory: Path, prefix: str = "") -> Iterator[tuple[str, Path]]:
    """acwizard's `.py` and `.toml` files under `directory` (the views' folders aside),
    each with its relative name."""
    with os.scandir(directory) as entries:
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if (
                    not (prefix == "" and entry.name in VIEW_FOLDERS)
                    and entry.name != "__pycache__"
                ):
                    yield from _sources(Path(entry.path), name + "/")
            elif entry.name.endswith((".py", ".toml")):
                yield name, Path(entry.path)


def rules_fingerprint(root: Path) -> str:
    """What every result depends on besides the file itself (see the module's docstring).

    acwizard's own rules are hashed by content, not by modification time:
    packaging tools that reset every time stamp (Nix, reproducible builds)
    would otherwise let a changed rule reuse old results. Every source file
    counts, in every subpackage (the model, the rules and checking are packages).
    """
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"format {CACHE_FORMAT}\nacwizard {__version__}\npython {sys.version}\n".encode())
    for name, path in sorted(_sources(PACKAGE)):
        digest.update(f"\n{name}\n".encode())
        digest.update(path.read_bytes())
    for module in ("pydantic", "pydantic_core"):
        digest.update(_installed(module).encode())
    for name, limit in ((SETTINGS_FILE, MAX_FILE_BYTES), (CATALOG_FILE, MAX_CATALOG_BYTES)):
        digest.update(f"\n{name}\n".encode())
        digest.update(_as_read(root / name, limit))
    return digest.hexdigest()


class ValidationCache:
    """The remembered results of one workspace's files."""

    def __init__(self, root: Path, directory: Path) -> None:
        self.root = Path(root)
        name = hashlib.blake2b(os.fsencode(self.root.resolve()), digest_size=12).hexdigest()
        self.path = directory / f"validate-{name}.json"
        self.fingerprint = rules_fingerprint(self.root)
        self.files: dict[str, list[Any]] = {}
        self.catalog: list[list[Any]] | None = None
        self.used: set[str] = set()
        self.changed = False
        self._read()

    @classmethod
    def open(cls, root: Path) -> ValidationCache | None:
        """The cache of the workspace at `root`, or None when there is nowhere to keep one."""
        directory = cache_directory()
        if directory is None or not private_directory(directory):
            return None
        try:
            return cls(root, directory)
        except OSError:  # acwizard's own files unreadable: check everything, as without cache
            return None

    def _read(self) -> None:
        """Load the results, unless the file is missing, damaged, from other rules or
        not this user's (a cache that says a file is valid is trusted with that verdict)."""
        raw, _ = read_bytes(self.path, MAX_CACHE_BYTES)  # no FIFO, no link: never blocks
        if raw is None or not _ours(self.path):
            return
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            return
        if (
            isinstance(data, dict)
            and data.get("format") == CACHE_FORMAT
            and data.get("fingerprint") == self.fingerprint
            and isinstance(data.get("files"), dict)
        ):
            self.files = data["files"]
            catalog = data.get("catalog")
            self.catalog = catalog if isinstance(catalog, list) else None
            with contextlib.suppress(OSError):  # in use: not one of the old ones to forget
                if time.time() - self.path.stat().st_mtime > DAY:
                    os.utime(self.path)

    @staticmethod
    def key(path: Path, raw: bytes) -> str:
        """The digest of a file's name and bytes: its problems depend on both."""
        digest = hashlib.blake2b(os.fsencode(path.name), digest_size=16)
        digest.update(b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def get(self, path: Path, raw: bytes) -> Result | None:
        """The remembered result for this file's bytes, or None (also for a damaged entry)."""
        found = self.get_checked(path, raw)
        return None if found is None else found[:2]

    def get_checked(self, path: Path, raw: bytes) -> Checked | None:
        """The remembered result and list row for this file's bytes, or None (also for a
        damaged entry, and for a valid connector whose row is missing)."""
        key = self.key(path, raw)
        entry = self.files.get(key)
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[1], list)):
            return None
        description, rows, row = entry
        if description is not None and not isinstance(description, str):
            return None
        if (description is None) != (row is None):
            return None
        if row is not None and not (
            isinstance(row, list)
            and len(row) == ROW_CELLS
            and all(isinstance(cell, str) for cell in row)
        ):
            return None
        problems = [_problem(path, item) for item in rows]
        if None in problems:
            return None
        self.used.add(key)
        return problems, description, row  # type: ignore[return-value]

    def put(self, path: Path, raw: bytes, result: Result, row: Row | None = None) -> None:
        """Remember a file's result (and, for a valid connector, its list row)."""
        key = self.key(path, raw)
        problems, description = result
        rows = [[problem.line, problem.severity, problem.message] for problem in problems]
        self.files[key] = [description, rows, row if description is not None else None]
        self.used.add(key)
        self.changed = True

    def catalog_problems(self) -> list[Problem] | None:
        """The catalog's problems, if remembered (paths inside the workspace kept relative)."""
        if self.catalog is None:
            return None
        problems = []
        for entry in self.catalog:
            if not (isinstance(entry, list) and len(entry) == 4 and isinstance(entry[0], str)):
                return None
            where = Path(entry[0])
            problem = _problem(where if where.is_absolute() else self.root / where, entry[1:])
            if problem is None:
                return None
            problems.append(problem)
        return problems

    def put_catalog_problems(self, problems: list[Problem]) -> None:
        """Remember the catalog's problems: inside the workspace relative to it, as it may be
        named differently next time (another --workspace spelling or working directory)."""
        rows = []
        for problem in problems:
            try:
                where = str(problem.path.relative_to(self.root))
            except ValueError:
                where = str(problem.path.resolve())
            rows.append([where, problem.line, problem.severity, problem.message])
        self.catalog = rows
        self.changed = True

    def save(self, prune: bool = False) -> None:
        """Write the results back if they changed; with `prune`, keep only this run's files."""
        if prune and set(self.files) != self.used:
            self.files = {key: self.files[key] for key in self.used}
            self.changed = True
        if not self.changed:
            return
        data = {
            "format": CACHE_FORMAT,
            "fingerprint": self.fingerprint,
            "catalog": self.catalog,
            "files": self.files,
        }
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # ASCII: names that are not UTF-8 (surrogate escapes) survive as \udcxx escapes.
            atomic_write(self.path, json.dumps(data, separators=(",", ":")))
            forget_old_caches(self.path.parent)


def private_directory(directory: Path) -> bool:
    """True when `directory` is a directory of this user that no one else may write to,
    made so (0700) when missing or when ours but open to others; False for a link,
    anything else, or someone else's directory: no cache is read from or written there.

    Each entry in the cache says "this file's bytes are valid": whoever can write one
    decides what validate passes. Nor are old caches forgotten through a link.
    """
    try:
        try:
            info = os.lstat(directory)
        except FileNotFoundError:
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            info = os.lstat(directory)
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
            return False
        if not _ours(directory, info):
            return False
        if info.st_mode & 0o022:  # ours, but others may add files: close it
            os.chmod(directory, 0o700)
    except OSError:
        return False
    return True


def _ours(path: Path, info: os.stat_result | None = None) -> bool:
    """True when `path` belongs to this user (always, where there are no user ids)."""
    if not hasattr(os, "getuid"):
        return True
    try:
        return (info or os.lstat(path)).st_uid == os.getuid()
    except OSError:
        return False


def forget_old_caches(directory: Path) -> None:
    """Remove the caches of workspaces not validated for FORGET_AFTER days.

    Each workspace path gets a file (CI checkouts, temporary clones); without
    this they would pile up. Left-over temporary files of an interrupted write
    go after a day.
    """
    now = time.time()
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.name.startswith("validate-") and entry.name.endswith(".json"):
                limit = FORGET_AFTER * DAY
            elif entry.name.startswith(".validate-") and TEMP_MARKER in entry.name:
                limit = DAY
            else:
                continue
            with contextlib.suppress(OSError):
                if now - entry.stat(follow_symlinks=False).st_mtime > limit:
                    os.unlink(entry.path)


def _problem(path: Path, row: object) -> Problem | None:
    """A remembered [line, severity, message] as a problem of `path`, or None if damaged."""
    if not (isinstance(row, list) and len(row) == 3):
        return None
    line, severity, message = row
    if (
        type(line) is not int
        or severity not in ("error", "warning")
        or not isinstance(message, str)
    ):
        return None
    return Problem(path, line, severity, message)
