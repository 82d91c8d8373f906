"""How to call: the URLs and curl commands of one connector, for the app's vendor.

A thin view of `acwizard.cores.how_to_call.HowToCall`: the bases, OAuth endpoints
and endpoints, then the commands (up/down selects one, `c` copies it), then the
variables and notes, in one scrolling column that reads at 60 columns. The line
above the footer says, always, that copying goes through OSC 52 and that the
terminal may refuse it: acwizard cannot see whether it arrived. Opened from the
properties screen (9, ctrl+o), the list (ctrl+o) and the clicks after a save
(ctrl+o); Escape goes back. Every text is shown as `Content`, never as markup.
"""

from __future__ import annotations

from typing import ClassVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from acwizard.cores.how_to_call import OSC52_NOTE, Copied, HowToCall
from acwizard.screens.help import HelpScreen, key_rows
from acwizard.widgets.key_footer import KeyFooter

__all__ = ["HowToCallScreen"]

SELECT_HELP = "Select the previous or next command (at either end: the top or the bottom)"
SCROLL_HELP = "Scroll a page up or down; Home and End go to the top and the bottom"


class HowToCallScreen(Screen[None]):
    """One connector's call sheet; `c` copies the selected command, Escape goes back."""

    DEFAULT_CSS = """
    HowToCallScreen #call-sheet {
        height: 1fr;
        padding: 0 1;
    }
    HowToCallScreen .call-command {
        margin-top: 1;
    }
    HowToCallScreen #call-closing {
        margin-top: 1;
    }
    HowToCallScreen #osc52-note {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="how-to-call.back"),
        Binding(
            "c",
            "copy",
            "Copy",
            tooltip="Copy the selected command (OSC 52: the terminal may refuse it)",
            id="how-to-call.copy",
        ),
        Binding(
            "up", "select(-1)", "Previous", show=False, tooltip=SELECT_HELP, id="how-to-call.up"
        ),
        Binding(
            "down", "select(1)", "Next", show=False, tooltip=SELECT_HELP, id="how-to-call.down"
        ),
        Binding(
            "pageup", "page(-1)", "Page up", show=False, tooltip=SCROLL_HELP, id="how-to-call.pgup"
        ),
        Binding(
            "pagedown",
            "page(1)",
            "Page down",
            show=False,
            tooltip=SCROLL_HELP,
            id="how-to-call.pgdn",
        ),
        Binding(
            "home", "end(False)", "Top", show=False, tooltip=SCROLL_HELP, id="how-to-call.home"
        ),
        Binding(
            "end", "end(True)", "Bottom", show=False, tooltip=SCROLL_HELP, id="how-to-call.end"
        ),
        Binding("f1,question_mark", "help", "Help", id="how-to-call.help"),
    ]
    """Up/down select a command, `c` copies it; Page Up/Down, Home, End scroll; Escape."""

    sheet_view = getters.query_one("#call-sheet", VerticalScroll)

    def __init__(self, view: HowToCall, file_name: str) -> None:
        super().__init__()
        self.view = view
        """The call sheet and the selected command."""
        self.file_name = file_name
        """`connectors/<id>.toml`, for the header."""

    def compose(self) -> ComposeResult:
        """Header, the sheet (overview, commands, variables and notes), the OSC 52 note."""
        yield Header(icon="")
        with VerticalScroll(id="call-sheet", can_focus=False):
            yield Static(Content("\n".join(self.view.overview())), id="call-overview")
            for index in range(self.view.count):
                yield Static(self.command_content(index), classes="call-command")
            yield Static(Content("\n".join(self.view.closing())), id="call-closing")
        yield Static(Content(OSC52_NOTE), id="osc52-note")
        yield KeyFooter()

    def on_mount(self) -> None:
        """The title says whose sheet this is."""
        self.app.clear_notifications()  # the list's or the editor's toasts are not this view's
        self.title = self.view.title()
        self.sub_title = self.file_name

    def command_content(self, index: int) -> Content:
        """Command `index`: its heading (reversed and marked `>` when selected) and lines."""
        heading, lines = self.view.command_lines(index)
        shown = Content(heading)
        if index == self.view.selected:
            shown = Content.styled(heading, "reverse")
        body = Content("\n".join(f"  {line}" for line in lines))
        return Content("\n").join([shown, body])

    def commands(self) -> list[Static]:
        """The command widgets, in order."""
        return list(self.query(".call-command").results(Static))

    def action_select(self, delta: int) -> None:
        """Select the command `delta` away and bring it into view; past either end, scroll
        to the top (the bases) or the bottom (the variables)."""
        before = self.view.selected
        if not self.view.move(delta):
            self.action_end(delta > 0)
            return
        widgets = self.commands()
        for index in (before, self.view.selected):
            widgets[index].update(self.command_content(index))
        self.show_selected()

    def show_selected(self) -> None:
        """Scroll the selected command to the top of the view, as far as it goes."""
        if not self.view.count:
            return
        # After the refresh: the widgets' places are known only once the screen is laid out
        # (a key typed just after the view opened did not scroll).
        chosen = self.commands()[self.view.selected]
        self.call_after_refresh(self.sheet_view.scroll_to_widget, chosen, animate=False, top=True)

    def action_page(self, direction: int) -> None:
        """Scroll a page up (-1) or down (1)."""
        if direction > 0:
            self.sheet_view.scroll_page_down(animate=False)
        else:
            self.sheet_view.scroll_page_up(animate=False)

    def action_end(self, bottom: bool) -> None:
        """Scroll to the bottom (True) or the top (False)."""
        if bottom:
            self.sheet_view.scroll_end(animate=False)
        else:
            self.sheet_view.scroll_home(animate=False)

    def action_copy(self) -> None:
        """Hand the selected command to the terminal (OSC 52) and say what that means."""
        result = self.view.copy()
        if isinstance(result, Copied):
            self.show_selected()  # what was copied is in view, not only named
            self.app.copy_to_clipboard(result.text)
            self.notify(result.said, title="Sent to the terminal", markup=False)
        else:
            self.notify(result.reason, title="Not copied", severity="error", markup=False)

    def action_back(self) -> None:
        """Back to where the view was opened."""
        self.dismiss(None)

    def action_help(self) -> None:
        """Every key of this view."""
        self.app.push_screen(HelpScreen("how to call", key_rows(self)))
