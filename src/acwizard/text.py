"""Rules for human text: what may appear in a description, and how to show it safely.

A description is the subject of the e-mail Profit sends with a one-time
password, and reviewers read it in diffs. Control characters and
bidirectional overrides would make a file display differently from what it
says, so they are refused; and whenever acwizard echoes user text in a message
it shows such characters as visible escapes instead of sending them to the
terminal.
"""

from __future__ import annotations

import codecs
import re
import string
import sys
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple, Self

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Characters that reorder how text is displayed (Trojan Source, CVE-2021-42574)."""

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
"""Unicode categories never allowed in a one-line text: controls, format, unassigned."""

HANGUL_FILLERS = frozenset("\u115f\u1160\u3164\uffa0")
"""Letters that Unicode says not to display (Default_Ignorable_Code_Point, category Lo).

Every other default-ignorable character is a format character or a mark; these
four are letters, so a category test alone lets them through. They are refused
like format characters: in a description they only ever serve to look blank.
"""

BLANK_SYMBOLS = frozenset("\u2800")
"""Symbols that render as a blank (U+2800 BRAILLE PATTERN BLANK): allowed, but not visible."""

_INVISIBLE_CATEGORY_PREFIXES = ("Z", "C", "M")
"""Separators, controls/format/unassigned, and marks: none is visible without a base letter."""


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
        if unicodedata.category(ch) in _UNSAFE_CATEGORIES or ch in HANGUL_FILLERS:
            return (
                f"contains an invisible or control character ({char_name(ch)}) at "
                f"character {position}"
            )
    return None


def is_invisible(ch: str) -> bool:
    """True when `ch` shows nothing on its own.

    That is whitespace and separators (Z*), control, format and unassigned
    characters (C*), combining marks (M*: alone they have no letter to sit
    on), the Hangul fillers and the blank Braille pattern.
    """
    return (
        ch.isspace()
        or unicodedata.category(ch).startswith(_INVISIBLE_CATEGORY_PREFIXES)
        or ch in HANGUL_FILLERS
        or ch in BLANK_SYMBOLS
    )


_BLANK_MESSAGE = "shows no visible character (only spaces, blanks, fillers or combining marks)"
"""What a text that shows nothing is told."""


def invisible_only(text: str) -> str | None:
    """Why `text` shows nothing although it is not empty, or None when something shows.

    A description is the subject of an e-mail and a name in a review; one made
    only of spaces, fillers and lone combining marks reads as empty.
    """
    if _PRINTABLE_ASCII.fullmatch(text):
        return _BLANK_MESSAGE if text and text.isspace() else None
    if text and all(is_invisible(ch) for ch in text):
        return _BLANK_MESSAGE
    return None


_LOOKALIKES = str.maketrans(
    "\ua644\u0417\u04e0\U0001d206\u0431\U0001d212\u0391\u0410\u03b1\u0430"
    "\u0392\u0412\u042c\u03f9\u0421\u03f2\u0441\u0501\u0395\u0415"
    "\u0435\u04bd\u03dc\U0001d213\u050c\u0397\u041d\u04bb\u037a\u03b9"
    "\u0456\u04cf\u1fbe\ua647\u037f\u0408\u03f3\u0458\u039a\u041a"
    "\U0001d22a\u0399\u0406\u04c0\u039c\u03fa\u041c\u039d\u039f\u041e"
    "\u03bf\u03c3\u043e\u03a1\u0420\u03c1\u03f1\u0440\u051b\U0001d216"
    "\u0433\u1d26\u0405\u0455\u03a4\u0422\u03c5\u0474\U0001d20d\u03bd"
    "\u0475\u051c\u0461\u051d\u03a7\u0425\u0445\u03a5\u03d2\u0423"
    "\u04ae\u03b3\u0443\u04af\u0396\u2800",
    "233367AAaaBBbCCccdEEeeFFGHHhiiiiiiJJjjKKLIIIMMMNOOoooPPpppqRrrSsTTuVVvvWwwXXxYYYYyyyZ ",
)
"""Cyrillic and Greek letters that look like a Latin letter or digit, and that letter.

