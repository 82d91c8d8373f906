"""The Textual application: opens the connector list of one workspace.

Screens import lazily from here, so starting the app loads only what the
first screen needs.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import select
import signal
import sys
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.screen import Screen

from acwizard.cores.session_saves import SessionSaves
from acwizard.drafts import Draft, write_draft
from acwizard.textual_compat import (
    SignalSafeApp,
    app_is_still,
    bound_here,
    keep_keys_in_order,
    key_was_kept,
)
from acwizard.workspace import Workspace

keep_keys_in_order()  # every Input and TextArea applies its own keys in the order typed

EXIT_GRACE = 1.5
"""Seconds the event loop gets to exit cleanly after SIGHUP or SIGTERM before the process
ends anyway (the loop may be busy validating thousands of files, or stuck writing to a
terminal that is gone)."""
RESTORE_GRACE = 0.5
"""Seconds given to handing the terminal back before the process ends without it."""
RESTORE_TERMINAL = (
    b"\x1b[<u\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?2004l\x1b[?1004l"
    b"\x1b[?7h\x1b[?1049l\x1b[?25h"
)
"""What Textual writes when it stops: keyboard protocol, mouse, paste and focus reports
off, line wrap on, main screen back, cursor shown."""


RESIZE_SETTLE = 0.1
"""Seconds after a resize before the focused widget is scrolled into view."""
STILL_LOOK = 0.003
"""Seconds between looks at whether the app is still, while keys wait behind a key that
may change the screen (a look at a properties screen with a dialog on it takes 0.6 ms)."""


class AcWizardApp(SignalSafeApp[None]):
    """acwizard: AFAS Profit app connectors as code."""

    CSS_PATH = "styles/app.tcss"
    SUSPENDED_SCREEN_CLASS = "-suspended"
    """Marks a screen under a dialog: its toasts hide (app.tcss), or they showed twice, the
    dialog's own and, through its dimmed backdrop, the screen's, offset by some lines."""
    TITLE = "acwizard"
    ENABLE_COMMAND_PALETTE = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
    ]
    """ctrl+q quits from anywhere; each screen shows its own keys in the footer."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self._key_in_flight: events.Key | None = None
        """A focus-moving key (`TAB_KEYS`) on its way through the focused widget to the
        bindings, or a key that may change the screen, until the app is still again."""
        self._held_keys: list[events.Key] = []
        """Keys typed after it, handed on once it has done what it does (see `on_event`)."""
        self.workspace = Workspace.open(root)
        """The workspace being edited."""
        self.last_opened: str | None = None
        """The id of the connector whose properties were opened last: the list's cursor
        goes there when it shows again (also after the New wizard created it)."""
        self.session_saves = SessionSaves()
        """Every connector this session created, saved or deleted, from before its first
        save to after its last: the list shows their clicks in Profit."""
        self.held_drafts: dict[str, Draft] = {}
        """The latest unsaved edits of each properties screen, by owner: what a signal
        writes at once, without waiting for the event loop or the draft timer."""
        self.loop: asyncio.AbstractEventLoop | None = None
        """The running event loop, once mounted; a signal asks it to exit."""
        self.ending_on_signal = False
        """True once SIGHUP or SIGTERM has ended the session (drafts written)."""

    # -- keys typed ahead ------------------------------------------------------------

    TAB_KEYS = frozenset({"tab", "shift+tab", "ctrl+t", "ctrl+b", *(f"f{n}" for n in range(2, 9))})
    """Keys that move the focus: Tab, and the properties screen's tab keys (F2-F8,
    ctrl+t, ctrl+b), which switch tabs and put the focus in the tab switched to."""
    TAB_SETTLE = 0.3
    """Seconds after which keys held behind a Tab go on even if the Tab never came back,
    as soon as the app is still (at most `SCREEN_SETTLE` after the Tab)."""
    SCREEN_KEYS = frozenset({"enter", "escape"})
    """Keys that may open or close a screen (or move the focus) even where no binding
    names them: a widget may act on them in its own key handler."""
    CURSOR_KEYS = frozenset(
        {"left", "right", "home", "end", "pageup", "pagedown", "backspace", "delete"}
    )
    """Keys that move a cursor or edit in place: not held, unless bound to a focus move
    (a dialog's arrows move between its buttons)."""
    SCREEN_SETTLE = 1.0
    """Seconds after which keys held behind a screen key go on even if the app never
    became still (nothing hangs behind a key that set off endless work)."""

    async def on_event(self, event: events.Event) -> None:
        """Hold the keys typed after a Tab, or a key that may open or close a screen,
        until it has done what it does.

        Over SSH keys arrive in bursts. Textual hands each key to the focused field at
        once, but a Tab moves the focus only when it has bubbled back up to the bindings,
        and the keys after it had reached the field being left by then: "Expense App"
        Tab "Y" made the description "Expense AppY", a webhook's description took its
        URL. The keys after a Tab now wait until the Tab has come back (or the field
        kept it, or `TAB_SETTLE` passed), then go where the focus is.

        A key that opens or closes a screen does so even later: Enter on a row, `n` on a
        tab, Escape or ctrl+s reach the screen's handler through messages, and the new
        screen takes the focus once it is mounted. The keys after such a key edited the
        screen being left: Escape `b` on the Webhooks tab blocked the webhook instead of
        leaving, ctrl+s `b` in the webhook form saved "b" as its description, Enter "Pay"
        in the wizard renamed the connector. So the keys after any key that may change
        the screen (`_may_change_screen`) wait until the app is still (`_still`): every
        message that key set off is handled and the new screen has its focus (at most
        `SCREEN_SETTLE`). Text typed into a field is never held: it keeps Textual's order
        and speed.
        """
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._key_in_flight is not None:
                self._held_keys.append(event)
                return
            if event.key in self.TAB_KEYS:
                self._key_in_flight = event
                target = self.focused or self.screen
                await super().on_event(event)
                target.call_later(self._tab_reached, event)
                deadline = time.monotonic() + self.SCREEN_SETTLE
                self.set_timer(self.TAB_SETTLE, functools.partial(self._tab_late, event, deadline))
                return
            if self._may_change_screen(event):
                self._key_in_flight = event
                await super().on_event(event)
                self._watch_still(event, time.monotonic() + self.SCREEN_SETTLE, quiet=False)
                return
        await super().on_event(event)
        if event is self._key_in_flight and event.key in self.TAB_KEYS:
            await self._release_keys()  # back from the focused widget: the focus moved

    def _may_change_screen(self, key: events.Key) -> bool:
        """True when `key` may open or close a screen or move the focus: Enter, Escape, a
        printable key the focused widget does not take as text, or a key bound where the
        focus is (ctrl+s, a dialog's arrows), unless it only moves a cursor."""
        focused = self.focused
        if focused is not None and focused.check_consume_key(key.key, key.character):
            return False  # text typed into a field: the hot path stays untouched
        if key.key in self.SCREEN_KEYS:
            return True
        if key.is_printable:
            # Not taken as text where the focus is: a list hands it to its filter and moves
            # the focus there (the connector list, the pickers), so the rest of the word
            # must wait for that.
            return True
        for binding in bound_here(self.screen, key.key):
            if key.key not in self.CURSOR_KEYS or "focus" in binding.action:
                return True
        return False

    def _watch_still(self, key: events.Key, deadline: float, quiet: bool) -> None:
        """Release the keys held behind `key` once the app has been still for two looks in
        a row (a handler between them may have posted more), or at `deadline`."""
        if self._key_in_flight is not key:
            return
        still = self._still()
        if (still and quiet) or time.monotonic() >= deadline:
            self.call_later(self._tab_settled, key)
            return
        loop = asyncio.get_running_loop()
        if still:  # look again once every task that is ready has run
            loop.call_soon(self._watch_still, key, deadline, True)
        else:  # a screen is opening: a look walks every widget, so not at every turn
            loop.call_later(STILL_LOOK, self._watch_still, key, deadline, False)

    def _still(self) -> bool:
        """True when no message, callback or repaint callback waits anywhere in the app."""
        return app_is_still(self)

    def _tab_late(self, tab: events.Key, deadline: float) -> None:
        """`TAB_SETTLE` passed and the Tab is not back: release the keys once the app is
        still (a handler on the way kept the Tab), not while it is busy and has simply not
        got to the Tab yet (a loaded machine: the keys used to go to the field being left)."""
        if self._key_in_flight is tab:
            self._watch_still(tab, deadline, quiet=False)

    def _tab_reached(self, tab: events.Key) -> None:
        """In the focused widget, after the Tab: release the keys if it kept the Tab."""
        if key_was_kept(tab):
            self.call_later(self._tab_settled, tab)

    async def _tab_settled(self, tab: events.Key) -> None:
        """Release the keys held behind `tab`, if still held."""
        if self._key_in_flight is tab:
            await self._release_keys()

    async def _release_keys(self) -> None:
        """Hand on the held keys in order, holding again behind the next Tab among them."""
        self._key_in_flight = None
        held, self._held_keys = self._held_keys, []
        if not self.screen_stack:  # the app closed while they waited: nowhere to type
            return
        for index, key in enumerate(held):
            if self._key_in_flight is not None:
                self._held_keys[:0] = held[index:]
                return
            await self.on_event(key)

    def on_resize(self) -> None:
        """Keep the focused widget in view when the terminal changes size: an SSH window
        dragged smaller left Notes below the fold while the admin went on typing in it."""
        # After the layout settles: the panes inside the screen take their new sizes in
        # messages of their own, after the screen's refresh.
        self.set_timer(RESIZE_SETTLE, self._focus_in_view)

    def _focus_in_view(self) -> None:
        """Scroll the focused widget into view (after the new layout)."""
        if not self.screen_stack:  # the app closed while the layout settled
            return
        if self.focused is not None:
            self.focused.scroll_visible(animate=False, immediate=True)

    def get_default_screen(self) -> Screen[None]:
        """The connector list is the first screen. Imported here, not at the top: the screens
        import this module to type their `app` (`textual.getters.app`)."""
        from acwizard.screens.connector_list import ConnectorListScreen

        return ConnectorListScreen()

    def on_mount(self) -> None:
        """Say which environment this is; keep edits when the session is cut off."""
        self.show_environment()
        self.loop = asyncio.get_running_loop()

    def show_environment(self) -> None:
        """The title names the workspace's environment (from acwizard.toml), if it has one."""
        settings = self.workspace.settings
        self.title = self.TITLE
        if settings.environment:
            kind = settings.environment_kind
            self.title = f"acwizard · {settings.environment}" + (f" ({kind})" if kind else "")

    async def action_quit(self) -> None:
        """Quit; with unsaved changes, ask first, as Cancel does."""
        from acwizard.dialogs.questions import ConfirmDialog
        from acwizard.screens.properties import PropertiesScreen

        editing = [screen for screen in self.screen_stack if isinstance(screen, PropertiesScreen)]
        unsaved = [screen for screen in editing if screen.is_modified()]
        if not unsaved:
            # Nothing unsaved, yet an edit undone in the last RECOVERY_DELAY leaves its
            # draft on disk, and the draft timer that would remove it never fires once
            # the app exits: the next start offered to restore the undone edit.
            for screen in editing:
                screen.forget_recovery()
            self.exit()
            return

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                for screen in unsaved:
                    screen.forget_recovery()
                self.exit()

        names = ", ".join(f"connectors/{screen.loaded.path.name}" for screen in unsaved)
        await self.push_screen(
            ConfirmDialog(
                "Quit with unsaved changes?",
                f"{names} has unsaved changes. Quit and discard them?",
                yes="Quit, discard",
                no="Keep editing",
            ),
            answered,
        )

    def drop_exceptions(self) -> bool:
        """An exception escaped a handler: Textual's crash report, unless a signal is ending us.

        While the session ends on a signal, a screen torn down mid-load may fail
        (a widget it queries is already gone). The drafts are written and the exit
        status names the signal; a traceback then, with the locals Textual shows,
        would land on the admin's terminal after it was handed back, quoting
        whatever the files held. So it is dropped and the app only closes.
        """
        return self.ending_on_signal

    def write_held_drafts(self) -> None:
        """Write every held draft now, synchronously (a signal arrived: the process ends).

        Each properties screen first refreshes its held draft from its fields, which
        hold every key already handled, even when the change messages are still
        queued; where that fails (the signal came mid-update), the held one is written.
        """
        for screen in list(self.screen_stack):
            hold = getattr(screen, "hold_recovery", None)  # no import in a signal handler
            if hold is not None:
                with contextlib.suppress(Exception):
                    if hold() is None:
                        # Nothing unsaved (an edit undone a moment ago): its draft on disk
                        # goes, or the next start offered to restore the undone edit.
                        getattr(screen, "editor").forget_draft()  # noqa: B009
        for draft in list(self.held_drafts.values()):
            with contextlib.suppress(OSError):
                write_draft(self.workspace.root, draft)


