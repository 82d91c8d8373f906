"""A quick reader for the plain TOML acwizard writes, agreeing exactly with `tomllib`.

`tomllib` is written in Python and reads a character at a time: for a cold
`validate` of 5,000 connector files it is most of the time. The files
acwizard writes (and the catalogs people keep) use a small, regular part of
TOML: one `key = value` per line, texts in double quotes without escapes,
small whole numbers, `true`/`false`, arrays with one item per line, inline
tables of texts and dates (the credentials register: `issued = 2026-03-01`),
a key whose value is a one-line inline table of texts and arrays of texts (a
catalog's user group with its members), `[table]` headers and comment lines. This module reads
exactly that part, a line at a time with regular expressions, and answers
None ("ask tomllib") for anything else: any other character than printable
ASCII, an escape, a multi-line string, a dotted key, a key given twice, a
table given twice, a comment after a value, a line break other than `\\n`.

It also notes where each key, array item and comment is, as
`positions.scan` would find them, so that placing a warning needs no second
pass over the text. `tests/test_fastpath.py` compares it with `tomllib` and
`positions` on generated documents: where this module answers, it answers what
`tomllib.loads` returns, with the lines `positions.scan` finds. It never
raises and never reports a problem: a document it declines is read by
`files.toml.parse_toml` as before, with its problems at their lines.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from acwizard.files.positions import Path as PathKey
from acwizard.files.positions import Positions
from acwizard.files.reading import MAX_FILE_BYTES, read_bytes
from acwizard.files.toml import Document, parse_toml

_KEY = r'(?:[A-Za-z0-9_-]+|"[ !#-\[\]-~]*")'
"""A bare key, or a quoted key without escapes."""
_STRING = r'"[ !#-\[\]-~]*"'
"""A basic string of printable ASCII without a quote or backslash: its text is as written."""
_SCALAR = rf"{_STRING}|true|false|0|[1-9][0-9]{{0,8}}|\[\]|\["
"""A text, a boolean, a small non-negative whole number, an empty array, or an array's start."""
_TEXTS = rf"\[\]|\[{_STRING}(?:, {_STRING})*\]"
"""A one-line array of texts, as written by hand: `["SYS_BI", "SYS_BI_2"]`."""
_TABLE_PAIR = rf"[A-Za-z0-9_-]+ = (?:{_STRING}|{_TEXTS})"
_TABLE = rf"\{{ {_TABLE_PAIR}(?:, {_TABLE_PAIR})* \}}"
"""A one-line inline table of texts and arrays of texts (a user group with its members)."""
_PAIR = re.compile(rf"({_KEY}) = ({_SCALAR}|{_TABLE})")
_TABLE_ITEM = re.compile(rf"([A-Za-z0-9_-]+) = ({_STRING}|{_TEXTS})")
_TEXT_ITEM = re.compile(_STRING)
_HEADER = re.compile(r"\[([A-Za-z0-9_-]+)\]")
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
"""A local date as TOML and tomli-w write it (whether it is a real day is checked apart)."""
_INLINE_VALUE = rf"{_STRING}|{_DATE}"
_ITEM = re.compile(
    rf"    (?:({_STRING})|\{{ ((?:[A-Za-z0-9_-]+ = (?:{_INLINE_VALUE}), )*"
    rf"[A-Za-z0-9_-]+ = (?:{_INLINE_VALUE})) \}}),"
)
"""One array item on its own line as tomli-w writes it: a text, or an inline table of texts
and dates."""
_INLINE_PAIR = re.compile(rf"([A-Za-z0-9_-]+) = ({_INLINE_VALUE})")
_PRINTABLE = re.compile(r"[ -~\n]*")


def _key(written: str) -> str:
    """A key's name: quoted keys without their quotes (they have no escapes)."""
    return written[1:-1] if written.startswith('"') else written


def _scalar(written: str) -> Any:
    """The value of a text, boolean or number as `_SCALAR` matched it."""
    if written.startswith('"'):
        return written[1:-1]
    if written == "true":
        return True
    if written == "false":
        return False
    return int(written)


def loads(text: str) -> dict[str, Any] | None:
    """`tomllib.loads(text)` for the plain part of TOML described above, else None."""
    read = _read(text)
    return None if read is None else read[0]


