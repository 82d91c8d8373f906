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
from acwizard.cores.verified import MARK_WIDTH, NOT_VERIFIED, VerifyMark
from acwizard.text import matching, plural, visible
from acwizard.widgets.cells import clip, steady
from acwizard.widgets.cursor_rows import CursorRows

PADDING = 1
"""Blank cells on each side of a column, as in a DataTable."""
MAX_CELL = 200
"""Characters of a cell considered before clipping it to its column."""
SIDEWAYS = "Scroll sideways, a column at a time (the description stays)"
"""The help's description of Left and Right."""
WIDER_COLUMNS = ((0, 40), (1, 29))
"""Where the room of a wider terminal goes: (column, at most this many more cells) for the
description and the user group. The group starts narrow (it gave its room to the Auth
column) and can grow to 35 cells, as wide as before."""
GROUP_READABLE = 12
"""Fewer cells than this cut most user groups to a stub ("Payro…" at 80 columns): below
it the group stands last instead, whole, to the right of the other columns (Right shows
it), and its room goes to the description (`fit_to_width`)."""
GROUP_LAST = 24
"""The user group's width when it stands last."""
LEFT_MORE = "\u2039"
"""The title line's sign (a single angle quotation mark) that columns are scrolled out
of view to the left."""
RIGHT_MORE = "\u203a"
"""The title line's sign that columns go on out of view to the right; their titles stand
before it where there is room ("Group" and the sign, at 80 columns)."""


class TableRow(NamedTuple):
    """One row: its key, its cells as literal text, what the filter searches."""

    key: str
    cells: Sequence[str]
    haystack: str = ""
    """Case-folded text the filter looks in."""
    strong: int = -1
    """The index of a cell drawn bold (INVALID), or -1."""
    mark: str = " "
    """`!` when something of the connector's register has expired or ends within the window
    (`ListedFile.expiry`): drawn right after the description, which never scrolls."""


