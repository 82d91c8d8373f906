"""Saving, deleting and creating connector files: under the lock, never over a change.

Each checks first that the file on disk is still what was loaded (its
fingerprint), and refuses (`SaveConflict`) when another admin, `git pull` or a
hand edit changed it; a `connectors` that is a link is never written in.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from acwizard.files.ids import free_ids
from acwizard.files.layout import connectors_dir, workspace_root
from acwizard.files.lock import workspace_lock
from acwizard.files.reading import current_fingerprint, fingerprint
from acwizard.files.writing import (
    atomic_write,
    fsync_directory,
    refuse_link,
    remove_stale_temporaries,
)
from acwizard.text import visible

if TYPE_CHECKING:  # the model loads pydantic; files are read before any is validated
    from acwizard.model import AppConnector


class SaveConflict(Exception):
    """The file changed on disk since it was loaded; saving would overwrite that."""


def dump_connector(connector: AppConnector) -> str:
    """The canonical text of a connector file, in the connector's own schema_version."""
    return connector.to_toml()


def _refuse_linked_directory(directory: Path) -> None:
    """Raise when the directory a connector file is written in (or deleted from) is a link.

    `connectors` may be a link in a repository; writing through it would
    change files outside the workspace. Checked under the workspace lock,
    just before the write.
    """
    refuse_link(directory, visible(directory.name, 60))


def replace_file(path: Path, text: str, expected: str | None, *, in_workspace: bool = True) -> bool:
    """Write `text` to `path` unless the file changed since it was read as `expected`.

    `expected` is the fingerprint of the file as it was loaded (None for a new
    file). When the file on disk is no longer that, `SaveConflict` is raised
    and nothing is written. Returns False when the file already holds `text`.
    `in_workspace`: `path` is in a workspace's `connectors/`, whose lock is taken.
    A file anywhere else (`fmt` of a file outside `connectors/`) is written with
    the same check but no lock: the lock is its workspace's, and taking one two
    levels up would create `.acwizard/` above the workspace.
    """
    with workspace_lock(workspace_root(path)) if in_workspace else contextlib.nullcontext():
        _refuse_linked_directory(path.parent)
        if in_workspace:
            remove_stale_temporaries(path.parent)
        on_disk = current_fingerprint(path)
        if on_disk != expected:
            raise SaveConflict(f"{path} changed on disk since it was loaded")
        if on_disk == fingerprint(text):
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text, create_only=expected is None)
        return True


def save_connector(path: Path, connector: AppConnector, expected: str | None) -> bool:
    """Write `connector` to `path` in canonical form; False when nothing changed.

    Raises `SaveConflict` when the file changed on disk since it was loaded.
    """
    return replace_file(path, dump_connector(connector), expected)


def delete_connector(path: Path, expected: str | None) -> None:
    """Remove a connector file, unless it changed on disk since it was loaded."""
    with workspace_lock(workspace_root(path)):
        _refuse_linked_directory(path.parent)
        remove_stale_temporaries(path.parent)
        if current_fingerprint(path) != expected:
            raise SaveConflict(f"{path.name} changed on disk since it was loaded; not deleted")
        path.unlink()
        fsync_directory(path.parent)


def create_connector_file(root: Path, connector: AppConnector) -> Path:
    """Save a new connector under a fresh id derived from its description."""
    directory = connectors_dir(root)
    _refuse_linked_directory(directory)
    directory.mkdir(parents=True, exist_ok=True)
    text = dump_connector(connector)
    with workspace_lock(root):
        _refuse_linked_directory(directory)  # a link put there since: still never followed
        remove_stale_temporaries(directory)
        for candidate in free_ids(root, connector.description):
            path = directory / f"{candidate}.toml"
            try:
                atomic_write(path, text, create_only=True)
            except FileExistsError:
                continue
            return path
    raise RuntimeError("no free connector id")  # pragma: no cover
