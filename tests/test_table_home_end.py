"""Home and End move to the first and last row of every table and option list (issue 18).

DataTable binds Home and End to sideways scrolling when its cursor is a row, so
on the properties' tables they did nothing: End then `d` removed the row under
the cursor (the first) instead of the last, while help and the README promise
Home/End move in lists. Pilot tests at 80x24: what the admin sees, what lands on disk.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, RadioSet, TabbedContent

from acwizard.app import AcWizardApp
from acwizard.dialogs.save_preview import SavePreview
from acwizard.widgets.marked_table import CURSOR_MARK, MarkedTable

from conftest import DEMO, PAYROLL_V2, shown, toasts

SIZE = (80, 24)

DEMO_PAYROLL = (DEMO / "connectors" / "payroll-sync.toml").read_text(encoding="utf-8")
"""The demo's Payroll Sync: three UpdateConnectors (HrCompMut, HrVarValue, KnEmployee)."""

EVERY_TABLE = (
    PAYROLL_V2.replace(
        '    "Profit_Employees",\n', '    "Profit_Debtor",\n    "Profit_Employees",\n'
    )
    .replace('    "HrCompMut",\n', '    "HrCompMut",\n    "KnEmployee",\n')
    .replace("connectors = []", 'connectors = [\n    "AppConnectorSubject",\n    "KnSubject",\n]')
    .replace(
        '    { key_id = "payroll-2026", not_after = 2027-06-30 },\n',
        '    { key_id = "payroll-2026", not_after = 2027-06-30 },\n'
        '    { key_id = "payroll-2027", not_after = 2028-06-30 },\n',
    )
    + '\n[[webhooks]]\ndescription = "Salary runs"\nurl = "https://hooks.example.com/runs"\n'
    "blocked = false\n"
)
"""Two rows or more in every table the properties have (grants, IP, certificates, webhooks)."""


def marked_row(table: MarkedTable) -> int:
    """The row whose first cell shows the cursor mark."""
    marks = [str(table.get_row_at(row)[0]) for row in range(table.row_count)]
    return marks.index(CURSOR_MARK)


async def test_end_then_d_removes_the_last_grant_and_home_goes_back_to_the_first(
    workspace: Path, write_connector
) -> None:
    # GIVEN the demo's Payroll Sync on its UpdateConnectors tab
    path = write_connector(DEMO_PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "3")
        table = app.screen.query_one("#update-pane DataTable", MarkedTable)
        # WHEN the admin presses End, then d
        await pilot.press("end")
        assert marked_row(table) == table.row_count - 1
        await pilot.press("d")
        # THEN the last grant went, and the notice and the preview name it
        assert "KnEmployee removed" in await toasts(pilot)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SavePreview)
        text = await shown(pilot)
        assert "KnEmployee" in text and "HrCompMut" not in text
        # AND back on the tab, Home puts the cursor on the first row
        await pilot.press("escape")
        await pilot.press("end", "home")
        assert table.cursor_row == 0 and marked_row(table) == 0
        await pilot.press("d")
        assert "HrCompMut removed" in await toasts(pilot)
    assert path.read_text(encoding="utf-8") == DEMO_PAYROLL


@pytest.mark.parametrize(
    ("tab", "selector"),
    [
        ("get", "#get-pane DataTable"),
        ("update", "#update-pane DataTable"),
        ("special", "#special-pane DataTable"),
        ("ip", "#ip-pane DataTable"),
        ("oauth", "#oauth-certificates"),
        ("webhooks", "#webhooks-pane DataTable"),
    ],
)
async def test_home_and_end_move_in_every_table(
    workspace: Path, write_connector, tab: str, selector: str
) -> None:
    write_connector(EVERY_TABLE)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        app.screen.query_one(TabbedContent).active = tab
        await pilot.pause()
        table = app.screen.query_one(selector, DataTable)
        table.focus()
        await pilot.pause()
        assert table.row_count >= 2
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        assert table.cursor_row == 0


async def test_home_and_end_move_in_a_radio_set(workspace: Path, write_connector) -> None:
    write_connector(PAYROLL_V2)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        choices = app.screen.query_one("#authentication", RadioSet)
        choices.focus()
        await pilot.pause()
        await pilot.press("home")
        assert choices._selected == 0
        await pilot.press("end")
        assert choices._selected == len(choices.query("RadioButton")) - 1