COLUMNS = (
    ("Description", 21),
    ("Group", 6),
    ("Status", 7),
    ("Profit", MARK_WIDTH),
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

The Profit column is the mark of the last `acwizard verify` (`cores.verified`: EXTRA,
ok 3d, edited, - ...); it stands next to Status, so it shows at 60 columns too.
"""


def connector_row(listed: ListedFile, mark: VerifyMark | None = None) -> TableRow:
    """The table row of one connector file: literal text (never markup) and its search text;
    `mark`: its last verify result (None: not verified yet)."""
    row = listed.row
    profit = "…" if not listed.checked else mark.cell if mark is not None else NOT_VERIFIED
    if listed.status == "invalid" or row is None:
        errors = sum(problem.is_error for problem in listed.problems)
        problems = f"{errors} {plural('problem', errors)}"
        cells = (listed.path.name, "-", "INVALID", profit, "-", "-", "-", "-", problems)
        return TableRow(listed.id, cells, listed.search_text, strong=2)
    cells = (
        row.description,
        row.user_group,
        row.state if listed.checked else "…",
        profit,
        row.authentication,
        str(row.get_connectors),
        str(row.update_connectors),
        str(row.connectors),
        row.ip,
    )
    expiry = "!" if listed.expiry() else " "
    return TableRow(listed.id, cells, listed.search_text, mark=expiry)


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
        scrollbar-size-horizontal: 0;
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
    the focus shows otherwise by colour alone, and the filter field above takes it too.
    No horizontal scroll bar: the title line says what is out of view, and which way
    (`LEFT_MORE`, `RIGHT_MORE`); the bar took a row's line and hid the cursor row under
    it after End."""

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
        self._order = list(range(len(self.columns)))
        """The columns (indexes into `columns` and the cells) in the order shown."""
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
        """Where each column after the description begins (its padding cell), counted from
        the end of the description: those scroll sideways, the description stays."""
        starts = [0]
        for width in self._widths[1:-1]:
            starts.append(starts[-1] + width + 2 * PADDING)
        return starts

    def fit_to_width(self) -> None:
        """Give a terminal wider than the columns' room to the description and the group;
        on a narrow one, put the group last where it would be cut to a stub.

        The vertical scroll bar's room is always kept, so the columns do not
        jump when the rows come to fill the screen.
        """
        room = self.size.width - self.styles.scrollbar_size_vertical
        widths = [width for _, width in self.columns]
        extra = room - sum(width + 2 * PADDING for width in widths)
        (description, most_description), (group, most_group) = WIDER_COLUMNS
        grow_group = min(most_group, max(0, extra) // 3)  # a third for the user group...
        order = list(range(len(widths)))
        if widths[group] + grow_group >= GROUP_READABLE:
            widths[description] += min(most_description, extra - grow_group)  # ...the rest here
            widths[group] += grow_group
        else:
            order.append(order.pop(group))
            freed = extra + widths[group] + 2 * PADDING  # its room, to the description
            widths[description] += max(0, min(most_description, freed))
            widths[group] = GROUP_LAST
        widths = [widths[index] for index in order]
        if (order, widths) != (self._order, self._widths):
            self._order, self._widths = order, widths
            self._line_width = sum(width + 2 * PADDING for width in widths)
            self.virtual_size = Size(self._line_width, len(self._visible) + self.HEADER_LINES)
            self.refresh()

    # -- rendering ------------------------------------------------------------

    def _line(self, cells: Sequence[str], strong: int, strong_style: Style) -> Strip:
        """The segments of one line: each cell (in `cells`' order) padded to its column, in
        the order shown.

        Cells hold text from files (names, descriptions of files not yet
        validated): control characters are shown as escapes, never sent.
        """
        segments = []
        for index, width in zip(self._order, self._widths, strict=True):
            shown = clip(steady(visible(cells[index], MAX_CELL)), width)
            text = f" {set_cell_size(shown, width)} "
            segments.append(Segment(text, strong_style if index == strong else None))
        return Strip(segments, self._line_width)

    def _titles_with_edges(self, line: Strip, scroll_x: int, first: int) -> Strip:
        """The title line with the signs of columns out of view: `LEFT_MORE` right of the
        description when columns are scrolled out to the left; `RIGHT_MORE` at the right
        end, after the titles of the columns out of view there when they fit."""
        text = list(line.text)
        width = len(text)
        if scroll_x and first < width:
            text[first] = LEFT_MORE
        shown_end = scroll_x + width - first  # where the view ends, counted as column_starts
        hidden = [
            self.columns[index][0]
            for index, start, column in zip(
                self._order[1:], self.column_starts(), self._widths[1:], strict=True
            )
            if start + column + 2 * PADDING > shown_end
        ]
        if hidden:
            note = f" {' '.join(hidden)} {RIGHT_MORE}"
            fits = len(note) < width - first and not "".join(text[-len(note) :]).strip()
            if fits:
                text[-len(note) :] = note
            else:
                text[-1] = RIGHT_MORE
        return Strip([Segment("".join(text))], width)

    def render_line(self, y: int) -> Strip:
        """Line 0 is the column titles; the lines below are the visible rows.

        The first cell holds the cursor marker and the description follows it;
        neither scrolls: the other columns scroll sideways behind them, so the
        cursor row stays marked without colour, and says which connector it is,
        wherever the table is scrolled.
        """
        width = self.scrollable_content_region.width
        scroll_x = self.scroll_offset.x
        base = self.rich_style
        if y == 0:
            titles = [title for title, _ in self.columns]  # in `columns`' order, as cells
            marker = mark = " "
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
            mark = row.mark
            strip = self._line(row.cells, row.strong, strong_style)
            if is_cursor:
                style = self.get_component_rich_style("connector-table--cursor")
            elif position % 2 == 0:
                style = self.get_component_rich_style("connector-table--even-row")
            else:
                style = Style()
        # The description stays where it is: what identifies a row never scrolls away.
        first = self._widths[0] + 2 * PADDING
        view = max(0, width - first)
        rest = strip.crop(first + scroll_x, first + scroll_x + view)
        # Blank a column cut by either edge: a stray "ng" (or the first letter of the
        # group, at 80 columns) reads like data.
        starts = self.column_starts()
        cut = next((start for start in starts if start >= scroll_x), scroll_x)
        blank = min(cut - scroll_x, view)
        ends = [start + w + 2 * PADDING for start, w in zip(starts, self._widths[1:], strict=True)]
        keep = max([end for end in ends if end <= scroll_x + view], default=scroll_x) - scroll_x
        keep = max(keep, blank)
        rest = Strip.join(
            [Strip.blank(blank), rest.crop(blank, keep), Strip.blank(max(0, view - keep))]
        )
        # The description's last padding cell holds the row's expiry mark.
        mark_cell = Strip([Segment(mark)], 1)
        line = Strip.join([Strip([Segment(marker)], 1), strip.crop(1, first - 1), mark_cell, rest])
        line = line.crop_extend(0, width, None)
        if y == 0:
            line = self._titles_with_edges(line, scroll_x, first)
        return line.apply_style(style).apply_style(base)
