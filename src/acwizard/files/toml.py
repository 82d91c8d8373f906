"""A TOML file read and parsed, or the problems that stopped it, each at its line.

Every TOML file acwizard reads goes through `parse_toml` (connector files,
catalogs, settings; files from git revisions pass their bytes), so that what
would crash the parser or what follows it (too deep a nesting, a number too
long for Python) is a problem at its line, never an exception.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from acwizard.files.positions import Positions, scan
from acwizard.files.reading import MAX_FILE_BYTES, problem_at, read_text
from acwizard.files.tomltext import BASIC, COMMENT, LITERAL, MULTI_LINE_BASIC, MULTI_LINE_LITERAL
from acwizard.problems import Problem, dotted

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)")


@dataclass
class Document:
    """A TOML file that was read and parsed, or the problems that stopped it."""

    path: Path
    text: str | None = None
    data: dict[str, Any] | None = None
    positions: Positions = field(default_factory=Positions)
    problems: list[Problem] = field(default_factory=list)


def parse_toml(path: Path, max_bytes: int = MAX_FILE_BYTES, raw: bytes | None = None) -> Document:
    """Read and parse a TOML file (or its bytes, `raw`); syntax errors become problems.

    Every TOML file acwizard reads goes through here (connector files,
    catalogs, settings; files from git revisions and drafts pass their bytes
    as `raw`), so that what would crash the parser or what follows it (too
    deep a nesting) is a problem at its line, never an exception.
    """
    document = Document(path)
    document.text, document.problems = read_text(path, max_bytes, raw)
    if document.text is None:
        return document
    too_deep = nesting_problem(path, document.text)
    if too_deep is not None:
        document.problems.append(too_deep)
        return document
    try:
        document.data = tomllib.loads(document.text)
    except tomllib.TOMLDecodeError as exc:
        document.problems.append(_toml_syntax_problem(path, document.text, str(exc)))
        return document
    except ValueError:
        # The parser hands a decimal integer to int(), which refuses more than
        # sys.get_int_max_str_digits() digits (4300) with a plain ValueError.
        document.problems.append(_long_number_problem(path, document.text))
        return document
    document.positions = scan(document.text)
    too_large = _integer_out_of_range(document.data)
    if too_large is not None:
        document.data = None
        document.problems.append(
            problem_at(
                path,
                document.positions.line_of(too_large),
                f"invalid TOML: {dotted(too_large)} is a number out of range: TOML integers "
                f"are 64-bit, from {INT64_MIN} to {INT64_MAX}",
            )
        )
    return document


INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
"""The range of a TOML integer; Python's parser reads any size (0x and 4,000 f's)."""


def _integer_out_of_range(data: dict[str, Any]) -> tuple[str | int, ...] | None:
    """The key path of the first integer outside TOML's 64-bit range in `data`, or None.

    Such a number is invalid TOML, and larger than 4300 digits it cannot even
    be written out as text (str() raises ValueError), which every message that
    shows a wrong value does.
    """
    pending: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, dict):
            pending.extend(((*path, key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            pending.extend(
                ((*path, index), item) for index, item in reversed(list(enumerate(value)))
            )
        elif type(value) is int and not INT64_MIN <= value <= INT64_MAX:
            return path
    return None


_DIGIT_RUN = re.compile(r"[0-9_]+")
"""A run of digits (TOML allows 1_000): one match per run, so finding a long one is linear."""


def _long_number_problem(path: Path, text: str) -> Problem:
    """The error for an integer too long for Python to read, at the line of the first one."""
    limit = sys.get_int_max_str_digits()
    line = 1
    for match in _DIGIT_RUN.finditer(text):
        if len(match.group()) - match.group().count("_") > limit:
            line = text.count("\n", 0, match.start()) + 1
            break
    return problem_at(
        path,
        line,
        f"invalid TOML: a number has more than {limit} digits: TOML integers are 64-bit, "
        f"from {INT64_MIN} to {INT64_MAX}",
    )


def _toml_syntax_problem(path: Path, text: str, message: str) -> Problem:
    """A TOML syntax error as a problem at its line, in plainer words."""
    match = _TOML_POSITION.search(message)
    if match and match.group(1):
        line, column = int(match.group(1)), int(match.group(2))
    else:
        line, column = text.count("\n") + 1, 0
    reason = _TOML_POSITION.sub("", message).strip().rstrip(".")
    if reason.startswith(("Cannot overwrite a value", "Cannot declare")):
        reason = "this key is already set earlier in the file (duplicate key)"
    else:
        reason = reason[:1].lower() + reason[1:]
    where = f" (column {column})" if column else ""
    return problem_at(path, line, f"invalid TOML: {reason}{where}")


# -- nesting, checked before the parser ------------------------------------------


MAX_NESTING = 32
"""Deepest nesting of arrays, inline tables, tables and dotted keys that is read.

