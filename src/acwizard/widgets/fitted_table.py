"""A marked table whose columns share the table's width, long cells cut with an ellipsis.

DataTable makes each column as wide as its longest cell and lets the terminal
edge cut the rest, without a sign: at 60x20 two webhook URLs (or two redirect
URLs of one app) that differ only at the end looked the same. Here each column
gets a share of the width and a cell longer than its column is cut by the
column's own rule (`clip`, or `clip_url`, which keeps the host), ending or
broken by `…`, as the connector list cuts. The table fills itself again when
its width changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events

from acwizard.widgets.cells import clip
from acwizard.widgets.marked_table import MarkedTable

__all__ = ["FitColumn", "FittedTable"]


@dataclass(frozen=True, slots=True)
class FitColumn:
    """One column: its key, its title, and how its cells share the width."""

    key: str
    label: str
    share: int = 1
    """Its part of the room the columns that may be cut divide; 0: never cut (a date, a mark)."""
    cut: Callable[[str, int], str] = clip
    """How a cell too long for the column is cut: the ellipsis says it was."""
    style: Callable[[str], str] = lambda text: ""
    """The style of a cell holding `text` (a mark that stands out: bold)."""


MIN_WIDTH = 4
"""No column is cut narrower (nor narrower than its title): below this a cell says nothing."""


class FittedTable(MarkedTable):
    """A MarkedTable of plain-text rows, each cell cut to its column's share of the width."""

    def __init__(self, columns: Sequence[FitColumn]) -> None:
        super().__init__()
        self.fit_columns = tuple(columns)
        self.texts: list[tuple[str, ...]] = []
        """The rows as given, uncut."""
        self._fitted_room: int | None = None
        self._add_columns([None] * len(self.fit_columns))

    def _add_columns(self, widths: Sequence[int | None]) -> None:
        """The columns after the mark; None: as wide as the longest cell."""
        for column, width in zip(self.fit_columns, widths, strict=True):
            self.add_column(column.label, key=column.key, width=width)

    def room(self) -> int:
        """The cells the columns' text may take: the width, less the mark and the padding."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return 0
        columns = len(self.fit_columns) + 1
        return width - 1 - 2 * self.cell_padding * columns

    def widths(self, room: int) -> list[int]:
        """Each column's width: its longest cell when all fit, else its share of `room`.

        A column whose longest cell is narrower than its share keeps only what it
        needs and leaves the rest to the others; columns of share 0 are never cut.
        """
        natural = [
            max([cell_len(column.label), *(cell_len(row[index]) for row in self.texts)])
            for index, column in enumerate(self.fit_columns)
        ]
        if room <= 0 or sum(natural) <= room:
            return natural
        widths = list(natural)
        left = room - sum(
            natural[index] for index, column in enumerate(self.fit_columns) if not column.share
        )
        open_ = [index for index, column in enumerate(self.fit_columns) if column.share]
        while open_:
            total = sum(self.fit_columns[index].share for index in open_)
            small = [
                index
                for index in open_
                if natural[index] * total <= left * self.fit_columns[index].share
            ]
            if not small:
                break
            for index in small:
                left -= natural[index]
                open_.remove(index)
        if open_:
            total = sum(self.fit_columns[index].share for index in open_)
            for index in open_[:-1]:
                share = left * self.fit_columns[index].share // total
                widths[index] = max(self.narrowest(index), share)
            # The last (the URL, where there is one) takes what is left after rounding.
            last = open_[-1]
            taken = sum(widths[index] for index in open_[:-1])
            widths[last] = max(self.narrowest(last), left - taken)
        return widths

    def narrowest(self, index: int) -> int:
        """A column is never cut narrower than its title, nor than a few cells."""
        return max(MIN_WIDTH, cell_len(self.fit_columns[index].label))

    def set_rows(self, rows: Sequence[Sequence[str]], cursor: int | None = None) -> None:
        """Show `rows` (plain text, one string a column), the cursor on row `cursor`."""
        self.texts = [tuple(row) for row in rows]
        self._fill(self.cursor_row if cursor is None else cursor)

    def _fill(self, cursor: int) -> None:
        """Fill the table at its width now; the cursor on row `cursor` (or the last)."""
        room = self.room()
        widths = self.widths(room)
        self._fitted_room = room
        self.clear(columns=True)
        self.add_column(Text(" "), key="mark", width=1)
        self._add_columns(widths)
        for row in self.texts:
            cells = [
                Text(
                    column.cut(text, width) if cell_len(text) > width else text,
                    column.style(text),
                )
                for column, text, width in zip(self.fit_columns, row, widths, strict=True)
            ]
            self.add_row(self.EMPTY_MARK, *cells)
        if self.texts:
            self.move_cursor(row=min(cursor, len(self.texts) - 1), animate=False)
        self.mark_cursor()

    def on_resize(self, event: events.Resize) -> None:
        """The width changed (the terminal, or a scroll bar came or went): fit again."""
        if self.room() != self._fitted_room:
            self._fill(self.cursor_row)
