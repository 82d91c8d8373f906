"""The workspace lock: two acwizard processes never write in one workspace at once.

The lock is a separate file (`.acwizard/lock`), never a data file, so that
editors and git are not disturbed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterator
from pathlib import Path

from acwizard.files.layout import STATE_DIR
from acwizard.files.state import state_dir
from acwizard.files.writing import remove_stale_temporaries

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another acwizard process to finish writing."""


class WorkspaceBusy(OSError):
    """Another acwizard process held the workspace lock for too long."""


@contextlib.contextmanager
def workspace_lock(root: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the workspace's write lock, so two acwizard processes never interleave.

    The lock is a separate file (`.acwizard/lock`), never a data file, so that
    editors and git are not disturbed. Where the platform has no `fcntl`, this
    does nothing.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    directory = state_dir(root)
    lock = directory / "lock"
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP or lock.is_symlink():
            raise OSError(
                errno.ELOOP,
                f"{STATE_DIR}/lock is a symbolic link; acwizard does not write through links",
            ) from None
        raise
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WorkspaceBusy(
                        f"another acwizard process has been writing in {root} for more than "
                        f"{timeout:.0f} s; try again"
                    ) from None
                time.sleep(0.02)
        remove_stale_temporaries(directory)  # of the .gitignore, by a writer killed long ago
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
