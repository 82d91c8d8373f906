"""The sessions figure 8 times: an admin opening a connector, typing, switching tabs, saving.

Each session is one app run at 80x24 started from validate's remembered
results (see `bench.editing`); every key is posted and timed by `bench.keys`,
with a typist's pause before it. Right after the last letter of a word the
screen must already show it (no work hides in a timer), and deleting the word
leaves the field as it was.

- `properties_session`: open (timed), the Description, back (timed), open
  again and back (timed); then, opened a third time, the User group and the
  Notes, the tabs from General to Webhooks and back, OK's save preview after
  one letter typed, and the OAuth tab's JWKS URL and new redirect URL (the
  connector made hybrid with private key JWT first, through the editor).
- `wizard_session`: `n`, the New wizard's description, Enter, the user group filter.
- `floor_session`: the floor the keys are compared with, a bare Textual `Input`
  between a Header and a Footer, in the same harness.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, Tabs

from bench.keys import idle, keystroke, settle, typed

SIZE = (80, 24)
WORD = " payroll"
"""Typed after a text field's value, then deleted: the connector ends unchanged."""
NEW_WORD = WORD.strip()
"""Typed into an empty field (a leading space is an error in the wizard's description)."""
PATH_WORD = "/payroll"
"""Typed after the JWKS URL, then deleted."""
URL_WORD = "https://pay"
"""Typed into the empty field that adds a redirect URL, then deleted."""
TAB_KEYS = ("f3", "f4", "f5", "f6", "f7", "f8", "f2")
"""Each tab from GetConnectors to Webhooks, then General: twice per session."""
TAB_IDS = {"f2": "general", "f3": "get", "f4": "update", "f5": "special", "f6": "ip"}
TAB_IDS |= {"f7": "oauth", "f8": "webhooks"}
PREVIEWS = 3
"""Save previews opened per session (after one letter typed: something to save)."""
PAUSE = 0.3
"""Seconds to read a screen that just opened, before the next key."""
JWT_OAUTH = {
    "client_type": "confidential",
    "flows": ["client_credentials"],
    "client_authentication": "private_key_jwt",
    "jwks_url": "https://payroll.example.com/.well-known/jwks.json",
}
"""The OAuth settings the session gives the connector, so the tab shows its URL fields."""


@dataclass
class Session:
    """What one session measured (seconds)."""

    opens: list[float] = field(default_factory=list)
    """First open, second open."""
    backs: list[float] = field(default_factory=list)
    """Back after the first open, after the second."""
    typing: dict[str, list[float]] = field(default_factory=dict)
    """Each key of each field, by field: `description`, `user group`, `notes`, `OAuth fields`,
    `New wizard description`, `New wizard user group`, `floor`."""
    tabs: list[float] = field(default_factory=list)
    """Each tab switch of `TAB_KEYS`, twice."""
    previews: list[float] = field(default_factory=list)
    """Each ctrl+s until the save preview is shown."""


def keys(word: str) -> list[str]:
    """The keys of typing `word`, then deleting it."""
    return [*word, *["backspace"] * len(word)]


FIELD_KEYS: dict[str, list[str]] = {
    "description": keys(WORD),
    "user group": keys(WORD),
    "notes": keys(WORD),
    "OAuth fields": keys(PATH_WORD) + keys(URL_WORD),
    "New wizard description": keys(NEW_WORD),
    "New wizard user group": keys(NEW_WORD),
    "floor": keys(WORD),
}
"""The keys each field gets, in order."""


START_TIMEOUT = 120.0
"""Seconds the list may take to show checked statuses before a session gives up."""


async def started(pilot: Pilot[Any], count: int) -> None:
    """Wait until the list shows every row from remembered results, then a pause."""
    from acwizard.screens.connector_list import ConnectorListScreen
    from acwizard.widgets.connector_table import ConnectorTable

    app = pilot.app

    def filled() -> bool:
        screen = app.screen
        return (
            isinstance(screen, ConnectorListScreen)
            and screen.query_one(ConnectorTable).row_count == count
            and screen.checked  # the first look fills the rows too, before the statuses
        )

    # The list reads the files in a worker thread: the event loop has nothing to run
    # meanwhile, so wait in time (not in loop turns, which `settle` counts) first.
    deadline = time.monotonic() + START_TIMEOUT
    while not filled() and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    await settle(pilot, filled)
    screen = app.screen
    if not isinstance(screen, ConnectorListScreen) or not screen.checked:
        raise RuntimeError("the list did not start from checked statuses")
    if not screen.app.workspace.listed:
        raise RuntimeError("the list did not start from validate's remembered results")
    await idle(pilot, PAUSE)


