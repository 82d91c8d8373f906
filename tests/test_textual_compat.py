"""acwizard.textual_compat: what it relies on in Textual, and what it does with it.

Each test names the Textual behaviour a helper depends on, so that after an upgrade of
Textual a failure here says which helper to change or retire, before a screen misbehaves.
Small apps of their own, no acwizard screen: these are about Textual.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

import pytest
import textual
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, TextArea

from acwizard import textual_compat
from acwizard.textual_compat import (
    TEXT_FIELDS,
    SignalSafeApp,
    action_enabled,
    app_is_still,
    bound_here,
    declared_bindings,
    footer_ready,
    keep_keys_in_order,
    key_was_kept,
    keys_in_order,
    option_on_line,
)

BURST = ["b", "a", "backspace", "c", "left", "x", "end", "y"]
"""Keys sent at once: "b", "ba", "b", "bc", "b|c", "bxc", "bxcy"."""
IN_ORDER = "bxcy"


def test_textual_is_the_version_this_module_was_written_for() -> None:
    # Every helper below reads private attributes of this release: another one must be
    # checked against this module (and this test's pin moved) on purpose.
    assert textual.__version__ == textual_compat.TEXTUAL_VERSION


@pytest.fixture
def bare_textual(monkeypatch: pytest.MonkeyPatch) -> None:
    """Input and TextArea as Textual ships them, for the length of one test."""
    for field_class in TEXT_FIELDS:
        handler = field_class.__dict__["_on_key"]
        installed = getattr(handler, "_acwizard_keys_in_order", False)
        original = handler.__closure__[0].cell_contents if installed else handler
        monkeypatch.setattr(field_class, "_on_key", original)


class OneField(App[None]):
    """An Input or a TextArea, focused, and a binding of the screen on ctrl+t."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+t", "tab_key", "Tab")]

    def __init__(self, area: bool = False) -> None:
        super().__init__()
        self.area = area
        self.tab_keys = 0
        self.typed = ""
        """The field's text as the test last read it."""

    def compose(self) -> ComposeResult:
        yield TextArea(id="field") if self.area else Input(id="field")

    def action_tab_key(self) -> None:
        self.tab_keys += 1

    def text(self) -> str:
        field = self.query_one("#field")
        return field.text if isinstance(field, TextArea) else field.value  # type: ignore[attr-defined]


def burst(app: App[None], keys: list[str]) -> None:
    """Queue `keys` at once, as a terminal delivers a burst."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


async def typed(area: bool, keys: list[str]) -> OneField:
    """A OneField app after `keys` arrived in one burst and were handled."""
    app = OneField(area)
    async with app.run_test() as pilot:
        await pilot.pause()
        burst(app, keys)
        for _ in range(20):
            await pilot.pause()
        app.typed = app.text()
    return app


@pytest.mark.parametrize("area", [False, True], ids=["Input", "TextArea"])
async def test_bare_textual_leaves_a_field_s_own_keys_to_the_app(
    bare_textual: None, area: bool
) -> None:
    # Textualize/textual#6605: a field's key handler inserts printable keys and leaves its
    # own bindings (Backspace) to the app, after the key has bubbled up. A Backspace that
    # does not bubble is therefore lost in bare Textual. When this fails, Textual runs them
    # in the field (pull request #6631 released): retire keep_keys_in_order.
    app = OneField(area)
    async with app.run_test() as pilot:
        await pilot.pause()
        burst(app, ["a", "b"])
        await pilot.pause()
        backspace = events.Key("backspace", None)
        backspace.bubble = False
        app.query_one("#field").post_message(backspace)
        await pilot.pause()
        assert app.text() == "ab"  # in order it would be "a"
        burst(app, ["backspace"])  # as a terminal sends it: via the app
        await pilot.pause()
        assert app.text() == "a"


@pytest.mark.parametrize("area", [False, True], ids=["Input", "TextArea"])
async def test_with_keys_kept_in_order_a_burst_applies_as_typed(area: bool) -> None:
    keep_keys_in_order()
    app = await typed(area, BURST)
    assert app.typed == IN_ORDER


async def test_a_key_the_field_does_not_bind_still_reaches_the_screen() -> None:
    keep_keys_in_order()
    app = await typed(False, ["a", "ctrl+t", "b"])
    assert app.typed == "ab" and app.tab_keys == 1


class NoBackspace(Input):
    """An Input whose Backspace action is off."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "delete_left"


