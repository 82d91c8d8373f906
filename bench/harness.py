"""Precise in-process timing of Textual apps: a key's work, not the test driver's naps.

Textual's `Pilot.press` and `Pilot.pause` wait for the process to look idle
in steps of 20 ms (`wait_for_idle`), so a key that takes 5 ms of work shows
as 45 ms or more. Here a key event is posted to the app directly, and the
clock stops as soon as every widget of the screen has processed every
message that followed from it and the screen has been laid out and painted
(`Screen._on_timer_update`, which the app's refresh timer would otherwise
call up to a frame later). What is timed is exactly the app's work for the
key; the terminal write is not (the test driver has no terminal).

Between keys the benchmarks leave a typist's pause (`idle`), so that timers
due anyway (the cursor blink, work deferred by the previous key) run there
and not inside the next key's measurement. Work an app defers to a timer
would escape the clock, so the benchmarks check right after the key that
its result is already on screen.

This uses private Textual APIs, stable within the pinned Textual 8.2.8.
"""

from __future__ import annotations

import asyncio
import time
import unicodedata
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot

MAX_ROUNDS = 10_000


def _working(app: App[object]) -> bool:
    """True while a worker of the app runs (the connector list reads its files in one)."""
    return any(not worker.is_finished for worker in app.workers)


def _quiet(app: App[object]) -> bool:
    """True when no message is waiting in the app, its screen or any widget of it, and no
    worker is running."""
    nodes = [app, *app.screen.walk_children(with_self=True)]
    return not _working(app) and all(node._message_queue.empty() for node in nodes)


async def settle(pilot: Pilot[Any], until: Callable[[], bool] | None = None) -> None:
    """Process every pending message (and `until()` holds), then lay out and paint."""
    app = pilot.app
    for _ in range(MAX_ROUNDS):
        while _working(app):
            # Sleep, not spin: a loop polling the screen took the interpreter lock from the
            # worker's thread half the time, which an idle app never does.
            await asyncio.sleep(0.001)
        await pilot._wait_for_screen()
        if _quiet(app) and (until is None or until()):
            break
    else:
        raise TimeoutError("the app did not settle")
    app.screen._on_timer_update()
    # Painting may schedule callbacks (call_after_refresh); run them and paint again.
    await pilot._wait_for_screen()
    if not _quiet(app) or app.screen._dirty_widgets or app.screen._layout_required:
        for _ in range(MAX_ROUNDS):
            await pilot._wait_for_screen()
            if _quiet(app):
                break
        app.screen._on_timer_update()


def key_event(key: str) -> events.Key:
    """The Key event for `key` ('a', '/', 'backspace'), made as `Pilot.press` makes it."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    character: str | None
    try:
        character = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        character = key if len(key) == 1 else None
    return events.Key(key, character)


async def keystroke(pilot: Pilot[Any], key: str, until: Callable[[], bool] | None = None) -> float:
    """Seconds from a key arriving until the app has handled it and painted the result."""
    app = pilot.app
    event = key_event(key)
    event.set_sender(app)
    start = time.perf_counter()
    app.post_message(event)
    await settle(pilot, until)
    return time.perf_counter() - start


TYPING_PAUSE = 0.05
"""Seconds between two keys: a fast typist types a key every 100-200 ms."""


async def idle(pilot: Pilot[Any], seconds: float = TYPING_PAUSE) -> None:
    """Let the app sit idle for `seconds`, as between a user's keys, then settle."""
    await asyncio.sleep(seconds)
    await settle(pilot)


async def typed(pilot: Pilot[Any], key: str) -> float:
    """A typist's pause, then `keystroke(key)`: the seconds of the key alone."""
    await idle(pilot)
    return await keystroke(pilot, key)