class SessionEnd:
    """Ends acwizard on SIGHUP (terminal gone) or SIGTERM, in every state, drafts written.

    The handlers are plain `signal.signal` handlers, not event-loop ones: Python
    runs them on the main thread between bytecodes, even while the loop is busy
    validating a large workspace or blocked writing to a terminal that is gone
    (Textual's writer thread dies on EIO and its queue fills up). The handler
    writes the held drafts at once, asks the loop to exit cleanly (restoring the
    terminal), and makes sure the process ends within EXIT_GRACE seconds even if
    the loop never answers. A terminal that hangs up without a SIGHUP reaching
    acwizard (POLLHUP on stdin) counts as a SIGHUP.
    """

    def __init__(self) -> None:
        self.app: AcWizardApp | None = None
        """The app, once created; before that there is nothing to keep."""
        self.ending = False
        self.return_code: int | None = None
        """128 + the number of the signal that ended the session, once one has."""
        self.terminal = sys.__stdin__.fileno() if sys.__stdin__ and sys.__stdin__.isatty() else None
        """The terminal's file descriptor, or None when stdin is not a terminal."""
        self.attributes: list[Any] | None = None  # as termios.tcgetattr returns it
        if self.terminal is not None:
            with contextlib.suppress(Exception):
                import termios

                self.attributes = termios.tcgetattr(self.terminal)

    def install(self) -> None:
        """Handle SIGHUP and SIGTERM from now on; watch the terminal for a hang-up."""
        for signal_number in (signal.SIGHUP, signal.SIGTERM):
            signal.signal(signal_number, self.handle)
        if self.terminal is not None and hasattr(select, "poll"):
            threading.Thread(
                target=self.watch_terminal, daemon=True, name="acwizard-hangup"
            ).start()

    def watch_terminal(self) -> None:
        """Raise SIGHUP when the terminal hangs up (its reads would fail with EIO)."""
        assert self.terminal is not None
        poller = select.poll()
        poller.register(self.terminal, select.POLLHUP | select.POLLERR)
        with contextlib.suppress(OSError):
            while not poller.poll():
                pass  # poll() without a timeout returns only with an event
            os.kill(os.getpid(), signal.SIGHUP)

    def handle(self, signal_number: int, frame: FrameType | None) -> None:
        """Write the drafts, ask the app to exit with 128 + the signal's number, then make sure."""
        if self.ending:
            return
        self.ending = True
        return_code = self.return_code = 128 + signal_number
        app = self.app
        grace = 0.0
        if app is not None:
            app.ending_on_signal = True
            app.write_held_drafts()
            if app.loop is not None and not app.loop.is_closed():
                with contextlib.suppress(RuntimeError):
                    app.loop.call_soon_threadsafe(
                        functools.partial(app.exit, return_code=return_code)
                    )
                    grace = EXIT_GRACE
        threading.Thread(
            target=self.end_anyway, args=(return_code, grace), daemon=True, name="acwizard-end"
        ).start()

    def end_anyway(self, return_code: int, grace: float) -> None:
        """If the app has not exited after `grace` seconds, hand back the terminal and end."""
        time.sleep(grace)
        restorer = threading.Thread(target=self.restore_terminal, daemon=True)
        restorer.start()
        restorer.join(RESTORE_GRACE)  # a write to a dead or stalled terminal must not hang us
        os._exit(return_code)

    def restore_terminal(self) -> None:
        """Put the terminal back as Textual would have, as far as it is still there."""
        if self.terminal is None:
            return
        with contextlib.suppress(Exception):
            import termios

            if self.attributes is not None:
                termios.tcsetattr(self.terminal, termios.TCSANOW, self.attributes)
        with contextlib.suppress(Exception):
            if sys.__stderr__ is not None:
                os.write(sys.__stderr__.fileno(), RESTORE_TERMINAL)


def run(root: Path) -> int:
    """Run the app on the workspace at `root` until the user quits."""
    session_end = SessionEnd()
    session_end.install()  # before the workspace is read: loading a large one takes a while
    app = AcWizardApp(root)
    session_end.app = app
    try:
        app.run()
    except Exception:
        if session_end.return_code is None:
            raise
    if session_end.return_code is not None:
        # The drafts were written when the signal came; whatever closing down did
        # after that (a screen still loading may fail as it is torn down), the
        # session ended because of the signal, and the status says so.
        return session_end.return_code
    return app.return_code or 0
