"""The connector list with more rows than the screen holds, driven by keys and the mouse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from acwizard.app import AcWizardApp
from acwizard.screens.properties import PropertiesScreen
from acwizard.widgets.connector_table import ConnectorTable

from conftest import PAYROLL, PAYROLL_V2, list_checked, screen_text, shown

SIZE = (80, 24)
COUNT = 60


@pytest.fixture
def many(workspace: Path, write_connector: Callable[..., Path]) -> Path:
    """A workspace with connectors 'Connector 00' to 'Connector 59' (file names in order)."""
    for number in range(COUNT):
        text = PAYROLL.replace('"Payroll Sync"\nuser', f'"Connector {number:02}"\nuser', 1)
        write_connector(text, f"connector-{number:02}.toml")
    return workspace


TITLES = ["Description", "Status", "Auth", "Get", "Upd", "Con", "IP", "Group", "\u203a"]
"""The table's title line at 80 columns, word by word: the user group stands last, out of
view to the right (six cells showed "Payro…"), and the title line says so."""


def table_lines(app: AcWizardApp) -> list[str]:
    """The lines of the screen from the table's title line down to above the footer.

    Above the table: the header, the workspace line and the filter.
    """
    return screen_text(app).splitlines()[3:-1]


def auth_column(app: AcWizardApp) -> dict[str, str]:
    """Each row's first word (its description) and what it shows under the title Auth."""
    title, *rows = table_lines(app)
    start = title.index(" Auth ") + 1
    return {row[1:].split()[0]: row[start:].split()[0] for row in rows if row.strip()}


def hold_the_check(monkeypatch: pytest.MonkeyPatch) -> Callable[[AcWizardApp], None]:
    """Keep the list's first paint unchecked; the function returned starts the check."""
    from acwizard.screens.connector_list import ConnectorListScreen

    read = ConnectorListScreen.read
    monkeypatch.setattr(ConnectorListScreen, "read", lambda screen, kind, after=None: None)
    return lambda app: read(app.screen, "start")  # type: ignore[arg-type]


def cursor_line(app: AcWizardApp) -> str:
    """The one table line that starts with the cursor marker `>`."""
    (line,) = [line for line in table_lines(app) if line.startswith(">")]
    return line


async def test_the_cursor_row_is_marked_without_colour(many):
    app = AcWizardApp(many)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert cursor_line(app).startswith(">Connector 00 ")
        await pilot.press("down", "down")
        assert cursor_line(app).startswith(">Connector 02 ")
        assert table_lines(app)[1].startswith(" Connector 00 ")


async def test_end_pageup_and_home_scroll_under_a_fixed_title_line(many):
    app = AcWizardApp(many)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end")
        lines = table_lines(app)
        assert lines[0].split() == TITLES
        assert lines[-1].startswith(">Connector 59 ")
        assert not any("Connector 00" in line for line in lines)
        rows_on_screen = len(lines) - 1
        await pilot.press("pageup")
        assert cursor_line(app).startswith(f">Connector {59 - (rows_on_screen - 1):02} ")
        assert table_lines(app)[0].startswith(" Description")
        await pilot.press("home")
        assert table_lines(app)[1].startswith(">Connector 00 ")
        await pilot.press("pagedown", "enter")
        assert isinstance(app.screen, PropertiesScreen)
        assert app.screen.loaded.path.name == f"connector-{rows_on_screen - 1:02}.toml"


async def test_a_filter_on_many_rows_shows_the_matches_from_the_top(many):
    app = AcWizardApp(many)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "slash", *"connector 4")
        text = await shown(pilot)
        assert "60 connectors · 15 shown" in text  # every word matches: 04, 14, 24, 34, 40-49, 54
        rows = [line.split()[1] for line in table_lines(app)[1:] if line.strip()]
        assert rows == ["04", "14", "24", "34", *(f"{number}" for number in range(40, 50)), "54"]
        assert cursor_line(app).startswith(">Connector 04 ")
        await pilot.press("enter", "down", "enter")
        assert app.screen.loaded.path.name == "connector-14.toml"


async def test_reopening_the_list_keeps_the_cursor_on_the_same_connector(many):
    app = AcWizardApp(many)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["down"] * 30, "enter")
        assert app.screen.loaded.path.name == "connector-30.toml"
        await pilot.press("escape")
        await list_checked(pilot)
        assert cursor_line(app).startswith(">Connector 30 ")


async def test_a_click_highlights_a_row_and_a_second_click_opens_it(many):
    app = AcWizardApp(many)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click(ConnectorTable, offset=(5, 3))  # title line, then rows 00, 01, 02
        assert cursor_line(app).startswith(">Connector 02 ")
        assert not isinstance(app.screen, PropertiesScreen)
        await pilot.click(ConnectorTable, offset=(5, 3))
        assert isinstance(app.screen, PropertiesScreen)
        assert app.screen.loaded.path.name == "connector-02.toml"


