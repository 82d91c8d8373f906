"""Connectors as they were: at a git revision, in another directory, or in the working tree.

`acwizard diff` compares two such states in access terms. Git is asked with
plain `git` commands, so any repository that holds a workspace, at any depth,
works. A revision is hostile input like any file: its tree is read once with
`git ls-tree -z` (NUL-separated, so a name may hold anything), its blobs are
fetched by object id in one `git cat-file --batch`, and each blob goes through
the same checks as a file on disk (name, size, UTF-8, TOML, the model). Anything
odd becomes a problem at `REV:connectors/<name>` and the connector counts as
invalid; only a revision that cannot be read at all is an error.

The settings and catalog of a revision do not matter: a file read from a
revision is judged by itself, as before. The working tree is judged as
`validate` judges it, with the workspace's settings and catalog.

Between two revisions only changes matter: a file both hold unchanged (same
name, mode and object id) is not read at all, so an unchanged invalid file is
not reported again (validate reports it). Against the working tree, which is
loaded whole as validate loads it, a blob whose bytes are those of the same
file on disk takes the connector already loaded from there. Every blob is
fetched once, in one `git cat-file --batch` for both sides.
This module never imports Textual.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from acwizard.checking.load import check_blob
from acwizard.files.git import GitError, read_blobs, run_git
from acwizard.files.ids import id_problem
from acwizard.files.layout import CONNECTORS_DIR
from acwizard.files.settings import settings_refusal
from acwizard.problems import Problem, has_errors
from acwizard.text import plural, visible
from acwizard.workspace import ConnectorFile, Workspace

if TYPE_CHECKING:
    from acwizard.model import AppConnector

WORKING_TREE = ""
"""The source name of the files on disk."""


class Revision(str):
    """A source that is a git revision whatever is on disk: the `HEAD` acwizard diff
    compares with when given no revision, which a directory named `HEAD` must not replace."""


class HistoryError(Exception):
    """A revision or directory could not be read; the message says why."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)
        """What made it unreadable, each at its line (a broken `acwizard.toml`)."""


@dataclass
class Snapshot:
    """The connectors of one state: valid ones parsed, invalid ones named, and why."""

    label: str
    connectors: dict[str, AppConnector]
    invalid: set[str]
    problems: list[Problem] = field(default_factory=list)
    """What was wrong in the files of a revision (or the listing of a directory)."""


@dataclass(frozen=True)
class _Entry:
    """One entry of a git tree, as `git ls-tree` gives it."""

    mode: str
    kind: str
    """'blob', 'tree' or 'commit' (a gitlink: a submodule's commit)."""
    oid: str
    name: str
    """The name's bytes, decoded as the file system's names are (undecodable bytes kept)."""


@dataclass
class _Revision:
    """A revision opened for reading: its connectors/ entries, not yet their contents."""

    label: str
    records: list[bytes]
    """The entries of connectors/ as `git ls-tree -z` gave them, not yet parsed."""
    problems: list[Problem]
    entries: list[_Entry] = field(default_factory=list)
    """The records, parsed (by `parse`)."""

    @property
    def base(self) -> Path:
        """How problems name connectors/ of this revision: `REV:connectors`."""
        return Path(f"{self.label}:{CONNECTORS_DIR}")

    def parse(self) -> None:
        """Parse the records into entries; a record that makes no sense adds a problem."""
        self.entries, bad = _parse_tree(self.records, f"{CONNECTORS_DIR}/".encode())
        if bad:
            message = (
                f"git ls-tree gave {bad} {plural('entry', bad, 'entries')} acwizard cannot read"
            )
            self.problems.append(Problem(self.base, 1, "error", message))


@dataclass
class _Directory:
    """A directory's connectors, loaded as validate loads them, with the files kept."""

    snapshot: Snapshot
    files: dict[str, ConnectorFile]
    """The loaded files by name, to reuse for blobs with the same bytes."""


_Loaded = tuple["AppConnector | None", list[Problem]]
"""A file's connector (None when invalid) and its problems."""


def _git(root: Path, *args: str) -> bytes:
    """Run git in `root` (`files.git.run_git`); a failure is a HistoryError with git's words."""
    try:
        return run_git(root, *args)
    except GitError as exc:
        raise HistoryError(str(exc)) from None


def is_connector_name(name: str) -> bool:
    """True for the names validate looks at in connectors/ (as `list_connector_files`)."""
    return name.endswith(".toml") and not name.startswith(".")


# -- directories -------------------------------------------------------------------