A connector file nests 3 levels deep, a catalog 2. Python's TOML parser (and
pydantic, tomli-w and the position scanner after it) recurse once per level:
600 nested arrays in a 1 KB file would end in a RecursionError.
"""

_NESTING_TOKENS = re.compile(
    "|".join(
        (
            MULTI_LINE_BASIC,
            MULTI_LINE_LITERAL,
            r'"""',  # an unterminated multi-line basic string
            r"'''",  # an unterminated multi-line literal string
            BASIC,
            LITERAL,
            r"[\"']",  # an unterminated string
            COMMENT,
            r"[\[\]{}=,.\n]",  # what opens, closes or separates
        )
    ),
    re.DOTALL,
)
"""What matters to nesting depth in TOML text; everything between these is skipped."""

_UNTERMINATED = frozenset({'"', "'", '"""', "'''"})
"""The tokens of `_NESTING_TOKENS` that are a string's start without its end."""

_NOT_STRUCTURE = re.compile(
    "|".join(
        (
            MULTI_LINE_BASIC,
            MULTI_LINE_LITERAL,
            r'"""[\s\S]*',  # an unterminated multi-line basic string, and all after it
            r"'''[\s\S]*",  # an unterminated multi-line literal string, and all after it
            BASIC,
            LITERAL,
            r"[\"'][\s\S]*",  # an unterminated string, and all after it
            COMMENT,
        )
    ),
    re.DOTALL,
)
"""The strings and comments of TOML text, whose brackets and dots are no nesting.

The alternatives are `_NESTING_TOKENS`'s, in its order, so both read a string
or comment at the same places; where that scan stops at an unterminated string,
this one takes the rest of the text. Without that, `sub` tried to read a string
again from every quote after an unterminated one, each time to the end of the
line: a line of `\\"` repeated was quadratic (60 KB took half a minute).
"""

_BRACKETS = re.compile(r"[\[\]{}]")


def nesting_problem(path: Path, text: str, limit: int = MAX_NESTING) -> Problem | None:
    """An error at the line where `text` nests deeper than `limit` levels, or None.

    Counts, outside strings and comments, what makes the parsed document one
    level deeper: an open array or inline table, each dot of a dotted key,
    each part of a table header (and an array of tables). A linear scan, run
    before the parser, which would recurse once per level. It stops, finding
    nothing, at an unterminated string: the parser stops there with a syntax
    error too.
    """
    if _nesting_bound(text) <= limit:
        return None
    nesting = _Nesting(text)
    deepest, first_line = 0, 0
    for match in _NESTING_TOKENS.finditer(text):
        if match.group() in _UNTERMINATED:
            break  # the parser reports a syntax error here
        depth = nesting.depth_at(match)
        if depth is not None and depth > deepest:
            deepest = depth
            if depth > limit and not first_line:
                first_line = nesting.line
    if not first_line:
        return None
    return problem_at(
        path,
        first_line,
        f"is nested {deepest} levels deep (arrays, tables and dotted keys); "
        f"acwizard reads at most {limit} levels",
    )


class _Frame:
    """An open array or inline table, and the levels its current dotted key adds."""

    __slots__ = ("kind", "levels")

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.levels = 0


