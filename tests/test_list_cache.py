"""The list opens with what `validate` remembered: the same statuses and problems as a check.

An unchanged workspace is shown from the validate cache (`acwizard.checking.cache`,
in the user's cache directory) without parsing or validating its files again.
Whatever the list shows that way must be exactly what it shows after checking
every file itself, and anything changed since must be checked, not remembered.
The core's side of this (which files are read, what each shows) is tested in
`test_list_core.py`; these are the screen's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from acwizard.app import AcWizardApp
from acwizard.checking import cache as checkcache
from acwizard.checking.cache import ValidationCache
from acwizard.cli import main
from acwizard.screens.connector_list import ConnectorListScreen
from acwizard.widgets.connector_table import ConnectorTable

from conftest import PAYROLL, list_checked, shown

SIZE = (80, 24)


async def what_the_list_shows(root: Path) -> tuple[bool, list[object], list[object], str]:
    """Whether the list came from remembered results; its rows, each file's status and
    problems, and the screen's text."""
    app = AcWizardApp(root)
    async with app.run_test(size=SIZE) as pilot:
        await list_checked(pilot)
        screen = app.screen
        assert isinstance(screen, ConnectorListScreen)
        remembered = all(listed.remembered for listed in screen.listing.files)
        table = screen.query_one(ConnectorTable)
        rows = [(row.key, row.cells, row.haystack, row.strong) for row in table._rows]
        files = [(file.path, file.status, file.problems) for file in screen.listing.files]
        return remembered, rows, files, await shown(pilot)


