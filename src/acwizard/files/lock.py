"""The workspace lock: two acwizard processes never write in one workspace at once.

The lock is a separate file (`.acwizard/lock`), never a data file, so that
editors and git are not disturbed.
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from pathlib import Path

from acwizard.files.layout import STATE_DIR
from acwizard.files.state import state_dir
from acwizard.files.writing import refuse_link, remove_stale_temporaries

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another acwizard process to finish writing."""


class WorkspaceBusy(OSError):
    """Another acwizard process held the workspace lock for too long."""


@contextlib.contextmanager
def workspace_lock(root: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the workspace's write lock, so two acwizard processes never interleave.

    The lock is a separate file (`.acwizard/lock`), never a data file, so that
    editors and git are not disturbed. It is filelock's (an OS lock on POSIX and
    Windows alike); filelock 3.20.3 and later open it without following a link
    (CVE-2025-68146, CVE-2026-22701), and a link there is refused here first, by
    name. The file stays after the lock is released (deleting it would let a
    third process lock a new file while a second waits on the old one), and a
    file system without OS locks is an error, never a silent "soft" lock.
    """
    from filelock import FileLock, Timeout  # only when writing: 40 ms to import

    directory = state_dir(root)
    lock = directory / "lock"
    refuse_link(lock, f"{STATE_DIR}/lock")
    held = FileLock(
        lock, timeout=timeout, mode=0o644, fallback_to_soft=False, preserve_lock_file=True
    )
    try:
        held.acquire()
    except Timeout:
        raise WorkspaceBusy(
            f"another acwizard process has been writing in {root} for more than "
            f"{timeout:.0f} s; try again"
        ) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP or lock.is_symlink():  # a link put there since
            raise OSError(
                errno.ELOOP,
                f"{STATE_DIR}/lock is a symbolic link; acwizard does not write through links",
            ) from None
        raise
    try:
        remove_stale_temporaries(directory)  # of the .gitignore, by a writer killed long ago
        yield
    finally:
        held.release()
