"""A workspace opened for work: its settings, its catalog and its connector files.

This is what the command-line verbs and the TUI share: one way to load every
connector file with all of its problems (syntax, model rules, workspace rules)
placed at the right line, and one way to tell whether a file is canonical.
It also owns every write the TUI makes (save, create, delete, each refusing
to replace what changed on disk since it was read), so no screen touches the
store. This module never imports Textual.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from acwizard.catalog import Catalog, load_catalog
from acwizard.fileformat import (
    CERTIFICATE_FIELDS,
    FIELD_ORDER,
    LIST_FIELDS,
    OAUTH_FIELD_ORDER,
    SCHEMA_VERSION,
    WEBHOOK_FIELD_ORDER,
)
from acwizard.problems import Problem, has_errors, problems_from_validation
from acwizard.store import (
    CATALOG_FILE,
    MAX_CATALOG_BYTES,
    MAX_FILE_BYTES,
    UTF8_BOM,
    Document,
    SaveConflict,
    Settings,
    candidate_ids,
    connectors_dir,
    create_connector_file,
    current_fingerprint,
    delete_connector,
    dump_connector,
    fingerprint,
    id_problem,
    list_connector_files,
    load_settings,
    new_connector_id,
    parse_toml,
    read_bytes,
    read_regular_file,
    save_connector,
    slugify,
    taken_ids,
)
from acwizard.text import first_lookalike, skeleton, visible
from acwizard.tomlpos import Positions

if TYPE_CHECKING:
    from acwizard.model import AppConnector

KNOWN_KEYS: dict[tuple[str | int, ...], list[str]] = {
    (): list(FIELD_ORDER),
    ("ip_restrictions", 0): ["address", "subnet_mask", "access"],
    ("oauth",): list(OAUTH_FIELD_ORDER),
    ("oauth", "certificates", 0): list(CERTIFICATE_FIELDS),
    ("webhooks", 0): list(WEBHOOK_FIELD_ORDER),
}
"""The keys allowed at each level of a connector file, for "did you mean" hints."""

Status = Literal["active", "blocked", "invalid"]

__all__ = ["ConnectorFile", "DiskState", "QuickRow", "SaveConflict", "Workspace"]
"""`SaveConflict` is the store's: re-exported so that screens need not import the store."""


@dataclass
class ConnectorFile:
    """One connector file as loaded: its text, its connector if valid, its problems."""

    path: Path
    text: str | None
    connector: AppConnector | None
    problems: list[Problem] = field(default_factory=list)
    positions: Positions = field(default_factory=Positions)
    """Where keys and comments are in the text as loaded."""

    @property
    def id(self) -> str:
        """The connector id: the file name without `.toml`."""
        return self.path.name.removesuffix(".toml")

    @property
    def status(self) -> Status:
        """'invalid' when the file has errors, else 'blocked' or 'active'."""
        if self.connector is None or has_errors(self.problems):
            return "invalid"
        return "blocked" if self.connector.blocked else "active"

    @property
    def fingerprint(self) -> str | None:
        """The hash of the text as loaded, to notice changes made on disk since."""
        return fingerprint(self.text)

    def read_from(self, raw: bytes | None) -> bool:
        """Whether `raw` are the bytes this file was loaded from (a byte-order mark aside:
        the text as loaded has none, as with `fingerprint`)."""
        return (
            raw is not None
            and self.text is not None
            and raw.removeprefix(UTF8_BOM) == self.text.encode("utf-8")
        )

    @property
    def canonical_text(self) -> str | None:
        """The canonical text of this connector, or None when it does not validate."""
        if self.connector is None or has_errors(self.problems):
            return None
        return dump_connector(self.connector)

    @property
    def is_canonical(self) -> bool:
        """True when the file on disk is byte for byte its canonical form."""
        return self.canonical_text is not None and self.canonical_text == self.text


@dataclass(frozen=True)
class DiskState:
    """A connector file as it is on disk now, when a save found it changed."""

    fingerprint: str | None
    """Its fingerprint (None: the file is gone), what an Overwrite may replace."""
    text: str
    """Its text; empty when it is gone or cannot be read as text."""


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


