"""With NO_COLOR set, the admin sees where the next key lands without any colour.

Textual turns NO_COLOR into `App.no_color` (read from the environment when the app is
made) and drops or greys every colour. These tests read the screen the way a monochrome
terminal shows it: characters and text attributes (bold, underline, reverse...), every
colour stripped. The text caret is hidden while they look, as it is half the time when
it blinks: a field must read as focused without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Input, Tabs

from acwizard.app import AcWizardApp
from acwizard.dialogs.connector_picker import ConnectorPicker
from acwizard.dialogs.ip_form import IpRestrictionForm
from acwizard.dialogs.questions import ChoiceDialog
from acwizard.dialogs.save_preview import SavePreview
from acwizard.dialogs.webhook_form import WebhookDialog
from acwizard.screens.new_wizard import NewConnectorWizard
from acwizard.screens.properties import PropertiesScreen
from acwizard.widgets.checklist import CheckList

from conftest import list_checked

SIZE = (80, 24)
OPEN_PAYROLL = ("down", "down", "down", "enter")
"""From the demo list, open Payroll Sync (the fourth row)."""
ATTRIBUTES = ("bold", "dim", "italic", "underline", "reverse", "strike", "blink", "overline")
"""What a monochrome terminal still shows of a style."""
MARKS = frozenset({"underline", "reverse"})
"""The attributes that count as a focus mark. Bold alone does not: many terminals show
bold as a brighter colour, which a monochrome terminal may not show at all."""

Cell = tuple[str, frozenset[str]]


@pytest.fixture
def no_color_app(monkeypatch: pytest.MonkeyPatch, demo_copy: Path) -> AcWizardApp:
    """The demo workspace's app as started with NO_COLOR=1."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = AcWizardApp(demo_copy)
    assert app.no_color  # what Textual's `:nocolor` pseudo-class reads
    return app


def attributes(style: Style | None) -> frozenset[str]:
    """The style's attributes that are not colour."""
    if style is None:
        return frozenset()
    return frozenset(name for name in ATTRIBUTES if getattr(style, name))


def hide_caret(app: AcWizardApp) -> None:
    """Blink the caret of the focused field off (`_cursor_visible`: Textual 8.2.8, pinned)."""
    if isinstance(app.focused, Input):
        app.focused._cursor_visible = False
        app.focused.refresh()


async def monochrome(pilot: Pilot[None], region: Region) -> list[list[Cell]]:
    """The cells of `region` as a monochrome terminal shows them, caret hidden."""
    app = pilot.app
    assert isinstance(app, AcWizardApp)
    hide_caret(app)
    await pilot.pause()
    rows: list[list[Cell]] = []
    for strip in app.screen._compositor.render_strips()[region.y : region.bottom]:
        cells = [
            (character, attributes(segment.style))
            for segment in strip
            for character in segment.text
        ]
        rows.append(cells[region.x : region.right])
    return rows


def marks(rows: list[list[Cell]]) -> list[list[Cell]]:
    """The cells with only the attributes that count as a focus mark."""
    return [[(character, style & MARKS) for character, style in row] for row in rows]


def described(widget: Widget) -> str:
    """How a failure names a widget."""
    return f"{type(widget).__name__}#{widget.id}" if widget.id else repr(widget)


async def assert_focus_shows(pilot: Pilot[None], where: str) -> None:
    """Every widget Tab reaches on this screen looks different focused and not.

    Each is focused in turn and compared, colour stripped, with how it looks while
    the next one in the focus chain has the focus: in its characters, or in the
    attributes that count as a mark (`MARKS`).
    """
    app = pilot.app
    chain = list(app.screen.focus_chain)
    assert len(chain) > 1, f"{where}: nothing to compare"
    unmarked = []
    for index, widget in enumerate(chain):
        widget.focus()
        await pilot.pause()
        region = widget.region
        focused = marks(await monochrome(pilot, region))
        chain[(index + 1) % len(chain)].focus()
        await pilot.pause()
        if focused == marks(await monochrome(pilot, region)):
            unmarked.append(described(widget))
    assert unmarked == [], f"{where}: the same with and without the focus when colour is off"


def text(rows: list[list[Cell]]) -> list[str]:
    """The characters of some cells, line by line."""
    return ["".join(character for character, _ in row) for row in rows]


def reversed_text(rows: list[list[Cell]]) -> str:
    """The characters drawn in reverse video, trimmed (a scrollbar's thumb is reversed blanks)."""
    reversed_cells = (character for row in rows for character, style in row if "reverse" in style)
    return "".join(reversed_cells).strip()


async def test_a_focused_text_field_has_a_bar_and_the_column_is_blank_without_focus(
    no_color_app: AcWizardApp,
) -> None:
    # GIVEN the connector list with NO_COLOR
    async with no_color_app.run_test(size=SIZE) as pilot:
        await list_checked(pilot)
        field = no_color_app.screen.query_one("#filter", Input)
        # WHEN the filter field has the focus, its caret blinked off
        await pilot.press("slash")
        focused = text(await monochrome(pilot, field.region))[0]
        # THEN a bar stands left of its placeholder; back on the table, a blank
        await pilot.press("enter")
        assert not field.has_focus
        unfocused = text(await monochrome(pilot, field.region))[0]
        assert focused.startswith("█/ to filter"), focused
        assert unfocused.startswith(" / to filter"), unfocused


