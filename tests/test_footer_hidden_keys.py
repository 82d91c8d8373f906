"""A narrow footer says how many keys it hides, on every screen and dialog (issue 18).

At 60x20 the properties' footer dropped `^t Next tab`, and after `d` `e Edit` too,
without a trace, while the list's said `f1 Help +2`. Pilot tests: the footer's
last line, as the admin sees it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Label

from acwizard.app import AcWizardApp
from acwizard.textual_compat import FooterKey
from acwizard.widgets.key_footer import KeyFooter

from conftest import DEMO, screen_text, shown

NARROW = (60, 20)
DEMO_PAYROLL = (DEMO / "connectors" / "payroll-sync.toml").read_text(encoding="utf-8")


def footer_line(app: App[None]) -> str:
    """The footer: the screen's last line."""
    return screen_text(app).splitlines()[-1].strip()


def hidden(app: App[None]) -> int:
    """How many keys the screen's footer leaves out, by its own account."""
    footer = app.screen.query_one(KeyFooter)
    shown_keys = {key.action for key in footer.query(FooterKey)}
    return sum(1 for binding, _, _ in footer.shown_bindings() if binding.action not in shown_keys)


async def test_the_properties_footer_counts_the_keys_it_hides_at_60_columns(
    workspace, write_connector
):
    # GIVEN Payroll Sync open at 60x20, on its IP tab
    write_connector(DEMO_PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await pilot.press("enter", "5")
        await shown(pilot)
        # THEN the footer says one key is hidden (Next tab), and keeps OK, Cancel, Help
        line = footer_line(app)
        assert line.endswith("f1 Help +1"), line
        assert "^s OK" in line and "esc Cancel" in line and "n New" in line
        # AND after d (Undo comes, Edit goes) it says two
        await pilot.press("d")
        await shown(pilot)
        assert footer_line(app).endswith("f1 Help +2"), footer_line(app)
        assert hidden(app) == 2
        # AND on every tab what the footer says matches what it left out
        for tab in "1234567":
            await pilot.press(tab)
            await shown(pilot)
            count = hidden(app)
            line = footer_line(app)
            assert line.endswith(f"f1 Help +{count}" if count else "f1 Help"), (tab, line)


class ManyKeys(App[None]):
    """A dialog-like screen with more keys than 40 columns hold, and no help key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "notify('1')", "Alpha one"),
        Binding("b", "notify('2')", "Bravo two"),
        Binding("c", "notify('3')", "Charlie three"),
        Binding("d", "notify('4')", "Delta four"),
        Binding("escape", "quit", "Close"),
    ]

    def compose(self) -> ComposeResult:
        yield Label("dialog")
        yield KeyFooter()


async def test_a_footer_without_a_help_key_says_how_many_keys_it_hides():
    app = ManyKeys()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        line = footer_line(app)
        # the keys from the right go first, never Escape; the count closes the line
        assert "esc Close" in line and "a Alpha one" in line, line
        assert line.endswith(f"+{hidden(app)} hidden"), line
        assert hidden(app) >= 1
        assert len(screen_text(app).splitlines()[-1].rstrip()) <= 40
