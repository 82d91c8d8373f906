"""User text in Markdown that stays text: for audit and diff output posted as PR comments.

A pull request can bring file names, ids, descriptions, user groups and
revision names chosen by anyone. Put raw into a PR comment they could add
headings, links, images, HTML (an unclosed `<!--` hides the rest of the
comment), break out of a code span or a table, or notify people through
@mentions and issue references. Every piece of user text goes through one of
these helpers, which keep it readable and make it inert:

- `inline` for running text: every ASCII punctuation character is
  backslash-escaped (CommonMark allows that for all of them), so no character
  can open a construct, whatever renderer extensions add; newlines and control
  characters become visible escapes (`\\x0a`), so nothing starts a new line or
  block; white space at either end becomes a character reference, so nothing
  is trimmed or indented into a code block; and a WORD JOINER (U+2060,
  invisible) follows `@`, `:`, `#`, `.` and `/` where a mention, e-mail, URL
  scheme, domain name, `//` link or `#123` reference could begin, and splits
  `www.`. GitHub finds mentions and references in the rendered text, after
  the escapes are gone, so only a character that survives rendering breaks
  them. `|` is punctuation too: the result is also a safe table cell.
- `code` for file names and ids: a code span whose backtick fence is longer
  than any run of backticks inside; GitHub neither links nor mentions inside
  code. Control characters are shown as escapes here too.
- `inline` also puts a word of 7 or more hex digits in a code span: GitHub would link
  it to the commit it abbreviates and show only its first 7 characters.
- `prose` for running text that names values (a change, a finding): `inline`,
  but each value is a `code` span: the values of a `text.Sentence` (ids,
  descriptions, user groups, URLs, addresses, which it knows), and in any
  other text each URL and each word holding a dot or a colon (an IPv4 or IPv6
  address or range, a dotted id). Profit compares redirect URLs exactly, and a
  reviewer copies addresses and ids from the comment: a word joiner inside one
  would be copied with it.

Each helper first replaces any credential in the user text with `[secret removed]`
(`text.redacted`), before escaping: a value that reached git before the secret
guard, or that an answer of Profit's holds, never reaches a PR comment.

Text from a file can never hold U+2060 itself (it is a format character, shown
as `\\u2060` by `visible`), so every word joiner in the output is one of ours.
This module never imports Textual.
"""

from __future__ import annotations

import re
import string

from acwizard.text import Sentence, Value, escaped, redacted

WORD_JOINER = "\u2060"
"""Invisible, and joins nothing: it only stops a mention or link from being recognised."""

_PUNCTUATION = frozenset(string.punctuation)
"""ASCII punctuation: CommonMark allows a backslash escape before each of these."""

_LINK_BREAKS = re.compile(
    r"(?<=[@:#])(?=\S)|(?<=[./])(?=[^\s0-9])|(?i:(?<=www)(?=\\\.))|(?i:(?<=\bgh)(?=\\-[0-9]))"
)
"""Where a word joiner goes (in escaped text): after `@`, `:` and `#` before any text
(mentions, e-mails, URL schemes, emoji codes, issue references); after `.` and `/`
before anything but a digit or a space (domain names, `//` links), so IP addresses
stay as typed; between `www` and its dot, so that no `www.` is left to match; and
between `GH` and `-12`, GitHub's other way of writing an issue reference."""


def inline(text: str) -> str:
    """`text` as inert Markdown inline text, readable as written once rendered."""
    return _kept_ends(_marked(redacted(text)))


_COMMIT_LIKE = re.compile(r"(?<![0-9A-Za-z_])[0-9A-Fa-f]{7,}(?![0-9A-Za-z_])")
"""A word of 7 or more hex digits: GitHub shows it as a link to the commit it abbreviates,
shortened to 7 characters, so a description that is a commit id would read as another one."""


def _marked(text: str) -> str:
    """`text` escaped and every punctuation character backslash-escaped, word joiners
    where a link, mention or reference could begin, and a word that could be a commit id
    as a code span (read and copied exactly, never linked)."""
    parts: list[str] = []
    start = 0
    for found in _COMMIT_LIKE.finditer(text):
        parts.append(_joined(text[start : found.start()]))
        parts.append(code(found.group()))
        start = found.end()
    parts.append(_joined(text[start:]))
    return "".join(parts)


