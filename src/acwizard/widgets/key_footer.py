"""A footer that drops its least needed keys, not Help and Quit, when the terminal is narrow.

Textual's `Footer` shows the keys in binding order and cuts whatever does not
fit on the right: at 60 columns the connector list lost `f1 Help` and `q Quit`,
the two keys a new admin looks for. This footer leaves out the keys its screen
names as optional, in that order, until the rest fit; every key still works
and F1 lists them all. The help key says how many keys are left out ("f1 Help +2"),
so a narrow footer does not drop keys without a trace (issue 18: at 60 columns the
properties' footer lost `^t Next tab`, then `e Edit`, unsaid); a footer with no help
key ends with "+2 hidden". When leaving out the optional keys is not enough, keys
go from the right, never the help key, Escape (how to leave) nor the ones the screen
names to `keep`: Textual's footer would cut them at the edge unseen.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Label

from acwizard.textual_compat import FooterKey, footer_ready

KEY_PADDING = 3
"""Cells a key takes besides its key and description: ` key desc `."""


class KeyFooter(Footer):
    """The screen's keys on one line; `optional` actions go first when there is no room."""

    HELP_ACTION = "help"
    """The action whose key lists every key (F1): it says how many are left out."""
    LEAVE_KEY = "escape"
    """The key that leaves a screen or dialog: never left out, it says how to get back."""

    def __init__(
        self,
        optional: Sequence[str] = (),
        *,
        counted: bool = True,
        keep: Sequence[str] = (),
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.optional = list(optional)
        """Actions (as bound, such as `reload`) that may be left out, the first first."""
        self.counted = counted
        """Whether the footer says how many keys are left out (on the help key, else at
        its end)."""
        self.keep = frozenset(keep)
        """Actions never left out, besides help and Escape: what says where the admin is."""
        self._left_out: list[str] = []
        self._composed: tuple[object, ...] | None = None
        """What the keys shown were composed from (see `recompose`)."""

    def shown_keys(self) -> tuple[object, ...]:
        """What `compose` would show now: each key's binding, state and tooltip, and how
        many keys are left out (a key that comes or goes unseen changes "f1 Help +N")."""
        bindings = self.shown_bindings()
        left_out = self.left_out(bindings, self.app.size.width)
        return (
            *(
                (binding.key, binding.action, binding.description, enabled, tooltip)
                for binding, enabled, tooltip in bindings
                if binding.action not in left_out
            ),
            len(left_out),
        )

    async def recompose(self) -> None:
        """Compose again, unless the keys shown would be the same: Textual asks twice per
        focus change, and a tab of the same keys asks for nothing new (each rebuild was
        half of a tab switch on the properties screen)."""
        if footer_ready(self) and self.is_attached:
            shown = self.shown_keys()
            if shown == self._composed:
                return
            self._composed = shown
        await super().recompose()

    def shown_bindings(self) -> list[tuple[Binding, bool, str]]:
        """(binding, enabled, tooltip) of each key shown, one per action, in binding order."""
        by_action: dict[str, tuple[Binding, bool, str]] = {}
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in by_action:
                by_action[binding.action] = (binding, enabled, tooltip)
        return list(by_action.values())

    def left_out(self, bindings: list[tuple[Binding, bool, str]], width: int) -> list[str]:
        """The optional actions to leave out so that the other keys fit in `width` cells."""

        def cells(binding: Binding) -> int:
            key = self.app.get_key_display(binding)
            return cell_len(key) + cell_len(binding.description) + KEY_PADDING

        needed = sum(cells(binding) for binding, _, _ in bindings)
        present = {binding.action: binding for binding, _, _ in bindings}
        has_help = self.HELP_ACTION in present
        # Then, the optional keys exhausted, from the right: never the keys kept.
        last_resort = [
            binding.action
            for binding, _, _ in reversed(bindings)
            if binding.action not in self.optional
            and binding.action not in self.keep
            and binding.action != self.HELP_ACTION
            and self.LEAVE_KEY not in binding.key.split(",")
        ]
        dropped: list[str] = []
        for action in [*self.optional, *last_resort]:
            note = self.count_note(len(dropped), has_help) if self.counted else ""
            if needed + cell_len(note) <= width:
                break
            if action in present and action not in dropped:
                needed -= cells(present[action])
                dropped.append(action)
        return dropped

    @staticmethod
    def count_note(left_out: int, on_help: bool = True) -> str:
        """What the footer adds when keys are left out: " +2" on the help key, else a
        "+2 hidden" of its own (with its padding)."""
        if not left_out:
            return ""
        return f" +{left_out}" if on_help else f" +{left_out} hidden "

    def compose(self) -> ComposeResult:
        """One `FooterKey` per action that fits (Textual's footer, without groups)."""
        if not footer_ready(self):  # as in Footer.compose
            return
        bindings = self.shown_bindings()
        self._left_out = self.left_out(bindings, self.app.size.width)
        self._composed = self.shown_keys()
        has_help = any(binding.action == self.HELP_ACTION for binding, _, _ in bindings)
        for binding, enabled, tooltip in bindings:
            if binding.action in self._left_out:
                continue
            description = binding.description
            if self.counted and binding.action == self.HELP_ACTION:
                description += self.count_note(len(self._left_out))
            key = FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            )
            # The footer's compact, set before the key is mounted: bound to it, each key
            # restyled itself twice as it mounted (most of a footer rebuild's time).
            key.set_reactive(FooterKey.compact, self.compact)
            yield key
        if self.counted and self._left_out and not has_help:
            yield Label(self.count_note(len(self._left_out), False), classes="footer-hidden")

    def on_resize(self) -> None:
        """Recompose when the terminal's width changes which keys fit."""
        if not footer_ready(self):
            return
        if self.left_out(self.shown_bindings(), self.app.size.width) != self._left_out:
            self.call_after_refresh(self.recompose)
