"""The Textual application: opens the connector list of one workspace.

Screens import lazily from here, so starting the app loads only what the
first screen needs.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from acwizard.screens.connector_list import ConnectorListScreen
from acwizard.workspace import Workspace


class AcWizardApp(App[None]):
    """acwizard: AFAS Profit app connectors as code."""

    CSS_PATH = "styles/app.tcss"
    TITLE = "acwizard"
    ENABLE_COMMAND_PALETTE = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
    ]
    """ctrl+q quits from anywhere; each screen shows its own keys in the footer."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.workspace = Workspace.open(root)
        """The workspace being edited."""
        self.last_opened: str | None = None
        """The id of the connector whose properties were opened last: the list's cursor
        goes there when it shows again (also after the New wizard created it)."""

    def get_default_screen(self) -> Screen[None]:
        """The connector list is the first screen."""
        return ConnectorListScreen()

    def on_mount(self) -> None:
        """Say which environment this is; keep edits when the session is cut off."""
        settings = self.workspace.settings
        if settings.environment:
            kind = settings.environment_kind
            self.title = f"acwizard · {settings.environment}" + (f" ({kind})" if kind else "")
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signal_number, self.hang_up)

    async def action_quit(self) -> None:
        """Quit; with unsaved changes, ask first, as Cancel does."""
        from acwizard.screens.dialogs import ConfirmDialog
        from acwizard.screens.properties import PropertiesScreen

        unsaved = [
            screen
            for screen in self.screen_stack
            if isinstance(screen, PropertiesScreen) and screen.is_modified()
        ]
        if not unsaved:
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

    def hang_up(self) -> None:
        """SIGHUP (SSH dropped) or SIGTERM: keep recovery drafts, then exit cleanly.

        Exiting through Textual restores the terminal, so even a SIGTERM leaves
        the terminal usable.
        """
        from acwizard.screens.properties import PropertiesScreen

        for screen in self.screen_stack:
            if isinstance(screen, PropertiesScreen):
                screen.keep_recovery()
        self.exit(return_code=129)


def run(root: Path) -> int:
    """Run the app on the workspace at `root` until the user quits."""
    app = AcWizardApp(root)
    app.run()
    return app.return_code or 0