def _directory(root: Path, label: str) -> _Directory:
    """The connectors in a workspace directory as they are on disk."""
    if not root.is_dir():
        raise HistoryError(f"{visible(str(root), 200)} is not a directory")
    workspace = Workspace.open(root)
    broken = [p for p in workspace.settings_problems + workspace.catalog_problems if p.is_error]
    if broken:
        # Its files would be judged by defaults (AFAS Online, the newest Profit), not by
        # what this workspace says: not a state to compare.
        raise HistoryError(f"{visible(label, 200)}: {settings_refusal(broken)}", broken)
    loaded_files = workspace.load_all()
    if workspace.listing_problems:
        # Every connector would look deleted: that is not a state to compare.
        raise HistoryError(workspace.listing_problems[0].format())
    connectors: dict[str, AppConnector] = {}
    invalid: set[str] = set()
    for loaded in loaded_files:
        connector = loaded.connector
        if connector is None or has_errors(loaded.problems):
            invalid.add(loaded.id)
        else:
            connectors[loaded.id] = connector
    files = {loaded.path.name: loaded for loaded in loaded_files}
    return _Directory(Snapshot(label, connectors, invalid), files)


def from_directory(root: Path) -> Snapshot:
    """The connectors in a workspace directory as they are on disk."""
    return _directory(root, str(root)).snapshot


# -- revisions ---------------------------------------------------------------------


def _parse_tree(records: list[bytes], prefix: bytes = b"") -> tuple[list[_Entry], int]:
    """The entries of `git ls-tree -z` records whose names start with `prefix` (removed),
    and how many records made no sense."""
    entries: list[_Entry] = []
    bad = 0
    for record in records:
        meta, tab, name = record.partition(b"\t")
        parts = meta.split(b" ")
        if not tab or len(parts) != 3 or not name.startswith(prefix):
            bad += 1
            continue
        name = name[len(prefix) :]
        if not name or b"/" in name:
            bad += 1
            continue
        mode, kind, oid = (part.decode("ascii", "replace") for part in parts)
        entries.append(_Entry(mode, kind, oid, os.fsdecode(name)))
    return entries, bad


def _records(listing: bytes) -> list[bytes]:
    """The records of `git ls-tree -z` output."""
    return [record for record in listing.split(b"\0") if record]


def _ls_tree(root: Path, revision: str, path: str) -> bytes | None:
    """`git ls-tree -z` of `path` (relative to `root`) at `revision`; None when git refused."""
    try:
        return _git(root, "ls-tree", "-z", "--end-of-options", f"{revision}^{{commit}}", "--", path)
    except HistoryError:
        return None  # the caller asks git why


def _open_revision(root: Path, revision: str) -> _Revision:
    """The connectors/ entries of the workspace at `root` as committed in `revision`.

    One `git ls-tree` lists connectors/ (paths are relative to `root`, so the
    workspace may sit anywhere in the repository); only when that fails or
    finds nothing does git say why.
    """
    listing = _ls_tree(root, revision, f"{CONNECTORS_DIR}/")
    if listing is None:
        _git(root, "rev-parse", "--git-dir")  # not a repository: git's own words
        try:
            commit = f"{revision}^{{commit}}"
            _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", commit)
        except HistoryError:
            raise HistoryError(
                f"'{visible(revision, 200)}' is not a commit of this repository"
            ) from None
        # A commit whose tree git cannot read (a damaged repository): say what git says.
        try:
            _git(root, "ls-tree", "-z", "--end-of-options", f"{revision}^{{commit}}", "--", ".")
            why = "git ls-tree failed"
        except HistoryError as error:
            why = str(error)
        raise HistoryError(f"'{visible(revision, 200)}' cannot be read: {why}")
    result = _Revision(revision, _records(listing), [])
    prefix = f"{CONNECTORS_DIR}/".encode()
    if not result.records or not all(b"\t" + prefix in record for record in result.records):
        # Nothing listed: no connectors/ at that revision (no connectors yet). Or not a
        # tree: then every connector would look created or deleted, not a state to
        # compare (as a working tree whose connectors/ cannot be listed).
        itself = _parse_tree(_records(_ls_tree(root, revision, CONNECTORS_DIR) or b""))[0]
        for entry in itself:
            if entry.name == CONNECTORS_DIR and entry.kind != "tree":
                what = {"commit": "a git submodule", "blob": "a file"}.get(entry.kind, entry.kind)
                what = "a symbolic link" if entry.mode == "120000" else visible(what, 20)
                raise HistoryError(
                    Problem(result.base, 1, "error", f"is {what}, not a directory").format()
                )
    return result


