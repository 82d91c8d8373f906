"""Every use of Textual's private internals, in one place.

Textual is pinned exactly (pyproject.toml: textual==8.2.8). What acwizard needs and
Textual offers no public way to do lives here, each piece with what retires it (an
upstream release, a public API), so that upgrading Textual means reading this module
and running its tests (`tests/test_textual_compat.py`), not searching the screens.

1. Keys in the order typed (`keep_keys_in_order`): Textual's Input and TextArea.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.widgets import Input, TextArea

__all__ = ["TEXTUAL_VERSION", "keep_keys_in_order", "keys_in_order"]

TEXTUAL_VERSION = "8.2.8"
"""The Textual release everything here was written against (pyproject pins it)."""

# -- 1. keys in the order typed ---------------------------------------------------------

KeyHandler = Callable[[Any, events.Key], Awaitable[None]]
_IN_ORDER = "_acwizard_keys_in_order"
"""Marks a key handler this module installed, so installing twice changes nothing."""
TEXT_FIELDS: tuple[type[Input | TextArea], ...] = (Input, TextArea)
"""Textual's text fields: every Input and TextArea of acwizard is one of them or a subclass."""


def keep_keys_in_order() -> None:
    """Make Textual's text fields apply their own bound keys in the order typed.

    Input and TextArea insert a printable key in their key handler, but keys bound on
    the field itself (Backspace, Delete, the arrows, Home, End, ctrl+k...) ran only
    once the key had bubbled up to the app: each step a message in another queue,
    while the field went on inserting the next keys of a burst. "a b c Backspace d"
    sent at once gave "abc"; clearing and retyping an IP address dropped or moved
    characters (Textualize/textual issue #6605). The field now runs its own
    non-priority bindings in its key handler, as the app would have (the same
    `run_action`, the field as namespace), before the next key. Priority bindings
    were already checked before the key reached the field; a key the field has no
    binding for (or whose action is off) goes on up as before.

    Retire it with the Textual release that merges Textualize/textual pull request
    #6631 (the same fix upstream): `test_textual_compat` then fails on its check
    that bare Textual still reorders keys.
    """
    for field_class in TEXT_FIELDS:
        original = field_class.__dict__["_on_key"]
        if getattr(original, _IN_ORDER, False):
            continue
        setattr(field_class, "_on_key", _in_order(original))  # noqa: B010 - the private name


def _in_order(original: KeyHandler) -> KeyHandler:
    """`original` (a text field's key handler), then the field's own binding for the key."""

    async def _on_key(self: Input | TextArea, event: events.Key) -> None:
        await original(self, event)
        if not event._stop_propagation:  # not taken as text: a key bound on the field?
            await _run_own_binding(self, event)

    setattr(_on_key, _IN_ORDER, True)
    _on_key.__doc__ = original.__doc__
    return _on_key


async def _run_own_binding(field: Input | TextArea, event: events.Key) -> None:
    """Run the field's own non-priority binding for `event` now, as the app would later."""
    for binding in field._bindings.key_to_bindings.get(event.key, ()):
        if binding.priority:
            continue
        if await field.app.run_action(binding.action, field):
            event.stop()
            event.prevent_default()
            return


def keys_in_order() -> bool:
    """Whether `keep_keys_in_order` is in effect (for tests and the help of a bug report)."""
    return all(getattr(cls.__dict__["_on_key"], _IN_ORDER, False) for cls in TEXT_FIELDS)