Taken from Unicode's confusables.txt (UTS #39, version 13.0): every entry whose
source is one Cyrillic or Greek character and whose prototype is one ASCII
letter or digit (85 entries). Where the prototype is "l" for a capital that
looks like "I" (Greek Iota, Cyrillic I and Palochka) this table says "I",
because the skeleton is compared after case folding, where Latin "I" becomes
"i". The blank Braille pattern reads as a space. Look-alikes within Latin
("I"/"l", "0"/"O", "rn"/"m") and in other scripts are not covered.
"""


def first_lookalike(text: str) -> str | None:
    """Where `text` has its first character that only looks like another, as a phrase.

    Such as "character 2 is U+0430 CYRILLIC SMALL LETTER A": two descriptions
    that look the same need the difference named, or the message reads as
    nonsense.
    """
    for position, ch in enumerate(text, start=1):
        if ch.isascii():
            continue
        if ch.translate(_LOOKALIKES) != ch or unicodedata.normalize("NFKC", ch) != ch:
            return f"character {position} is {char_name(ch)}"
    return None


def skeleton(text: str) -> str:
    """What `text` looks like, for telling whether two texts read the same.

    Compatibility forms are folded (NFKC: fullwidth and mathematical letters,
    odd spaces), Cyrillic and Greek look-alikes become the Latin letter they
    resemble, format characters and fillers are dropped, runs of spaces become
    one, and case is folded. "P\u0430yroll  Sync" and "PAYROLL SYNC" have the
    same skeleton. Combining marks are kept: "Pa\u0303yroll" shows a tilde.
    """
    if _PRINTABLE_ASCII.fullmatch(text):  # nothing to fold or drop: the common case, fast
        return " ".join(text.split()).casefold()
    text = unicodedata.normalize("NFKC", text.translate(_LOOKALIKES)).translate(_LOOKALIKES)
    shown = "".join(
        ch
        for ch in text
        if not unicodedata.category(ch).startswith("C") and ch not in HANGUL_FILLERS
    )
    return " ".join(shown.split()).casefold()


def visible(text: str, limit: int | None = 80) -> str:
    """`text` with every unsafe character shown as an escape, shortened to `limit`
    (None: whole, for what a reviewer must see entire, such as a URL in an access change)."""
    if _PRINTABLE_ASCII.fullmatch(text):
        return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"
    shown = "".join(_escape(ch) if _is_unsafe(ch) else ch for ch in text)
    if limit is not None and len(shown) > limit:
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


def _is_unsafe(ch: str) -> bool:
    """True for a character a terminal or a reviewer must not receive raw (as `visible` decides)."""
    return ch in BIDI_CONTROLS or unicodedata.category(ch) in _UNSAFE_CATEGORIES


def _escape(ch: str) -> str:
    """The escape `visible` shows for one character: `\\x1b`, `\\u202e`, `\\U000e0041`.

    Eight hex digits beyond U+FFFF, as Python writes them: `\\ue0041` would read as
    U+E004 followed by a 1.
    """
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escaped(text: str) -> str:
    """`text` on one line with every unsafe character (newlines too) shown as an escape.

    Like `visible`, but never shortened: for file names and ids, which a
    reader must be able to tell apart whatever their length.
    """
    return visible(text, limit=sys.maxsize)


_SAFE_MULTILINE = re.compile(r"[ -~\t\n]*")
"""Multi-line text made only of these characters is safe for a terminal as it is."""

_UNSAFE_IN_LINES = re.compile(r"\r(?!\n)|[^ -~\t\n\r]")
"""What `terminal_text` looks at: a carriage return that ends no line, and non-ASCII."""


def terminal_text(text: str, keep: str = "") -> str:
    """`text` made safe to write to a terminal: only newlines, tabs and CRLF line ends pass raw.

    Every other control character (C0, DEL, C1 such as U+009B, the 8-bit CSI),
    bidirectional control, format character, surrogate and unassigned code
    point is shown as an escape, so no escape sequence, reordering or hidden
    text reaches the terminal, and a file name that is not UTF-8 cannot make
    `print` fail. Printable text, accents included, is left byte for byte as
    it is. Never shortened: this is the last step before the terminal.

    `keep` names format characters the caller put there itself and that must
    stay raw (the word joiners of `acwizard.reports.markdown`); user text never holds
    them raw, because it was made `visible` or `escaped` first.
    """
    if _SAFE_MULTILINE.fullmatch(text):
        return text

    def replace(match: re.Match[str]) -> str:
        ch = match.group()
        if ch in keep:
            return ch
        return _escape(ch) if ch == "\r" or _is_unsafe(ch) else ch

    return _UNSAFE_IN_LINES.sub(replace, text)


def json_text(document: str) -> str:
    """A JSON document (from `json.dumps(..., ensure_ascii=False)`) with unsafe characters escaped.

    `json.dumps` escapes C0 controls but leaves DEL, C1 controls (U+0085,
    U+009B), bidirectional controls (U+202E) and lone surrogates raw even with
    `ensure_ascii=False`. These become `\\uXXXX` escapes, which every JSON
    reader turns back into the same string; readable text, accents included,
    stays as it is, so the output of ordinary files does not change.
    """
    if _PRINTABLE_ASCII.fullmatch(document.replace("\n", "")):
        return document

    def replace(match: re.Match[str]) -> str:
        ch = match.group()
        if not _is_unsafe(ch):
            return ch
        code = ord(ch)
        if code < 0x10000:
            return f"\\u{code:04x}"
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"

    return re.sub(r"[^ -~\n]", replace, document)


def plural(word: str, count: int, many: str | None = None) -> str:
    """`word` for one, its plural for any other count: file, files; address, addresses.

    The one place messages make a plural, so "1 files" or "2 addresss" cannot
    slip into one of them. `many` spells an irregular plural (entry, entries).
    """
    if count == 1:
        return word
    if many is not None:
        return many
    return f"{word}es" if word.endswith("s") else f"{word}s"


def file_lines(text: str) -> list[str]:
    """The lines of a file as TOML and git count them, with their line ends: split at \\n only.

    `str.splitlines` also splits at U+0085, U+2028 and other separators a
    comment may hold, which would show one line of the file as two.
    """
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


# -- values in sentences ---------------------------------------------------------------


def redacted(value: str) -> str:
    """`value` with every credential the secret guard finds replaced by `[secret removed]`
    (`guard.redact`): what every value from a file or an answer goes through before it is
    shown (`quoted`, `say`, `reports.markdown`), for a value that reached git before the
    guard, or that Profit's answer holds. Whole values, never line by line: a PEM key
    continues over lines whose base64 alone is not recognisable."""
    from acwizard.guard import redact  # the guard imports this module

    return redact(value)


def quoted(value: str) -> str:
    """Free text from a file (a description, a user group) in single quotes, unforgeable.

    A quote or backslash inside is written `\\'` or `\\\\`, then every unsafe
    character is escaped as `visible` shows it, never shortened: the value runs
    from its quote to the next quote not after a backslash, whatever it holds.
    "description changed: 'a' -> 'b'" can no longer be a description of its own.
    A credential in it is shown as `[secret removed]` (`redacted`).
    """
    value = redacted(value)
    return "'" + visible(value.replace("\\", "\\\\").replace("'", "\\'"), None) + "'"


class Value(NamedTuple):
    """A value from a file inside a `Sentence`: free text (quoted) or a value without spaces."""

    text: str
    free: bool
    """True for free text (descriptions, user groups), which may hold spaces and quotes:
    shown `quoted`. False for ids, key ids, URLs and addresses, which the format keeps
    free of spaces and quotes: shown as they are (escaped), ending at the next space."""

    @property
    def shown(self) -> str:
        """The value as a text sentence shows it."""
        return quoted(self.text) if self.free else visible(self.text, None)


class Sentence(str):
    """A sentence (an access change, a finding) that knows which of its parts are values.

    As a `str` it is the text form, each value shown by `Value.shown`; Markdown
    (`acwizard.reports.markdown.prose`) shows each value as a code span, copied exactly.
    Made by `say`.
    """

    parts: tuple[str | Value, ...]

    def __new__(cls, parts: Iterable[str | Value]) -> Self:
        parts = tuple(parts)
        made = super().__new__(
            cls, "".join(part.shown if isinstance(part, Value) else part for part in parts)
        )
        made.parts = parts
        return made

    def __reduce__(self) -> tuple[type[Sentence], tuple[tuple[str | Value, ...]]]:
        """Pickled with its parts (a second process sends findings back)."""
        return (Sentence, (self.parts,))


_FORMATTER = string.Formatter()


def say(template: str, /, **values: object) -> Sentence:
    """A `Sentence` from `template`, whose fields name values from a file or program words.

    `{name!q}` is free text from a file (a description, a user group): quoted in
    text. `{name!v}` is a value from a file without spaces (an id, a URL, an
    address); a list of them is joined with ", ". `{name}` is the program's own
    word or number, shown as it is; a `Sentence` there keeps its own values. In
    Markdown every `!q` and `!v` value is a code span. A credential in a value is kept
    as `[secret removed]` (`redacted`), before any escaping.
    """
    parts: list[str | Value] = []
    for literal, name, _, conversion in _FORMATTER.parse(template):
        parts.append(literal)
        if name is None:
            continue
        value = values[name]
        if conversion in ("q", "v"):
            items = value if isinstance(value, list | tuple) else [value]
            for index, item in enumerate(items):
                parts += [", "] if index else []
                parts.append(Value(redacted(str(item)), free=conversion == "q"))
        elif isinstance(value, Sentence):
            parts += value.parts
        else:
            parts.append(str(value))
    return Sentence(part for part in parts if part != "")


# -- the output encoding ---------------------------------------------------------------


def _escape_unencodable(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: the characters an encoding cannot carry, as `_escape` shows them."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(_escape(ch) for ch in error.object[error.start : error.end]), error.end


codecs.register_error("acwizard-escape", _escape_unencodable)

_UTF = frozenset({"utf-8", "utf-16", "utf-32", "utf-8-sig"})


def encodable(text: str, encoding: str | None) -> str:
    """`text` with every character that `encoding` cannot carry shown as an escape.

    A Windows CI runner writing to a file (cp1252), or PYTHONIOENCODING=ascii,
    cannot carry an accent or a CJK description: printing it raised
    UnicodeEncodeError, a traceback instead of the verb's answer. What the
    encoding carries is left as it is; the rest is `\\xe9`, `\\u4e2d`, as
    `visible` shows unsafe characters. An unknown encoding counts as ASCII.
    """
    if not encoding or text.isascii():
        return text
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        name = "ascii"
    if name in _UTF:
        return text
    try:
        return text.encode(name, "acwizard-escape").decode(name)
    except UnicodeError:  # a codec that cannot decode what it encoded: ASCII is safe
        return text.encode("ascii", "acwizard-escape").decode("ascii")
