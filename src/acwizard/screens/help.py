"""The help screen: every key the current screen accepts, and how the wizard works.

Built from the screen's active bindings, so it can never list a key that does
not work or miss one that does.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

GENERAL_HELP = (
    "acwizard follows AFAS Profit's own flow for app connectors: New -> description -> "
    "user group -> Finish. The connector is created Blocked and its properties open: "
    "General, GetConnectors, UpdateConnectors, Connectors and IP restrictions. Untick "
    "Blocked when it is ready; OK shows the change to the file and saves it.\n\n"
    "Tab and Shift+Tab move between fields; arrows, Page Up/Down, Home and End move in "
    "lists. Keys for this screen:\n"
)


def key_rows(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, description) for every acwizard binding active on `screen`.

    acwizard gives each of its bindings an id; widget-internal keys (cursor
    movement) have none and are summed up in the general help instead.
    """
    app = screen.app
    rows: dict[str, list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        description = binding.description or binding.tooltip
        if not binding.id or not description or not active.enabled:
            continue
        shown = app.get_key_display(Binding(key, binding.action))
        keys = rows.setdefault(description, [])
        if shown not in keys:
            keys.append(shown)
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
        """The explanation and a two-column list of keys."""
        width = max((len(keys) for keys, _ in self.rows), default=4) + 2
        lines = "\n".join(f"{keys.ljust(width)}{description}" for keys, description in self.rows)
        with Vertical(classes="dialog-box wide"):
            yield Static(Content(f"Help: {self.title_text}"), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(Content(GENERAL_HELP))
                yield Static(Content(lines), id="help-keys")
        yield Footer()
