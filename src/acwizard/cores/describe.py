"""A change to a connector in words, as undo and redo say it: `GetConnectors: HrEmployee back`.

A step of the undo history holds the candidate before and after it
(`EditState`); `describe` names what differs, field by field, in the words of
the tabs and labels, naming at most a few ids, lines or webhooks. Everything
named is shown through `visible()`: ids and descriptions come from files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from acwizard.cores.fields import FIELD_NAMES, TextField
from acwizard.model import AppConnector, OAuthSettings
from acwizard.model.format import LIST_FIELDS
from acwizard.text import visible

__all__ = ["EditState", "Said", "Step", "describe"]

SAID_ITEMS = 3
"""Ids, lines or webhooks named in one step; more are counted (`and 9 more`)."""


@dataclass(frozen=True)
class EditState:
    """All that an undo puts back: the candidate as the admin has it, and what is put aside."""

    accepted: AppConnector
    """The structured part (lists, IP lines, authentication, OAuth, webhooks)."""
    blocked: bool
    text: tuple[tuple[TextField, str], ...]
    """The General text fields as typed, (name, text) in `TEXT_FIELDS` order."""
    kept_oauth: OAuthSettings | None
    """OAuth settings put aside by a switch to classic (a switch back gives them back)."""

    def value(self, name: str) -> Any:
        """The value of field `name` (a key of `FIELD_NAMES`) in this state."""
        if name == "blocked":
            return self.blocked
        texts = dict(self.text)
        if name in texts:
            return texts[name]
        return getattr(self.accepted, name)


@dataclass(frozen=True)
class Step:
    """One change the admin made: the states before and after it."""

    before: EditState
    after: EditState
    typing: TextField | None = None
    """The field a run of single keys typed in (the next key there joins this step)."""


@dataclass(frozen=True)
class Said:
    """A step in words, and where it shows."""

    text: str
    """`GetConnectors: HrEmployee removed`; for an undo `GetConnectors: HrEmployee back`."""
    field: str
    """The first field the step changed (a key of `FIELD_NAMES`): the view shows its tab."""
    select: str | None = None
    """The id or IP line (as `IpRestriction.summary` writes it) that came in: the view puts
    its table's cursor there."""
    fields: frozenset[str] = frozenset()
    """Every field the step changed: the view redraws those."""


def _items(items: list[str]) -> str:
    """At most `SAID_ITEMS` names, then how many more."""
    shown = ", ".join(items[:SAID_ITEMS])
    more = len(items) - SAID_ITEMS
    return f"{shown} and {more} more" if more > 0 else shown


def _came_and_went(old: list[str], new: list[str], came: str) -> tuple[list[str], str | None]:
    """`X <came>`, `Y removed` for the items of `new` not in `old` and back; the first that came."""
    old_set, new_set = set(old), set(new)
    added = [item for item in new if item not in old_set]
    removed = [item for item in old if item not in new_set]
    parts = [f"{_items(added)} {came}"] if added else []
    parts += [f"{_items(removed)} removed"] if removed else []
    return parts, (added[0] if added else None)


def _oauth_words(old: OAuthSettings | None, new: OAuthSettings | None, undoing: bool) -> list[str]:
    """The redirect URLs and certificates that came or went; else the settings as a whole."""
    words: list[str] = []
    if old is not None and new is not None:
        came = "back" if undoing else "added"
        urls, _ = _came_and_went(
            [visible(url) for url in old.redirect_urls],
            [visible(url) for url in new.redirect_urls],
            came,
        )
        keys, _ = _came_and_went(
            [visible(c.key_id) for c in old.certificates],
            [visible(c.key_id) for c in new.certificates],
            came,
        )
        words = [f"redirect URL {part}" for part in urls]
        words += [f"certificate {part}" for part in keys]
    return words or ["settings as they were" if undoing else "settings changed"]


def describe(before: EditState, after: EditState, undoing: bool = False) -> Said | None:
    """What changed from `before` to `after`, in words; None when nothing did.

    `undoing`: the words of an undo or redo, where what comes in is `back`.
    """
    parts: list[str] = []
    changed = [name for name in FIELD_NAMES if before.value(name) != after.value(name)]
    if not changed:
        return None
    select: str | None = None
    for name in changed:
        old, new = before.value(name), after.value(name)
        label = FIELD_NAMES[name]
        words: list[str] = []
        if name in LIST_FIELDS:
            shown_old = [visible(item) for item in old]
            shown_new = [visible(item) for item in new]
            words, came = _came_and_went(shown_old, shown_new, "back" if undoing else "granted")
            if came is not None and select is None:
                select = new[shown_new.index(came)]
        elif name == "ip_restrictions":
            lines_old = [f"{line.summary()} {line.access}" for line in old]
            lines_new = [f"{line.summary()} {line.access}" for line in new]
            words, came = _came_and_went(lines_old, lines_new, "back" if undoing else "added")
            if came is not None and select is None:
                select = came.rsplit(" ", 1)[0]
        elif name == "webhooks":
            urls_old = {hook.url: hook for hook in old}
            urls_new = {hook.url: hook for hook in new}
            words, _ = _came_and_went(
                [f"'{visible(hook.description)}'" for hook in old if hook.url not in urls_new],
                [f"'{visible(hook.description)}'" for hook in new if hook.url not in urls_old],
                "back" if undoing else "added",
            )
            for url, hook in urls_new.items():
                earlier = urls_old.get(url)
                if earlier is not None and earlier.blocked != hook.blocked:
                    state = "blocked" if hook.blocked else "unblocked"
                    words.append(f"'{visible(hook.description)}' {state}")
        elif name == "tokens":
            words, _ = _came_and_went(
                [f"'{visible(token.description)}' of {visible(token.user)}" for token in old or []],
                [f"'{visible(token.description)}' of {visible(token.user)}" for token in new or []],
                "back" if undoing else "recorded",
            )
            words = words or ["dates changed"]  # the same holders and descriptions
        elif name == "authentication":
            words = [after.accepted.authentication_summary()]
        elif name == "oauth":
            if "authentication" in changed:
                continue  # said with the authentication it came or went with
            words = _oauth_words(old, new, undoing)
        elif name == "blocked":
            words = ["ticked (the app cannot call Profit)" if new else "unticked (ACTIVE)"]
        else:
            words = [f"back to '{visible(new, 40)}'" if undoing else "changed"]
        parts.append(f"{label}: {'; '.join(words) or 'order as it was'}")
    return Said("; ".join(parts), changed[0], select, frozenset(changed))
