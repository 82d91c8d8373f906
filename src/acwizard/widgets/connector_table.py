"""The connector list's table: fixed columns, a cursor, a filter, thousands of rows.

Textual's `DataTable` builds and measures every row when it is filled: about
0.75 s for 5,000 connectors, and as long again on every filtering keystroke.
This table keeps the rows as plain strings, filters by scanning precomputed
lower-case text, and renders only the lines on screen (Textual's Line API),
like the picker's `CheckList`. The cursor row starts with `>`, so it shows
without colour (NO_COLOR, monochrome terminals over SSH).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, NamedTuple

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from acwizard.cores.listing import ListedFile
from acwizard.text import matching, plural, visible
from acwizard.widgets.cells import clip, steady
from acwizard.widgets.cursor_rows import CursorRows

PADDING = 1
"""Blank cells on each side of a column, as in a DataTable."""
MAX_CELL = 200
"""Characters of a cell considered before clipping it to its column."""
SIDEWAYS = "Scroll sideways, a column at a time"
"""The help's description of Left and Right."""
WIDER_COLUMNS = ((0, 40), (1, 29))
"""Where the room of a wider terminal goes: (column, at most this many more cells) for the
description and the user group. The group starts narrow at 80 columns (it gave its room to
the Auth column) and can grow to 35 cells, as wide as before."""


class TableRow(NamedTuple):
    """One row: its key, its cells as literal text, what the filter searches."""

    key: str
    cells: Sequence[str]
    haystack: str = ""
    """Case-folded text the filter looks in."""
    strong: int = -1
    """The index of a cell drawn bold (INVALID), or -1."""


COLUMNS = (
    ("Description", 21),
    ("Group", 6),
    ("Status", 7),
    ("Auth", 7),
    ("Get", 3),
    ("Upd", 3),
    ("Con", 3),
    ("IP", 12),
)
"""Column titles and widths: they fit 80 columns with a scroll bar.

The Auth column (the words of `acwizard list`: classic, hybrid, oauth) took its
room from the user group, not the description: the group usually repeats the
connector's name (AFAS advises one group per connector, and Profit offers to
name it after the connector), it is on the General tab, and the filter still
finds it. A wider terminal gives the group its room back (`WIDER_COLUMNS`). Its
title is "Group": "User group" clipped to six cells read "User …".
"""


def connector_row(listed: ListedFile) -> TableRow:
    """The table row of one connector file: literal text (never markup) and its search text."""
    row = listed.row
    if listed.status == "invalid" or row is None:
        errors = sum(problem.is_error for problem in listed.problems)
        problems = f"{errors} {plural('problem', errors)}"
        cells = (listed.path.name, "-", "INVALID", "-", "-", "-", "-", problems)
        return TableRow(listed.id, cells, listed.search_text, strong=2)
    cells = (
        row.description,
        row.user_group,
        row.state if listed.checked else "…",
        row.authentication,
        str(row.get_connectors),
        str(row.update_connectors),
        str(row.connectors),
        row.ip,
    )
    return TableRow(listed.id, cells, listed.search_text)


