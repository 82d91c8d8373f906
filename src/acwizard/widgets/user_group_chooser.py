"""Choosing a user group: the catalog's groups, filterable, or a new one: the name typed in
the filter, or with nothing typed one named after the app (`cores.wizard.new_group_offer`).

AFAS advises one user group per app connector, and newer Profit versions offer
to create one based on the app connector's name, so that choice comes first.
The group Enter will take starts with `>`, so it reads without colour.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from acwizard.cores.wizard import NEW_GROUP_IN_PROFIT, NewGroup, group_key, new_group_offer
from acwizard.text import matching, visible
from acwizard.textual_compat import option_on_line
from acwizard.widgets.cells import clip

LINE_WIDTH = 65
"""Name plus description fit one line of an 80-column terminal (with the marker cells)."""
MARKER_ROOM = " "
"""Every option starts with this cell; the highlighted one shows `>` there."""
NEW_GROUP_PREFIX = "new:"
"""Option ids of the "create a new user group" choice start with this."""
SHOWN_MAX = 200
"""Most groups listed at once; typing narrows the rest. Every group as an option of its
own cost about a second per key typed with a catalog of 10,000 user groups."""


class MarkedOptionList(OptionList):
    """An OptionList whose highlighted option starts with `>`, not only with colour.

    Under NO_COLOR or in 16 colours the highlight alone was invisible, and an
    admin could not tell which group Enter would take. The marker takes the
    first cell of every option (`MARKER_ROOM`), so nothing moves when it comes and goes.
    """

    def render_line(self, y: int) -> Strip:
        """The line as OptionList draws it, with `>` on the first line of the highlight."""
        strip = super().render_line(y)
        highlighted = self.highlighted
        if highlighted is None or strip.cell_length == 0:
            return strip
        found = option_on_line(self, self.scroll_offset.y + y)
        if found is None:
            return strip
        option_index, line_offset = found
        if option_index != highlighted or line_offset != 0:
            return strip
        first = next(iter(strip), None)
        style = first.style if first is not None else None
        marker = Strip([Segment(">", style)], 1)
        return Strip.join([marker, strip.crop(1)])


def new_group_option(offer: NewGroup) -> Option:
    """The row that offers `offer`: its name whole, as Finish writes it; a name no file may
    hold is shown with why, and cannot be chosen."""
    if offer.error is not None:
        return Option(
            Content.assemble(
                MARKER_ROOM,
                f"  No new user group '{visible(offer.name)}': it {visible(offer.error)}",
            ),
            disabled=True,
        )
    why = "" if offer.typed else " (named after the app connector)"
    return Option(
        Content.assemble(
            MARKER_ROOM,
            ("+ New user group ", "bold"),
            (f"'{visible(offer.name, None)}'", "bold"),
            f"{why}\n",
            f"{MARKER_ROOM} {NEW_GROUP_IN_PROFIT}",
        ),
        id=f"{NEW_GROUP_PREFIX}{offer.name}",
    )


class UserGroupChooser(Vertical):
    """A filter field above a list of user groups; Enter chooses one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_list", "Into the list of user groups", show=False, id="groups.down"),
    ]

    class Chosen(Message):
        """A user group was chosen."""

        def __init__(self, name: str, is_new: bool) -> None:
            super().__init__()
            self.name = name
            self.is_new = is_new

    def __init__(
        self,
        groups: dict[str, str],
        new_group_name: str | None = None,
        current: str | None = None,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="user-group-chooser")
        self.groups = groups
        self.new_group_name = new_group_name
        self.current = current
        self.names = sorted(groups, key=str.casefold)
        """The groups in the order listed: sorted once, not per key typed."""
        self.haystacks = [f"{name}\t{groups[name]}".casefold() for name in self.names]
        """What the filter's words are looked for in, per group of `names`."""
        self.index_of = {group_key(name): index for index, name in enumerate(self.names)}
        """Where each group stands in `names`, by what it reads as (`group_key`: case,
        spaces, look-alikes): a name typed otherwise finds the group, not a new one."""

    def compose(self) -> ComposeResult:
        """Filter field and list."""
        yield Input(
            placeholder="type to filter user groups",
            id="group-filter",
            compact=True,
            select_on_focus=False,  # else the next Backspace clears the whole filter
        )
        yield MarkedOptionList(id="group-list")

    def on_mount(self) -> None:
        """Show every group."""
        self.set_new_group_name(self.new_group_name)

    def set_new_group_name(self, name: str | None) -> None:
        """Change the name offered for a new user group and refill the list."""
        self.new_group_name = name
        self.fill(self.query_one("#group-filter", Input).value)

    def fill(self, text: str) -> None:
        """List the groups whose name or description contains every word of `text`, and the
        new group on offer (`new_group_offer`: the name typed, or named after the app)."""
        words = text.casefold().split()
        options: list[Option] = []
        offer = new_group_offer(text, self.new_group_name, self.index_of)
        if offer is not None:
            options.append(new_group_option(offer))
        found = matching(self.haystacks, words)
        typed = self.index_of.get(group_key(text)) if words else None
        if typed is not None and typed not in found:
            found = [typed, *found]  # typed with a look-alike letter: still that group
        shown = found[:SHOWN_MAX]
        for wanted in (self.new_group_name, self.current, text if words else None):
            # The groups Enter may prefer (`preferred_option`) stay in reach, first, when
            # the list is cut before them.
            index = self.index_of.get(group_key(wanted)) if wanted else None
            if index is not None and index not in shown and index in found:
                shown = [index, *shown]
        for index in shown:
            group = self.names[index]
            marker = "* " if group == self.current else "  "
            # Names and descriptions come from catalog.toml: escapes, not controls.
            label = visible(group)
            description = clip(visible(self.groups[group]), max(12, LINE_WIDTH - cell_len(label)))
            options.append(
                Option(
                    Content.assemble(
                        MARKER_ROOM, marker, (label, "bold"), "  ", (description, "dim")
                    ),
                    id=f"group:{group}",
                )
            )
        if len(found) > len(shown):
            more = len(found) - len(shown)
            options.append(
                Option(
                    Content(f"{MARKER_ROOM}  \u2026 {more} more: type to narrow the list"),
                    disabled=True,
                )
            )
        option_list = self.query_one(OptionList)
        option_list.set_options(options)
        if options:
            option_list.highlighted = self.preferred_option(options, text if words else None)

    def preferred_option(self, options: list[Option], typed: str | None) -> int:
        """Which option Enter should take: never a surprising one.

        A group named exactly like the app connector (or the current group)
        comes first; with a filter typed, the group that reads as it, else the
        first matching group, else the new group typed; otherwise the new group
        named after the app connector.
        """
        keys = [
            group_key(option.id.split(":", 1)[1])
            if option.id and option.id.startswith("group:")
            else None
            for option in options
        ]
        if typed is None:
            for wanted in (self.current, self.new_group_name):
                if wanted and group_key(wanted) in keys:
                    return keys.index(group_key(wanted))
            return 0
        if group_key(typed) in keys:
            return keys.index(group_key(typed))
        groups = [index for index, key in enumerate(keys) if key is not None]
        return groups[0] if groups else 0

    @on(Input.Changed, "#group-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        """Filter as the user types."""
        event.stop()
        self.fill(event.value)

    @on(Input.Submitted, "#group-filter")
    def filter_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter chooses the highlighted group."""
        event.stop()
        self.choose_highlighted()

    @on(OptionList.OptionSelected)
    def option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on the list chooses that group."""
        event.stop()
        self.choose_highlighted()

    def on_key(self, event: Key) -> None:
        """Typing while on the list goes on filtering."""
        if self.screen.focused is self.query_one(OptionList) and event.is_printable:
            field = self.query_one("#group-filter", Input)
            field.focus()
            field.action_end()  # go on typing at the end, nothing selected
            field.insert_text_at_cursor(event.character or "")
            event.stop()
            event.prevent_default()

    def action_to_list(self) -> None:
        """Down from the filter moves into the list."""
        self.query_one(OptionList).focus()

    def highlighted_option_id(self) -> str | None:
        """The id of the highlighted option, or None."""
        option_list = self.query_one(OptionList)
        if option_list.highlighted is None:
            return None
        option = option_list.get_option_at_index(option_list.highlighted)
        return None if option.disabled else option.id

    def choose_highlighted(self) -> None:
        """Announce the highlighted group, if any."""
        option_id = self.highlighted_option_id()
        if option_id is None:
            self.app.bell()
            return
        if option_id.startswith(NEW_GROUP_PREFIX):
            self.post_message(self.Chosen(option_id[len(NEW_GROUP_PREFIX) :], True))
        else:
            self.post_message(self.Chosen(option_id.split(":", 1)[1], False))

    def focus_filter(self) -> None:
        """Put the cursor in the filter field."""
        self.query_one("#group-filter", Input).focus()