async def test_a_narrow_terminal_scrolls_sideways_to_the_last_column(many):
    app = AcWizardApp(many)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert "IP" not in table_lines(app)[0].split()
        for _ in range(8):  # a column at a time, until the IP column is in view
            await pilot.press("right")
            if "2 allowed" in cursor_line(app):
                break
        # The description stays in view: the row still says which connector it is
        assert cursor_line(app).startswith(">Connector 00 ")
        assert "2 allowed" in cursor_line(app)
        await pilot.press(*["right"] * 20)
        lines = table_lines(app)
        assert lines[0].split()[-1] == "Group"  # the last column, the user group
        assert lines[1].startswith(">Connector 00 ") and "Payroll Sync" in lines[1]


async def test_after_creating_a_connector_the_cursor_is_on_it(many):
    app = AcWizardApp(many)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "n", *"Connector 45b", "enter", *"payroll", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PropertiesScreen)
        await pilot.press("escape")
        await list_checked(pilot)  # back: the list has read the workspace again
        assert cursor_line(app).startswith(">Connector 45b ")
        assert "61 connectors" in screen_text(app)


async def test_a_wizard_cancelled_leaves_the_cursor_where_it_was(many):
    app = AcWizardApp(many)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["down"] * 3, "enter", "escape")  # opened and closed Connector 03
        await pilot.press("down", "n", "escape")
        await list_checked(pilot)
        assert cursor_line(app).startswith(">Connector 04 ")


async def test_end_on_a_narrow_terminal_shows_the_last_row(many):
    # No horizontal scroll bar takes the table's last line: the title line says what is out
    # of view, and which way.
    app = AcWizardApp(many)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("end")
        assert table_lines(app)[-1].startswith(">Connector 59 ")


async def test_moving_the_cursor_keeps_the_table_scrolled_sideways(many):
    app = AcWizardApp(many)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press(*["right"] * 20, "down", "down")
        lines = table_lines(app)
        assert lines[0].split()[-1] == "Group"
        assert lines[3].startswith(">Connector 02 ") and "Payroll Sync" in lines[3]


async def test_a_smaller_terminal_keeps_the_cursor_on_screen(many):
    app = AcWizardApp(many)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["down"] * 17)
        await pilot.resize_terminal(80, 12)
        await pilot.pause()
        await pilot.pause()
        assert cursor_line(app).startswith(">Connector 17 ")


async def test_control_characters_from_files_are_shown_as_escapes(
    workspace, write_connector, monkeypatch
):
    check = hold_the_check(monkeypatch)
    write_connector(PAYROLL, "evil\nname.toml")
    write_connector(PAYROLL.replace('"Payroll Sync"\nuser', '"Bell\\u0007 \\u001b[2J"\nuser'))
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = screen_text(app)  # the first paint: files read, not yet validated
        check(app)
        await list_checked(pilot)
        after = screen_text(app)
    for text in (before, after):
        assert "\x1b" not in text and "\x07" not in text and "evil\nname" not in text
    assert "Bell\\x07 \\x1b[2J" in before  # a description not yet validated
    assert "evil\\x0aname.toml" in after  # an invalid file shows by its name
    assert "2 INVALID: press p" in after
    assert after.count("INVALID") == 3  # that line and both rows


async def test_clearing_the_filter_keeps_the_connector_found(many):
    app = AcWizardApp(many)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"connector 45", "enter")
        assert cursor_line(app).startswith(">Connector 45 ")
        await pilot.press("escape")  # in the table: clears the filter
        await pilot.pause()
        text = await shown(pilot)
        assert "60 connectors · AFAS Online" in text
        assert cursor_line(app).startswith(">Connector 45 ")
        await pilot.press("slash", *"connector 3", "escape")  # in the filter field
        await pilot.pause()
        assert cursor_line(app).startswith(">Connector 03 ")
        assert "60 connectors · AFAS Online" in await shown(pilot)
        await pilot.press("f1")
        assert "esc Clear the filter" in await shown(pilot)


