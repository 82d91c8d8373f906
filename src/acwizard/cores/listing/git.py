"""Whether git keeps a copy of a connector file: what the delete dialog says about undoing.

Asked only when the delete dialog opens, so the list starts without running git.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Literal

GIT_TIMEOUT = 5.0
"""Seconds to wait for git when the delete dialog asks whether a file is committed."""

GitState = Literal["committed", "not committed", "no git", "unknown"]

UNDO_NOTES: dict[GitState, str] = {
    "committed": "Git keeps the last committed version.",
    "not committed": (
        "This file is not in git (it was never committed): once deleted, it is gone."
    ),
    "no git": "This workspace is not in git: the deletion cannot be undone.",
    "unknown": "git could not tell whether this file is committed: take the deletion as final.",
}
"""What the delete dialog says about getting the file back."""


def in_git_repository(path: Path) -> bool:
    """True when `path` is inside a git work tree (a `.git` in it or above it)."""
    return any((folder / ".git").exists() for folder in (path.resolve(), *path.resolve().parents))


def git_state(path: Path) -> GitState:
    """Whether git keeps a copy of `path`: committed at HEAD, not, no repository, or unknown.

    `HEAD:./name` names exactly this file (no pathspec magic), and neither
    command reads the index, so a repository's fsmonitor hook never runs.
    `rev-parse` finds the file in HEAD's tree without its blob, and nothing is
    fetched: in a partial clone a missing blob would be fetched from the
    promisor remote, over the network, with whatever command the repository's
    config names for it.
    """
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR"}
    }  # the workspace's own repository, even when started from a git hook
    environment |= {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "GIT_NO_LAZY_FETCH": "1"}

    def git(*args: str) -> int | None:
        try:
            return subprocess.run(
                ["git", "-C", str(path.parent), *args],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=GIT_TIMEOUT,
                env=environment,
                check=False,
            ).returncode
        except (OSError, subprocess.SubprocessError):
            return None

    if git("rev-parse", "--is-inside-work-tree") != 0:
        # No repository, or git missing or refusing it (an unsafe owner, say).
        return "unknown" if in_git_repository(path.parent) else "no git"
    if git("rev-parse", "--verify", "--quiet", f"HEAD:./{path.name}") == 0:
        return "committed"
    return "not committed"