async def test_the_focused_table_reverses_its_cursor_row_the_other_keeps_its_mark(
    no_color_app: AcWizardApp,
) -> None:
    # GIVEN Payroll Sync's GetConnectors tab with NO_COLOR, the cursor in its table
    async with no_color_app.run_test(size=SIZE) as pilot:
        await pilot.press(*OPEN_PAYROLL, "f3")
        table = no_color_app.screen.query_one("#tabs DataTable", DataTable)
        assert table.has_focus
        focused = await monochrome(pilot, table.region)
        # WHEN the focus moves on to the OK button
        await pilot.press("tab")
        assert not table.has_focus
        unfocused = await monochrome(pilot, table.region)
        # THEN the cursor row was reversed while the table had the focus, and now
        # only its `>` marks it
        assert "Employment_data" in reversed_text(focused)
        assert reversed_text(unfocused) == ""
        assert any(">  Employment_data" in line for line in text(unfocused))


async def test_in_the_picker_the_reversed_row_is_where_the_focus_is(
    no_color_app: AcWizardApp,
) -> None:
    # GIVEN the picker of GetConnectors with NO_COLOR, the focus in its filter field
    async with no_color_app.run_test(size=SIZE) as pilot:
        await pilot.press(*OPEN_PAYROLL, "f3", "n")
        assert isinstance(no_color_app.screen, ConnectorPicker)
        checklist = no_color_app.screen.query_one(CheckList)
        typing = await monochrome(pilot, checklist.region)
        # WHEN Down moves the focus into the list
        await pilot.press("down")
        assert checklist.has_focus
        in_list = await monochrome(pilot, checklist.region)
        # THEN only then is its cursor row reversed (Textual reverses it the other way
        # round, in colour); `>` marks the row either way
        assert reversed_text(typing) == ""
        assert "Absence_Registrations" in reversed_text(in_list)
        assert text(typing)[0].startswith(">[ ] Absence_Registrations")


async def test_selected_text_reads_as_selected_without_colour(no_color_app: AcWizardApp) -> None:
    # GIVEN an IP line opened for editing with NO_COLOR: the address field has the
    # focus and its text is selected, so the next letter replaces all of it
    async with no_color_app.run_test(size=SIZE) as pilot:
        await pilot.press(*OPEN_PAYROLL, "f6", "enter")
        assert isinstance(no_color_app.screen, IpRestrictionForm)
        field = no_color_app.screen.query_one(Input)
        assert field.has_focus and field.selected_text == field.value
        # THEN the selected text is reversed
        assert reversed_text(await monochrome(pilot, field.region)) == field.value


async def test_focus_shows_on_the_list_its_questions_and_in_the_wizard(
    no_color_app: AcWizardApp,
) -> None:
    async with no_color_app.run_test(size=SIZE) as pilot:
        await list_checked(pilot)
        await assert_focus_shows(pilot, "connector list")
        await pilot.press("escape", "d")
        assert isinstance(no_color_app.screen, ChoiceDialog)
        await assert_focus_shows(pilot, "delete confirmation")
        await pilot.press("escape", "n")
        assert isinstance(no_color_app.screen, NewConnectorWizard)
        await assert_focus_shows(pilot, "wizard, description")
        await pilot.press(*"Fleet Manager", "enter")
        await assert_focus_shows(pilot, "wizard, user group")


async def test_focus_shows_on_every_properties_tab(no_color_app: AcWizardApp) -> None:
    async with no_color_app.run_test(size=SIZE) as pilot:
        await pilot.press(*OPEN_PAYROLL)
        screen = no_color_app.screen
        assert isinstance(screen, PropertiesScreen)
        for key, tab in (("f2", "General"), ("f3", "GetConnectors"), ("f6", "IP")):
            await pilot.press(key)
            screen.query_one(Tabs).focus()
            await assert_focus_shows(pilot, f"properties, {tab} tab")


async def test_focus_shows_on_the_oauth_and_webhooks_tabs(
    no_color_app: AcWizardApp, demo_copy: Path
) -> None:
    # GIVEN a connector that uses OAuth and has a webhook (the issue 13 example)
    from conftest import PAYROLL_V2

    (demo_copy / "connectors" / "payroll-sync.toml").write_text(PAYROLL_V2, encoding="utf-8")
    async with no_color_app.run_test(size=SIZE) as pilot:
        await pilot.press(*OPEN_PAYROLL)
        screen = no_color_app.screen
        assert isinstance(screen, PropertiesScreen)
        for key, tab in (("f7", "OAuth"), ("f8", "Webhooks")):
            await pilot.press(key)
            await assert_focus_shows(pilot, f"properties, {tab} tab")


async def test_focus_shows_in_the_dialogs(no_color_app: AcWizardApp) -> None:
    async with no_color_app.run_test(size=SIZE) as pilot:
        await pilot.press(*OPEN_PAYROLL, "f3", "n")
        assert isinstance(no_color_app.screen, ConnectorPicker)
        await assert_focus_shows(pilot, "picker")
        await pilot.press("escape", "f6", "n")
        assert isinstance(no_color_app.screen, IpRestrictionForm)
        await assert_focus_shows(pilot, "IP form")
        await pilot.press("escape", "f8", "n")
        assert isinstance(no_color_app.screen, WebhookDialog)
        await assert_focus_shows(pilot, "webhook form")
        await pilot.press("escape", "f2", "tab", "end", *" X", "f10")
        assert isinstance(no_color_app.screen, SavePreview)
        await assert_focus_shows(pilot, "save preview")