async def test_a_connector_created_under_a_filter_is_shown(many):
    app = AcWizardApp(many)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"zzzz", "enter")
        text = await shown(pilot)
        assert "60 connectors · 0 shown" in text
        assert "No connector matches the filter: Esc shows them all." in text
        await pilot.press("n", *"Absence Tracker", "enter", *"payroll", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await list_checked(pilot)
        text = await shown(pilot)
        assert "61 connectors · AFAS Online" in text
        assert cursor_line(app).startswith(">Absence Tracker ")


async def test_the_filter_stays_after_a_save_as_after_cancel(workspace, write_connector):
    # GIVEN "salary" typed in the filter, which finds Salary Sync by its description only
    salary = PAYROLL.replace('user_group = "Payroll Sync"', 'user_group = "BI Export"')
    write_connector(salary.replace("Payroll Sync", "Salary Sync"), "app-one.toml")
    write_connector(PAYROLL.replace("Payroll Sync", "Other App"), "other-app.toml")
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await list_checked(pilot)
        await pilot.press("slash", *"salary", "enter")
        # WHEN the admin opens it, cancels, opens it again, renames it and saves
        await pilot.press("enter", "escape")
        await list_checked(pilot)
        assert app.screen.query_one("#filter").value == "salary"
        await pilot.press("enter", "tab", "ctrl+u", *"Wages Sync", "ctrl+s", "ctrl+s")
        await list_checked(pilot)
        # THEN the filter is as typed (a save used to clear it), and the list says why the
        # connector saved is not shown
        text = await shown(pilot)
        assert app.screen.query_one("#filter").value == "salary"
        assert "2 connectors · 0 shown" in text
        assert "'Wages Sync' no longer matches the filter" in text
    assert 'description = "Wages Sync"' in (workspace / "connectors/app-one.toml").read_text()


async def test_an_empty_workspace_says_how_to_start(workspace):
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await list_checked(pilot)
        assert "No app connectors yet: press n to create the first." in await shown(pilot)


async def test_a_wider_terminal_shows_longer_descriptions(workspace, write_connector):
    """At 80 columns the user group gave its room to Auth; a wider terminal gives it back.

    140, not 130 as before the Auth column: its nine cells come out of every width.
    """
    long = "Payroll Sync for the Amsterdam and Rotterdam offices"
    write_connector(PAYROLL.replace('"Payroll Sync"\nuser', f'"{long}"\nuser', 1))
    at_80 = ">Payroll Sync for the Amsterd…  Blocked  classic "  # the group's room, its own
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await list_checked(pilot)  # the status column showed "…" before the check
        assert cursor_line(app).startswith(at_80)
        await pilot.resize_terminal(140, 24)
        await list_checked(pilot)
        assert cursor_line(app).startswith(f">{long}  ")
        assert "  Payroll Sync  " in cursor_line(app)
        assert table_lines(app)[0].split()[-1] == "IP"
        assert "2 allowed" in cursor_line(app)
        await pilot.resize_terminal(80, 24)
        await list_checked(pilot)
        assert cursor_line(app).startswith(at_80)


async def test_the_auth_column_shows_which_connectors_are_still_classic(three_kinds):
    app = AcWizardApp(three_kinds)
    async with app.run_test(size=SIZE) as pilot:
        await list_checked(pilot)
        assert auth_column(app) == {"Half": "hybrid", "New": "oauth", "Old": "classic"}
        # The description keeps its 21 cells and the IP column still fits 80 columns.
        assert table_lines(app)[0].split() == TITLES
        assert "3 allowed" in table_lines(app)[2]  # New Payroll: three lines, IPv6 too


async def test_the_first_paint_shows_the_auth_before_the_files_are_checked(
    three_kinds, write_connector, monkeypatch
):
    check = hold_the_check(monkeypatch)
    weird = PAYROLL_V2.replace('authentication = "oauth"', 'authentication = "OAuth2"')
    write_connector(weird.replace("Payroll Sync", "Weird", 1), "weird.toml")
    app = AcWizardApp(three_kinds)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.checked
        first = auth_column(app)
        check(app)
        await list_checked(pilot)
        checked = auth_column(app)
    # Read, not validated: an unknown value shows as unknown, like the status, never as is.
    assert first == {"Half": "hybrid", "New": "oauth", "Old": "classic", "Weird": "…"}
    # Checked: INVALID, shown by its file name, with no authentication claimed.
    assert checked == {"Half": "hybrid", "New": "oauth", "Old": "classic", "weird.toml": "-"}


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("classic", ["Old"]),
        ("hybrid", ["Half"]),
        ("oauth", ["New"]),
        ("OAUTH new", ["New"]),
        ("oauth old", []),
    ],
)
async def test_the_filter_finds_connectors_by_authentication(three_kinds, typed, found):
    app = AcWizardApp(three_kinds)
    async with app.run_test(size=SIZE) as pilot:
        await list_checked(pilot)
        await pilot.press("slash", *typed)
        text = await shown(pilot)
        assert f"3 connectors · {len(found)} shown" in text
        if not found:
            assert "No connector matches the filter" in text
        else:
            assert sorted(auth_column(app)) == found
            await pilot.press("enter", "enter")  # back to the list, then open the match
            assert isinstance(app.screen, PropertiesScreen)
            assert app.screen.loaded.path.name.startswith(found[0].lower())


@pytest.mark.parametrize("mark", ["\u0903", "\U0001f3fb", "\u1161"])
async def test_characters_of_no_width_show_as_escapes_so_no_column_moves(
    workspace, write_connector, mark
):
    # Rich counts these as no cell, many terminals as one: nine of them moved every later
    # column nine cells right, and a user group ending in "Blocked" stood under Status.
    marks = mark * 9
    write_connector(
        PAYROLL.replace(
            '"Payroll Sync"\nuser_group = "Payroll Sync"',
            f'"BI{marks}"\nuser_group = "BI user Blocked"',
            1,
        )
    )
    app = AcWizardApp(workspace)
    async with app.run_test(size=(140, 24)) as pilot:
        await list_checked(pilot)
        line = cursor_line(app)
    escape = f"\\u{ord(mark):04x}"
    assert line.startswith(f">BI{escape}{escape}")
    assert mark not in line
