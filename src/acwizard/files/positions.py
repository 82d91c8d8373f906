"""Where things are in a TOML document: the line of each key and array element.

`tomllib` parses documents but forgets positions, and every problem acwizard
reports must name the line of the offending key or value. This module scans a
document that `tomllib` has already accepted and records, for every key path
(`("ip_restrictions", 1, "subnet_mask")`), the line it starts on. It also
records which lines carry a comment, so that rewriting a file never drops a
hand-written comment without saying so.

It is a scanner, not a parser: it trusts that the text is valid TOML and only
needs to follow strings, brackets and comments well enough to count lines.
"""

from __future__ import annotations

import contextlib
import re

from acwizard.files.tomltext import STRING

Path = tuple[str | int, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]*")
"""A bare key (or the bare part of a dotted one)."""
_BLANK = re.compile(r"[ \t\r]*")
_BLANK_LINES = re.compile(r"[ \t\r\n]*")
_PLAIN_VALUE = re.compile(r"[^,\]}\n#]*")
"""A value that is no string, array or table, up to what ends it."""


def _match_end(pattern: re.Pattern[str], text: str, position: int) -> int:
    """Where `pattern` stops matching `text` at `position` (these patterns match nothing too)."""
    match = pattern.match(text, position)
    return position if match is None else match.end()


