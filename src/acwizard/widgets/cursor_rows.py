"""Rows with one highlighted row, drawn only where they show: the base of acwizard's lists.

The connector list and the picker's check boxes hold thousands of rows.
Textual's DataTable and SelectionList build a widget line per row when filled
and again on every filter; these lists keep plain data, and a subclass draws
just the lines on screen (`render_line`, Textual's Line API). This class owns
what they share: which rows the filter shows, the cursor over them, and the
keys that move it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.geometry import Region, Size, Spacing
from textual.reactive import reactive
from textual.scroll_view import ScrollView

MOVE = "Move the cursor"
"""The help's description of the cursor keys, shared so they show as one row."""


class CursorRows(ScrollView, can_focus=True):
    """A scrolling list of rows with a cursor; `HEADER_LINES` lines on top stay put."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", MOVE, show=False, id="rows.up"),
        Binding("down", "cursor(1)", MOVE, show=False, id="rows.down"),
        Binding("pageup", "page(-1)", MOVE, show=False, id="rows.page-up"),
        Binding("pagedown", "page(1)", MOVE, show=False, id="rows.page-down"),
        Binding("home", "jump(0)", MOVE, show=False, id="rows.first"),
        Binding("end", "jump(-1)", MOVE, show=False, id="rows.last"),
    ]
    """Arrows, Page Up/Down, Home and End move the cursor (one line in help: one
    description)."""

    HEADER_LINES: ClassVar[int] = 0
    """Lines at the top that do not scroll (column titles)."""

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    """Index into the visible rows."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._visible: list[int] = []
        """The indexes of the rows shown, in order (a subclass's own numbering)."""
        self._line_width = 0
        """How wide a line is (0: as wide as the widget)."""

    def show_rows(self, visible: list[int], cursor: int = 0) -> None:
        """Show these rows, the cursor on the `cursor`-th of them."""
        self._visible = visible
        self.virtual_size = Size(self._line_width, len(visible) + self.HEADER_LINES)
        self.cursor = cursor
        if cursor == 0:
            self.scroll_to(y=0, animate=False)
        self.refresh()

    def on_mount(self) -> None:
        """Size the scrollable area to the rows."""
        self.virtual_size = Size(self._line_width, len(self._visible) + self.HEADER_LINES)

    def row_at(self, y: int) -> int | None:
        """The position (among the visible rows) drawn on line `y` of the widget, if any."""
        position = self.scroll_offset.y + y - self.HEADER_LINES
        if y < self.HEADER_LINES or position >= len(self._visible):
            return None
        return position

    # -- actions ------------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        """Keep the cursor on a visible row."""
        return max(0, min(cursor, len(self._visible) - 1))

    def watch_cursor(self) -> None:
        """Scroll the cursor's row into view and redraw."""
        self.scroll_to_cursor()
        self.refresh()

    def on_resize(self) -> None:
        """Lay the lines out for the new width; keep the cursor on screen."""
        self.fit_to_width()
        self.scroll_to_cursor()

    def fit_to_width(self) -> None:
        """Adapt the lines to the widget's width (a table widens its columns)."""

    def scroll_to_cursor(self) -> None:
        """Scroll up or down just enough to show the cursor's row below the header lines.

        Only vertically: a table scrolled sideways stays where the user put it.
        """
        self.scroll_to_region(
            Region(0, self.cursor + self.HEADER_LINES, 1, 1),
            spacing=Spacing(top=self.HEADER_LINES),
            animate=False,
            force=True,
            x_axis=False,
        )

    def action_cursor(self, delta: int) -> None:
        """Move the cursor up or down."""
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        """Move the cursor a page up or down."""
        page = self.scrollable_content_region.height - self.HEADER_LINES - 1
        self.cursor += direction * max(1, page)

    def action_jump(self, where: int) -> None:
        """Move to the first (0) or last (-1) row."""
        self.cursor = 0 if where == 0 else len(self._visible) - 1