class BackspaceCounter(App[None]):
    """The screen binds Backspace too: it gets the key when the field's action is off."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("backspace", "count", "Count")]

    def __init__(self) -> None:
        super().__init__()
        self.counted = 0

    def compose(self) -> ComposeResult:
        yield NoBackspace(id="field")

    def action_count(self) -> None:
        self.counted += 1


async def test_a_field_binding_that_is_off_leaves_the_key_to_the_screen() -> None:
    keep_keys_in_order()
    app = BackspaceCounter()
    async with app.run_test() as pilot:
        burst(app, ["a", "backspace", "b"])
        for _ in range(10):
            await pilot.pause()
        assert app.query_one(Input).value == "ab"
        assert app.counted == 1


def test_keeping_keys_in_order_twice_installs_once() -> None:
    keep_keys_in_order()
    handlers = [field_class.__dict__["_on_key"] for field_class in TEXT_FIELDS]
    keep_keys_in_order()
    assert [field_class.__dict__["_on_key"] for field_class in TEXT_FIELDS] == handlers
    assert keys_in_order()


async def test_an_app_with_a_message_waiting_is_not_still() -> None:
    app = OneField()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app_is_still(app)
        field = app.query_one(Input)
        field.call_later(lambda: None)
        assert not app_is_still(app)
        await pilot.pause()
        assert app_is_still(app)


class Dialog(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f2", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        yield Input(id="dialog-field")


async def test_bound_here_lists_the_focused_chain_nearest_first_and_stops_at_a_modal() -> None:
    app = OneField()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert [binding.action for binding in bound_here(app.screen, "backspace")] == [
            "delete_left"
        ]
        assert [binding.action for binding in bound_here(app.screen, "ctrl+t")] == ["tab_key"]
        await app.push_screen(Dialog())
        await pilot.pause()
        # The app's ctrl+t is outside the dialog's chain, as Textual runs bindings there.
        assert list(bound_here(app.screen, "ctrl+t")) == []
        assert [binding.action for binding in bound_here(app.screen, "f2")] == ["dismiss"]
        # A printable key the focused field takes as text is no binding's there.
        assert list(bound_here(app.screen, "q")) == []


def test_a_stopped_key_or_one_that_does_not_bubble_was_kept() -> None:
    key = events.Key("tab", None)
    assert not key_was_kept(key)
    key.stop()
    assert key_was_kept(key)
    quiet = events.Key("tab", None)
    quiet.bubble = False
    assert key_was_kept(quiet)


class WithFooter(App[None]):
    def compose(self) -> ComposeResult:
        yield OptionList("one", "two\nlines", "three", id="options")
        yield Footer()


async def test_a_mounted_footer_is_ready_and_options_are_found_by_line() -> None:
    app = WithFooter()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert footer_ready(app.query_one(Footer))
        options = app.query_one(OptionList)
        found = [option_on_line(options, line) for line in range(4)]
        assert found == [(0, 0), (1, 0), (1, 1), (2, 0)]
        assert option_on_line(options, 99) is None
        assert textual_compat.FooterKey.__name__ == "FooterKey"


async def test_help_reads_declared_bindings_and_whether_each_action_is_on() -> None:
    app = BackspaceCounter()
    async with app.run_test() as pilot:
        await pilot.pause()
        field = app.query_one(Input)
        keys = [key for key, _ in declared_bindings(field)]
        assert "backspace" in keys and "left" in keys
        assert action_enabled(app, "delete_left", field) is False
        assert action_enabled(app, "cursor_left", field) is True


class Failing(SignalSafeApp[None]):
    """Raises in a handler; `dropping` decides whether the report is dropped."""

    def __init__(self, dropping: bool) -> None:
        super().__init__()
        self.dropping = dropping

    def drop_exceptions(self) -> bool:
        return self.dropping

    def on_mount(self) -> None:
        self.call_later(self.fail)

    def fail(self) -> None:
        raise RuntimeError("a screen torn down mid-load")


async def run_failing(dropping: bool) -> Failing:
    """The app after it ran a moment, failed and closed."""
    app = Failing(dropping)
    await asyncio.wait_for(app.run_async(headless=True), 20)
    return app


async def test_an_exception_while_dropping_closes_without_a_report() -> None:
    app = await run_failing(dropping=True)
    assert not app.is_running and app.return_code != 1  # 1: the crash report ran


async def test_an_exception_otherwise_gets_textual_s_report() -> None:
    app = await run_failing(dropping=False)
    assert app.return_code == 1