class Positions:
    """Line numbers (1-based) of the key paths and comments of one document.

    The scan runs on first use: most files have no problem to place, and
    scanning every file would cost more than parsing it.
    """

    def __init__(self, text: str | None = None) -> None:
        self._text = text
        self._lines: dict[Path, int] | None = None if text is not None else {}
        self._comment_lines: list[int] | None = None if text is not None else []

    def _scanned(self) -> tuple[dict[Path, int], list[int]]:
        """Scan the text once; never raises."""
        if self._lines is None or self._comment_lines is None:
            scanner = _Scanner(self._text or "")
            # Keep what was found before the scanner lost its way. Too deep
            # a nesting never gets here through files.toml.parse_toml; callers
            # that scan other text are kept from crashing all the same.
            with contextlib.suppress(ValueError, IndexError, RecursionError):
                scanner.scan()
            self._lines, self._comment_lines = scanner.lines, scanner.comment_lines
        return self._lines, self._comment_lines

    @property
    def lines(self) -> dict[Path, int]:
        """The line on which each key, table or array element starts."""
        return self._scanned()[0]

    @property
    def comment_lines(self) -> list[int]:
        """The lines that carry a comment, in order."""
        return self._scanned()[1]

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest recorded ancestor, or 1."""
        lines = self.lines
        path = tuple(path)
        while path:
            if path in lines:
                return lines[path]
            path = path[:-1]
        return 1


class _Scanner:
    """Walks the text once, recording positions as it goes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.line = 1
        self.lines: dict[Path, int] = {}
        self.comment_lines: list[int] = []

    # -- low-level movement -------------------------------------------------

    def peek(self, offset: int = 0) -> str:
        """The character `offset` places ahead, or '' at the end."""
        j = self.i + offset
        return self.text[j] if j < len(self.text) else ""

    def advance(self, count: int = 1) -> None:
        """Move forward, counting newlines."""
        for _ in range(count):
            if self.i < len(self.text):
                if self.text[self.i] == "\n":
                    self.line += 1
                self.i += 1

    def skip_comment(self) -> None:
        """Skip a comment up to (not including) the end of the line."""
        self.comment_lines.append(self.line)
        end = self.text.find("\n", self.i)
        self.i = len(self.text) if end < 0 else end

    def skip_blank(self, newlines: bool) -> None:
        """Skip spaces and comments, and newlines too if `newlines`."""
        text = self.text
        while True:
            end = _match_end(_BLANK_LINES if newlines else _BLANK, text, self.i)
            if newlines:
                self.line += text.count("\n", self.i, end)
            self.i = end
            if end < len(text) and text[end] == "#":
                self.skip_comment()
            else:
                return

    # -- tokens ---------------------------------------------------------------

    def read_string(self) -> str:
        """Read a basic, literal or multi-line string and return its text, escapes as written.

        One match of `tomltext.STRING`, the pattern every scanner of TOML text reads
        strings with. A string without its end (in text `tomllib` refused) runs to
        the end of its line.
        """
        text, start = self.text, self.i
        match = STRING.match(text, start)
        if match is None:
            end = text.find("\n", start)
            self.i = len(text) if end < 0 else end
            return text[start + 1 : self.i]
        found = match.group()
        self.line += found.count("\n")
        self.i = match.end()
        quotes = 3 if found.startswith(('"""', "'''")) else 1
        return found[quotes:-quotes]

    def read_key(self) -> list[str]:
        """Read a possibly dotted, possibly quoted key."""
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            ch = self.peek()
            if ch in ('"', "'"):
                parts.append(self.read_string())
            else:
                start = self.i
                self.i = _match_end(_BARE_KEY, self.text, start)
                if self.i == start:
                    raise ValueError("expected a key")
                parts.append(self.text[start : self.i])
            self.skip_blank(newlines=False)
            if self.peek() == ".":
                self.advance()
                continue
            return parts

    def read_value(self, path: Path) -> None:
        """Read one value whose key path is `path`."""
        self.skip_blank(newlines=False)
        ch = self.peek()
        if ch in ('"', "'"):
            self.read_string()
        elif ch == "[":
            self.advance()
            index = 0
            while True:
                self.skip_blank(newlines=True)
                if self.peek() in ("]", ""):
                    self.advance()
                    return
                self.lines.setdefault((*path, index), self.line)
                self.read_value((*path, index))
                index += 1
                self.skip_blank(newlines=True)
                if self.peek() == ",":
                    self.advance()
        elif ch == "{":
            self.advance()
            while True:
                self.skip_blank(newlines=True)
                if self.peek() in ("}", ""):
                    self.advance()
                    return
                key = tuple(self.read_key())
                self.record(path, key)
                self.skip_blank(newlines=False)
                self.advance()  # "="
                self.read_value(path + key)
                self.skip_blank(newlines=True)
                if self.peek() == ",":
                    self.advance()
        else:  # a number, date or boolean: up to what ends it (never a line break)
            self.i = _match_end(_PLAIN_VALUE, self.text, self.i)

    def record(self, table: Path, key: Path) -> None:
        """Record `key` (maybe dotted) under `table` at this line, and the tables its dots
        make (`oauth.flows = ...` makes `oauth`), so their problems find a line too."""
        for length in range(1, len(key) + 1):
            self.lines.setdefault(table + key[:length], self.line)

    # -- document -------------------------------------------------------------

    def scan(self) -> None:
        """Scan the whole document."""
        table: Path = ()
        array_counts: dict[Path, int] = {}
        while True:
            self.skip_blank(newlines=True)
            if not self.peek():
                return
            if self.peek() == "[":
                is_array = self.peek(1) == "["
                self.advance(2 if is_array else 1)
                name = tuple(self.read_key())
                self.advance(2 if is_array else 1)
                if is_array:
                    index = array_counts.get(name, 0)
                    array_counts[name] = index + 1
                    self.lines.setdefault(name, self.line)
                    table = (*name, index)
                else:
                    table = name
                self.lines.setdefault(table, self.line)
                continue
            key = table + tuple(self.read_key())
            self.record(table, key[len(table) :])
            self.skip_blank(newlines=False)
            self.advance()  # "="
            self.read_value(key)


def scan(text: str) -> Positions:
    """Positions of the keys, elements and comments of a valid TOML `text`, found on first use.

    Never raises: on text it cannot follow, it keeps what it found so far,
    and `Positions.line_of` falls back to an ancestor's line or line 1.
    """
    return Positions(text)
