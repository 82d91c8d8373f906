"""Reading files that anyone may have put there: regular files only, bounded, UTF-8.

A file is opened without following a link and without blocking (a FIFO would
wait for a writer forever), checked again once open, and read no further than
its limit. What is wrong becomes a `Problem` at line 1 (or the line of a NUL
byte or a bad UTF-8 sequence), never an exception. A fingerprint of the bytes
read tells later whether the file changed since.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from acwizard.problems import Problem

MAX_FILE_BYTES = 1024 * 1024
"""Files larger than this are refused: no connector file is anywhere near it."""


MAX_CATALOG_BYTES = 32 * 1024 * 1024
"""Catalogs hold thousands of GetConnectors, so they may be larger."""


UTF8_BOM = b"\xef\xbb\xbf"
"""The byte-order mark some editors put before UTF-8 text; it is not part of the text."""


NOT_A_REGULAR_FILE = "not a regular file"
"""The fingerprint of a link, FIFO or directory: never that of a text, never None (absent)."""


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO, a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


class NotRegularFile(OSError):
    """A path names a link, directory, FIFO, socket or device: it is not opened or read."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is {kind}")
        self.kind = kind

    @property
    def message(self) -> str:
        """Why the file is refused, as a problem says it."""
        if self.kind == "a symbolic link":
            return "is a symbolic link; acwizard does not follow links"
        if self.kind == "a directory":
            return "is a directory, not a file"
        return f"is not a regular file ({self.kind}); acwizard reads only regular files"


def read_regular_file(path: Path, max_bytes: int | None = None) -> bytes:
    """The bytes of `path` (up to `max_bytes` + 1), opening nothing that is not a regular file.

    Raises `NotRegularFile` for links, directories, FIFOs, sockets and devices,
    other `OSError`s when the file cannot be read. The file is opened without
    following a link and without blocking (a FIFO would wait for a writer
    forever), and checked again once open, so a file swapped in between is
    refused too.
    """
    mode = os.lstat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, _kind(mode))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if os.path.islink(path):  # swapped for a link since lstat (ELOOP)
            raise NotRegularFile(path, "a symbolic link") from exc
        raise
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(path, _kind(status.st_mode))
        # Read what the file holds, not a buffer of max_bytes: allocating 1 MiB for
        # every 500-byte connector file was a tenth of a cold validate.
        limit = None if max_bytes is None else max_bytes + 1
        chunks: list[bytes] = []
        total = 0
        want = status.st_size + 1  # one read, and one more that finds the end
        while limit is None or total < limit:
            chunk = os.read(fd, want if limit is None else min(want, limit - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = 1024 * 1024
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes; links, directories, FIFOs, devices and files over `max_bytes` refused."""
    try:
        raw = read_regular_file(path, max_bytes)
    except NotRegularFile as exc:
        return None, [problem_at(path, 1, exc.message)]
    except OSError as exc:
        return None, [problem_at(path, 1, f"cannot be read: {exc.strerror or exc}")]
    if len(raw) > max_bytes:
        return None, [
            problem_at(path, 1, f"is larger than {max_bytes // 1024} KiB; is this the right file?")
        ]
    return raw, []


def read_text(
    path: Path, max_bytes: int = MAX_FILE_BYTES, raw: bytes | None = None
) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file, refusing links, huge files, binary junk and bad encodings.

    `raw` is the file's bytes when the caller has read them with `read_bytes` already.
    """
    if raw is None:
        raw, problems = read_bytes(path, max_bytes)
        if raw is None:
            return None, problems
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, [problem_at(path, line, "is not a text file (it contains NUL bytes)")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            problem_at(
                path,
                line,
                f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {column}); "
                "save it as UTF-8",
            )
        ]
    text = text.removeprefix("\ufeff")
    return text, []


def fingerprint(text: str | bytes | None) -> str | None:
    """A short hash of a file's content, to notice changes made by others.

    A file's bytes and its text as loaded give the same hash: the text has no UTF-8
    byte-order mark (`read_text` drops it), so neither do the bytes hashed. A file
    written with one (Windows Notepad) could never be saved: it always "changed".
    """
    if text is None:
        return None
    data = text.encode("utf-8") if isinstance(text, str) else text.removeprefix(UTF8_BOM)
    return hashlib.sha256(data).hexdigest()


def current_fingerprint(path: Path) -> str | None:
    """The fingerprint of what is on disk now at `path`, None when there is no file.

    A link, directory or FIFO is not read (a FIFO would block): its
    fingerprint matches no file as loaded, so saving over it is a conflict.
    """
    try:
        return fingerprint(read_regular_file(path))
    except FileNotFoundError:
        return None
    except NotRegularFile:
        return NOT_A_REGULAR_FILE


def problem_at(path: Path, line: int, message: str) -> Problem:
    """An error at `line` of `path`."""
    return Problem(path, line, "error", message)