def _joined(text: str) -> str:
    """`text` escaped, punctuation backslash-escaped, word joiners where links begin."""
    shown = escaped(text)
    marked = "".join(f"\\{ch}" if ch in _PUNCTUATION else ch for ch in shown)
    # A joiner goes after the escaped character (`\@` then the joiner), never
    # between a backslash and what it escapes. `|` is punctuation too, so the
    # result is also a safe table cell.
    return _LINK_BREAKS.sub(WORD_JOINER, marked)


def _kept_ends(marked: str) -> str:
    """`marked` with white space at either end as character references.

    White space is no punctuation, but leading spaces can make an indented code
    block at the start of a list item, and both ends are trimmed in table cells,
    headings and paragraphs: the outer characters become character references,
    which render as themselves.
    """
    if marked[:1].isspace():
        marked = f"&#{ord(marked[0])};" + marked[1:]
    if marked[-1:].isspace():
        marked = marked[:-1] + f"&#{ord(marked[-1])};"
    return marked


_URL = re.compile(r"(?i)\b(?:https?|wss?)://\S+")
"""A URL in a line of text (a change or a finding): its scheme up to the next space."""

_URL_TAIL = "),;'\""
"""What a URL found in running text may end with that is the sentence's, not the URL's:
`(https://x/hook)`, `'desc' -> https://x/a, https://x/b`."""


def prose(text: str, in_table: bool = False) -> str:
    """`text` as inert Markdown like `inline`, with each value in it as a `code` span.

    A value in a code span is neither a link nor broken by word joiners, so it
    is copied exactly. The values of a `Sentence` (descriptions, user groups,
    ids, URLs, addresses) are known; in any other text, URLs, addresses and
    words holding a dot or a colon (`10.0.0.0/8`, `2001:db8::/48`, `Hr.Scope`)
    are found. Whatever else the text holds is `inline`d.
    """
    if isinstance(text, Sentence):
        shown = "".join(
            code(part.text, in_table=in_table)
            if isinstance(part, Value)
            else _with_values(part, in_table)
            for part in text.parts
        )
    else:
        shown = _with_values(redacted(text), in_table)
    return _kept_ends(shown)


def _with_values(text: str, in_table: bool) -> str:
    """`text` marked as `_marked` does, with its URLs and address-like words as code spans."""
    parts: list[str] = []
    start = 0
    for found in _URL.finditer(text):
        url = found.group()
        end = found.end()
        while url and url[-1] in _URL_TAIL and not (url[-1] == ")" and "(" in url):
            url, end = url[:-1], end - 1
        parts.append(_words(text[start : found.start()], in_table))
        parts.append(code(url, in_table=in_table))
        start = end
    parts.append(_words(text[start:], in_table))
    return "".join(parts)


_WORD_VALUE = re.compile(r"(?<![\w.:/@#-])[\w.:/-]*[.:][\w.:/-]*")
"""A word of letters, digits and `_ . : / -` with a dot or a colon: an address, a range, a
dotted id, a file name. Not after `@` or `#` (an e-mail, a reference keeps its joiners)."""


def _words(text: str, in_table: bool) -> str:
    """`text` marked, each address-like word (see `_WORD_VALUE`) a code span."""
    parts: list[str] = []
    start = 0
    for found in _WORD_VALUE.finditer(text):
        word = found.group()
        while word[-1:] in (".", ",", ";", "/", "-", ":") and not word.endswith("::"):
            word = word[:-1]  # what ends a sentence or clause (`10.0.0.0/8.`, `data:`)
        if not re.search(r"\w[.:]|[.:]\w|::", word):
            continue  # a word before a colon (`data:`), a number ending a sentence
        parts.append(_marked(text[start : found.start()]))
        parts.append(code(word, in_table=in_table))
        start = found.start() + len(word)
    parts.append(_marked(text[start:]))
    return "".join(parts)


def code(text: str, in_table: bool = False) -> str:
    """`text` as an inert code span; `in_table` escapes `|`, which ends a table cell even in code.

    GFM tables split cells before parsing code spans, and drop the backslash
    of a `\\|` inside one, so the span still shows `|`.
    """
    shown = escaped(redacted(text))
    if in_table:
        shown = shown.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", shown)), default=0)
    fence = "`" * (longest + 1)
    if shown.strip(" ") and (shown[0] in "` " or shown[-1] in "` "):
        # CommonMark strips one space on each side when both are there: pad so
        # that only the padding goes, and a backtick next to the fence stays text.
        shown = f" {shown} "
    return f"{fence}{shown}{fence}"
