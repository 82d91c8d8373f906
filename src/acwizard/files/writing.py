"""Writing a file whole or not at all, never through a link.

Every write goes to a temporary file beside the target, is flushed and
fsynced, and replaces the target atomically; the directory is fsynced after.
A temporary file a killed writer left behind is removed once it is old.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from pathlib import Path

TEMP_MARKER = ".acwizard-tmp-"
"""Part of the name of a temporary file; such files never end in `.toml`."""


STALE_TEMPORARY_SECONDS = 15 * 60
"""A temporary file this old belongs to a writer that was killed: a live one takes seconds."""


_TEMPORARY_NAME = re.compile(r"\..+" + re.escape(TEMP_MARKER) + r"[0-9a-f]{8}", re.DOTALL)
"""The exact name `_write_temporary` gives: `.<target name>.acwizard-tmp-<8 hex digits>`."""


def fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_temporary(target: Path, data: bytes) -> Path:
    """Write `data` to a new temporary file beside `target`, flushed and fsynced."""
    temporary = target.with_name(f".{target.name}{TEMP_MARKER}{secrets.token_hex(4)}")
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return temporary


def atomic_write(target: Path, text: str, *, create_only: bool = False) -> None:
    """Replace `target` with `text` so that readers see the old file or the new, never half.

    With `create_only`, fail with FileExistsError instead of replacing an
    existing file, so that two connectors created at once never share a file.
    """
    temporary = _write_temporary(target, text.encode("utf-8"))
    try:
        if create_only:
            os.link(temporary, target)
            temporary.unlink()
        else:
            os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    fsync_directory(target.parent)


def refuse_link(path: Path, shown: str) -> None:
    """Raise when `path` is a symbolic link: acwizard never writes through one."""
    if path.is_symlink():
        raise OSError(
            errno.ELOOP, f"{shown} is a symbolic link; acwizard does not write through links"
        )


def remove_stale_temporaries(directory: Path, now: float | None = None) -> list[str]:
    """Remove the temporary files a killed writer left in `directory`; their names.

    Only what `_write_temporary` creates goes: a regular file (never a link,
    never followed) whose name is exactly `.<name>.acwizard-tmp-<8 hex>`, last
    changed more than STALE_TEMPORARY_SECONDS ago (a live writer's file is
    seconds old). Call it holding the workspace lock, so no acwizard process
    is writing one now. Anything unreadable is left alone.
    """
    now = time.time() if now is None else now
    removed: list[str] = []
    if os.path.islink(directory):
        return removed  # the files at a link's target are not ours to delete
    with contextlib.suppress(OSError), os.scandir(directory) as entries:
        for entry in entries:
            if not (entry.name.startswith(".") and _TEMPORARY_NAME.fullmatch(entry.name)):
                continue  # the test on "." first: 5,000 connector names cost nothing
            with contextlib.suppress(OSError):
                status = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(status.st_mode) and now - status.st_mtime > STALE_TEMPORARY_SECONDS:
                    os.unlink(entry.path)  # unlink never follows a link
                    removed.append(entry.name)
    return removed
