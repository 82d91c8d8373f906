"""After a save: the clicks in Profit that make the environment match the file just saved.

A thin view of `acwizard.cores.after_save`: the steps as `acwizard plan` prints
them, in one scrolling column. ctrl+o opens How to call for the connector as
saved; Escape goes back to the list. Every text is shown as `Content`, never as
markup.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from acwizard.cores.after_save import SavedConnector
from acwizard.cores.how_to_call import HowToCall
from acwizard.screens.help import HelpScreen, key_rows
from acwizard.screens.how_to_call import HowToCallScreen
from acwizard.widgets.key_footer import KeyFooter

__all__ = ["AfterSaveScreen"]

SCROLL_KEYS = (("up / down / pgup / pgdn", "Scroll the steps"),)
"""Keys the scrolling column handles itself, for the help screen."""


class AfterSaveScreen(Screen[None]):
    """The clicks for the last save; ctrl+o: How to call; Escape: back."""

    DEFAULT_CSS = """
    AfterSaveScreen #clicks {
        height: 1fr;
        padding: 0 1;
    }
    AfterSaveScreen #clicks:focus {
        border-left: thick $accent;
    }
    AfterSaveScreen #clicks-intro {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    """
    """The column has the focus (its arrows scroll): a bar on its left says so, in colour
    or not, as on the save preview."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="clicks.back"),
        Binding(
            "ctrl+o",
            "how_to_call",
            "How to call",
            tooltip="How to call this connector as saved: its URLs and curl commands",
            id="clicks.how-to-call",
        ),
        Binding("f1,question_mark", "help", "Help", id="clicks.help"),
    ]
    """Escape goes back, ctrl+o shows How to call, F1 lists the keys."""

    def __init__(self, saved: SavedConnector, lines: list[str], view: HowToCall) -> None:
        super().__init__()
        self.saved = saved
        """The connector as saved, and before."""
        self.lines = lines
        """The steps as text (`acwizard.cores.after_save.clicks_text`)."""
        self.view = view
        """How to call the connector as saved."""

    @property
    def file_name(self) -> str:
        """`connectors/<id>.toml`."""
        return f"connectors/{self.saved.connector_id}.toml"

    def compose(self) -> ComposeResult:
        """Header, what this is, the steps, footer."""
        yield Header(icon="")
        intro = (
            f"{self.file_name} is saved; Profit has not changed. Click these steps in Profit "
            "(acwizard plan prints them too):"
        )
        yield Static(Content(intro), id="clicks-intro")
        with VerticalScroll(id="clicks"):
            yield Static(Content("\n".join(self.lines)), id="clicks-steps")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Title; the steps take the keys (their arrows scroll)."""
        self.app.clear_notifications()  # the list's or the editor's toasts are not this view's
        self.title = "Clicks in Profit"
        self.sub_title = self.file_name
        self.query_one("#clicks", VerticalScroll).focus()

    def action_how_to_call(self) -> None:
        """How to call the connector as saved."""
        self.app.push_screen(HowToCallScreen(self.view, self.file_name))

    def action_back(self) -> None:
        """Back to the list."""
        self.dismiss(None)

    def action_help(self) -> None:
        """Every key of this view."""
        self.app.push_screen(HelpScreen("clicks in Profit", key_rows(self, SCROLL_KEYS)))
