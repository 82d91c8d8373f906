"""The help screen: every key the current screen accepts, and how the wizard works.

Built from the bindings of the screen and of every widget on it, plus a short
list of keys a widget handles itself, so it can never list a key that does not
work or miss one that does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from acwizard.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from textual.dom import DOMNode

GENERAL_HELP = (
    "acwizard follows AFAS Profit's own flow for app connectors: New -> description -> "
    "user group -> Finish. The connector is created Blocked and its properties open: "
    "General, GetConnectors, UpdateConnectors, Connectors, IP restrictions, OAuth, "
    "Webhooks and User tokens. Untick Blocked when it is ready; OK shows the change to the "
    "file and saves it.\n\n"
    "Tab and Shift+Tab move between fields; arrows, Page Up/Down, Home and End move in "
    "lists. Keys for this screen:\n"
)


HELP_KEY_NAMES = {"⏎": "enter", "⌫": "backspace"}
"""Key symbols the footer uses that read better spelled out in help."""


def key_rows(
    screen: Screen[Any],
    extra: Sequence[tuple[str, str]] = (),  # any result type
    within: DOMNode | None = None,
) -> list[tuple[str, str]]:
    """(keys, description) for every key `screen` accepts, whatever has the focus.

    Built from the bindings acwizard gives an id, on the screen and on every
    widget in it (not only the focused one, so the help is the same from any
    field), then `extra`: keys a widget handles without a binding (Enter in a
    field, typing to filter). Bindings sharing a description share a row, so
    the cursor keys read as one line. A binding switched off by its screen's
    `check_action` is left out.

    `within`: only the keys of that part of the screen (the tab in view) and of
    the screen itself, the part's first; each is listed whether or not it can act
    right now (Remove on an empty table, Undo with nothing to undo), for the help
    says what the keys of a place are.
    """
    app = screen.app
    nodes: list[DOMNode] = [screen, *screen.walk_children(with_self=False)]
    if within is not None:
        nodes = [*within.walk_children(with_self=True), screen]
    if not screen.is_modal:
        nodes.append(app)  # a modal screen does not pass keys to the app's bindings
    rows: dict[str, list[str]] = {}
    # `_bindings` and `_check_action_state` are what Textual's own Footer reads;
    # Textual is pinned to an exact version, so they cannot change unseen.
    for node in nodes:
        for key, binding in node._bindings:
            description = binding.tooltip or binding.description  # the longer words
            if not binding.id or not description:
                continue
            if within is None and app._check_action_state(binding.action, node) is False:
                continue
            shown = app.get_key_display(Binding(key, binding.action))
            shown = HELP_KEY_NAMES.get(shown, shown)
            keys = rows.setdefault(description, [])
            if shown not in keys:
                keys.append(shown)
    for keys_text, description in extra:
        rows.setdefault(description, []).append(keys_text)
    return [(" / ".join(keys), description) for description, keys in rows.items()]


class HelpScreen(ModalScreen[None]):
    """Keys of the screen underneath, with a short explanation of the flow."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q,f1,question_mark", "dismiss(None)", "Close help", id="help.close"),
    ]
    """Escape, Enter, q, F1 or ? closes help."""

    def __init__(self, title: str, rows: list[tuple[str, str]]) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        """The explanation and a two-column list of keys; a long description wraps in its
        column."""
        with Vertical(classes="dialog-box wide"):
            yield Static(Content(f"Help: {self.title_text}"), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(Content(GENERAL_HELP))
                with Vertical(id="help-keys"):
                    for keys, description in self.rows:
                        with Horizontal(classes="help-row"):
                            yield Static(Content(keys), classes="help-key")
                            yield Static(Content(description), classes="help-description")
        yield KeyFooter()
