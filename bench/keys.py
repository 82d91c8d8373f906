"""Keys timed to the app's own work: done when the event loop has nothing left to run.

`bench.harness` waits with Textual's `Pilot._wait_for_screen`, which posts a
callback to every widget of the screen and waits until each has run it; it
loops until no queue holds a message. Every round wakes every widget (and runs
its idle handler), so the clock also counts the harness: about 4 ms a round on
the properties screen's 110 widgets, at least two rounds a key, and garbage
that a large heap pays for in collections. Measured in one session on the demo
at 80x24 (a shared machine): the same keys in the properties' Description took
41 ms at the median with that wait and 9 ms with this one; in a bare `Input`,
11.6 ms and 3.6 ms. The overhead grows with the screen, so a screen of many
widgets looked slower than the work it does for a key.

Here the clock stops when asyncio's ready queue is empty and no node of the
app or of any screen on the stack holds a message (a handler that awaits
another task leaves that task's step in the ready queue: nothing is running
or about to run), then the screen is laid out and painted as the refresh
timer would do it, and the same is awaited again for what painting
scheduled. Timers are not waited for, as in `bench.harness`: work an app
defers to a timer escapes the clock, so the benchmarks check right after
each key that its result is already on screen.

This reads asyncio's `_ready` queue and Textual's private screen state,
stable within Python 3.11-3.13 and the pinned Textual 8.2.8.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from bench.harness import TYPING_PAUSE, key_event

MAX_ROUNDS = 100_000
"""Event loop turns a key may take before the harness gives up (a hang, not a figure)."""
MAX_PAINTS = 10
"""Paints after a key: painting may schedule work that changes the screen again."""


def _quiet(app: App[Any]) -> bool:
    """True when no message waits in the app or in any node of any screen on the stack."""
    if not app._message_queue.empty():
        return False
    for screen in app.screen_stack:
        for node in screen.walk_children(with_self=True):
            if not node._message_queue.empty():
                return False
    return True


async def _drain(pilot: Pilot[Any], until: Callable[[], bool] | None = None) -> None:
    """Yield to the event loop until nothing is ready to run and no message waits."""
    loop = asyncio.get_running_loop()
    app = pilot.app
    for _ in range(MAX_ROUNDS):
        await asyncio.sleep(0)
        if not loop._ready and _quiet(app) and (until is None or until()):  # type: ignore[attr-defined]
            return
    raise TimeoutError("the app did not settle")


def _needs_paint(app: App[Any]) -> bool:
    """True when the screen has layout, painting or after-refresh callbacks pending."""
    screen = app.screen
    return bool(
        screen._layout_required
        or screen._dirty_widgets
        or screen._repaint_required
        or screen._scroll_required
        or screen._callbacks
    )


async def settle(pilot: Pilot[Any], until: Callable[[], bool] | None = None) -> None:
    """Run every piece of work now due (and `until()` holds), then lay out and paint."""
    await _drain(pilot, until)
    for _ in range(MAX_PAINTS):
        pilot.app.screen._on_timer_update()
        await _drain(pilot)
        if not _needs_paint(pilot.app):
            return
    raise TimeoutError("the screen kept changing after it was painted")


async def keystroke(pilot: Pilot[Any], key: str, until: Callable[[], bool] | None = None) -> float:
    """Seconds from a key arriving until the app has handled it and painted the result."""
    app = pilot.app
    event = key_event(key)
    event.set_sender(app)
    start = time.perf_counter()
    app.post_message(event)
    await settle(pilot, until)
    return time.perf_counter() - start


async def idle(pilot: Pilot[Any], seconds: float = TYPING_PAUSE) -> None:
    """Let the app sit idle for `seconds`, as between a user's keys, then settle."""
    await asyncio.sleep(seconds)
    await settle(pilot)


async def typed(pilot: Pilot[Any], key: str) -> float:
    """A typist's pause, then `keystroke(key)`: the seconds of the key alone."""
    await idle(pilot)
    return await keystroke(pilot, key)
