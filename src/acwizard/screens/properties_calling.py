"""The properties screen's way to Profit: How to call, and what OK leaves for the clicks.

9 (outside text fields) and ctrl+o open How to call for the connector as edited
(unsaved edits said as such). After OK has written the file, the save is added to
`app.session_saves` for the list's ctrl+p (the clicks in Profit), and a toast says
so: the file is saved, Profit is not. A connector the New wizard created in this
session (`created`) has no counterpart in Profit yet: its clicks are the create flow.
"""

from __future__ import annotations

from textual import getters

from acwizard.app import AcWizardApp
from acwizard.cores.save_plan import Saved, SaveResult
from acwizard.screens.calling_keys import CLICKS_HINT, show_how_to_call
from acwizard.screens.save_keys import SaveKeys

__all__ = ["PropertiesCallingKeys"]


class PropertiesCallingKeys(SaveKeys):
    """How to call the connector as edited; after a save, keep it for its clicks."""

    app = getters.app(AcWizardApp)
    """The running app, typed as ours."""

    created = False
    """True when the New wizard created this connector in this session: Profit does not
    have it yet, so the clicks after the save are its create flow."""

    def action_how_to_call(self) -> None:
        """How to call the connector as it is on screen (unsaved edits said as such)."""
        self.read_fields()
        editor = self.editor
        show_how_to_call(self, editor.connector_id, editor.on_screen(), editor.is_modified())

    def saved(self, result: SaveResult) -> None:
        """After the file is written, keep what was saved for its clicks in Profit."""
        connector = self.editor.connector
        if isinstance(result, Saved) and connector is not None:
            before = None if self.created else self.editor.original
            self.app.session_saves.saved(self.editor.connector_id, before, connector)
        super().saved(result)
        if isinstance(result, Saved):
            self.app.notify(CLICKS_HINT, title="Profit is not changed yet", markup=False)
