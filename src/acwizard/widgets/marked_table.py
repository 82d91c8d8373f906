"""The tables of the properties screen: the cursor row marked `>`, and typing that finds a row.

DataTable shows its cursor by colour alone; here the row under the cursor reads
`>` in a narrow first column, so it shows without colour too (NO_COLOR,
16-colour SSH sessions), as in the connector list.

Single letters on a table (issue 18): a table acts on the letters its tab binds
(`n` new, `d` remove, `e` edit, `b` block), and every change such a key makes is
said in a notice naming ctrl+z, or asked first when it lets more addresses call.
Any other letter starts finding a row, and while finding lasts every letter and
digit is part of what is found, the bound ones too: a word typed at a table by
mistake ("added") finds nothing and changes nothing. Finding ends after
`FIND_PAUSE` seconds without a key, or with Escape, Enter or any key that
moves; Backspace takes back a letter. The pane shows what is being found
(`Finding`).

Home and End go to the first and last row (issue 18): Textual's DataTable binds
them to sideways scrolling when its cursor is a row, so they did nothing and End
then `d` removed the first grant, not the last. Left and Right still scroll.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.coordinate import Coordinate
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowKey

__all__ = ["CURSOR_MARK", "FIND_PAUSE", "MarkedTable", "TablePane", "finding_text"]

CURSOR_MARK = ">"
"""The first cell of the row under the cursor; the other rows have a blank there."""
FIND_PAUSE = 1.0
"""Seconds without a key after which typing at a table stops finding: keys act again."""


def finding_text(found: str, matched: bool) -> str:
    """What a pane says while its table finds `found` (`matched`: a row has it); one line at
    60 columns for a short word."""
    return f"Find: '{found}'" + ("" if matched else " (no match)") + "; Esc or a pause ends it."


class MarkedTable(DataTable[Text]):
    """A table of rows whose cursor row is marked `>` in a narrow first column.

    Callers add rows with a blank first cell (`MarkedTable.EMPTY_MARK`) and call
    `mark_cursor()` after filling it. Rows are found by the text of their first
    column after the mark.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]
    """Home and End move the cursor to the first and last row, as in every list."""

    EMPTY_MARK = Text(" ")
    """The first cell of every row as added."""

    class Finding(Message):
        """What the table is finding now ("" once finding ended), and whether a row has it."""

        def __init__(self, found: str, matched: bool) -> None:
            super().__init__()
            self.found = found
            self.matched = matched

    def __init__(self) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True)
        self._marked: RowKey | None = None
        self.found = ""
        """What typing at the table is finding; "" when it is not finding."""
        self._find_timer: Timer | None = None
        self.add_column(Text(" "), key="mark", width=1)

    def clear(self, columns: bool = False) -> MarkedTable:
        """Empty the table; the marked row is gone with it."""
        self._marked = None
        super().clear(columns)
        return self

    def mark_cursor(self) -> None:
        """Move the `>` to the row under the cursor."""
        if self._marked is not None and self._marked in self.rows:
            self.update_cell(self._marked, "mark", self.EMPTY_MARK)
        self._marked = None
        if self.row_count:
            row = min(self.cursor_row, self.row_count - 1)
            key = self.coordinate_to_cell_key(Coordinate(row, 0)).row_key
            self.update_cell(key, "mark", Text(CURSOR_MARK, "bold"))
            self._marked = key

    def on_data_table_row_highlighted(self) -> None:
        """The cursor moved: the mark follows (the message still reaches the pane)."""
        self.mark_cursor()

    # -- typing finds a row ---------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """A letter the table's tab does not bind finds a row; while finding, any letter."""
        character = event.character or ""
        finding = bool(self.found)
        if finding and event.key in ("escape", "backspace"):
            event.stop()
            event.prevent_default()
            if event.key == "backspace" and len(self.found) > 1:
                self.find(self.found[:-1])
            else:
                self.end_find()
            return
        if not (event.is_printable and character.strip()):
            if finding:
                self.end_find()  # Enter, an arrow, Tab: the keys act again
            return
        if not finding and event.key in self.screen.active_bindings:
            return  # a key of the tab: it acts (and says so, or asks)
        event.stop()
        event.prevent_default()
        self.find(self.found + character)

    def row_text(self, row: int) -> str:
        """The text a row is found by: its first column after the mark, as shown."""
        cell = self.get_row_at(row)[1]
        return cell.plain if isinstance(cell, Text) else str(cell)

    def find(self, found: str) -> None:
        """Put the cursor on the first row starting with `found` (ignoring case); a bell, and
        the cursor where it was, when none does (a word typed by mistake moves nothing a
        later `d` would act on). Finding lasts `FIND_PAUSE` more seconds."""
        self.found = found
        needle = found.casefold()
        texts = (self.row_text(row).casefold() for row in range(self.row_count))
        row = next((i for i, text in enumerate(texts) if text.startswith(needle)), None)
        if row is None:
            self.app.bell()
        else:
            self.move_cursor(row=row)
        if self._find_timer is not None:
            self._find_timer.stop()
        self._find_timer = self.set_timer(FIND_PAUSE, self.end_find)
        self.post_message(self.Finding(found, row is not None))

    def end_find(self) -> None:
        """Stop finding: the table's keys act again."""
        if self._find_timer is not None:
            self._find_timer.stop()
            self._find_timer = None
        if self.found:
            self.found = ""
            self.post_message(self.Finding("", True))

    def on_blur(self) -> None:
        """Leaving the table ends finding."""
        self.end_find()


class TablePane(Vertical):
    """A tab's pane around a `MarkedTable`, with a line that counts its rows (`.pane-count`),
    which says what typing at the table finds while it does."""

    _count = ""

    def show_count(self, text: str) -> None:
        """Show `text` on the count line."""
        self._count = text
        self.query_one(".pane-count", Static).update(Content(text))

    def on_marked_table_finding(self, event: MarkedTable.Finding) -> None:
        """Say what typing at the table finds; the count again once finding ends."""
        event.stop()
        shown = finding_text(event.found, event.matched) if event.found else self._count
        self.query_one(".pane-count", Static).update(Content(shown))
