"""Remembered results of `acwizard validate`, so a commit hook re-checks only what changed.

A pre-commit hook runs `acwizard validate` on every commit, over files that
rarely change. Each file's result (its problems and its description) is kept
under a digest of its name and bytes; a file whose bytes are unchanged is not
parsed or validated again, and pydantic is not even imported when no file
changed. Everything else a result depends on goes into one fingerprint:
acwizard's version and source files, pydantic's, the Python version, and the
bytes of the workspace's `acwizard.toml` and `catalog.toml`. When any of those
changes, every result is discarded.

The cache lives in the user's cache directory (`$XDG_CACHE_HOME/acwizard`,
else `~/.cache/acwizard`), never in the workspace: a cache committed to a
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
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acwizard import __version__
from acwizard.problems import Problem
from acwizard.store import CATALOG_FILE, SETTINGS_FILE, atomic_write, read_bytes

if TYPE_CHECKING:
    from acwizard.workspace import Workspace

CACHE_FORMAT = 1
"""Raise when the cache file's layout changes."""

Result = tuple[list[Problem], str | None]
"""A file's problems, and its description when it is a valid connector."""


def cache_directory() -> Path:
    """`$XDG_CACHE_HOME/acwizard`, or `~/.cache/acwizard`."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "acwizard"


def _stat_line(path: Path) -> str:
    """Name, size and modification time of a file: changes when the file is replaced."""
    try:
        status = path.stat()
    except OSError:
        return f"{path.name} missing\n"
    return f"{path.name} {status.st_size} {status.st_mtime_ns}\n"


def _file_digest(path: Path) -> str:
    """The digest of a file's bytes, or `absent`."""
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return "absent"


def rules_fingerprint(root: Path) -> str:
    """What every result depends on besides the file itself (see the module's docstring)."""
    parts = [f"format {CACHE_FORMAT}\nacwizard {__version__}\npython {sys.version}\n"]
    package = Path(__file__).parent
    with os.scandir(package) as entries:
        names = sorted(entry.name for entry in entries if entry.name.endswith((".py", ".toml")))
    parts += [_stat_line(package / name) for name in names]
    for module in ("pydantic", "pydantic_core"):
        spec = importlib.util.find_spec(module)
        origin = spec.origin if spec is not None else None
        parts.append(_stat_line(Path(origin)) if origin else f"{module} missing\n")
    for name in (SETTINGS_FILE, CATALOG_FILE):
        parts.append(f"{name} {_file_digest(root / name)}\n")
    return hashlib.blake2b("".join(parts).encode(), digest_size=16).hexdigest()


class ValidationCache:
    """The remembered results of one workspace's files."""

    def __init__(self, root: Path, directory: Path | None = None) -> None:
        resolved = str(Path(root).resolve())
        name = hashlib.blake2b(resolved.encode(), digest_size=12).hexdigest()
        self.path = (directory or cache_directory()) / f"validate-{name}.json"
        self.fingerprint = rules_fingerprint(Path(root))
        self.files: dict[str, list[Any]] = {}
        self.catalog: list[list[Any]] | None = None
        self.used: set[str] = set()
        self.changed = False
        self._read()

    def _read(self) -> None:
        """Load the results, unless the file is missing, damaged or from other rules."""
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
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

    @staticmethod
    def key(path: Path, raw: bytes) -> str:
        """The digest of a file's name and bytes: its problems depend on both."""
        digest = hashlib.blake2b(path.name.encode(), digest_size=16)
        digest.update(b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def get(self, path: Path, raw: bytes) -> Result | None:
        """The remembered result for this file's bytes, or None."""
        key = self.key(path, raw)
        entry = self.files.get(key)
        try:
            description, problems = entry  # type: ignore[misc]
            result = [
                Problem(path, line, severity, message) for line, severity, message in problems
            ]
        except (TypeError, ValueError):
            return None
        self.used.add(key)
        return result, description

    def put(self, path: Path, raw: bytes, result: Result) -> None:
        """Remember a file's result."""
        key = self.key(path, raw)
        problems, description = result
        rows = [[problem.line, problem.severity, problem.message] for problem in problems]
        self.files[key] = [description, rows]
        self.used.add(key)
        self.changed = True

    def catalog_problems(self) -> list[Problem] | None:
        """The catalog's problems, if remembered."""
        if self.catalog is None:
            return None
        try:
            return [
                Problem(Path(path), line, sev, message) for path, line, sev, message in self.catalog
            ]
        except (TypeError, ValueError):
            return None

    def put_catalog_problems(self, problems: list[Problem]) -> None:
        """Remember the catalog's problems."""
        self.catalog = [[str(p.path), p.line, p.severity, p.message] for p in problems]
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
            atomic_write(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def check_file(workspace: Workspace, path: Path, cache: ValidationCache | None) -> Result:
    """A connector file's problems and description: remembered if its bytes are, else loaded."""
    raw, _ = read_bytes(path)
    if raw is not None and cache is not None:
        found = cache.get(path, raw)
        if found is not None:
            return found
    loaded = workspace.load(path, raw)  # unreadable (raw is None): load says why
    connector = loaded.connector
    result = (loaded.problems, connector.description if connector is not None else None)
    if cache is not None and raw is not None:
        cache.put(path, raw, result)
    return result


def catalog_problems(workspace: Workspace, cache: ValidationCache | None) -> list[Problem]:
    """The catalog's problems: remembered, or found by reading the catalog."""
    found = cache.catalog_problems() if cache is not None else None
    if found is None:
        found = workspace.catalog_problems
        if cache is not None:
            cache.put_catalog_problems(found)
    return found
