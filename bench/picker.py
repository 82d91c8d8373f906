"""Figure 3: the GetConnector picker over a catalog of 10,000 entries.

In-process, with Textual's test driver at 80x24 and the precise key timing
of `bench.harness` (layout and painting of every visible line included,
writing to a terminal not). acwizard opens a connector, goes to its
GetConnectors tab and gets `n`; the clock runs until the picker is mounted
and painted. Then each keystroke of typing
"employees" and deleting it again is timed until the filtered list is
painted. The baseline is the naive picker: a `SelectionList` of the same
entries, rebuilt (`clear_options` + `add_options`) on every keystroke.
Memory is what opening the picker allocates at its peak (tracemalloc).
"""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from bench.common import Config, Figure, keystroke_figures, median
from bench.harness import idle, keystroke, settle, typed

T = TypeVar("T")

SIZE = (80, 24)
OPEN_LIMIT = 0.3
"""Seconds the picker may take to open."""
QUERY = "employees"
KEYS = [*QUERY, *["backspace"] * len(QUERY)]
"""Type a word letter by letter, then delete it: narrowing and widening the list."""


def sorted_entries(catalog: dict[str, str]) -> list[tuple[str, str]]:
    """The entries in the picker's order (ids ignoring case)."""
    return sorted(catalog.items(), key=lambda entry: (entry[0].casefold(), entry[0]))


class NaivePicker(ModalScreen[None]):
    """A filter field over a SelectionList that is rebuilt on every keystroke."""

    def __init__(self, entries: list[tuple[str, str]]) -> None:
        super().__init__()
        self.entries = entries
        self.haystack = [f"{key}\t{description}".casefold() for key, description in entries]

    def compose(self) -> ComposeResult:
        """Title, filter, list, footer."""
        with Vertical():
            yield Static("Add GetConnectors")
            yield Input(id="naive-filter", compact=True)
            yield SelectionList[str](*self.matching(""), id="naive-list")
        yield Footer()

    def matching(self, text: str) -> list[Selection[str]]:
        """The entries holding every word of `text`."""
        words = text.casefold().split()
        return [
            Selection(f"{key}  {description}", key)
            for (key, description), hay in zip(self.entries, self.haystack, strict=True)
            if all(word in hay for word in words)
        ]

    def on_mount(self) -> None:
        """Start in the filter."""
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """The naive way: throw the options away and add the matching ones again."""
        selection_list = self.query_one(SelectionList)
        selection_list.clear_options()
        selection_list.add_options(self.matching(event.value))


class NaivePickerApp(App[None]):
    """A bare app whose `n` opens the naive picker."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("n", "new", "New")]

    def __init__(self, entries: list[tuple[str, str]]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        """Something under the modal, as in acwizard."""
        yield Static("bare app")
        yield Footer()

    def action_new(self) -> None:
        """Open the naive picker."""
        self.push_screen(NaivePicker(self.entries))


async def _keystrokes(pilot: Pilot[Any], shown: Callable[[], int]) -> list[float]:
    """Seconds each key of KEYS takes until the app has handled it and painted.

    `shown()` counts the rows on screen: right after the last letter (before any
    pause) the list must already be filtered, so no work hides in a timer.
    """
    before = shown()
    times = [await typed(pilot, key) for key in QUERY]
    filtered = shown()
    times += [await typed(pilot, key) for key in KEYS[len(QUERY) :]]
    if not filtered < before == shown():
        raise RuntimeError(f"the filter did not work: {before} -> {filtered} -> {shown()} rows")
    return times


async def _acwizard_session(root: Path, measure: Callable[..., Awaitable[T]]) -> T:
    """Open acwizard at `root`, go to the first connector's GetConnectors tab, then measure."""
    from acwizard.app import AcWizardApp
    from acwizard.dialogs.connector_picker import ConnectorPicker

    app = AcWizardApp(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keystroke(pilot, "enter")
        await keystroke(pilot, "ctrl+t")

        def opened() -> bool:
            screen = app.screen
            return isinstance(screen, ConnectorPicker) and screen.checklist.is_mounted

        def shown() -> int:
            return app.screen.checklist.visible_count  # type: ignore[attr-defined]  # after opened()

        await idle(pilot, 0.3)
        return await measure(pilot, opened, shown)


async def _naive_session(
    entries: list[tuple[str, str]],
    measure: Callable[..., Awaitable[T]],
) -> T:
    """Open the bare app with the naive picker's entries, then measure."""
    app = NaivePickerApp(entries)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        def opened() -> bool:
            screen = app.screen
            return isinstance(screen, NaivePicker) and screen.query_one(SelectionList).is_mounted

        def shown() -> int:
            return app.screen.query_one(SelectionList).option_count

        await idle(pilot, 0.3)
        return await measure(pilot, opened, shown)


async def _open_and_type(
    pilot: Pilot[Any], opened: Callable[[], bool], shown: Callable[[], int]
) -> tuple[float, list[float]]:
    """Seconds to open the picker, and of each keystroke after a pause to read it."""
    open_time = await keystroke(pilot, "n", until=opened)
    await idle(pilot, 0.3)
    return open_time, await _keystrokes(pilot, shown)


async def _open_memory(
    pilot: Pilot[Any], opened: Callable[[], bool], shown: Callable[[], int]
) -> int:
    """Bytes allocated at the peak of opening the picker (tracemalloc)."""
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        await keystroke(pilot, "n", until=opened)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before


def measure_picker(config: Config, root: Path, catalog: dict[str, str]) -> list[Figure]:
    """Figures 3: open, keystrokes (90th percentile and worst), memory."""
    return asyncio.run(_measure(config, root, sorted_entries(catalog)))


async def _measure(config: Config, root: Path, entries: list[tuple[str, str]]) -> list[Figure]:
    opens: dict[str, list[float]] = {"acwizard": [], "naive": []}
    keys: dict[str, list[list[float]]] = {"acwizard": [], "naive": []}
    runs = config.app_runs + (1 if config.warmup else 0)
    for run in range(runs):
        ours = await _acwizard_session(root, _open_and_type)
        theirs = await _naive_session(entries, _open_and_type)
        if config.warmup and run == 0:
            continue
        for name, (open_time, key_times) in (("acwizard", ours), ("naive", theirs)):
            opens[name].append(open_time)
            keys[name].append(key_times)
    memory = {
        "acwizard": await _acwizard_session(root, _open_memory),
        "naive": await _naive_session(entries, _open_memory),
    }

    count = f"{len(entries):,}"

    open_figure = Figure(
        f"3 picker opens, {count} GetConnectors",
        median(opens["acwizard"]),
        median(opens["naive"]),
        target=f"<= {OPEN_LIMIT * 1000:.0f} ms",
        passed=median(opens["acwizard"]) <= OPEN_LIMIT,
    )
    open_figure.notes.append(
        "from pressing n on the GetConnectors tab until the picker is painted; baseline: "
        f"the same screen with a SelectionList; {config.app_runs} runs"
    )
    key_figures = keystroke_figures(
        "3 picker filter",
        keys["acwizard"],
        keys["naive"],
        KEYS,
        f"the naive SelectionList rebuilt per key; typing '{QUERY}' then {len(QUERY)} backspaces",
    )
    memory_figure = Figure(
        "3 picker memory (peak while opening)",
        float(memory["acwizard"]),
        float(memory["naive"]),
        unit="B",
    )
    memory_figure.notes.append(
        "tracemalloc peak above the memory in use before pressing n; baseline: SelectionList"
    )
    return [open_figure, *key_figures, memory_figure]