def _entry_problem(entry: _Entry) -> str | None:
    """Why a tree entry is not a connector file whose bytes can be checked, or None."""
    if entry.kind == "commit" or entry.mode == "160000":
        return "is a git submodule (gitlink), not a file"
    if entry.kind == "tree":
        return "is a directory, not a file"
    if entry.mode == "120000":
        return "is a symbolic link; acwizard does not follow links"
    if entry.kind != "blob" or entry.mode not in ("100644", "100755"):
        return f"is not a regular file (git mode {visible(entry.mode, 20)})"
    return None


# -- both sides --------------------------------------------------------------------


def _open(root: Path, source: str) -> _Directory | _Revision:
    """A directory when `source` names one, the working tree for '', else a git revision.

    A name that is both a directory and a revision is refused: a pull request can
    add a directory named `main` holding whatever the access diff should show.
    """
    if source == WORKING_TREE:
        return _directory(root, "working tree")
    if not isinstance(source, Revision) and Path(source).is_dir():
        if _is_revision(root, source):
            shown = visible(source, 200)
            raise HistoryError(
                f"'{shown}' is both a directory and a git revision: write ./{shown} "
                "for the directory, or the revision's commit id"
            )
        return _directory(Path(source), str(Path(source)))
    return _open_revision(root, source)


def _is_revision(root: Path, name: str) -> bool:
    """True when git in `root` reads `name` as a commit."""
    if name.startswith(("./", "../", "/")):
        return False  # a path, as written: never a revision name
    try:
        _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}")
    except HistoryError:
        return False
    return True


def snapshots(root: Path, sources: Sequence[str]) -> list[Snapshot]:
    """The states named by `sources`, read together so that shared files are read once."""
    opened = [_open(root, source) for source in sources]
    revisions = [side for side in opened if isinstance(side, _Revision)]
    if len(revisions) == 2 and len(opened) == 2:
        # Between two revisions only changes matter: an entry both hold unchanged
        # (same name, mode and object id) cannot change anything, so it is not read.
        # Records are compared as bytes, before parsing: at 20,000 entries parsing
        # them all cost more than everything else together.
        common = set(revisions[0].records).intersection(revisions[1].records)
        for revision in revisions:
            revision.records = [record for record in revision.records if record not in common]
    for revision in revisions:
        revision.parse()
    directories = [side for side in opened if isinstance(side, _Directory)]
    on_disk = {name: loaded for side in directories for name, loaded in side.files.items()}
    wanted = list(
        dict.fromkeys(
            entry.oid
            for revision in revisions
            for entry in revision.entries
            if is_connector_name(entry.name) and _entry_problem(entry) is None
        )
    )
    try:
        blobs, failures = read_blobs(root, wanted)
    except GitError as exc:
        raise HistoryError(str(exc)) from None
    return [
        side.snapshot
        if isinstance(side, _Directory)
        else _revision_snapshot(side, blobs, failures, on_disk)
        for side in opened
    ]


def _revision_snapshot(
    side: _Revision,
    blobs: dict[str, bytes],
    failures: dict[str, str],
    on_disk: dict[str, ConnectorFile],
) -> Snapshot:
    """A revision's connectors from the fetched blobs; `on_disk`: the files of the other side."""
    state = Snapshot(side.label, {}, set(), list(side.problems))
    base = side.base
    for entry in side.entries:
        if not is_connector_name(entry.name):
            continue  # as validate skips README.md and hidden files
        connector_id = entry.name.removesuffix(".toml")
        reason = _entry_problem(entry) or failures.get(entry.oid)
        if reason is not None:
            path = base / entry.name
            named = id_problem(path)
            state.problems.append(Problem(path, 1, "error", reason))
            state.problems += [Problem(path, 1, "error", named)] if named else []
            state.invalid.add(connector_id)
            continue
        path = base / entry.name
        connector, found = _check_blob(path, blobs[entry.oid], on_disk.get(entry.name))
        if connector is None:
            state.invalid.add(connector_id)
        else:
            state.connectors[connector_id] = connector
        state.problems += found
    return state


def _check_blob(path: Path, raw: bytes, disk: ConnectorFile | None) -> _Loaded:
    """Check a blob (within the size limit), or take the connector of a file on disk with the
    very same bytes."""
    if (
        disk is not None
        and disk.connector is not None
        and disk.text is not None
        and id_problem(path) is None
        and disk.text.encode("utf-8") == raw
    ):
        # Same name, same bytes: the same verdict, less the workspace's own rules.
        return disk.connector, []
    return check_blob(path, raw)


def from_revision(root: Path, revision: str) -> Snapshot:
    """The connectors of the workspace at `root` as committed in `revision`."""
    return snapshots(root, [revision])[0]


def snapshot(root: Path, source: str) -> Snapshot:
    """A directory when `source` names one, the working tree for '', else a git revision."""
    return snapshots(root, [source])[0]
