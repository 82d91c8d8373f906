"""Which new user group the chooser offers (issue 18): the name typed, else the connector's.

Typing "Kiosk Users" in the wizard's user group step offered only the group named
after the connector ("Visitor Kiosk"), and Finish wrote that. The core is unit-tested
(`new_group_offer`); one Pilot flow at 80x24 lands the typed group on disk.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.widgets import OptionList

from acwizard.app import AcWizardApp
from acwizard.cores.wizard import NewGroup, group_key, new_group_offer

from conftest import shown, toasts

SIZE = (80, 24)
CATALOG = {group_key(name) for name in ("Payroll Sync", "BI Export")}
"""The test catalog's user groups, as `UserGroupChooser` keeps them."""


def test_typed_text_that_reads_as_no_group_is_the_offer() -> None:
    assert new_group_offer("Kiosk Users", "Visitor Kiosk", CATALOG) == NewGroup(
        "Kiosk Users", typed=True
    )


def test_the_typed_offer_has_its_runs_of_spaces_made_one() -> None:
    assert new_group_offer("  Kiosk   Users ", None, CATALOG) == NewGroup("Kiosk Users", True)


@pytest.mark.parametrize(
    "typed",
    ["payroll  sync", "PAYROLL SYNC", "P\u0430yroll Sync", "\uff30ayroll Sync", "bi export"],
)
def test_typed_text_that_reads_as_a_catalog_group_offers_nothing_new(typed: str) -> None:
    assert new_group_offer(typed, "Visitor Kiosk", CATALOG) is None


def test_with_nothing_typed_the_offer_is_named_after_the_connector() -> None:
    assert new_group_offer("", "Visitor Kiosk", CATALOG) == NewGroup("Visitor Kiosk", False)
    assert new_group_offer("   ", "Visitor Kiosk", CATALOG) == NewGroup("Visitor Kiosk", False)


def test_with_nothing_typed_no_offer_when_the_connector_name_is_a_group() -> None:
    assert new_group_offer("", "payroll  SYNC", CATALOG) is None
    assert new_group_offer("", None, CATALOG) is None


def test_a_typed_name_no_file_may_hold_is_offered_with_why() -> None:
    offer = new_group_offer("x" * 101, "Visitor Kiosk", CATALOG)
    assert offer is not None and offer.typed
    assert offer.error == "is 101 characters long; the limit is 100"


async def test_the_typed_new_group_is_offered_marked_and_written(workspace: Path) -> None:
    # GIVEN the New wizard on its user group step for "Visitor Kiosk"
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n", *"Visitor Kiosk", "enter")
        assert "+ New user group 'Visitor Kiosk' (named after the app connector)" in (
            await shown(pilot)
        )
        # WHEN the admin types a group no catalog group reads as
        await pilot.press(*"Kiosk Users")
        # THEN that is the new group offered, with the note, and the row Enter takes
        text = await shown(pilot)
        assert ">+ New user group 'Kiosk Users' ▎" in text
        assert "add it in Profit too (Profit's help: Add a user group)" in text
        assert "Visitor Kiosk' (named after" not in text
        options = app.screen.query_one("#group-list", OptionList)
        assert options.highlighted == 0
        await pilot.press("enter")
        await pilot.pause()
        assert "New user group 'Kiosk Users': add it in Profit too" in await toasts(pilot)
    written = tomllib.loads((workspace / "connectors" / "visitor-kiosk.toml").read_text("utf-8"))
    assert written["user_group"] == "Kiosk Users"