def counted_loads(app: AcWizardApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the app's workspace loads from now on, in order."""
    loads: list[str] = []
    original = app.workspace.load

    def counted(path, raw=None):  # type: ignore[no-untyped-def]
        loads.append(path.name)
        return original(path, raw)

    monkeypatch.setattr(app.workspace, "load", counted)
    return loads


def validate(root: Path) -> None:
    """`acwizard validate`, which remembers every file's result."""
    main(["--workspace", str(root), "validate"])


async def test_the_list_remembers_its_own_check_for_the_next_start(mixed):
    first = await what_the_list_shows(mixed)
    second = await what_the_list_shows(mixed)
    assert (first[0], second[0]) == (False, True)
    assert second[1:] == first[1:]


async def test_remembered_results_are_not_imported_with_pydantic(mixed):
    """The proof that nothing is validated again: pydantic stays unloaded."""
    validate(mixed)
    for name in [module for module in sys.modules if module.startswith("pydantic")]:
        del sys.modules[name]
    try:
        remembered = await what_the_list_shows(mixed)
        assert remembered[0] is True
        assert "pydantic" not in sys.modules
    finally:
        import pydantic  # noqa: F401 - back for the tests that follow


async def test_a_catalog_changed_since_is_checked_not_remembered(mixed):
    validate(mixed)
    (mixed / "catalog.toml").write_text(
        '[update_connectors]\nHrUnknown = "Now known"\n', encoding="utf-8"
    )
    shown_now = await what_the_list_shows(mixed)
    assert shown_now[0] is False
    problems = {path.name: problems for path, _, problems in shown_now[2]}
    assert not any("HrUnknown" in p.message for p in problems["warned.toml"])


async def test_opening_a_remembered_file_loads_it(mixed):
    validate(mixed)
    app = AcWizardApp(mixed)
    async with app.run_test(size=SIZE) as pilot:
        await list_checked(pilot)
        screen = app.screen
        assert isinstance(screen, ConnectorListScreen)
        assert all(listed.remembered for listed in screen.listing.files)
        screen.query_one(ConnectorTable).select_key("live")
        await pilot.press("enter")
        assert "Live" in await shown(pilot)
        assert app.screen.__class__.__name__ == "PropertiesScreen"


async def test_opening_a_remembered_file_loads_no_other_and_reviews_the_same(
    mixed, monkeypatch, private_state
):
    # At 5,000 connectors, loading every other file to compare descriptions and user
    # groups cost seconds on opening the first connector; the list's rows say it all.
    mixed.joinpath("connectors", "live.toml").write_text(
        PAYROLL.replace("blocked = true", "blocked = false").replace(
            'description = "Payroll Sync"', 'description = "Live"'
        ),  # still on the user group Payroll Sync: shared with payroll-sync
        encoding="utf-8",
    )

    async def review(remembered: bool) -> tuple[str, list[str]]:
        app = AcWizardApp(mixed)
        loads = counted_loads(app, monkeypatch)
        async with app.run_test(size=SIZE) as pilot:
            await list_checked(pilot)
            screen = app.screen
            assert isinstance(screen, ConnectorListScreen)
            assert all(f.remembered for f in screen.listing.files) == remembered
            loads.clear()
            screen.query_one(ConnectorTable).select_key("live")
            await pilot.press("enter", "tab", "ctrl+u", *"payroll sync")
            return await shown(pilot), loads

    checked_text, _ = await review(remembered=False)
    # The first session's typing leaves a recovery draft once its timer fires (0.5 s after
    # the last key; on a loaded machine that is before the session ends): not this test's.
    for draft in private_state.rglob("*.json"):
        draft.unlink()
    validate(mixed)
    remembered_text, loads = await review(remembered=True)
    assert loads == ["live.toml"]
    for said in [
        "'payroll sync' is also the description of payroll-sync.toml",
        "user group 'Payroll Sync' is also used by",
    ]:
        assert said in checked_text
        assert said in remembered_text


def auth_cells(rows: list[object]) -> dict[str, str]:
    """Each row's key and its Auth cell (the fourth), as the table holds them."""
    return {key: cells[3] for key, cells, _, _ in rows}  # type: ignore[misc]


KINDS = {"half-way": "hybrid", "new-payroll": "oauth", "old-payroll": "classic"}


async def test_a_remembered_row_shows_the_authentication(three_kinds):
    validate(three_kinds)
    remembered = await what_the_list_shows(three_kinds)
    assert remembered[0] is True
    assert auth_cells(remembered[1]) == KINDS
    assert "Old Payroll" in remembered[3] and "classic" in remembered[3]


async def test_a_cache_from_before_the_auth_column_is_not_used(
    three_kinds, private_cache, monkeypatch
):
    """A cache written before the Auth column (format 2: rows of eight cells, no
    authentication) must not fill the column with the Get count or leave it empty."""
    validate(three_kinds)
    (cache_file,) = private_cache.glob("validate-*.json")
    data = json.loads(cache_file.read_text())
    for entry in data["files"].values():
        del entry[2][3]  # the row as format 2 had it: the authentication was not there
    with monkeypatch.context() as patched:  # the rules as they were, but for the format
        patched.setattr(checkcache, "CACHE_FORMAT", 2)
        data["fingerprint"] = checkcache.rules_fingerprint(three_kinds)
    data["format"] = 2
    cache_file.write_text(json.dumps(data))
    old = ValidationCache.open(three_kinds)
    assert old is not None and old.files == {}  # the whole file is ignored, not just its rows
    shown_now = await what_the_list_shows(three_kinds)
    assert shown_now[0] is False  # checked again, not remembered
    assert auth_cells(shown_now[1]) == KINDS
    again = await what_the_list_shows(three_kinds)  # and remembered in the new format
    assert again[0] is True and again[1] == shown_now[1]


async def test_back_from_a_connector_left_unsaved_the_list_loads_nothing(mixed, monkeypatch):
    # Loading every file again on the way back took 1.7 s at 5,000 connectors, while
    # validate's remembered results still held for every one of them.
    validate(mixed)
    app = AcWizardApp(mixed)
    loads = counted_loads(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await list_checked(pilot)
        screen = app.screen
        assert isinstance(screen, ConnectorListScreen)
        screen.query_one(ConnectorTable).select_key("live")
        before = await shown(pilot)
        await pilot.press("enter", "escape")
        assert app.screen is screen
        assert loads == ["live.toml"]  # the one opened, nothing on the way back
        assert all(f.remembered for f in screen.listing.files)
        assert await shown(pilot) == before
        # AND a file changed meanwhile is checked, not remembered
        (mixed / "connectors" / "live.toml").write_text(
            PAYROLL.replace("Payroll Sync", "Alive"), "utf-8"
        )
        await pilot.press("enter", "escape")
        assert "Alive" in await shown(pilot)
