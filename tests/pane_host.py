"""A tiny app that hosts one properties pane on its own, as the properties screen will.

The pane gets the room a tab pane has (76x15 at 80x24, 56x11 at 60x20), the
app's stylesheet and a footer. Every `Changed` message the pane posts is
recorded; `respond`, when given, plays the properties screen's part: it
validates the proposed value through the model and calls `pane.show(...)`
with the new value, or with the old one and a notification.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Footer

import acwizard

STYLES = Path(acwizard.__file__).parent / "styles" / "app.tcss"

PANE_MARGIN = (4, 9)
"""Columns and lines the properties screen keeps around a tab pane (tab bar, title, buttons)."""


class PaneHost(App[None]):
    """One pane, the room of a tab, a footer; records what the pane asks for."""

    CSS_PATH = str(STYLES)
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self,
        make_pane: Callable[[], Widget],
        respond: Callable[[PaneHost, Widget, Message], None] | None = None,
    ) -> None:
        super().__init__()
        self.make_pane = make_pane
        self.respond = respond
        self.changes: list[Message] = []
        """Every Changed message, in order."""
        self.pane: Widget | None = None

    def compose(self) -> ComposeResult:
        """The pane in a box the size of a tab pane, and the footer."""
        self.pane = self.make_pane()
        with Vertical(id="pane-area"):
            yield self.pane
        yield Footer()

    def on_mount(self) -> None:
        """Size the box; focus the pane's first control, as the tab's digit key does."""
        self.fit()
        self.pane.focus_table()  # type: ignore[union-attr]

    def on_resize(self) -> None:
        """Keep the tab pane's size."""
        self.fit()

    def fit(self) -> None:
        """A tab pane's room at this terminal size."""
        area = self.query_one("#pane-area")
        area.styles.width = self.size.width - PANE_MARGIN[0]
        area.styles.height = self.size.height - PANE_MARGIN[1]

    def record(self, message: Message) -> None:
        """Keep the message and answer as the properties screen would."""
        self.changes.append(message)
        if self.respond is not None and self.pane is not None:
            self.respond(self, self.pane, message)

    def on_oauth_pane_changed(self, message: Any) -> None:
        """OAuthPane.Changed."""
        self.record(message)

    def on_webhooks_pane_changed(self, message: Any) -> None:
        """WebhooksPane.Changed."""
        self.record(message)

    def on_ip_restrictions_pane_changed(self, message: Any) -> None:
        """IpRestrictionsPane.Changed."""
        self.record(message)
