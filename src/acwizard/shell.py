"""Shell words built from pieces: literal text, quoted so that it stays text, and variables.

The commands `acwizard urls` prints are pasted into a shell, and parts of them come
from files anyone can change in a pull request (a base URL in acwizard.toml, a
redirect URL). A literal piece is therefore never interpreted: no `$( )`, backtick,
`!` (bash's history expansion), quote or space in it can do anything but be itself.
A variable piece (`$AFAS_CLIENT_SECRET`) is the one thing the shell expands, so a
secret stays in the admin's environment and never appears on screen or in a file.

`word([...])` gives one word: double-quoted when every literal piece is plain (the
readable form, `"Authorization: Bearer $AFAS_ACCESS_TOKEN"`), otherwise literal
pieces in single quotes joined to double-quoted variables. This module never
imports Textual.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass

_BARE = re.compile(r"[A-Za-z0-9_@%+=:,./-]+")
"""Literal text the shell takes as it is, without quotes (shlex's safe set)."""
_DOUBLE_QUOTE_SAFE = re.compile(r"[ -~]*")
"""Printable ASCII; `$`, backtick, backslash and `!` are refused separately."""
_SPECIAL_IN_DOUBLE_QUOTES = frozenset('$`\\!"')
_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")
_NAME_CHARACTER = re.compile(r"[A-Za-z0-9_]")


@dataclass(frozen=True, slots=True)
class Var:
    """A shell variable the admin sets (`AFAS_TOKEN`): expanded by the shell, never by us."""

    name: str

    def __post_init__(self) -> None:
        if not _NAME.fullmatch(self.name):
            raise ValueError(f"not a shell variable name: {self.name!r}")


Piece = str | Var


def word(pieces: Sequence[Piece]) -> str:
    """One shell word made of `pieces`: literal text stays text, variables expand."""
    if not pieces:
        return "''"
    literals = [piece for piece in pieces if isinstance(piece, str)]
    if all(_plain_for_double_quotes(text) for text in literals):
        return _double_quoted(pieces)
    parts: list[str] = []
    for piece in pieces:
        if isinstance(piece, Var):
            parts.append(f'"${{{piece.name}}}"')
        elif piece:
            parts.append(piece if _BARE.fullmatch(piece) else shlex.quote(piece))
    return "".join(parts)


def literal(text: str) -> str:
    """`text` as one shell word that is exactly `text` (quoted when it must be)."""
    return word([text])


def _plain_for_double_quotes(text: str) -> bool:
    """True when `text` means itself inside double quotes once `"` is escaped."""
    return bool(_DOUBLE_QUOTE_SAFE.fullmatch(text)) and not any(
        ch in _SPECIAL_IN_DOUBLE_QUOTES and ch != '"' for ch in text
    )


def _double_quoted(pieces: Sequence[Piece]) -> str:
    """The pieces as one double-quoted word: `"Authorization: Bearer $AFAS_ACCESS_TOKEN"`."""
    if all(isinstance(piece, str) and _BARE.fullmatch(piece) for piece in pieces):
        return "".join(piece for piece in pieces if isinstance(piece, str))
    shown: list[str] = []
    for index, piece in enumerate(pieces):
        if isinstance(piece, str):
            shown.append(piece.replace('"', '\\"'))
            continue
        following = pieces[index + 1] if index + 1 < len(pieces) else ""
        joined = isinstance(following, str) and _NAME_CHARACTER.match(following[:1])
        shown.append(f"${{{piece.name}}}" if joined else f"${piece.name}")
    return '"' + "".join(shown) + '"'