async def open_connector(pilot: Pilot[Any]) -> float:
    """Enter on the highlighted row until the properties are painted and focused."""
    from acwizard.screens.properties import PropertiesScreen

    app = pilot.app

    def opened() -> bool:
        screen = app.screen
        return (
            isinstance(screen, PropertiesScreen)
            and screen.is_mounted
            and isinstance(app.focused, Tabs)
            and app.focused.screen is screen
        )

    seconds = await keystroke(pilot, "enter", until=opened)
    await idle(pilot, PAUSE)
    return seconds


async def back_to_list(pilot: Pilot[Any], count: int) -> float:
    """Escape on the unchanged connector until the list is refilled, painted and focused."""
    from acwizard.screens.connector_list import ConnectorListScreen
    from acwizard.widgets.connector_table import ConnectorTable

    app = pilot.app

    def back() -> bool:
        screen = app.screen
        if not isinstance(screen, ConnectorListScreen):
            return False
        table = screen.query_one(ConnectorTable)
        return (
            table.row_count == count
            and app.focused is table
            and not screen.stale
            and screen.checked
        )

    seconds = await keystroke(pilot, "escape", until=back)
    await idle(pilot, PAUSE)
    return seconds


async def type_word(
    pilot: Pilot[Any], field: Input, word: str, shown: Callable[[], bool] = lambda: True
) -> list[float]:
    """Each key of `keys(word)` into `field`, focused with its cursor at the end.

    Right after the last letter (before any pause) the field holds the word and
    `shown()` holds; at the end the text is as it was.
    """
    field.focus()
    await idle(pilot)
    await keystroke(pilot, "end")
    if pilot.app.focused is not field:
        raise RuntimeError(f"the keys would go to {pilot.app.focused!r}, not {field!r}")
    before = field.value
    times = [await typed(pilot, key) for key in word]
    if field.value != before + word or not shown():
        raise RuntimeError(f"typing did not show: {field.value!r}")
    times += [await typed(pilot, key) for key in keys(word)[len(word) :]]
    if field.value != before:
        raise RuntimeError(f"deleting did not restore the text: {field.value!r}")
    await idle(pilot, PAUSE)
    return times


async def switch_tab(pilot: Pilot[Any], key: str) -> float:
    """One of F2-F8 until its tab is shown, its table (or the tab bar) focused and painted."""
    from acwizard.screens.properties import PropertiesScreen

    screen = pilot.app.screen
    assert isinstance(screen, PropertiesScreen)
    tab = TAB_IDS[key]

    def shown() -> bool:
        focused = pilot.app.focused
        if screen.tabs.active != tab or focused is None:
            return False
        if tab == "general":
            return isinstance(focused, Tabs)
        return screen.query_one(f"#{tab}-pane") in focused.ancestors_with_self

    return await keystroke(pilot, key, until=shown)


async def open_preview(pilot: Pilot[Any]) -> float:
    """ctrl+s until the save preview is the screen, painted, its default button focused;
    then Escape (Back, untimed)."""
    from acwizard.dialogs.save_preview import SavePreview

    app = pilot.app

    def shown() -> bool:
        return isinstance(app.screen, SavePreview) and app.focused is not None

    seconds = await keystroke(pilot, "ctrl+s", until=shown)
    await idle(pilot, PAUSE)
    await keystroke(pilot, "escape", until=lambda: not isinstance(app.screen, SavePreview))
    await idle(pilot, PAUSE)
    return seconds


