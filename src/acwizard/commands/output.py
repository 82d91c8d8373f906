"""The one writer of the command line: every verb prints through `out` (and `Progress`),
or `out_bytes` for a file format written byte for byte.

File names, ids, comments and git's messages are user input; whatever a
renderer builds from them reaches the terminal, a file or a CI log only
through here, as inert text in the stream's own encoding.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from acwizard.text import encodable, terminal_text


def out(text: str = "", *, error: bool = False, end: str = "\n", keep: str = "") -> None:
    """Print `text` to stdout (stderr with `error`) as inert text: every verb prints through here.

    No escape sequence, C1 control or bidi character reaches the terminal raw
    (see `terminal_text`). Newlines and tabs of multi-line output pass, and
    ordinary text is printed byte for byte. Markdown renderers pass
    `keep=markdown.WORD_JOINER` for the joiners they add. What the stream's
    encoding cannot carry (cp1252 on a Windows runner writing to a file,
    PYTHONIOENCODING=ascii) is written as an escape (`\\xe9`), never an error.
    """
    stream = sys.stderr if error else sys.stdout
    shown = encodable(terminal_text(text, keep), getattr(stream, "encoding", None))
    print(shown, end=end, file=stream)


def out_bytes(data: bytes) -> None:
    """Write a file format to stdout byte for byte: `expiring --format csv` (UTF-8 with the
    byte-order mark Excel needs) and `--format ics` (CRLF lines). `out` would show the
    mark as an escape and re-encode the rest; the renderers made every user text in
    these bytes inert already (`expiry.inert_cell`, `text.escaped`)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


PROGRESS_AFTER = 0.5
"""Seconds of checking before the progress display appears (a quick run shows none)."""


class Progress:
    """`checked 120 of 5000` on stderr, rewritten in place, once checking takes a moment."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.monotonic()
        self.shown = False
        self.live = self.stream.isatty()

    def update(self, done: int) -> None:
        """`done` connectors are checked."""
        if not self.live or time.monotonic() - self.started < PROGRESS_AFTER:
            return
        self.stream.write(f"\rchecked {done} of {self.total}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """Clear the line, if anything was shown."""
        if self.shown:
            self.stream.write("\r" + " " * (20 + 2 * len(str(self.total))) + "\r")
            self.stream.flush()