def validate_document(
    path: Path, data: dict[str, Any], positions: Any
) -> tuple[AppConnector | None, list[Problem]]:
    """Validate parsed TOML as a connector; problems are placed at their lines."""
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        return None, [
            Problem(
                path,
                positions.line_of(("schema_version",)),
                "error",
                f"schema_version: this file uses schema_version {version}, written by a "
                f"newer acwizard; this version reads {SCHEMA_VERSION}. Upgrade acwizard.",
            )
        ]
    if "schema_version" not in data:
        return None, [
            Problem(
                path,
                1,
                "error",
                f"schema_version is missing; start the file with schema_version = {SCHEMA_VERSION}",
            )
        ]
    # Imported here: pydantic costs tens of milliseconds to load, and the TUI
    # paints its first screen before any file is validated.
    from pydantic import ValidationError

    from acwizard.model import AppConnector

    try:
        return AppConnector.model_validate(data, context={"file": True}), []
    except ValidationError as exc:
        return None, problems_from_validation(path, exc.errors(), positions, KNOWN_KEYS)


class _FileIndex:
    """Translates an index into a sorted model list back to its place in the file.

    The model sorts id lists, the file need not be sorted. Each list's
    positions are looked up in a dictionary built once, so placing one finding
    per id (80,000 ids missing from the catalog) stays linear; a list scan per
    finding took 71 s there.
    """

    def __init__(self, data: dict[str, Any], connector: AppConnector) -> None:
        self.data = data
        self.connector = connector
        self.positions: dict[str, dict[Any, int]] = {}

    def __call__(self, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
        """The key path in the file of the model's `loc`."""
        if len(loc) == 2 and loc[0] in LIST_FIELDS and isinstance(loc[1], int):
            name = str(loc[0])
            value = getattr(self.connector, name)[loc[1]]
            if name not in self.positions:
                original = self.data.get(name, [])
                found: dict[Any, int] = {}
                if isinstance(original, list):
                    for index, item in enumerate(original):
                        if isinstance(item, str):
                            found.setdefault(item, index)
                self.positions[name] = found
            position = self.positions[name].get(value)
            if position is not None:
                return (loc[0], position)
        if len(loc) >= 2 and loc[0] == "ip_restrictions" and isinstance(loc[1], int):
            # The model sorts IP lines too: find the file's line with the same range.
            wanted = self.connector.ip_restrictions[loc[1]].range
            original = self.data.get("ip_restrictions")
            for index, item in enumerate(original if isinstance(original, list) else []):
                address = item.get("address") if isinstance(item, dict) else None
                mask = item.get("subnet_mask") if isinstance(item, dict) else None
                try:
                    written = ipaddress.ip_network(
                        f"{address}/{mask}" if isinstance(mask, str) else str(address)
                    )
                except ValueError:
                    continue
                if written == wanted:
                    return ("ip_restrictions", index, *loc[2:])
        return loc


def read_connector(
    path: Path, raw: bytes | None = None
) -> tuple[Document, AppConnector | None, list[Problem]]:
    """Check a connector file (or its bytes, `raw`) by every rule that needs no workspace.

    The bytes (size, UTF-8, NUL, nesting, syntax), the file name and the model:
    files on disk and files read from a git revision go through this same
    function, so a file is valid or invalid the same way wherever it comes from.
    """
    document = parse_toml(path, raw=raw)
    problems = list(document.problems)
    reason = id_problem(path)
    if reason:
        problems.append(Problem(path, 1, "error", reason))
    if document.data is None:
        return document, None, problems
    connector, model_problems = validate_document(path, document.data, document.positions)
    return document, connector, problems + model_problems


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
    _seen: tuple[object, str | None, _SeenDescriptions] | None = field(
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
        self, path: Path, document: Document, connector: AppConnector
    ) -> list[Problem]:
        """What the settings and the catalog say about a valid `connector`, each at its line.

        `document` is the file as parsed (its data and key positions); the
        fast path (`fastpath.load_plain`) calls this too, so both place every
        finding alike.
        """
        from acwizard.rules import file_findings

        assert document.data is not None
        file_index = _FileIndex(document.data, connector)
        return [
            Problem(
                path,
                document.positions.line_of(file_index(finding.loc)),
                finding.severity,
                finding.message,
            )
            for finding in file_findings(connector, self.settings, self.catalog)
        ]

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
            seen = _SeenDescriptions()
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


def duplicate_description_problems(
    described: list[tuple[Path, str]], line_of_description: Callable[[Path], int]
) -> list[Problem]:
    """A warning for each file whose description clashes with an earlier file's.

    See `description_clash` for when two descriptions clash.
    """
    seen = _SeenDescriptions()
    problems = []
    for path, description in described:
        keys = _description_keys(description)  # once per description, not per look-up
        clash = seen.clash(description, keys)
        if clash:
            problems.append(
                Problem(
                    path,
                    line_of_description(path),
                    "warning",
                    f"description: {clash}; users cannot tell their one-time-password "
                    "e-mails apart",
                )
            )
        seen.add(path.name, description, keys)
    return problems


def description_clash(description: str, others: Iterable[tuple[str, str]]) -> str | None:
    """Why `description` would be mistaken for one of `others`, or None.

    `others` are (name, description) pairs, the name being how the message
    calls the other connector (such as its file name); leave out the connector
    being edited. Two descriptions clash when they are the same ignoring case
    and compatibility forms ("is also the description of"), when they look
    the same (`text.skeleton`: Cyrillic or Greek look-alikes, odd spaces;
    "looks the same as"), or when they give the same file name slug ("has
    the same file name slug as"). The answer reads like "'Payroll Sync' looks
    the same as 'Payroll Sync', the description of payroll-sync.toml (character
    2 is U+0430 CYRILLIC SMALL LETTER A)"; the screens show it as a warning.
    """
    seen = _SeenDescriptions()
    for name, other in others:
        seen.add(name, other)
    return seen.clash(description)


_ASCII_ALNUM = re.compile(rb"[A-Za-z0-9]")
"""An ASCII letter or digit, the characters a slug is made of."""


def _description_keys(description: str) -> tuple[str, str, str | None]:
    """The forms under which two descriptions clash: folded, skeleton, slug (None: no ASCII)."""
    if description.isascii():  # the usual case: normalising ASCII changes nothing
        folded, ascii_text = description.casefold(), description.encode("ascii")
    else:
        folded = unicodedata.normalize("NFKC", description).casefold()
        ascii_text = unicodedata.normalize("NFKD", description).encode("ascii", "ignore")
    # slugify falls back to "connector" for text without ASCII letters or digits;
    # two such descriptions share no slug of their own.
    slug = slugify(description) if _ASCII_ALNUM.search(ascii_text) else None
    return folded, skeleton(description), slug


class _SeenDescriptions:
    """The descriptions met so far, by each form under which another could clash with them."""

    def __init__(self) -> None:
        self.folded: dict[str, tuple[str, str]] = {}
        self.looks: dict[str, tuple[str, str]] = {}
        self.slugs: dict[str, tuple[str, str]] = {}

    def add(
        self, name: str, description: str, keys: tuple[str, str, str | None] | None = None
    ) -> None:
        """Remember `description`, known as `name`; the first of equal forms is kept.
        `keys`: its `_description_keys`, if already known."""
        folded, looks, slug = keys or _description_keys(description)
        self.folded.setdefault(folded, (name, description))
        self.looks.setdefault(looks, (name, description))
        if slug is not None:
            self.slugs.setdefault(slug, (name, description))

    def clash(
        self, description: str, keys: tuple[str, str, str | None] | None = None
    ) -> str | None:
        """Why `description` clashes with one met so far, or None (`keys` as in `add`)."""
        folded, looks, slug = keys or _description_keys(description)
        shown = visible(description)
        if folded in self.folded:
            name, _ = self.folded[folded]
            return f"'{shown}' is also the description of {visible(name)}"
        if looks in self.looks:
            name, other = self.looks[looks]
            where = first_lookalike(description) or first_lookalike(other)
            return (
                f"'{shown}' looks the same as '{visible(other)}', the description of "
                f"{visible(name)}" + (f" ({where})" if where else "")
            )
        if slug is not None and slug in self.slugs:
            name, other = self.slugs[slug]
            return (
                f"'{shown}' has the same file name slug ({slug}) as '{visible(other)}', "
                f"the description of {visible(name)}"
            )
        return None