async def _more_of_the_properties(pilot: Pilot[Any], found: Session) -> None:
    """User group and Notes, the tabs, the save preview and the OAuth tab's URL fields."""
    from acwizard.screens.properties import PropertiesScreen

    screen = pilot.app.screen
    assert isinstance(screen, PropertiesScreen)
    title = lambda: "modified" in (screen.title or "")
    found.typing["user group"] = await type_word(pilot, screen.user_group_input, WORD, title)
    found.typing["notes"] = await type_word(pilot, screen.notes_input, WORD, title)
    for key in TAB_KEYS * 2:
        await idle(pilot)
        found.tabs.append(await switch_tab(pilot, key))
    screen.description_input.focus()
    await idle(pilot)
    await keystroke(pilot, "x")  # something to save
    for _ in range(PREVIEWS):
        found.previews.append(await open_preview(pilot))
    # Through the editor, as the General tab's choice and the OAuth tab's buttons would.
    editor = screen.editor
    # Hybrid, not OAuth: the demo's first connector records classic tokens, which an OAuth
    # connector may not hold (the User tokens tab first); the OAuth tab is the same.
    if editor.set_authentication("hybrid") or editor.propose(oauth=JWT_OAUTH):
        raise RuntimeError("the connector did not take OAuth with private key JWT")
    screen.show_fields(frozenset({"authentication", "oauth"}))
    screen.edited()
    await keystroke(pilot, "f7")
    await idle(pilot, PAUSE)
    jwks = screen.oauth_pane.query_one("#oauth-jwks", Input)
    redirect = screen.oauth_pane.query_one("#oauth-redirect-new", Input)
    found.typing["OAuth fields"] = await type_word(pilot, jwks, PATH_WORD)
    found.typing["OAuth fields"] += await type_word(pilot, redirect, URL_WORD)
    screen.close()  # (discards: the next session must find no recovery draft)
    await idle(pilot, PAUSE)


async def properties_session(root: Any, count: int) -> Session:
    """Open, Description, back; open again, back; open, the rest (see the module)."""
    from acwizard.app import AcWizardApp
    from acwizard.screens.properties import PropertiesScreen

    found = Session()
    app = AcWizardApp(root)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, count)
        found.opens.append(await open_connector(pilot))
        screen = app.screen
        assert isinstance(screen, PropertiesScreen)
        found.typing["description"] = await type_word(
            pilot, screen.description_input, WORD, lambda: "modified" in (screen.title or "")
        )
        found.backs.append(await back_to_list(pilot, count))
        found.opens.append(await open_connector(pilot))
        found.backs.append(await back_to_list(pilot, count))
        await open_connector(pilot)
        await _more_of_the_properties(pilot, found)
    return found


async def wizard_session(root: Any, count: int) -> dict[str, list[float]]:
    """`n`, each key typed in the New wizard's description; Enter, each key in the filter."""
    from acwizard.app import AcWizardApp
    from acwizard.screens.new_wizard import NewConnectorWizard

    app = AcWizardApp(root)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot, count)

        def opened() -> bool:
            return isinstance(app.screen, NewConnectorWizard) and isinstance(app.focused, Input)

        await keystroke(pilot, "n", until=opened)
        await idle(pilot, PAUSE)
        screen = app.screen
        description: Input = screen.query_one("#description", Input)
        preview = screen.query_one("#file-preview")
        found = {
            "New wizard description": await type_word(
                pilot, description, NEW_WORD, lambda: "payroll" in str(preview.render())
            )
        }
        description.value = "Bench Payroll"
        await keystroke(pilot, "enter")
        await idle(pilot, PAUSE)
        group = app.focused
        if not isinstance(group, Input) or group is description:
            raise RuntimeError(f"Enter did not reach the user group step: {group!r}")
        found["New wizard user group"] = await type_word(pilot, group, NEW_WORD)
        return found


class FloorApp(App[None]):
    """A bare Textual Input between a Header and a Footer: what a key costs at the least."""

    BINDINGS: ClassVar[list[Any]] = [("ctrl+s", "save", "OK"), ("escape", "quit", "Cancel")]

    def compose(self) -> ComposeResult:
        """Header, the field, Footer."""
        yield Header()
        yield Input("Payroll Sync", id="description")
        yield Footer()


async def floor_session() -> list[float]:
    """Each key of `keys(WORD)` in the floor app's Input."""
    app = FloorApp()
    async with app.run_test(size=SIZE) as pilot:
        await idle(pilot, PAUSE)
        field: Widget = app.query_one(Input)
        assert isinstance(field, Input)
        return await type_word(pilot, field, WORD)
