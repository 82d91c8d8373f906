"""Undo and redo on the properties screen: a stray `d` costs one ctrl+z, never a search.

Each test drives the app at 80x24 (60x20 where the size is the point) and
asserts what the admin sees on screen or what lands on disk. The rules of the
history (what one step is, what it says) are unit-tested in test_editor.py.
"""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, TabbedContent

from acwizard.app import AcWizardApp
from acwizard.dialogs.save_preview import SavePreview
from acwizard.screens.help import key_rows
from acwizard.screens.properties import UNDO_HELP, PropertiesScreen

from conftest import PAYROLL_AS_V2, shown

SIZE = (80, 24)
NARROW = (60, 20)

TWO_GETS = PAYROLL_AS_V2.replace(
    '    "Profit_Employees",\n', '    "Profit_Debtor",\n    "Profit_Employees",\n'
)
"""Payroll with two GetConnectors, so that a cursor left where it was is on the wrong one."""


async def burst(pilot: Pilot[None], *keys: str) -> None:
    """Keys that arrive in one read, as over SSH: no pause between them (then a pause)."""
    for key in keys:
        pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
    await pilot.pause()


async def open_on_tab(pilot: Pilot[None], tab: str) -> None:
    """Open the connector on tab `tab` (a digit) and wait until its table has the focus.

    Without the wait, under load, the next key could reach the tab bar first.
    """
    await pilot.press("enter", tab)
    await pilot.pause()


def table_of(app: AcWizardApp, pane_id: str) -> DataTable[object]:
    """The table of a pane of the properties screen."""
    return app.screen.query_one(f"#{pane_id} DataTable", DataTable)


def cursor_id(app: AcWizardApp, pane_id: str) -> str:
    """The id of the grant under the cursor of a grant pane."""
    table = table_of(app, pane_id)
    return str(table.get_row_at(table.cursor_row)[1])


def footer(text: str) -> str:
    """The footer's part of the screen text (the last line)."""
    return text.rsplit("Cancel", 1)[-1]


async def test_d_then_ctrl_z_puts_the_grant_back_and_ok_writes_it(workspace, write_connector):
    # GIVEN a special connector removed (a change the admin means)
    path = write_connector(PAYROLL_AS_V2)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_on_tab(pilot, "4")
        await pilot.press("d")
        assert "Connectors: AppConnectorSubject removed." in await shown(pilot)
        # AND a stray d on UpdateConnectors
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("d")
        text = await shown(pilot)
        # THEN the screen says what went and how to get it back, and offers Undo
        assert "UpdateConnectors: HrCompMut removed. ctrl+z undoes this." in text
        assert "No UpdateConnectors granted" in text
        assert "^z Undo" in footer(text)
        # WHEN the admin presses ctrl+z
        await pilot.press("ctrl+z")
        text = await shown(pilot)
        # THEN the grant is back on screen, the cursor on it, and the admin is told
        assert "Undone UpdateConnectors: HrCompMut back. ctrl+y redoes it." in text
        assert "ctrl+z undoes this" not in text  # the removal's toast is gone, not stale
        assert "1 UpdateConnector granted" in text
        assert cursor_id(app, "update-pane") == "HrCompMut"
        # AND OK saves only the change meant
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SavePreview)
        text = await shown(pilot)
        assert "revoked special connector: AppConnectorSubject" in text
        assert "HrCompMut" not in text.split("+++")[0]
        await pilot.press("ctrl+s")
        await pilot.pause()
    expected = PAYROLL_AS_V2.replace(
        'connectors = [\n    "AppConnectorSubject",\n]\n', "connectors = []\n"
    )
    assert expected != PAYROLL_AS_V2
    assert path.read_text(encoding="utf-8") == expected


async def test_ctrl_z_with_nothing_to_undo_rings_and_changes_nothing(
    workspace, write_connector, monkeypatch
):
    # GIVEN a connector just opened, on its GetConnectors tab
    path = write_connector(PAYROLL_AS_V2)
    app = AcWizardApp(workspace)
    bells: list[None] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(None))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_on_tab(pilot, "2")
        text = await shown(pilot)
        assert "^z Undo" not in footer(text)  # nothing to undo: not offered
        # WHEN the admin presses ctrl+z and ctrl+y
        await pilot.press("ctrl+z", "ctrl+y")
        text = await shown(pilot)
        # THEN a bell and a word, and nothing changed
        assert len(bells) == 2
        assert "Nothing to undo." in text and "Nothing to redo." in text
        assert "1 GetConnector granted" in text
        assert "modified" not in app.screen.title
        await pilot.press("ctrl+s")
        assert "Nothing changed; the file was not written." in await shown(pilot)
    assert path.read_text(encoding="utf-8") == PAYROLL_AS_V2


async def test_undo_on_another_tab_brings_the_grant_back_and_shows_it(workspace, write_connector):
    # GIVEN the last GetConnector removed, then the admin moved to the IP tab
    write_connector(TWO_GETS)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_on_tab(pilot, "2")
        await pilot.press("down", "d")
        assert cursor_id(app, "get-pane") == "Profit_Debtor"
        await pilot.press("f6")
        assert app.screen.query_one(TabbedContent).active == "ip"
        # WHEN ctrl+z is pressed there
        await pilot.press("ctrl+z")
        text = await shown(pilot)
        # THEN GetConnectors shows again with the grant back under the cursor, and it is said
        assert app.screen.query_one(TabbedContent).active == "get"
        assert "Undone GetConnectors: Profit_Employees back." in text
        assert "2 GetConnectors granted" in text
        assert cursor_id(app, "get-pane") == "Profit_Employees"
        assert app.focused is table_of(app, "get-pane")
        assert "modified" not in app.screen.title


