"""Connectors as they were: at a git revision, in another directory, or in the working tree.

`acwizard diff` compares two such states in access terms. Git is asked with
plain `git` commands (`ls-tree`, `cat-file --batch`), so any repository that
holds a workspace, at any depth, works. This module never imports Textual.
"""

from __future__ import annotations

import os
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from acwizard.model import AppConnector
from acwizard.store import CONNECTORS_DIR
from acwizard.tomlpos import scan
from acwizard.workspace import Workspace, validate_document

WORKING_TREE = ""
"""The source name of the files on disk."""


class HistoryError(Exception):
    """A revision or directory could not be read; the message says why."""


@dataclass
class Snapshot:
    """The connectors of one state: valid ones parsed, invalid ones named."""

    label: str
    connectors: dict[str, AppConnector]
    invalid: set[str]


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git in `root`; a failure becomes a HistoryError with git's own words."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise HistoryError("git is not installed") from None
    if result.returncode:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise HistoryError(message[-1] if message else f"git {args[0]} failed")
    return result.stdout


def _parse(path: Path, text: bytes) -> AppConnector | None:
    """The connector in a file's bytes, or None when it is not valid."""
    try:
        decoded = text.decode("utf-8")
        data = tomllib.loads(decoded)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    connector, problems = validate_document(path, data, scan(decoded))
    return connector if not problems else None


def from_directory(root: Path) -> Snapshot:
    """The connectors in a workspace directory as they are on disk."""
    if not root.is_dir():
        raise HistoryError(f"{root} is not a directory")
    workspace = Workspace.open(root)
    connectors: dict[str, AppConnector] = {}
    invalid: set[str] = set()
    for loaded in workspace.load_all():
        connector = loaded.connector
        if connector is None or any(problem.is_error for problem in loaded.problems):
            invalid.add(loaded.id)
        else:
            connectors[loaded.id] = connector
    return Snapshot(str(root), connectors, invalid)


def from_revision(root: Path, revision: str) -> Snapshot:
    """The connectors of the workspace at `root` as committed in `revision`."""
    top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    prefix = PurePosixPath(os.path.relpath(root.resolve(), top.resolve()).replace(os.sep, "/"))
    directory = prefix / CONNECTORS_DIR if str(prefix) != "." else PurePosixPath(CONNECTORS_DIR)
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except HistoryError:
        raise HistoryError(f"'{revision}' is not a commit of this repository") from None
    listing = _git(top, "ls-tree", "-z", "--name-only", f"{revision}:{directory}")
    names = [
        name
        for name in listing.decode("utf-8", "replace").split("\0")
        if name.endswith(".toml") and not name.startswith(".")
    ] if listing else []
    connectors: dict[str, AppConnector] = {}
    invalid: set[str] = set()
    if names:
        request = "".join(f"{revision}:{directory / name}\n" for name in names).encode()
        output = _git(top, "cat-file", "--batch", stdin=request)
        position = 0
        for name in names:
            header_end = output.index(b"\n", position)
            header = output[position:header_end].split()
            size = int(header[2])
            body = output[header_end + 1 : header_end + 1 + size]
            position = header_end + 1 + size + 1
            connector_id = name[: -len(".toml")]
            connector = _parse(Path(name), body)
            if connector is None:
                invalid.add(connector_id)
            else:
                connectors[connector_id] = connector
    return Snapshot(revision, connectors, invalid)


def _tree_missing(error: HistoryError) -> bool:
    """True when git said the connectors directory does not exist at that revision."""
    text = str(error)
    return "does not exist" in text or "Not a valid object name" in text


def snapshot(root: Path, source: str) -> Snapshot:
    """A directory when `source` names one, the working tree for '', else a git revision."""
    if source == WORKING_TREE:
        result = from_directory(root)
        result.label = "working tree"
        return result
    if Path(source).is_dir():
        return from_directory(Path(source))
    try:
        return from_revision(root, source)
    except HistoryError as error:
        if _tree_missing(error):
            return Snapshot(source, {}, set())
        raise
