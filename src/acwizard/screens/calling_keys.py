"""The keys that lead from a file to Profit: How to call, and the clicks after a save.

`ListCallingKeys` gives the connector list How to call for the row under the
cursor (ctrl+o) and the clicks of the last save (ctrl+p); `show_how_to_call` opens
the view over any screen. The properties screen's keys are in
`screens.properties_calling`.

Why these keys: F10 is OK on the properties screen (and Save in its dialogs), so
How to call takes the digit after the tabs' (1-7; 8 is the next tab's) and a
ctrl+letter that types nothing and no Textual widget binds. On the list every
letter and digit not bound starts the filter (a word typed at the table filters,
it does not act), so a digit there would steal a character from the filter:
ctrl+o and ctrl+p type nothing. Only what the list's first paint can afford is
imported at the top (no pydantic, no call sheet).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import getters
from textual.screen import Screen

from acwizard.app import AcWizardApp
from acwizard.text import visible

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from acwizard.cores.listing import ListedFile, Listing
    from acwizard.model.protocol import ConnectorLike

__all__ = [
    "CLICKS_HELP",
    "CLICKS_HINT",
    "HOW_TO_CALL_HELP",
    "LIST_HOW_TO_CALL_HELP",
    "ListCallingKeys",
    "show_how_to_call",
]

HOW_TO_CALL_HELP = "How to call this connector: its URLs and curl commands (placeholders only)"
"""Help's row for the How to call keys (the properties' two share it)."""
LIST_HOW_TO_CALL_HELP = "How to call the connector under the cursor: its URLs and curl commands"
CLICKS_HELP = "The clicks in Profit that make it match the last save of this session"

CLICKS_HINT = "ctrl+p on the list: the clicks that make it match."
"""Said after every save: the file is saved, Profit is not."""


def show_how_to_call(
    screen: Screen[Any], connector_id: str, connector: ConnectorLike, unsaved: bool = False
) -> None:
    """Open How to call for `connector` over `screen`."""
    # Here, not at the top: the call sheet, the guard and their reports cost the list's first
    # paint 15-25 ms to import, for a view opened now and then.
    from acwizard.cores.how_to_call import HowToCall
    from acwizard.screens.how_to_call import HowToCallScreen

    app = screen.app
    assert isinstance(app, AcWizardApp)
    workspace = app.workspace
    view = HowToCall.of(connector_id, connector, workspace.settings, workspace.catalog, unsaved)
    app.push_screen(HowToCallScreen(view, f"connectors/{connector_id}.toml"))


class ListCallingKeys(Screen[None]):
    """How to call the connector under the cursor; the clicks of the last save."""

    app = getters.app(AcWizardApp)
    """The running app, typed as ours."""

    listing: Listing

    def highlighted(self) -> ListedFile | None:
        """The file under the cursor."""
        raise NotImplementedError

    def when_shown(self, then: Callable[[], object]) -> None:
        """Do `then` once the rows show the files as read."""
        raise NotImplementedError

    def say(self, text: str, title: str = "", severity: SeverityLevel = "information") -> None:
        """A toast of plain text."""
        raise NotImplementedError

    def action_how_to_call(self) -> None:
        """How to call the connector under the cursor, once the files are checked."""
        self.when_shown(self.how_to_call_highlighted)

    def how_to_call_highlighted(self) -> None:
        """How to call the row under the cursor; an invalid file says why not."""
        listed = self.highlighted()
        if listed is None:
            self.say("No connector under the cursor.", "How to call")
            return
        connector = self.listing.load(listed).connector if listed.status != "invalid" else None
        if connector is None:
            name = visible(listed.path.name)
            self.say(f"{name} does not validate: p shows its problems.", "How to call", "warning")
            return
        show_how_to_call(self, listed.id, connector)

    def action_clicks(self) -> None:
        """The clicks in Profit for the last save of this session."""
        # Here, not at the top: planning loads the model (pydantic), which the list's first
        # paint must not wait for (tests/test_store.py).
        from acwizard.cores.after_save import clicks_text, known_groups
        from acwizard.cores.how_to_call import HowToCall
        from acwizard.screens.after_save import AfterSaveScreen

        saved = self.app.last_save
        if saved is None:
            self.say(
                "Nothing saved in this session yet: after OK saves a connector, ctrl+p "
                "shows the clicks that make Profit match it.",
                "Clicks in Profit",
            )
            return
        workspace = self.app.workspace
        groups = known_groups(
            ((listed.id, listed.row.user_group) for listed in self.listing.files if listed.row),
            saved.connector_id,
        )
        lines = clicks_text(saved, workspace.settings, workspace.catalog, groups)
        view = HowToCall.of(saved.connector_id, saved.after, workspace.settings, workspace.catalog)
        self.app.push_screen(AfterSaveScreen(saved, lines, view))
