"""acwizard's own directory in a workspace, `.acwizard/`: the lock, and a `.gitignore`.

It ignores itself in git, so a workspace needs no line in its own
`.gitignore`; a repository may hold links there, which are refused.
"""

from __future__ import annotations

import contextlib
import errno
from pathlib import Path

from acwizard.files.layout import STATE_DIR
from acwizard.files.reading import NotRegularFile, read_regular_file
from acwizard.files.writing import atomic_write, refuse_link


def state_dir(root: Path) -> Path:
    """acwizard's own directory in a workspace, created on first use, ignored by git.

    A repository may hold `.acwizard`, `.acwizard/.gitignore` or `.acwizard/lock`
    as symbolic links pointing anywhere; acwizard refuses them (OSError) instead
    of creating files at the links' targets.
    """
    directory = root / STATE_DIR
    refuse_link(directory, STATE_DIR)
    with contextlib.suppress(FileExistsError):
        directory.mkdir()
    refuse_link(directory, STATE_DIR)  # a link put there since: still never followed
    if not directory.is_dir():
        raise OSError(errno.ENOTDIR, f"{STATE_DIR} is not a directory")
    _ignore_itself(directory)
    return directory


STATE_GITIGNORE = "# acwizard's lock: never commit it\n*\n"
"""What `.acwizard/.gitignore` holds: git ignores the directory, this file included."""


def _ignore_itself(directory: Path) -> None:
    """Make sure `.acwizard/.gitignore` ignores everything; write or repair it atomically.

    It used to be written in place: a full disk or a killed process left it
    empty, and an empty one was never written again, so git saw the lock. Now
    it is written whole or not at all, and one that ignores nothing (empty, cut
    short, emptied by hand) is written again. Lines someone added are kept as
    long as `*` is among them. A link is refused, never followed.
    """
    ignore = directory / ".gitignore"
    shown = f"{STATE_DIR}/.gitignore"
    refuse_link(ignore, shown)
    try:
        held = read_regular_file(ignore, 64 * 1024)
    except FileNotFoundError:
        held = None
    except NotRegularFile as exc:
        raise OSError(errno.EEXIST, f"{shown} {exc.message}") from None
    if held is not None and any(line.strip() == b"*" for line in held.splitlines()):
        return
    atomic_write(ignore, STATE_GITIGNORE)  # os.replace swaps a link put there, never follows it
