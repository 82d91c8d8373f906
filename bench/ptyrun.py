"""Time a terminal app from spawn until its first screen shows, on a real pseudo-terminal.

The child gets an 80x24 pty with TERM=xterm-256color, as over SSH. The clock
starts just before `fork` and stops when every marker text has appeared in
what the app wrote to the terminal (ANSI escape sequences removed), i.e. when
the first screen has been painted with its rows and footer keys: the moment
a user can press a key and see it handled. The child is then terminated.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Sequence

ANSI = re.compile(
    rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|P[^\x1b]*\x1b\\|[@-Z\\-_])"
)
"""CSI, OSC, DCS and two-character escape sequences."""


class StartTimeout(RuntimeError):
    """The app did not show its markers in time."""


def time_to_markers(
    argv: Sequence[str],
    markers: Sequence[str],
    *,
    cwd: str | None = None,
    env: dict[str, str] | None = None,
    size: tuple[int, int] = (80, 24),
    timeout: float = 30.0,
    stop_signal: int = signal.SIGTERM,
    usage: dict[str, int] | None = None,
) -> float:
    """Seconds from spawning `argv` on a pty until all `markers` were painted.

    With `usage`, its "maxrss" is set to the child's peak resident memory in bytes
    when the markers showed (`VmHWM`: wait4's ru_maxrss would report the larger
    memory of this process, which Linux carries over a fork and exec).
    """
    environment = dict(os.environ if env is None else env)
    environment["TERM"] = "xterm-256color"
    environment["COLUMNS"], environment["LINES"] = str(size[0]), str(size[1])
    for name in ("NO_COLOR", "TEXTUAL", "TEXTUAL_DRIVER", "TEXTUAL_FPS"):
        environment.pop(name, None)
    wanted = [marker.encode("utf-8") for marker in markers]
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: exec the app on the pty
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
            if cwd:
                os.chdir(cwd)
            os.execvpe(argv[0], list(argv), environment)
        finally:
            os._exit(127)
    # The parent sets the size too, in case the child had not yet when it queries it.
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    raw = bytearray()
    elapsed = None
    try:
        deadline = start + timeout
        while elapsed is None:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                break
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            raw += chunk
            text = ANSI.sub(b"", bytes(raw))
            if all(marker in text for marker in wanted):
                elapsed = time.perf_counter() - start
                if usage is not None:
                    usage["maxrss"] = peak_memory(pid)
    finally:
        _stop(pid, fd, stop_signal)
    if elapsed is None:
        shown = ANSI.sub(b"", bytes(raw)).decode("utf-8", "replace")[-600:]
        raise StartTimeout(
            f"{' '.join(argv)}: no {list(markers)} after {timeout} s; saw: {shown!r}"
        )
    return elapsed


def peak_memory(pid: int) -> int:
    """The peak resident memory (VmHWM) of a running process, in bytes; 0 if unknown."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _stop(pid: int, fd: int, stop_signal: int = signal.SIGTERM) -> None:
    """Terminate the child, draining its output so it never blocks on a full pty.

    SIGTERM lets the app restore the terminal; SIGKILL stops it on the spot
    (used when what it would do next, such as importing on exit, must not count).
    """
    with _suppress():
        os.kill(pid, stop_signal)
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            with _suppress():
                os.read(fd, 65536)
    else:
        with _suppress():
            os.kill(pid, signal.SIGKILL)
        with _suppress():
            os.waitpid(pid, 0)
    with _suppress():
        os.close(fd)


class _suppress:
    """Ignore OSError (the child may be gone already)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, value: object, traceback: object) -> bool:
        return isinstance(value, OSError)
