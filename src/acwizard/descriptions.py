"""When two connectors' descriptions would be mistaken for each other.

A description is the subject of the e-mail with the one-time password; two
that read alike (case, compatibility forms, Cyrillic or Greek look-alikes, the
same file name slug) leave users unable to tell the e-mails apart. `validate`
warns of each clash (`duplicate_description_problems`), and the TUI asks as
the admin types (`Workspace.description_clash`). This module never imports
Textual.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from acwizard.files.ids import slugify
from acwizard.problems import Problem
from acwizard.text import first_lookalike, skeleton, visible

__all__ = ["SeenDescriptions", "description_clash", "duplicate_description_problems"]


def duplicate_description_problems(
    described: list[tuple[Path, str]], line_of_description: Callable[[Path], int]
) -> list[Problem]:
    """A warning for each file whose description clashes with an earlier file's.

    See `description_clash` for when two descriptions clash.
    """
    seen = SeenDescriptions()
    problems = []
    for path, description in described:
        keys = _description_keys(description)  # once per description, not per look-up
        clash = seen.clash(description, keys)
        if clash:
            problems.append(
                Problem(
                    path,
                    line_of_description(path),
                    "warning",
                    f"description: {clash}; users cannot tell their one-time-password "
                    "e-mails apart",
                )
            )
        seen.add(path.name, description, keys)
    return problems


def description_clash(description: str, others: Iterable[tuple[str, str]]) -> str | None:
    """Why `description` would be mistaken for one of `others`, or None.

    `others` are (name, description) pairs, the name being how the message
    calls the other connector (such as its file name); leave out the connector
    being edited. Two descriptions clash when they are the same ignoring case
    and compatibility forms ("is also the description of"), when they look
    the same (`text.skeleton`: Cyrillic or Greek look-alikes, odd spaces;
    "looks the same as"), or when they give the same file name slug ("has
    the same file name slug as"). The answer reads like "'Payroll Sync' looks
    the same as 'Payroll Sync', the description of payroll-sync.toml (character
    2 is U+0430 CYRILLIC SMALL LETTER A)"; the screens show it as a warning.
    """
    seen = SeenDescriptions()
    for name, other in others:
        seen.add(name, other)
    return seen.clash(description)


_ASCII_ALNUM = re.compile(rb"[A-Za-z0-9]")
"""An ASCII letter or digit, the characters a slug is made of."""


def _description_keys(description: str) -> tuple[str, str, str | None]:
    """The forms under which two descriptions clash: folded, skeleton, slug (None: no ASCII)."""
    if description.isascii():  # the usual case: normalising ASCII changes nothing
        folded, ascii_text = description.casefold(), description.encode("ascii")
    else:
        folded = unicodedata.normalize("NFKC", description).casefold()
        ascii_text = unicodedata.normalize("NFKD", description).encode("ascii", "ignore")
    # slugify falls back to "connector" for text without ASCII letters or digits;
    # two such descriptions share no slug of their own.
    slug = slugify(description) if _ASCII_ALNUM.search(ascii_text) else None
    return folded, skeleton(description), slug


class SeenDescriptions:
    """The descriptions met so far, by each form under which another could clash with them."""

    def __init__(self) -> None:
        self.folded: dict[str, tuple[str, str]] = {}
        self.looks: dict[str, tuple[str, str]] = {}
        self.slugs: dict[str, tuple[str, str]] = {}

    def add(
        self, name: str, description: str, keys: tuple[str, str, str | None] | None = None
    ) -> None:
        """Remember `description`, known as `name`; the first of equal forms is kept.
        `keys`: its `_description_keys`, if already known."""
        folded, looks, slug = keys or _description_keys(description)
        self.folded.setdefault(folded, (name, description))
        self.looks.setdefault(looks, (name, description))
        if slug is not None:
            self.slugs.setdefault(slug, (name, description))

    def clash(
        self, description: str, keys: tuple[str, str, str | None] | None = None
    ) -> str | None:
        """Why `description` clashes with one met so far, or None (`keys` as in `add`)."""
        folded, looks, slug = keys or _description_keys(description)
        shown = visible(description)
        if folded in self.folded:
            name, _ = self.folded[folded]
            return f"'{shown}' is also the description of {visible(name)}"
        if looks in self.looks:
            name, other = self.looks[looks]
            where = first_lookalike(description) or first_lookalike(other)
            return (
                f"'{shown}' looks the same as '{visible(other)}', the description of "
                f"{visible(name)}" + (f" ({where})" if where else "")
            )
        if slug is not None and slug in self.slugs:
            name, other = self.slugs[slug]
            return (
                f"'{shown}' has the same file name slug ({slug}) as '{visible(other)}', "
                f"the description of {visible(name)}"
            )
        return None
