"""The one way acwizard runs git: the workspace's own repository, no prompt, a time limit.

`acwizard diff` reads revisions (`run_git`, `read_blobs`), and the list's delete
dialog asks whether a file is committed (`committed_state`). Both run git with
an environment cleaned of what a git hook sets (`GIT_DIR`, `GIT_INDEX_FILE`...:
a hook's variables would point git at another repository or index), without
a terminal prompt and without optional locks, and with a time limit on every
command that answers at once. What git says when it fails is kept, inert.
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Literal

from acwizard.files.reading import MAX_FILE_BYTES
from acwizard.text import visible

GIT_TIMEOUT = 120.0
"""Seconds a git command that answers at once (rev-parse, ls-tree) may take: a hung git,
or one waiting on a network mount, must not hang a CI job for ever."""
STATE_TIMEOUT = 5.0
"""Seconds to wait for git when the delete dialog asks whether a file is committed."""
_HOOK_VARIABLES = frozenset({"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR"})
"""What a git hook sets that would point git at another repository than the workspace's."""
_HEADER_LIMIT = 512
"""No answer header of `git cat-file --batch` is near this long (id, type, size)."""
_SKIP_CHUNK = 1024 * 1024
"""Bytes read at a time when skipping a blob that is too large to check."""
_LOST = "git's answers could not be followed"
"""What `_read_one` says when git's output is short or garbled: stop reading it."""


class GitError(Exception):
    """git could not be run, did not answer in time, or refused; the message says why."""


def git_environment(*, offline: bool = False) -> dict[str, str]:
    """The environment git runs in: the workspace's own repository, even from a git hook.

    `offline`: a missing blob is not fetched (a partial clone would fetch it from the
    promisor remote, over the network, with whatever command the repository names).
    """
    environment = {name: value for name, value in os.environ.items() if name not in _HOOK_VARIABLES}
    environment |= {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    if offline:
        environment["GIT_NO_LAZY_FETCH"] = "1"
    return environment


def run_git(root: Path, *args: str, timeout: float | None = None, offline: bool = False) -> bytes:
    """Run git in `root`; its output. A failure is a GitError with git's own last words.

    `timeout`: seconds, `GIT_TIMEOUT` by default.
    """
    timeout = GIT_TIMEOUT if timeout is None else timeout
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            env=git_environment(offline=offline),
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} did not answer within {timeout:g} s") from None
    except OSError as exc:
        raise GitError(f"git cannot be run: {exc.strerror or exc}") from None
    if result.returncode:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(visible(message[-1], 200) if message else f"git {args[0]} failed")
    return result.stdout


GitState = Literal["committed", "not committed", "no git", "unknown"]
"""Whether git keeps a copy of a file: what the delete dialog says about undoing."""


def committed_state(path: Path) -> GitState:
    """Whether git keeps a copy of `path`: committed at HEAD, not, no repository, or unknown.

    `HEAD:./name` names exactly this file (no pathspec magic), and neither
    command reads the index, so a repository's fsmonitor hook never runs.
    `rev-parse` finds the file in HEAD's tree without its blob, and nothing is
    fetched (`offline`).
    """

    def succeeds(*args: str) -> bool:
        try:
            run_git(path.parent, *args, timeout=STATE_TIMEOUT, offline=True)
        except GitError:
            return False
        return True

    if not succeeds("rev-parse", "--is-inside-work-tree"):
        # No repository, or git missing or refusing it (an unsafe owner, say).
        return "unknown" if in_git_repository(path.parent) else "no git"
    if succeeds("rev-parse", "--verify", "--quiet", f"HEAD:./{path.name}"):
        return "committed"
    return "not committed"


def in_git_repository(path: Path) -> bool:
    """True when `path` is inside a git work tree (a `.git` in it or above it)."""
    return any((folder / ".git").exists() for folder in (path.resolve(), *path.resolve().parents))


# -- reading blobs ---------------------------------------------------------------------


def _feed(stream: IO[bytes], data: bytes) -> None:
    """Write `data` to a process and close its input; a process that quit early is no error."""
    try:
        stream.write(data)
        stream.close()
    except OSError:
        pass


def _skip(stream: IO[bytes], count: int) -> bool:
    """Read and drop `count` bytes; False when the stream ended first."""
    while count > 0:
        chunk = stream.read(min(count, _SKIP_CHUNK))
        if not chunk:
            return False
        count -= len(chunk)
    return True


def _too_large() -> str:
    """The words `files.reading.read_bytes` uses for a file over the size limit."""
    return f"is larger than {MAX_FILE_BYTES // 1024} KiB; is this the right file?"


def read_blobs(root: Path, oids: Sequence[str]) -> tuple[dict[str, bytes], dict[str, str]]:
    """The contents of these blobs, in one `git cat-file --batch`, and why others failed.

    Every answer is checked: a `missing` object, an object that is not a blob,
    a blob over the size limit (skipped, never held in memory), a short or
    garbled answer: each is a reason, never an exception.
    """
    blobs: dict[str, bytes] = {}
    failures: dict[str, str] = {}
    if not oids:
        return blobs, failures
    try:
        process = subprocess.Popen(
            ["git", "-C", str(root), "cat-file", "--batch", "--buffer"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=git_environment(),
        )
    except OSError as exc:
        raise GitError(f"git cannot be run: {exc.strerror or exc}") from None
    assert process.stdin is not None and process.stdout is not None
    request = "".join(f"{oid}\n" for oid in oids).encode("ascii", "replace")
    # A thread writes while this one reads: each side could fill a pipe and wait.
    writer = threading.Thread(target=_feed, args=(process.stdin, request), daemon=True)
    writer.start()
    stream = process.stdout
    done = 0
    try:
        while done < len(oids):
            reason = _read_one(stream, oids[done], blobs)
            if reason is _LOST:
                break  # the answers lost their order: nothing after this is reliable
            if reason is not None:
                failures[oids[done]] = reason
            done += 1
        for oid in oids[done:]:
            failures[oid] = "git did not give its contents"
    finally:
        if process.poll() is None:
            process.kill()
        stream.close()
        process.wait()
        writer.join()
    return blobs, failures


def _read_one(stream: IO[bytes], oid: str, blobs: dict[str, bytes]) -> str | None:
    """Read git's answer for `oid` into `blobs`; else why not (`_LOST`: the stream is lost)."""
    header = stream.readline(_HEADER_LIMIT)
    if not header.endswith(b"\n"):
        return _LOST
    parts = header.split()
    if len(parts) == 2 and parts[0] == oid.encode("ascii", "replace") and parts[1] == b"missing":
        return "is missing from the repository (git cat-file found no such object)"
    if len(parts) != 3 or parts[0] != oid.encode("ascii", "replace") or not parts[2].isdigit():
        return _LOST
    kind, size = parts[1], int(parts[2])
    if kind != b"blob" or size > MAX_FILE_BYTES:
        if not _skip(stream, size) or stream.read(1) != b"\n":
            return _LOST
        return _too_large() if kind == b"blob" else "is not a file in git's object store"
    body = stream.read(size)
    if len(body) != size or stream.read(1) != b"\n":
        return _LOST
    blobs[oid] = body
    return None
