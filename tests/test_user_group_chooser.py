"""The user group chooser with a large catalog: a cut list, and Enter still takes what it should.

Listing every group as an option cost about a second per key typed at 10,000
user groups; the chooser lists at most `SHOWN_MAX` and says how many more
there are. Pilot tests at 80x24, asserting what the screen shows and which
group Enter takes.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.widgets import Button, OptionList

from acwizard.app import AcWizardApp
from acwizard.widgets.user_group_chooser import SHOWN_MAX

from conftest import PAYROLL, TEST_CATALOG, shown

SIZE = (80, 24)
MANY = 500


def many_groups(workspace: Path, *also: str) -> None:
    """A catalog of MANY groups `Group 000`..., and `also`, which sort after them."""
    groups = "".join(f'"Group {index:03d}" = "System user {index}"\n' for index in range(MANY))
    groups += "".join(f'"{name}" = "Also"\n' for name in also)
    catalog = TEST_CATALOG.replace("[user_groups]\n", f"[user_groups]\n{groups}", 1)
    (workspace / "catalog.toml").write_text(catalog, encoding="utf-8")


def listed(app: AcWizardApp) -> list[str]:
    """The prompts of the chooser's options, as plain text."""
    options = app.screen.query_one("#group-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_a_long_catalog_lists_a_part_and_says_how_many_more(workspace: Path) -> None:
    many_groups(workspace)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"Fleet", "enter")
        prompts = listed(app)
        # THEN the new group, SHOWN_MAX groups, and a line saying what is left out
        assert "New user group 'Fleet'" in prompts[0]
        assert len(prompts) == 1 + SHOWN_MAX + 1
        total = MANY + 2  # the test catalog's own two groups
        assert f"{total - SHOWN_MAX} more: type to narrow the list" in prompts[-1]
        # AND typing narrows to what matches, every match listed
        await pilot.press(*"group 49")
        prompts = listed(app)
        expected = [f"{i:03d}" for i in range(MANY) if "49" in f"{i:03d} System user {i}"]
        assert [prompt.split()[1] for prompt in prompts[1:]] == expected
        assert "more: type to narrow" not in await shown(pilot)


async def test_enter_takes_the_group_named_like_the_app_even_past_the_cut(
    workspace: Path,
) -> None:
    many_groups(workspace, "Zz Fleet")
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"Zz Fleet", "enter")
        # The group named like the app sorts last, past the cut: it is listed, first,
        # and Enter takes it, as with a short catalog
        assert listed(app)[0].split()[0:3] == ["Zz", "Fleet", "Also"]
        await pilot.press("enter")
        await pilot.pause()
    written = tomllib.loads((workspace / "connectors" / "zz-fleet.toml").read_text("utf-8"))
    assert written["user_group"] == "Zz Fleet"


async def test_the_current_group_past_the_cut_is_listed_and_marked(
    workspace: Path, write_connector
) -> None:
    many_groups(workspace, "Zz Payroll")
    write_connector(PAYROLL.replace('user_group = "Payroll Sync"', 'user_group = "Zz Payroll"'))
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the properties of the connector
        app.screen.query_one("#choose-group", Button).press()
        await pilot.pause()
        prompts = listed(app)
        assert prompts[0].split()[:2] == ["*", "Zz"]


@pytest.mark.parametrize(
    "typed", ["payroll  sync", "PAYROLL SYNC", "P\u0430yroll Sync", "\uff30ayroll Sync"]
)
async def test_a_name_that_reads_like_a_catalog_group_is_that_group(
    workspace: Path, typed: str
) -> None:
    # GIVEN the catalog's "Payroll Sync", and a description that reads the same: other
    # case, two spaces, a Cyrillic a, a full-width P (the rules descriptions clash by)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *typed, "enter")
        # THEN no second group that reads the same is offered; Enter takes the catalog's
        prompts = listed(app)
        assert not any("New user group" in prompt for prompt in prompts)
        highlighted = app.screen.query_one("#group-list", OptionList).highlighted
        assert highlighted is not None
        assert prompts[highlighted].split()[:2] == ["Payroll", "Sync"]
        await pilot.press("enter")
        await pilot.pause()
    (path,) = (workspace / "connectors").glob("*.toml")
    assert tomllib.loads(path.read_text("utf-8"))["user_group"] == "Payroll Sync"
