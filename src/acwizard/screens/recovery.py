"""Offering the unsaved edits of an earlier session, when the connector list opens.

One draft at a time: Restore opens the connector with its edits (once the list has read
the files, which the properties compare it with), Discard forgets it, Later keeps it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from acwizard.cores.listing.texts import NOT_RESTORABLE, recovery_question
from acwizard.dialogs.questions import ChoiceDialog
from acwizard.text import visible

if TYPE_CHECKING:
    from acwizard.drafts import Draft
    from acwizard.screens.connector_list import ConnectorListScreen


def offer_recovery(screen: ConnectorListScreen) -> None:
    """Ask, one at a time, what to do with recovery drafts of earlier sessions."""
    drafts = screen.listing.recovery_drafts()
    if not drafts:
        return
    draft = drafts[0]
    name = visible(screen.listing.draft_file(draft).name)

    def answered(choice: str | None) -> None:
        if choice == "discard":
            screen.listing.discard(draft)
            screen.say(f"Discarded the unsaved changes to {name}.")
            if len(drafts) > 1:
                offer_recovery(screen)
        elif choice == "restore":
            # After the read: the properties compare it with the list's connectors.
            screen.when_shown(lambda: restore(screen, draft))

    screen.app.push_screen(
        ChoiceDialog(
            "Unsaved changes found",
            recovery_question(draft, name),
            [("restore", "Restore"), ("discard", "Discard"), ("later", "Later")],
            default="restore",
            danger=["discard"],
        ),
        answered,
    )


def restore(screen: ConnectorListScreen, draft: Draft) -> None:
    """Open the connector a draft belongs to, with the draft's edits."""
    loaded = screen.listing.restorable(draft)
    if loaded is None:
        name = visible(screen.listing.draft_file(draft).name)
        screen.say(f"{name} {NOT_RESTORABLE}", severity="error")
        return
    from acwizard.screens.properties import PropertiesScreen

    screen.open_editor(PropertiesScreen(loaded, draft))
