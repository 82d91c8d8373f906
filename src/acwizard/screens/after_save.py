"""After a save: the clicks in Profit that make the environment match what this session saved.

A thin view of `acwizard.cores.after_save`: which saves the steps cover, then the
steps as `acwizard plan` prints them, in one scrolling column. ctrl+o opens How to
call for the connector as saved (not for a deleted one, nor for several); Escape
goes back to the list. Every text is shown as `Content`, never as markup.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from acwizard.cores.how_to_call import HowToCall
from acwizard.screens.help import HelpScreen, key_rows
from acwizard.screens.how_to_call import HowToCallScreen
from acwizard.widgets.key_footer import KeyFooter

__all__ = ["AfterSaveScreen"]

SCROLL_KEYS = (("up / down / pgup / pgdn", "Scroll the steps"),)
"""Keys the scrolling column handles itself, for the help screen."""


class AfterSaveScreen(Screen[None]):
    """The clicks for this session's saves; ctrl+o: How to call; Escape: back."""

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

    def __init__(
        self, intro: str, lines: list[str], view: HowToCall | None, sub_title: str
    ) -> None:
        super().__init__()
        self.intro = intro
        """Which saves the steps cover (`acwizard.cores.after_save.heading`)."""
        self.lines = lines
        """The steps as text (`acwizard.cores.after_save.clicks_text`)."""
        self.view = view
        """How to call the connector as saved; None for a deleted one or several."""
        self.file_name = sub_title
        """`connectors/<id>.toml`, or what the steps are of."""

    def compose(self) -> ComposeResult:
        """Header, what this is, the steps, footer."""
        yield Header(icon="")
        yield Static(Content(self.intro), id="clicks-intro")
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
        if self.view is None:
            self.notify(
                "How to call needs one connector that is on disk: ctrl+o on its row in the list.",
                title="How to call",
                markup=False,
            )
            return
        self.app.push_screen(HowToCallScreen(self.view, self.file_name))

    def action_back(self) -> None:
        """Back to the list."""
        self.dismiss(None)

    def action_help(self) -> None:
        """Every key of this view."""
        self.app.push_screen(HelpScreen("clicks in Profit", key_rows(self, SCROLL_KEYS)))