async def test_a_d_and_a_ctrl_z_in_one_burst_undo_that_d(workspace, write_connector):
    # GIVEN keys arriving in one read over SSH: d then ctrl+z
    write_connector(PAYROLL_AS_V2)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_on_tab(pilot, "3")
        await burst(pilot, "d", "ctrl+z")
        text = await shown(pilot)
        # THEN the d is undone, not "nothing to undo" with the grant still gone
        assert "1 UpdateConnector granted" in text
        assert "Nothing to undo." not in text
        assert "modified" not in app.screen.title


async def test_ctrl_y_redoes_what_ctrl_z_undid(workspace, write_connector):
    write_connector(PAYROLL_AS_V2)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_on_tab(pilot, "3")
        await pilot.press("d", "ctrl+z", "ctrl+y")
        text = await shown(pilot)
        assert "Redone UpdateConnectors: HrCompMut removed. ctrl+z undoes it." in text
        assert "No UpdateConnectors granted" in text


async def test_an_ip_line_removed_comes_back_under_the_cursor(workspace, write_connector):
    # GIVEN the last of two allowed IP lines removed (narrower: no question asked)
    write_connector(PAYROLL_AS_V2)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_on_tab(pilot, "5")
        await pilot.press("down", "d")
        text = await shown(pilot)
        assert "IP restrictions: 203.0.113.7 allowed removed. ctrl+z undoes this." in text
        assert table_of(app, "ip-pane").cursor_row == 0
        # WHEN undone
        await pilot.press("ctrl+z")
        text = await shown(pilot)
        # THEN the line is back, under the cursor
        assert "IP restrictions: 203.0.113.7 allowed back" in text
        assert "2 allowed: only these may call" in text
        assert table_of(app, "ip-pane").cursor_row == 1


async def test_a_description_wiped_by_ctrl_u_comes_back(workspace, write_connector):
    # GIVEN the description wiped with ctrl+u (Textual's Input keeps no undo of its own)
    path = write_connector(PAYROLL_AS_V2)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "tab", "end", "x", "ctrl+u")
        description = app.screen.query_one("#description", Input)
        assert description.value == ""
        # WHEN ctrl+z is pressed in the field, twice
        await pilot.press("ctrl+z")
        assert description.value == "Payroll Syncx"
        await pilot.press("ctrl+z")
        text = await shown(pilot)
        # THEN the text as it was is back, and nothing is left to save
        assert description.value == "Payroll Sync"
        assert "Description: back to 'Payroll Sync'" in text
        assert app.focused is description
        await pilot.press("ctrl+s")
        assert "Nothing changed; the file was not written." in await shown(pilot)
    assert path.read_text(encoding="utf-8") == PAYROLL_AS_V2


async def test_undo_at_60_columns_keeps_ok_cancel_help_and_says_it(workspace, write_connector):
    write_connector(PAYROLL_AS_V2)
    app = AcWizardApp(workspace)
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await open_on_tab(pilot, "3")
        await pilot.press("d")
        text = await shown(pilot)
        assert "UpdateConnectors: HrCompMut removed. ctrl+z undoes this." in text
        last_line = text[-60:]
        for key in ("^s OK", "esc Cancel", "^z Undo", "f1 Help"):
            assert key in last_line, (key, last_line)


async def test_help_lists_undo_and_redo_whether_or_not_there_is_something(
    workspace, write_connector
):
    write_connector(PAYROLL_AS_V2)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_on_tab(pilot, "3")
        assert isinstance(app.screen, PropertiesScreen)
        for _ in range(2):
            rows = {description: keys for keys, description in key_rows(app.screen)}
            assert rows[UNDO_HELP] == "^z / ^y"
            await pilot.press("d")
        await pilot.press("f1")
        await pilot.press("end")
        assert "^z / ^y Undo the last change (a grant, an IP line, a field); ctrl+y redoes it" in (
            await shown(pilot)
        )


async def test_ctrl_z_twice_in_one_burst_undoes_two_steps_of_a_field(workspace, write_connector):
    # GIVEN x typed after the description, then the field wiped (two steps)
    write_connector(PAYROLL_AS_V2)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "tab", "end", "x", "ctrl+u")
        # WHEN two ctrl+z arrive in one read
        await burst(pilot, "ctrl+z", "ctrl+z")
        await pilot.pause()
        # THEN both are undone and stay undone (the first's field change, handled
        # last, does not bring "Payroll Syncx" back as a new change)
        assert app.screen.query_one("#description", Input).value == "Payroll Sync"
        assert "^z Undo" not in footer(await shown(pilot))
        assert "modified" not in app.screen.title
        assert app.screen.editor.undo_steps == []


async def test_blocked_untick_undone_twice_in_one_burst_stays_undone(workspace, write_connector):
    # GIVEN Blocked unticked, then ticked again (two steps)
    write_connector(PAYROLL_AS_V2)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        app.screen.query_one("#blocked").focus()
        await pilot.press("space", "space")
        assert len(app.screen.editor.undo_steps) == 2
        # WHEN two ctrl+z arrive in one read
        await burst(pilot, "ctrl+z", "ctrl+z")
        await pilot.pause()
        # THEN Blocked is ticked as in the file and nothing is left to undo
        assert app.screen.query_one("#blocked").value is True
        assert "^z Undo" not in footer(await shown(pilot))
        assert app.screen.title.startswith("Blocked") and "modified" not in app.screen.title
        assert app.screen.editor.undo_steps == []
