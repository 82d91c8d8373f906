"""Rules for human text: what may appear in a description, and how to show it safely.

A description is the subject of the e-mail Profit sends with a one-time
password, and reviewers read it in diffs. Control characters and
bidirectional overrides would make a file display differently from what it
says, so they are refused; and whenever acwizard echoes user text in a message
it shows such characters as visible escapes instead of sending them to the
terminal.
"""

from __future__ import annotations

import re
import unicodedata

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Characters that reorder how text is displayed (Trojan Source, CVE-2021-42574)."""

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
"""Unicode categories never allowed in a one-line text: controls, format, unassigned."""


def char_name(ch: str) -> str:
    """A readable name for a character, such as `U+202E RIGHT-TO-LEFT OVERRIDE`."""
    name = unicodedata.name(ch, "")
    if not name and ord(ch) < 0x20:
        name = "control character"
    return f"U+{ord(ch):04X} {name}".rstrip()


_PRINTABLE_ASCII = re.compile(r"[ -~]*")
"""Text made only of these characters is always safe; checking it needs no loop."""


def unsafe_character(text: str, allow_newlines: bool = False) -> str | None:
    """Why `text` is unsafe to store or show, or None when it is fine."""
    if _PRINTABLE_ASCII.fullmatch(text):
        return None
    for position, ch in enumerate(text, start=1):
        if allow_newlines and ch in "\n\t":
            continue
        if ch in BIDI_CONTROLS:
            return (
                f"contains a bidirectional control character ({char_name(ch)}) at "
                f"character {position}; it makes text display differently from what it is"
            )
        if unicodedata.category(ch) in _UNSAFE_CATEGORIES:
            return (
                f"contains an invisible or control character ({char_name(ch)}) at "
                f"character {position}"
            )
    return None


def visible(text: str, limit: int = 80) -> str:
    """`text` with every unsafe character shown as an escape, shortened to `limit`."""
    if _PRINTABLE_ASCII.fullmatch(text):
        return text if len(text) <= limit else text[: limit - 1] + "…"
    out: list[str] = []
    for ch in text:
        if ch in BIDI_CONTROLS or unicodedata.category(ch) in _UNSAFE_CATEGORIES:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    shown = "".join(out)
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return shown


def matching(haystacks: list[str], words: list[str]) -> list[int]:
    """The indexes of the haystacks that contain every word (case-folded by the caller).

    The filters of the connector list and the picker scan thousands of entries
    per keystroke, so the common cases (no word, one word) skip `all()`.
    """
    if not words:
        return list(range(len(haystacks)))
    if len(words) == 1:
        word = words[0]
        return [index for index, hay in enumerate(haystacks) if word in hay]
    return [index for index, hay in enumerate(haystacks) if all(w in hay for w in words)]
