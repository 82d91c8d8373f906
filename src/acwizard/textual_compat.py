"""Every use of Textual's private internals, in one place.

Textual is pinned exactly (pyproject.toml: textual==8.2.8). What acwizard needs and
Textual offers no public way to do lives here, each piece with what retires it (an
upstream release, a public API), so that upgrading Textual means reading this module
and running its tests (`tests/test_textual_compat.py`), not searching the screens.
Nothing else in acwizard reads an underscored attribute of a Textual object.

1. Keys in the order typed (`keep_keys_in_order`): Textual's Input and TextArea.
2. Whether the app is still (`app_is_still`), for the keys typed ahead (`app.py`).
3. The bindings a key would run (`bound_here`), and whether a key came back
   (`key_was_kept`).
4. The footer's readiness and its key widget (`footer_ready`, `FooterKey`).
5. Which option an OptionList draws on a line (`option_on_line`).
6. The bindings a node declares and whether an action is on (`declared_bindings`,
   `action_enabled`), for help screens.
7. An exception dropped while the session ends on a signal (`SignalSafeApp`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.widgets import Input, OptionList, TextArea
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen
    from textual.widgets import Footer

__all__ = [
    "TEXTUAL_VERSION",
    "FooterKey",
    "SignalSafeApp",
    "action_enabled",
    "app_is_still",
    "bound_here",
    "declared_bindings",
    "footer_ready",
    "keep_keys_in_order",
    "key_was_kept",
    "option_on_line",
]

TEXTUAL_VERSION = "8.2.8"
"""The Textual release everything here was written against (pyproject pins it)."""

ReturnType = TypeVar("ReturnType")

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


# -- 2. whether the app is still ---------------------------------------------------------


def app_is_still(app: App[Any]) -> bool:
    """True when no message, callback, repaint callback or worker waits anywhere in `app`.

    The message pumps are the app and every widget of every screen on the stack,
    the one being opened included. Textual has no public "idle" question; its own
    test helper (`wait_for_idle`) guesses from CPU time.
    """
    if app._message_queue.qsize() or app._next_callbacks:
        return False
    if any(not worker.is_finished for worker in app.workers):
        return False
    for screen in app.screen_stack:
        if screen._callbacks:
            return False
        for node in screen.walk_children(with_self=True):
            if not node._closing and (
                node._message_queue.qsize()
                or node._pending_message is not None
                or node._next_callbacks
            ):
                return False
    return True


# -- 3. bindings and keys ----------------------------------------------------------------


def bound_here(screen: Screen[Any], key: str) -> Iterator[Binding]:
    """The bindings `key` would run where the focus is, nearest first, up to the app.

    Textual's `_modal_binding_chain` (a modal screen stops at itself); the public
    `active_bindings` keeps only one binding per key.
    """
    for _node, bindings in screen._modal_binding_chain:
        yield from bindings.key_to_bindings.get(key, ())


def key_was_kept(key: events.Key) -> bool:
    """True when the widget that handled `key` stopped it from going on to the bindings."""
    return key._stop_propagation or not key.bubble


# -- 4. the footer -----------------------------------------------------------------------


def footer_ready(footer: Footer) -> bool:
    """Whether `footer` knows its screen's bindings yet (as `Footer.compose` checks)."""
    return bool(footer._bindings_ready)


# -- 5. option lists ---------------------------------------------------------------------


def option_on_line(option_list: OptionList, line: int) -> tuple[int, int] | None:
    """(option index, line within the option) drawn on `line` of the whole list, if any."""
    try:
        found = option_list._lines[line]
    except IndexError:
        return None
    return found[0], found[1]


# -- 6. help -----------------------------------------------------------------------------


def declared_bindings(node: DOMNode) -> list[tuple[str, Binding]]:
    """(key, binding) of every binding `node` declares, keymaps applied, in order."""
    return list(node._bindings)


def action_enabled(app: App[Any], action: str, node: DOMNode) -> bool | None:
    """What `check_action` answers for `action` on `node`: True, False (off) or None (dim)."""
    return app._check_action_state(action, node)


# -- 7. an exception while the session ends ---------------------------------------------


class SignalSafeApp(App[ReturnType], Generic[ReturnType]):
    """An App that can drop an exception without Textual's crash report (`drop_exceptions`).

    Textual reports an exception that escaped a handler through a private method
    (`_handle_exception`) and closes by another (`_close_messages_no_wait`).
    """

    def drop_exceptions(self) -> bool:
        """True while an exception should only close the app, with no report."""
        return False

    def _handle_exception(self, error: Exception) -> None:
        """Textual's crash report, unless `drop_exceptions` says to close quietly."""
        if self.drop_exceptions():
            self._close_messages_no_wait()  # what Textual's report does last, without it
            return
        super()._handle_exception(error)