class KnownPositions(Positions):
    """Positions found while reading plain TOML: the same as `positions.scan` finds, without
    scanning the text again (placing a warning scanned the whole file)."""

    def __init__(self, text: str, lines: dict[PathKey, int], comment_lines: list[int]) -> None:
        super().__init__(text)
        self._known = lines, comment_lines

    def _scanned(self) -> tuple[dict[PathKey, int], list[int]]:
        """What reading the text found."""
        return self._known


def _read(text: str) -> tuple[dict[str, Any], KnownPositions] | None:
    """The document and where its keys, items and comments are, or None (see `loads`)."""
    if not _PRINTABLE.fullmatch(text):
        return None
    document: dict[str, Any] = {}
    positions: dict[PathKey, int] = {}
    comments: list[int] = []
    table = document
    prefix: PathKey = ()
    lines = text.split("\n")
    count = len(lines)
    index = 0
    while index < count:
        line = lines[index]
        index += 1
        if not line:
            continue
        if line.startswith("#"):
            comments.append(index)
            continue
        pair = _PAIR.fullmatch(line)
        if pair is None:
            header = _HEADER.fullmatch(line)
            if header is None or header.group(1) in document:
                return None
            table = document[header.group(1)] = {}
            prefix = (header.group(1),)
            positions[prefix] = index
            continue
        key = _key(pair.group(1))
        if key in table:
            return None
        path = (*prefix, key)
        positions[path] = index
        value = pair.group(2)
        if value == "[]":
            table[key] = []
        elif value == "[":
            items, index = _read_array(lines, index, path, positions)
            if items is None:
                return None
            table[key] = items
        elif value.startswith("{"):
            inline = _inline_table(value, path, index, positions)
            if inline is None:
                return None
            table[key] = inline
        else:
            table[key] = _scalar(value)
    return document, KnownPositions(text, positions, comments)


def _inline_table(
    written: str, path: PathKey, index: int, positions: dict[PathKey, int]
) -> dict[str, Any] | None:
    """A one-line inline table `_TABLE` matched, or None when a key is given twice."""
    table: dict[str, Any] = {}
    for pair in _TABLE_ITEM.finditer(written):
        key, value = pair.group(1), pair.group(2)
        if key in table:
            return None
        if value.startswith("["):
            table[key] = [item[1:-1] for item in _TEXT_ITEM.findall(value)]
            for number in range(len(table[key])):
                positions[(*path, key, number)] = index
        else:
            table[key] = value[1:-1]
        positions[(*path, key)] = index
    return table


def _read_array(
    lines: list[str], index: int, path: PathKey, positions: dict[PathKey, int]
) -> tuple[list[Any] | None, int]:
    """The items of an array whose `[` ended line `index`, and the index after its `]`.

    None for the items when the array is not plain (see `loads`).
    """
    items: list[Any] = []
    count = len(lines)
    while True:
        if index >= count:
            return None, index
        line = lines[index]
        index += 1
        if line == "]":
            return items, index
        item = _ITEM.fullmatch(line)
        if item is None:
            return None, index
        positions[(*path, len(items))] = index
        if item.group(1) is not None:
            items.append(item.group(1)[1:-1])
            continue
        inline: dict[str, str | date] = {}
        for inline_pair in _INLINE_PAIR.finditer(item.group(2)):
            if inline_pair.group(1) in inline:
                return None, index
            written = inline_pair.group(2)
            if written.startswith('"'):
                inline[inline_pair.group(1)] = written[1:-1]
            else:
                try:  # 2026-02-30 is no day: tomllib refuses it, so this declines it
                    inline[inline_pair.group(1)] = date.fromisoformat(written)
                except ValueError:
                    return None, index
            positions[(*path, len(items), inline_pair.group(1))] = index
        items.append(inline)


def parse(path: Path, max_bytes: int = MAX_FILE_BYTES, raw: bytes | None = None) -> Document:
    """`files.toml.parse_toml(path, max_bytes, raw)`, quicker for plain TOML: the same document.

    Plain TOML is printable ASCII, so it has no byte-order mark, no NUL, no
    invalid UTF-8 and no deep nesting: of `parse_toml`'s checks only the
    parsing is left, and `loads` does it when it can.
    """
    if raw is None:
        raw, problems = read_bytes(path, max_bytes)
        if raw is None:
            return Document(path, problems=problems)
    if raw.isascii():
        text = raw.decode("ascii")
        read = _read(text)
        if read is not None:
            return Document(path, text, read[0], read[1])
    return parse_toml(path, max_bytes, raw)
