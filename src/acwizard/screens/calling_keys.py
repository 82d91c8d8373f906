"""The keys that lead from a file to Profit: How to call, and the clicks after a save.

`ListCallingKeys` gives the connector list How to call for the row under the
cursor (ctrl+o) and the clicks for this session's saves of that row (ctrl+p; on a
row with none, those of every connector this session saved or deleted, for a
deleted one has no row), and the footer shows `^p Clicks` once the session has
saved something (`check_action`); `show_how_to_call` opens
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
    from acwizard.model import AppConnector
    from acwizard.model.protocol import ConnectorLike

__all__ = [
    "CLICKS_HELP",
    "CLICKS_HINT",
    "HOW_TO_CALL_HELP",
    "LIST_HOW_TO_CALL_HELP",
    "ListCallingKeys",
    "deleted_notice",
    "show_how_to_call",
]

HOW_TO_CALL_HELP = "How to call this connector: its URLs and curl commands (placeholders only)"
"""Help's row for the How to call keys (the properties' two share it)."""
LIST_HOW_TO_CALL_HELP = "How to call the connector under the cursor: its URLs and curl commands"
CLICKS_HELP = (
    "The clicks in Profit that make it match this session's saves of the connector under "
    "the cursor (on a row with none: of every connector saved or deleted)"
)

CLICKS_HINT = "ctrl+p on the list: the clicks that make it match."
"""Said after every save: the file is saved, Profit is not."""

NO_SAVES = (
    "Nothing saved in this session yet: after a save, ctrl+p shows the clicks that make "
    "Profit match it. {}"
)
"""What ctrl+p says before the session has saved anything."""


def deleted_notice(description: str | None, recorded: bool) -> tuple[str, str]:
    """The toast after a delete (text, title): Profit still has the connector. ctrl+p is
    in the title, which always shows (a long toast's last line may not, at 80 columns)."""
    name = f"the app connector '{visible(description)}'" if description else "its app connector"
    title = "Profit is not changed: ctrl+p" if recorded else "Profit is not changed"
    return f"In Profit, block or delete {name} too.", title


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
    """How to call the connector under the cursor; the clicks of this session's saves."""

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`^p Clicks` in the footer only once the session has saved something (before,
        ctrl+p still says what it is for: `no_clicks`)."""
        if action == "clicks":
            return len(self.app.session_saves) > 0
        return True

    def record_deletion(self, connector_id: str, connector: AppConnector | None) -> bool:
        """Keep a deleted connector for its clicks; True when ctrl+p has them."""
        recorded = self.app.session_saves.deleted(connector_id, connector) is not None
        self.refresh_bindings()
        return recorded

    def action_no_clicks(self) -> None:
        """ctrl+p before anything is saved: what it is for, and where earlier changes are."""
        from acwizard.cores.after_save import FALLBACK

        self.say(NO_SAVES.format(FALLBACK), "Clicks in Profit")

    def action_clicks(self) -> None:
        """The clicks in Profit for this session's saves of the row under the cursor."""
        self.when_shown(self.clicks_highlighted)

    def clicks_highlighted(self) -> None:
        """The clicks for the row under the cursor; on a row without saves, every save's."""
        # Here, not at the top: planning loads the model (pydantic), which the list's first
        # paint must not wait for (tests/test_store.py).
        from acwizard.cores.after_save import clicks_text, heading, known_groups
        from acwizard.cores.how_to_call import HowToCall
        from acwizard.screens.after_save import AfterSaveScreen

        session = self.app.session_saves
        listed = self.highlighted()
        own = session.get(listed.id if listed is not None else None)
        saves = [own] if own is not None else session.all()
        if not saves:
            self.action_no_clicks()
            return
        under_cursor = None
        if own is None and listed is not None:
            under_cursor = visible(listed.row.description if listed.row else listed.path.name)
        workspace = self.app.workspace
        created = {saved.connector_id for saved in saves if saved.created}
        pairs = [
            (each.id, each.row.user_group)
            for each in self.listing.files
            if each.row and each.id not in created
        ]
        groups = known_groups(pairs, "")
        lines = clicks_text(saves, workspace.settings, workspace.catalog, groups)
        view = None
        sub_title = "this session"
        if own is not None:
            sub_title = f"connectors/{own.connector_id}.toml"
            if own.after is not None:
                settings, catalog = workspace.settings, workspace.catalog
                view = HowToCall.of(own.connector_id, own.after, settings, catalog)
        intro = heading(saves, under_cursor)
        self.app.push_screen(AfterSaveScreen(intro, lines, view, sub_title))
