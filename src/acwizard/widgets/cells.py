"""Fitting user text into terminal columns, where wide characters take two cells.

Kept out of `acwizard.text` because it needs Rich, and the command-line verbs
load neither Rich nor Textual.
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len, get_character_cell_size, set_cell_size


def steady(text: str) -> str:
    """`text` with each character Rich counts as no cell, and each combining mark, shown
    as its escape (`\\u0903`).

    Terminals give many of them a cell (U+0903, skin-tone modifiers, Hangul vowels), so a
    row holding nine of them drew every later column nine cells to the right: a user group
    ending in "Blocked" stood under Status, the real status under Auth. A letter with its
    accent written as one character (é) is left alone.
    """
    if text.isascii():
        return text
    return "".join(
        f"\\u{ord(ch):04x}"
        if get_character_cell_size(ch) == 0 or unicodedata.category(ch).startswith("M")
        else ch
        for ch in text
    )


def clip(text: str, width: int) -> str:
    """`text` cut to `width` terminal cells, ending in an ellipsis when cut."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"


def _last_cells(text: str, width: int) -> str:
    """The end of `text` that fits in `width` cells (a wide character that does not fit goes)."""
    taken = 0
    start = len(text)
    while start > 0 and taken + cell_len(text[start - 1]) <= width:
        start -= 1
        taken += cell_len(text[start])
    return text[start:]


URL_TAIL = 16
"""The end of a cut URL's path worth dropping the usual https:// for (`…tenant-0/callback`)."""


def clip_url(url: str, width: int) -> str:
    """`url` cut to `width` cells, the cut marked with an ellipsis, its host kept in view.

    The host is what an admin reviews, and the end of a path is what tells two
    callbacks of one app apart, so the middle of the path goes first:
    `https://hooks.example.com/…/orders/v2`. Then the usual `https://` goes, so
    that at least `URL_TAIL` cells of that end show (`hooks.example.com/…/v2`;
    an http URL keeps its scheme, it is the odd one).
    When the host itself is too long, its start goes and its end stays
    (`…fulfilment.example.com/…`): the registered domain is at the end, and a
    host such as `example.com.attacker.net` must not pass for `example.com`.
    """
    if cell_len(url) <= width:
        return url
    scheme, found, after = url.partition("://")
    if not found or width < len(scheme) + 6:
        return clip(url, width)
    end = next((i for i, ch in enumerate(after) if ch in "/?#"), len(after))
    host, rest = after[:end], after[end:]
    slash = rest[:1] if rest.startswith("/") else ""
    head, rest = f"{scheme}://{host}{slash}", rest[len(slash) :]
    bare = head.removeprefix("https://")
    if cell_len(head) + 2 <= width and (
        bare == head
        or width - cell_len(head) - 1 >= min(URL_TAIL, cell_len(rest))
        # Without https:// the whole path would show: the ellipsis would then mark a
        # cut where nothing is missing, so the path is cut here instead.
        or cell_len(bare) + 1 + cell_len(rest) <= width
    ):
        # The host in full, an ellipsis for the middle, and the end of the path.
        return head + "…" + _last_cells(rest, width - cell_len(head) - 1)
    if bare != head and cell_len(bare) + 2 <= width:
        # The usual https:// goes before the host is cut (an http URL keeps its scheme).
        return bare + "…" + _last_cells(rest, width - cell_len(bare) - 1)
    # The host cut at its start; a mark after it when a path was left out as well.
    tail = "/…" if rest else ""
    lead = "…" if bare != head else f"{scheme}://…"
    room = width - cell_len(lead) - len(tail)
    return f"{lead}{_last_cells(host, room)}{tail}"