class _Nesting:
    """The nesting depth at each token of TOML text, as `nesting_problem` counts it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line = 1
        self.line_start = 0
        self.frames: list[_Frame] = []
        self.nested = 0
        """Levels of the open brackets and of the dotted keys inside them."""
        self.header = 0
        """Levels of the current [table] header."""
        self.top_key = 0
        """Levels of the current top-level dotted key."""
        self.in_key = True
        """Between the start of a key and its "="."""
        self.dots = 0
        """Dots seen in the current key."""
        self.in_header = False
        self.header_start = -2
        """Where the current header's "[" is."""

    def depth_at(self, match: re.Match[str]) -> int | None:
        """The depth the document reaches at this token; None when it reaches none."""
        kind = match.group()[0]
        if kind == "\n":
            self._newline(match.end())
        elif kind in "\"'":
            self._string(match)
        elif kind == "#":
            pass
        elif self.in_header:
            return self._in_header(kind, match.start())
        elif kind == "." and self.in_key:
            # Counted now, not only at its "=": the parser builds a dotted key
            # in time quadratic in its parts, so a key of 100,000 parts with no
            # "=" (a syntax error the parser reaches only at the end) took minutes.
            self.dots += 1
            return self.header + self.top_key + self.nested + self.dots
        elif kind == "[" and self._starts_header(match.start()):
            self.in_header, self.header, self.header_start = True, 1, match.start()
            self.top_key = 0
            return self.header
        elif kind in "[{":
            return self._open(kind)
        elif kind in "]}":
            self._close()
        elif kind == "=":
            return self._equals()
        elif kind == ",":
            self._comma()
        return None

    def _newline(self, end: int) -> None:
        """A line ends: so does a header, and a top-level key not inside brackets."""
        self.line += 1
        self.line_start = end
        self.in_header = False
        if not self.frames:
            self.in_key, self.dots, self.top_key = True, 0, 0

    def _string(self, match: re.Match[str]) -> None:
        """A whole string: only the lines it spans count."""
        token = match.group()
        if "\n" in token:
            self.line += token.count("\n")
            self.line_start = match.start() + token.rindex("\n") + 1

    def _in_header(self, kind: str, start: int) -> int:
        """A token inside a [table] or [[array of tables]] header."""
        if kind == ".":
            self.header += 1
        elif kind == "]":
            self.in_header = False
            self.in_key = False
        elif kind == "[" and start == self.header_start + 1:
            self.header += 1  # [[array of tables]]
        return self.header

    def _starts_header(self, start: int) -> bool:
        """True for a "[" that opens a table header: first on its line, outside brackets."""
        return not self.frames and self.in_key and not self.text[self.line_start : start].strip()

    def _open(self, kind: str) -> int:
        """An array or inline table opens: one level deeper."""
        self.frames.append(_Frame(kind))
        self.nested += 1
        self.in_key, self.dots = kind == "{", 0
        return self.header + self.top_key + self.nested

    def _close(self) -> None:
        """An array or inline table closes, with the dotted key inside it."""
        if self.frames:
            self.nested -= 1 + self.frames.pop().levels
        self.in_key = False

    def _equals(self) -> int:
        """A key's "=": its dots are levels from here on."""
        if self.in_key:
            if self.frames:  # a.b.c = ... inside an inline table: two tables deeper
                self.frames[-1].levels = self.dots
                self.nested += self.dots
            else:
                self.top_key = self.dots
            self.in_key = False
        return self.header + self.top_key + self.nested

    def _comma(self) -> None:
        """A "," in an inline table starts its next key."""
        if self.frames and self.frames[-1].kind == "{":
            self.nested -= self.frames[-1].levels
            self.frames[-1].levels = 0
            self.in_key, self.dots = True, 0


def _nesting_bound(text: str) -> int:
    """A depth `text` cannot exceed, found at C speed: most files need no closer look.

    Without strings and comments, the deepest run of open brackets, plus every
    dot (each dotted key's and header's), plus 2 (an `[[array of tables]]`
    header), bounds what `nesting_problem` counts. That scan stops at the
    first unterminated string, and this one drops everything from there on:
    both read strings and comments alike up to that point, so the bound holds,
    and no part of the text is read twice (linear on any input).
    """
    quick = text.count("[") + text.count("{") + text.count(".") + 2
    if quick <= MAX_NESTING:
        return quick  # fewer brackets and dots than that in all: the usual file
    bare = _NOT_STRUCTURE.sub("", text)
    depth = deepest = 0
    for bracket in _BRACKETS.findall(bare):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    return deepest + bare.count(".") + 2
