"""Where things are in a workspace: its parts, and the listing of its connector files.

A workspace is a directory (usually a git repository) holding
`connectors/<id>.toml`, an optional `catalog.toml`, an optional
`acwizard.toml`, and acwizard's own `.acwizard/`.
"""

from __future__ import annotations

import os
from pathlib import Path

from acwizard.files.reading import problem_at
from acwizard.problems import Problem

CONNECTORS_DIR = "connectors"
"""Where connector files live inside a workspace."""


SETTINGS_FILE = "acwizard.toml"
"""Workspace settings: environment id, AFAS Online or not."""


CATALOG_FILE = "catalog.toml"
"""The environment's own catalog of connectors and user groups."""


STATE_DIR = ".acwizard"
"""acwizard's own files in a workspace (lock, drafts); it ignores itself in git."""


def connectors_dir(root: Path) -> Path:
    """The directory holding a workspace's connector files."""
    return root / CONNECTORS_DIR


def workspace_root(path: Path) -> Path:
    """The workspace a connector file belongs to: the parent of `connectors/`."""
    return path.parent.parent


LINKED_DIRECTORY = "is a symbolic link, not a directory"
"""Why a `connectors` that is a link is neither listed nor written in (as at a git revision)."""


def list_connector_files(root: Path) -> tuple[list[Path], list[Problem]]:
    """The connector files of a workspace, sorted, and a problem if the directory is unreadable.

    Hidden and temporary files are skipped. A workspace without `connectors/`
    simply has no connectors yet. A `connectors` that is a symbolic link is
    refused, not listed: a repository could point it anywhere (`../victim`),
    and `fmt`, `migrate` and the TUI would then rewrite and delete files there.
    """
    directory = connectors_dir(root)
    try:
        if os.path.islink(directory):
            return [], [problem_at(directory, 1, LINKED_DIRECTORY)]
        names = sorted(os.listdir(directory))
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [problem_at(directory, 1, f"cannot be read: {exc.strerror or exc}")]
    paths = [
        directory / name for name in names if name.endswith(".toml") and not name.startswith(".")
    ]
    return paths, []


def connector_files(root: Path) -> list[Path]:
    """The connector files of a workspace, sorted; hidden and temporary files are skipped."""
    return list_connector_files(root)[0]