class ConnectorTable(CursorRows):
    """A table of rows with one highlighted row; Enter chooses it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "choose",
            "Open",
            tooltip="Open the connector (an INVALID file: its problems and what to do)",
            id="list.open",
        ),
        Binding("left", "scroll_columns(-1)", SIDEWAYS, show=False, id="list.scroll-left"),
        Binding("right", "scroll_columns(1)", SIDEWAYS, show=False, id="list.scroll-right"),
    ]
    """Enter opens; arrows, Page Up/Down, Home and End move (`CursorRows`); Left/Right
    scroll sideways a column at a time (one cell per key took 20 presses to reach the
    IP column at 60 columns)."""

    HEADER_LINES = 1
    """The column titles."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "connector-table--header",
        "connector-table--cursor",
        "connector-table--even-row",
        "connector-table--strong",
        "connector-table--dim",
    }

    DEFAULT_CSS = """
    ConnectorTable {
        width: 100%;
        height: 1fr;
        background: $surface;
        color: $foreground;
        & > .connector-table--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .connector-table--header { background: ansi_bright_blue; color: ansi_default; }
        & > .connector-table--even-row { background: $surface-lighten-1 50%; }
        &:dark > .connector-table--even-row { background: $surface-darken-1 40%; }
        & > .connector-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .connector-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .connector-table--strong { text-style: bold; }
        & > .connector-table--dim { color: $text-muted; }
        &:nocolor:focus > .connector-table--cursor { text-style: bold reverse; }
    }
    """
    """Under NO_COLOR (`:nocolor`) the cursor row is reversed while the table has the focus:
    the focus shows otherwise by colour alone, and the filter field above takes it too."""

    class Chosen(Message):
        """Enter (or a click on the highlighted row) chose a row."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(
        self,
        columns: Sequence[tuple[str, int]],
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = list(columns)
        self._rows: list[TableRow] = []
        self._haystacks: list[str] = []
        self._words: list[str] = []
        self._widths = [width for _, width in self.columns]
        self._line_width = sum(width + 2 * PADDING for width in self._widths)
        self.empty_text = ""
        """Shown below the titles when no row shows (set by the screen: why there is none)."""

    # -- data -------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many rows the filter lets through."""
        return len(self._visible)

    def highlighted_key(self) -> str | None:
        """The key of the row under the cursor, or None when no row shows."""
        if not self._visible:
            return None
        return self._rows[self._visible[self.cursor]].key

    def select_key(self, key: str) -> bool:
        """Put the cursor on the row `key`; False when the filter does not show it."""
        for position, index in enumerate(self._visible):
            if self._rows[index].key == key:
                self.cursor = position
                return True
        return False

    def set_rows(self, rows: Sequence[TableRow], select: str | None = None) -> None:
        """Show these rows (through the current filter), the cursor on `select` if shown."""
        self._rows = list(rows)
        self._haystacks = [row.haystack for row in self._rows]
        self._apply_filter(select)

    def set_filter(self, text: str, select: str | None = None) -> None:
        """Show only rows whose search text holds every word of `text`.

        The cursor goes to `select`, else to the first match; clearing the
        filter keeps it on the row it was on, so a connector found by
        filtering stays under the cursor.
        """
        words = text.casefold().split()
        if select is None and not words:
            select = self.highlighted_key()
        self._words = words
        self._apply_filter(select)

    def _apply_filter(self, select: str | None) -> None:
        """Recompute the visible rows and put the cursor on `select` (or the first row)."""
        visible = matching(self._haystacks, self._words)
        cursor = 0
        if select is not None:
            for position, index in enumerate(visible):
                if self._rows[index].key == select:
                    cursor = position
                    break
        self.show_rows(visible, cursor)

    # -- actions ------------------------------------------------------------

    def action_choose(self) -> None:
        """Enter: choose the highlighted row."""
        key = self.highlighted_key()
        if key is not None:
            self.post_message(self.Chosen(key))

    def on_click(self, event: events.Click) -> None:
        """A click highlights a row; a click on the highlighted row chooses it."""
        offset = event.get_content_offset(self)
        row = None if offset is None else self.row_at(offset.y)
        if row is None:
            return
        if row == self.cursor:
            self.action_choose()
        else:
            self.cursor = row

    def action_scroll_columns(self, direction: int) -> None:
        """Left/Right: scroll to the previous or next column's start (no further than the end)."""
        x = self.scroll_offset.x
        starts = self.column_starts()
        if direction > 0:
            target = next((start for start in starts if start > x), x)
            target = min(target, int(self.max_scroll_x))
        else:
            target = max((start for start in starts if start < x), default=0)
        self.scroll_to(x=target, animate=False)

    def column_starts(self) -> list[int]:
        """Where each column begins on a line (its padding cell), left to right."""
        starts = [0]
        for width in self._widths[:-1]:
            starts.append(starts[-1] + width + 2 * PADDING)
        return starts

    def fit_to_width(self) -> None:
        """Give a terminal wider than the columns' room to the description and the group.

        The vertical scroll bar's room is always kept, so the columns do not
        jump when the rows come to fill the screen.
        """
        room = self.size.width - self.styles.scrollbar_size_vertical
        widths = [width for _, width in self.columns]
        extra = max(0, room - sum(width + 2 * PADDING for width in widths))
        (description, most_description), (group, most_group) = WIDER_COLUMNS
        grow_group = min(most_group, extra // 3)  # a third for the user group...
        grow_description = min(most_description, extra - grow_group)  # ...the rest here
        widths[description] += grow_description
        widths[group] += grow_group
        if widths != self._widths:
            self._widths = widths
            self._line_width = sum(width + 2 * PADDING for width in widths)
            self.virtual_size = Size(self._line_width, len(self._visible) + self.HEADER_LINES)
            self.refresh()

    # -- rendering ------------------------------------------------------------

    def _line(self, cells: Sequence[str], strong: int, strong_style: Style) -> Strip:
        """The segments of one line: each cell padded to its column.

        Cells hold text from files (names, descriptions of files not yet
        validated): control characters are shown as escapes, never sent.
        """
        segments = []
        for index, (width, cell) in enumerate(zip(self._widths, cells, strict=True)):
            shown = clip(steady(visible(cell, MAX_CELL)), width)
            text = f" {set_cell_size(shown, width)} "
            segments.append(Segment(text, strong_style if index == strong else None))
        return Strip(segments, self._line_width)

    def render_line(self, y: int) -> Strip:
        """Line 0 is the column titles; the lines below are the visible rows.

        The first cell holds the cursor marker and never scrolls: the rest of
        the line scrolls sideways behind it, so the cursor row stays marked
        without colour wherever the table is scrolled.
        """
        width = self.scrollable_content_region.width
        scroll_x = self.scroll_offset.x
        base = self.rich_style
        if y == 0:
            titles = [title for title, _ in self.columns]
            marker = " "
            strip = self._line(titles, -1, Style())
            style = self.get_component_rich_style("connector-table--header")
        else:
            position = self.row_at(y)
            if position is None:
                if y == self.HEADER_LINES and not self._visible and self.empty_text:
                    note = Segment(
                        f" {self.empty_text}", self.get_component_rich_style("connector-table--dim")
                    )
                    return Strip([note]).crop_extend(0, width, None).apply_style(base)
                return Strip.blank(width, base)
            row = self._rows[self._visible[position]]
            is_cursor = position == self.cursor
            strong_style = self.get_component_rich_style("connector-table--strong")
            marker = ">" if is_cursor else " "
            strip = self._line(row.cells, row.strong, strong_style)
            if is_cursor:
                style = self.get_component_rich_style("connector-table--cursor")
            elif position % 2 == 0:
                style = self.get_component_rich_style("connector-table--even-row")
            else:
                style = Style()
        scrolled = strip.crop(scroll_x + 1, scroll_x + width)
        if scroll_x:
            # Blank the end of a column cut by the left edge: a stray "ng" there
            # reads like data.
            cut = next((start for start in self.column_starts() if start > scroll_x), scroll_x + 1)
            blank = cut - scroll_x - 1
            scrolled = Strip.join([Strip.blank(blank), scrolled.crop(blank)])
        line = Strip.join([Strip([Segment(marker)], 1), scrolled]).crop_extend(0, width, None)
        return line.apply_style(style).apply_style(base)
