"""A workspace opened for work: its settings, its catalog and its connector files.

This is what the command-line verbs and the TUI share: one way to load every
connector file with all of its problems (syntax, model rules, workspace rules)
placed at the right line, and one way to tell whether a file is canonical.
It also owns every write the TUI makes (save, create, delete, each refusing
to replace what changed on disk since it was read), so no screen touches the
store. This module never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acwizard.catalog import Catalog, load_catalog
from acwizard.checking.document import FileIndex, read_connector, validate_document
from acwizard.connector_file import (
    CheckedFile,
    ConnectorFile,
    DiskState,
    LoadedFile,
)
from acwizard.descriptions import (
    SeenDescriptions,
    description_clash,
    duplicate_description_problems,
)
from acwizard.files.ids import candidate_ids, new_connector_id, taken_ids
from acwizard.files.layout import CATALOG_FILE, connectors_dir, list_connector_files
from acwizard.files.reading import (
    MAX_CATALOG_BYTES,
    MAX_FILE_BYTES,
    current_fingerprint,
    read_bytes,
    read_regular_file,
)
from acwizard.files.saving import (
    SaveConflict,
    create_connector_file,
    delete_connector,
    save_connector,
)
from acwizard.files.settings import Settings, load_settings
from acwizard.files.toml import Document, parse_toml
from acwizard.model.protocol import ConnectorLike
from acwizard.problems import PROBLEMS_PER_FILE, Problem, more_problems

if TYPE_CHECKING:
    from acwizard.model import AppConnector

__all__ = [
    "CheckedFile",
    "ConnectorFile",
    "DiskState",
    "KnownConnector",
    "LoadedFile",
    "QuickRow",
    "SaveConflict",
    "Workspace",
    "description_clash",
    "duplicate_description_problems",
    "quick_rows",
    "read_connector",
    "validate_document",
]
"""`SaveConflict` is the store's: re-exported so that screens need not import the store;
`read_connector`, `validate_document` (`checking.document`) and the description clashes
(`acwizard.descriptions`) are re-exported for their callers of before."""


@dataclass(frozen=True)
class QuickRow:
    """What the list shows of a file before it is validated: read, not yet checked."""

    id: str
    description: str
    user_group: str
    blocked: bool | None
    authentication: str
    """classic, hybrid or oauth as the file says (no key: classic), else '…' (unknown)."""
    counts: tuple[int, int, int]
    ip_lines: int
    ip_access: str


def quick_rows(paths: list[Path]) -> list[QuickRow]:
    """A first look at these connector files with `tomllib` alone, for the TUI's first paint.

    Validation (pydantic, the catalog) follows right after; anything odd here
    simply shows as unknown until then. Files are read as validation reads
    them (`parse_toml`): a FIFO or a deeply nested file never blocks or crashes
    the first paint.
    """
    rows = []
    for path in paths:
        # parse_toml: links, FIFOs and too deep a nesting are refused, as by validation.
        data: dict[str, Any] = parse_toml(path).data or {}

        # `data=data`: each helper reads this file's table, bound now, not the loop's last.
        def text(key: str, data: dict[str, Any] = data) -> str:
            value = data.get(key)
            return value.strip() if isinstance(value, str) else ""

        def count(key: str, data: dict[str, Any] = data) -> int:
            value = data.get(key)
            return len(value) if isinstance(value, list) else 0

        lines = data.get("ip_restrictions")
        first = lines[0] if isinstance(lines, list) and lines else {}
        blocked = data.get("blocked", True)
        # A version 1 file has no key and is classic; an odd value waits for validation.
        authentication = data.get("authentication", "classic")
        rows.append(
            QuickRow(
                id=path.name.removesuffix(".toml"),
                description=text("description") or path.name,
                user_group=text("user_group"),
                blocked=blocked if isinstance(blocked, bool) else None,
                authentication=(
                    authentication if authentication in ("classic", "hybrid", "oauth") else "…"
                ),
                counts=(count("get_connectors"), count("update_connectors"), count("connectors")),
                ip_lines=count("ip_restrictions"),
                ip_access=str(first.get("access", "")) if isinstance(first, dict) else "",
            )
        )
    return rows


@dataclass(frozen=True)
class KnownConnector:
    """What the TUI compares a connector being edited against, of every other valid one:
    its description (a clash) and user group (a shared one)."""

    id: str
    file_name: str
    description: str
    user_group: str
    authentication: str


@dataclass
class Workspace:
    """A workspace directory, with its settings and (on first use) its catalog."""

    root: Path
    settings: Settings = field(default_factory=Settings)
    settings_problems: list[Problem] = field(default_factory=list)
    listing_problems: list[Problem] = field(default_factory=list)
    """Why `connectors/` could not be listed, from the last listing."""
    last_loaded: list[ConnectorFile] = field(default_factory=list)
    """The result of the last `load_all`, for look-ups that need not re-read every file."""
    listed: list[KnownConnector] | None = None
    """The valid connectors as the TUI's list shows them (`use_listed`): what `known`
    answers until a `load_all`."""
    _catalog_source: tuple[bool, bytes | None] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    """catalog.toml as read for the catalog (`_catalog_bytes`), to tell whether it changed."""
    _taken: tuple[int | None, set[str]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    """The ids in use (lower case) as `new_id` last listed them, and connectors/'s mtime."""
    _known: tuple[object, list[KnownConnector]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    """`known`'s answer and the list it was made from (`last_loaded`)."""
    _seen: tuple[object, str | None, SeenDescriptions] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    """`description_clash`'s index of the other descriptions: the `known` list it was made
    from, the connector left out, the index. Typing a description asks once per key."""

    @classmethod
    def open(cls, root: Path) -> Workspace:
        """Open the workspace at `root`, reading its settings."""
        root = Path(root)
        settings, problems = load_settings(root)
        return cls(root=root, settings=settings, settings_problems=problems)

    @cached_property
    def _catalog_and_problems(self) -> tuple[Catalog, list[Problem]]:
        """The merged catalog and its problems, read once."""
        self._catalog_source = self._catalog_bytes()
        return load_catalog(self.root)

    def _catalog_bytes(self) -> tuple[bool, bytes | None]:
        """Whether catalog.toml is there, and its bytes (None: unreadable or too large)."""
        path = self.root / CATALOG_FILE
        if not (path.exists() or path.is_symlink()):
            return False, None
        return True, read_bytes(path, MAX_CATALOG_BYTES)[0]

    @property
    def catalog_read(self) -> bool:
        """Whether the catalog has been read yet (it is read on first use)."""
        return "_catalog_and_problems" in vars(self)

    @property
    def catalog(self) -> Catalog:
        """The built-in catalog merged with the workspace's own."""
        return self._catalog_and_problems[0]

    @property
    def catalog_problems(self) -> list[Problem]:
        """Problems in the catalog files."""
        return self._catalog_and_problems[1]

    def connector_paths(self) -> list[Path]:
        """The workspace's connector files; an unreadable directory goes to `listing_problems`."""
        paths, self.listing_problems = list_connector_files(self.root)
        return paths

    def reopened(self) -> Workspace | None:
        """A freshly opened workspace when acwizard.toml or catalog.toml changed, else None.

        Whether a file is valid depends on both (`online = false` makes every IP
        line an error), so a change means every file is validated again; without
        one, this workspace keeps what it knows of files that did not change.
        """
        fresh = Workspace.open(self.root)
        if fresh.settings != self.settings or fresh.settings_problems != self.settings_problems:
            return fresh
        if "_catalog_and_problems" in vars(self) and self._catalog_source == self._catalog_bytes():
            # The same bytes as read: parsing 10,000 entries twice cost a fifth of a second
            # each time the list came back from a connector.
            return None
        unchanged = (
            fresh.catalog.entries == self.catalog.entries
            and fresh.catalog_problems == self.catalog_problems
        )
        return None if unchanged else fresh

    # -- writes ------------------------------------------------------------------

    def connector_path(self, connector_id: str) -> Path:
        """Where the connector with id `connector_id` is (or would be) kept."""
        return connectors_dir(self.root) / f"{connector_id}.toml"

    def new_id(self, description: str) -> str:
        """The id a new connector with `description` would get now (the wizard shows it
        as the description is typed; `create` decides again, under the lock).

        The ids in use are listed again only when connectors/ changed (its mtime):
        listing 5,000 files for every key typed cost 70 ms a key.
        """
        folder = connectors_dir(self.root)
        try:
            stamp: int | None = folder.stat().st_mtime_ns
        except OSError:
            stamp = None
        if stamp is None or self._taken is None or self._taken[0] != stamp:
            self._taken = (stamp, taken_ids(self.root))
        taken = self._taken[1]
        for candidate in candidate_ids(description):
            if candidate not in taken:
                return candidate
        return new_connector_id(self.root, description)  # pragma: no cover - 10,000 namesakes

    def create(self, connector: AppConnector) -> Path:
        """Write a new connector under a fresh id from its description; never replaces a file."""
        return create_connector_file(self.root, connector)

    def save(self, path: Path, connector: AppConnector, expected: str | None) -> bool:
        """Write `connector` to `path` in canonical form; False when the file already holds it.

        `expected` is the fingerprint of the file the edits started from (see
        `ConnectorFile.fingerprint`); raises `SaveConflict` when the file on disk
        is no longer that, and OSError when it cannot be written.
        """
        return save_connector(path, connector, expected)

    def delete(self, path: Path, expected: str | None) -> None:
        """Remove a connector file; raises `SaveConflict` when it changed since it was read."""
        delete_connector(path, expected)

    def on_disk(self, path: Path) -> DiskState:
        """What is on disk at `path` now, to show a conflict: its fingerprint and its text."""
        now = current_fingerprint(path)
        if now is None:
            return DiskState(None, "")
        try:  # never through a link, never a FIFO, never more than a connector file holds
            text = read_regular_file(path, MAX_FILE_BYTES).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        return DiskState(now, text)

    # -- reads -------------------------------------------------------------------

    def load(self, path: Path, raw: bytes | None = None) -> ConnectorFile:
        """Load one connector file with all of its problems (from `raw`, its bytes, if read)."""
        document, connector, problems = read_connector(path, raw)
        if document.data is None:
            return ConnectorFile(path, document.text, None, problems)
        if connector is not None:
            problems += self.finding_problems(path, document, connector)
        problems.sort(key=lambda problem: (problem.line, not problem.is_error))
        return ConnectorFile(path, document.text, connector, problems, document.positions)

    def finding_problems(
        self, path: Path, document: Document, connector: ConnectorLike
    ) -> list[Problem]:
        """What the settings and the catalog say about a valid `connector`, each at its line.

        `document` is the file as parsed (its data and key positions); the
        fast path (`fastpath.load_plain`) calls this too, so both place every
        finding alike.
        """
        from acwizard.rules import file_findings

        assert document.data is not None
        file_index = FileIndex(document.data, connector)
        findings = file_findings(connector, self.settings, self.catalog)
        problems = [
            Problem(
                path,
                document.positions.line_of(file_index(finding.loc)),
                finding.severity,
                finding.message,
            )
            for finding in findings[:PROBLEMS_PER_FILE]
        ]
        if len(findings) > PROBLEMS_PER_FILE:  # counted, not placed: see PROBLEMS_PER_FILE
            hidden = findings[PROBLEMS_PER_FILE:]
            errors = sum(finding.severity == "error" for finding in hidden)
            line = max(problem.line for problem in problems)
            problems.append(more_problems(path, line, errors, len(hidden) - errors))
        return problems

    def load_all(self, reuse: bool = False) -> list[ConnectorFile]:
        """Load every connector file of the workspace (and remember the result).

        With `reuse`, a file whose bytes are those of the last load keeps that
        result: its problems depend only on its name, its bytes, the settings
        and the catalog, and a Workspace reads the last two once. The TUI
        reloads after every edit; at 5,000 connectors validating all again
        took about a second. Callers must not change what this returns.
        """
        earlier = {loaded.path: loaded for loaded in self.last_loaded} if reuse else {}
        files: list[ConnectorFile] = []
        for path in self.connector_paths():
            previous = earlier.get(path)
            raw = read_bytes(path)[0] if previous is not None else None
            if previous is not None and previous.read_from(raw):
                files.append(previous)
            else:
                files.append(self.load(path, raw))
        self.last_loaded = files
        self.listed = None
        return files

    def use_listed(self, known: list[KnownConnector]) -> None:
        """What `known` answers from now until the next `load_all`: the valid connectors as
        the TUI's list shows them (loaded, or remembered by validate)."""
        self.listed = known
        self.last_loaded = []

    def changed_since_read(self, loaded: ConnectorFile) -> bool:
        """Whether the file on disk is no longer what `loaded` was read from (a file that
        was no text then, such as binary junk, shows its problems as read: r reads it again)."""
        if loaded.text is None:
            return False
        return current_fingerprint(loaded.path) != loaded.fingerprint

    def known(self) -> list[KnownConnector]:
        """Every valid connector, as last loaded or listed; loading them once if neither.

        At 5,000 connectors loading them all took seconds, paid on the first key typed
        in the wizard or on opening the first connector after a start from remembered
        results; the list's rows already say what is compared.
        """
        if not self.last_loaded and self.listed is not None:
            return self.listed
        files = self.last_loaded or self.load_all()
        if self._known is None or self._known[0] is not files:
            known = [
                KnownConnector(
                    loaded.id,
                    loaded.path.name,
                    loaded.connector.description,
                    loaded.connector.user_group,
                    loaded.connector.authentication,
                )
                for loaded in files
                if loaded.connector is not None
            ]
            self._known = (files, known)
        return self._known[1]

    def description_clash(self, description: str, editing: str | None = None) -> str | None:
        """Why `description` would be mistaken for another connector's, or None.

        `editing` is the id of the connector whose description this is (left
        out of the comparison); the wizard and the properties ask this, so the
        TUI warns as `validate` does.
        """
        known = self.known()
        if self._seen is None or self._seen[0] is not known or self._seen[1] != editing:
            seen = SeenDescriptions()
            for other in known:
                if other.id != editing:
                    seen.add(other.file_name, other.description)
            self._seen = (known, editing, seen)
        return self._seen[2].clash(description)

    def duplicate_description_problems(self, files: list[ConnectorFile]) -> list[Problem]:
        """Warn when two connectors share a description: their OTP e-mails look alike."""
        by_path = {loaded.path: loaded for loaded in files}
        described = [
            (loaded.path, loaded.connector.description)
            for loaded in files
            if loaded.connector is not None
        ]
        return duplicate_description_problems(
            described, lambda path: by_path[path].positions.line_of(("description",))
        )
