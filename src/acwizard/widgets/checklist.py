"""A filterable list of check boxes that stays fast with tens of thousands of entries.

Environments hold thousands of GetConnectors. Rebuilding a `SelectionList` on
every keystroke costs about 100 ms at 10,000 entries; this widget instead keeps
the entries in plain lists, filters by scanning precomputed lower-case text and
renders only the rows on screen (Textual's Line API). Rows read as
`> [X] id  description`, so the cursor and the ticks are visible without colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip

from acwizard.text import matching, visible
from acwizard.widgets.cells import clip
from acwizard.widgets.cursor_rows import CursorRows

ID_COLUMN_MAX = 36
"""Widest id column; longer ids are cut with an ellipsis on screen only."""


class CheckList(CursorRows):
    """Entries of (key, description) with a check box each, filterable by text."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "tick", "Tick", id="checklist.toggle"),
    ]
    """Space ticks; arrows, Page Up/Down, Home and End move (`CursorRows`)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "checklist--cursor",
        "checklist--checked",
        "checklist--warning",
        "checklist--dim",
    }

    DEFAULT_CSS = """
    CheckList {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
        & > .checklist--cursor { background: $accent 40%; text-style: bold reverse; }
        &:focus > .checklist--cursor { background: $accent; text-style: bold; }
        & > .checklist--checked { text-style: bold; }
        & > .checklist--warning { color: $warning; }
        & > .checklist--dim { color: $text-muted; }
        &:nocolor > .checklist--cursor { text-style: bold; }
        &:nocolor:focus > .checklist--cursor { text-style: bold reverse; }
    }
    """
    """Under NO_COLOR (`:nocolor`) the reverse goes with the focus, as in every list of the
    app: in colour the row without the focus is the reversed one (a paler background,
    reversed), which without colour read as if the list had the focus while the filter had it."""

    class Toggled(Message):
        """The set of ticked keys changed."""

        def __init__(self, checklist: CheckList) -> None:
            super().__init__()
            self.checklist = checklist

    def __init__(
        self,
        entries: Sequence[tuple[str, str]],
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._keys = [key for key, _ in entries]
        self._descriptions = [description for _, description in entries]
        self._haystack = [f"{key}\t{description}".casefold() for key, description in entries]
        self._visible = list(range(len(self._keys)))
        self._checked: set[int] = set()
        self._extra: tuple[str, str] | None = None
        self._id_width = min(
            ID_COLUMN_MAX, max((cell_len(visible(key, 200)) for key in self._keys), default=8)
        )

    # -- data -------------------------------------------------------------

    @property
    def checked(self) -> list[str]:
        """The ticked keys, in catalog order; an extra (uncatalogued) key comes last."""
        keys = [self._keys[index] for index in sorted(self._checked) if index >= 0]
        if -1 in self._checked and self._extra is not None:
            keys.append(self._extra[0])
        return keys

    @property
    def visible_count(self) -> int:
        """How many rows the filter lets through (the extra row included)."""
        return len(self._visible)

    @property
    def total_count(self) -> int:
        """How many entries there are in all."""
        return len(self._keys)

    def highlighted_key(self) -> str | None:
        """The key under the cursor, or None when the list is empty."""
        if not self._visible:
            return None
        return self._key_of(self._visible[self.cursor])

    def _key_of(self, index: int) -> str:
        """The key of an entry index (-1 is the extra row)."""
        if index == -1:
            assert self._extra is not None
            return self._extra[0]
        return self._keys[index]

    def set_filter(self, text: str, extra: tuple[str, str] | None = None) -> None:
        """Show only entries whose id or description contains every word of `text`.

        `extra`, when given, is shown last as an entry that is not in the catalog.
        """
        visible = matching(self._haystack, text.casefold().split())
        if self._extra != extra:
            self._checked.discard(-1)
        self._extra = extra
        if extra is not None:
            visible.append(-1)
        self.show_rows(visible)

    # -- actions ------------------------------------------------------------

    def action_tick(self) -> None:
        """Tick or untick the row under the cursor (not `action_toggle`: every DOM node has
        that one, and it toggles an attribute)."""
        if not self._visible:
            return
        index = self._visible[self.cursor]
        self._checked.symmetric_difference_update({index})
        self.refresh()
        self.post_message(self.Toggled(self))

    # -- rendering ------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """One row: cursor marker, check box, id, description."""
        width = self.scrollable_content_region.width
        row = self.row_at(y)
        base = self.rich_style
        if row is None:
            return Strip.blank(width, base)
        index = self._visible[row]
        is_cursor = row == self.cursor
        ticked = index in self._checked
        if index == -1:
            assert self._extra is not None
            key, description = self._extra
            note_style = self.get_component_rich_style("checklist--warning")
        else:
            key, description = self._keys[index], self._descriptions[index]
            note_style = self.get_component_rich_style("checklist--dim")
        marker = ">" if is_cursor else " "
        box = "[X]" if ticked else "[ ]"
        # Ids and descriptions come from catalog.toml, which a repository can
        # hold: control characters show as escapes, never reach the terminal.
        shown_key = clip(visible(key, 200), self._id_width)
        description = visible(description, 500)
        key_style = self.get_component_rich_style("checklist--checked") if ticked else None
        prefix = f"{marker}{box} "
        gap = "  "
        room = width - len(prefix) - self._id_width - len(gap)
        if room > 1:
            description = clip(description, room)
        segments = [
            Segment(prefix),
            Segment(set_cell_size(shown_key, self._id_width), key_style),
            Segment(gap),
            Segment(description, note_style),
        ]
        strip = Strip(segments).crop_extend(0, width, None).apply_style(base)
        if is_cursor:
            strip = strip.apply_style(self.get_component_rich_style("checklist--cursor"))
        return strip
