"""Profit's New → tick → Finish for GetConnectors, UpdateConnectors and special connectors.

Shows the catalog entries not yet granted, with check boxes, filtered as the
user types. An id that is not in the catalog can still be added: typing it
offers it as an extra row, marked, and the properties screen warns about it.
Returns the ticked ids, or None when cancelled.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from acwizard.cores.grants import MISSING_MARK, is_connector_id
from acwizard.widgets.checklist import CheckList
from acwizard.widgets.key_footer import KeyFooter

__all__ = ["ConnectorPicker"]


class ConnectorPicker(ModalScreen[list[str] | None]):
    """Tick catalog entries to grant them; Enter finishes, Escape cancels."""

    DEFAULT_CSS = """
    ConnectorPicker #picker-status {
        height: 1;
        color: $text-muted;
    }
    """
    """The count line under the list. The frame is app.tcss's `.dialog-box.picker`, which the
    user group dialog shares."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("enter", "finish", "Finish", id="picker.finish"),
        Binding("f1", "help", "Help", id="picker.help"),
    ]
    """Enter adds the ticked entries; Escape adds nothing."""

    HELP_EXTRA = (
        ("type", "Filter by id or description; an id not in the catalog is offered too"),
        ("↓", "From the filter into the list (typing there goes on filtering)"),
    )
    """Keys the filter field and the screen handle themselves, for the help screen."""

    def __init__(
        self,
        title: str,
        entries: list[tuple[str, str]],
        taken: set[str],
        unknown_note: Callable[[str], str] = lambda key: MISSING_MARK,
    ) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.entries = entries
        self.unknown_note = unknown_note
        """What to say about a typed id that is not among the entries."""
        self.taken = {key.casefold() for key in taken}
        self.known = {key.casefold() for key, _ in entries} | self.taken

    def compose(self) -> ComposeResult:
        """Title, hint, filter, list, status."""
        with Vertical(classes="dialog-box picker"):
            yield Static(Content(self.title_text), classes="dialog-title")
            yield Static(
                Content(
                    "Type to filter. Down: to the list. Space: tick. Enter: add the "
                    "ticked ones. Esc: cancel."
                ),
                classes="field-help",
            )
            yield Input(
                placeholder="filter by id or description",
                id="picker-filter",
                compact=True,
                select_on_focus=False,  # else the next Backspace clears the whole filter
            )
            yield CheckList(self.entries, id="picker-list")
            yield Static(id="picker-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Start in the filter field; keep the collector off what is already built."""
        self.query_one("#picker-filter", Input).focus()
        self.update_status()
        # With 10,000 entries on screen, Python's cyclic collector now and then walked
        # every object of the app during a keystroke: the worst key took 105-127 ms
        # (bench figure 3, target 100 ms) against 16-25 ms frozen. What exists now lives
        # as long as the picker; `on_unmount` hands it back to the collector.
        gc.freeze()

    def on_unmount(self) -> None:
        """Give the collector back what `on_mount` kept from it: nothing stays unfreed."""
        gc.unfreeze()

    @property
    def checklist(self) -> CheckList:
        """The list of check boxes."""
        return self.query_one(CheckList)

    def update_status(self, note: str = "") -> None:
        """`N of M shown · K ticked`, and why a typed text matches nothing."""
        checklist = self.checklist
        ticked = len(checklist.checked)
        status = f"{checklist.visible_count} of {checklist.total_count} shown · {ticked} ticked"
        self.query_one("#picker-status", Static).update(Content(f"{status}{note}"))

    @on(Input.Changed, "#picker-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        """Filter; offer a typed id that is not in the catalog as an extra row."""
        text = event.value.strip()
        extra = None
        valid_id = is_connector_id(text)
        if text and valid_id and text.casefold() not in self.known:
            extra = (text, self.unknown_note(text))
        self.checklist.set_filter(event.value, extra)
        note = ""
        if text and not valid_id and not self.checklist.visible_count:
            note = " · no match, and not a valid id (letters, digits, '_', '.', '-')"
        self.update_status(note)

    @on(Input.Submitted, "#picker-filter")
    def filter_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter finishes when something is ticked, else moves to the list."""
        event.stop()
        if self.checklist.checked:
            self.action_finish()
        else:
            self.checklist.focus()

    @on(CheckList.Toggled)
    def toggled(self) -> None:
        """Keep the count of ticked entries up to date."""
        self.update_status()

    def on_key(self, event: Key) -> None:
        """Down from the filter goes to the list; typing on the list goes on filtering."""
        field = self.query_one("#picker-filter", Input)
        if self.focused is field and event.key == "down":
            self.checklist.focus()
            event.stop()
        elif self.focused is self.checklist and event.is_printable and event.key != "space":
            field.focus()
            field.action_end()  # typing goes on at the end of the filter, nothing selected
            field.insert_text_at_cursor(event.character or "")
            event.stop()
            event.prevent_default()

    def action_finish(self) -> None:
        """Add the ticked entries; nothing ticked adds nothing and says so."""
        checked = self.checklist.checked
        if not checked:
            self.notify(
                "Tick entries with Space first, or press Esc to cancel.",
                title="Nothing ticked",
                markup=False,
            )
            return
        self.dismiss(checked)

    def action_cancel(self) -> None:
        """Close without adding anything; ask first when entries are ticked (ticking in
        a 10,000-entry catalog is work an Escape meant for the filter must not undo)."""
        ticked = len(self.checklist.checked)
        if not ticked:
            self.dismiss(None)
            return
        from acwizard.dialogs.questions import ask_to_discard

        ask_to_discard(
            self,
            "Discard the ticked entries?",
            f"{ticked} ticked {'entry is' if ticked == 1 else 'entries are'} not added yet. "
            "Enter adds them. Discard them?",
            "Keep ticking",
            lambda: self.dismiss(None),
        )

    def action_help(self) -> None:
        """Show the keys of the picker."""
        from acwizard.screens.help import HelpScreen, key_rows

        self.app.push_screen(HelpScreen(self.title_text, key_rows(self, self.HELP_EXTRA)))
