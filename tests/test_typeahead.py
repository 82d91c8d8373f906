"""Keys typed ahead, as they arrive over a slow SSH link: in one burst, before the app
has handled the ones before them. Each must land where it would have landed typed slowly."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input

from acwizard.app import AcWizardApp

SIZE = (80, 24)


def burst(app: AcWizardApp, keys: list[str]) -> None:
    """Queue `keys` at once, as a terminal delivers a burst, without waiting between them."""
    for key in keys:
        character = key if len(key) == 1 else {"space": " "}.get(key)
        app.post_message(events.Key(key, character))


async def test_text_typed_after_tab_lands_in_the_next_field(demo_copy: Path) -> None:
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        # GIVEN the new-webhook form of a connector's Webhooks tab
        await pilot.press("enter", "f8", "n")
        await pilot.pause()
        description = app.screen.query_one("#webhook-description", Input)
        url = app.screen.query_one("#webhook-url", Input)
        assert app.focused is description
        url.value = ""
        # WHEN the admin types a description, Tab and a URL in one burst
        burst(app, [*"HR events", "tab", *"https://hooks.example.com/"])
        for _ in range(5):
            await pilot.pause()
        # THEN each field holds what was typed for it
        assert description.value == "HR events"
        assert url.value == "https://hooks.example.com/"
        assert app.focused is url


async def test_shift_tab_typed_ahead_goes_back_before_the_next_keys(demo_copy: Path) -> None:
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "f8", "n", "tab")
        await pilot.pause()
        description = app.screen.query_one("#webhook-description", Input)
        url = app.screen.query_one("#webhook-url", Input)
        url.value = ""
        burst(app, [*"https://x.example/", "shift+tab", *"Orders"])
        for _ in range(5):
            await pilot.pause()
        assert url.value == "https://x.example/"
        assert description.value == "Orders"


async def test_question_mark_opens_help_where_f1_does_not_arrive(demo_copy: Path) -> None:
    """Some terminals and multiplexers eat F1; outside a text field ? asks for help too."""
    from conftest import shown

    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "question_mark")
        assert "Help: app connector properties" in await shown(pilot)
        await pilot.press("escape", "escape", "n", "question_mark")
        text = await shown(pilot)
        assert "Help" in text and "?" not in app.screen_stack[-2].query_one(Input).value


async def test_keys_typed_after_a_tab_switch_land_in_the_tab_switched_to(demo_copy: Path) -> None:
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        # GIVEN the GetConnectors tab of a connector, its table focused
        await pilot.press("enter", "f3")
        await pilot.pause()
        description = app.screen.query_one("#description", Input)
        before = description.value
        # WHEN F2, Tab, End and " 2" arrive in one burst
        burst(app, ["f2", "tab", "end", "space", "2"])
        for _ in range(8):
            await pilot.pause()
        # THEN they went to General's description, as typed slowly
        assert app.focused is description
        assert description.value == before + " 2"


async def test_keys_held_behind_a_tab_while_the_app_closes_are_dropped(demo_copy: Path) -> None:
    # The keys typed after a Tab wait up to TAB_SETTLE; the app may have closed by then.
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=(80, 24)):
        pass
    tab = events.Key("tab", None)
    app._tab_in_flight, app._held_keys = tab, [events.Key("a", "a")]
    await app._tab_settled(tab)  # the timer's call, with no screen left: dropped, no error
    assert app._held_keys == []
