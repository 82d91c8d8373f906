"""The tabs of the properties screen: Profit's eight, chosen by key from anywhere.

1-8 choose a tab outside text fields (a digit typed in a field is text); F2-F9
and ctrl+t / ctrl+b never type and work wherever the focus is. Choosing a tab
puts the cursor where its work starts (its table, or the tab bar for General).
The IP restrictions tab exists only in AFAS Online. The labels are Profit's
names where they fit, shorter ones on a narrow terminal.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import TabbedContent, Tabs

from acwizard.cores.describe import Said
from acwizard.screens.editing_screen import EditingScreen
from acwizard.widgets.general_pane import GENERAL_WIDGETS
from acwizard.widgets.proposal import ConnectorPane

__all__ = ["FIELD_TABS", "MEDIUM_LABELS_WIDTH", "TABS", "TAB_KEYS_NOTE", "TAB_LABELS", "TabKeys"]

TABS = ("general", "get", "update", "special", "ip", "oauth", "webhooks", "tokens")
"""Tab ids in Profit's order, User tokens last (issue 20: the keys of the tabs before it stay
as they were); keys 1-8 (outside text fields) and F2-F9 (anywhere) select them."""
TAB_LABELS = {
    "general": ("General", "General", "General"),
    "get": ("GetConnectors", "Get", "Get"),
    "update": ("UpdateConnectors", "Update", "Update"),
    "special": ("Connectors", "Connectors", "Conn."),
    "ip": ("IP restrictions", "IP", "IP"),
    "oauth": ("OAuth", "OAuth", "OAuth"),
    "webhooks": ("Webhooks", "Webhooks", "Webhooks"),
    "tokens": ("User tokens", "User tokens", "Tokens"),
}
"""Each tab's label: Profit's name; at 80 columns (68 wide) Profit's names but "Get",
"Update" and "IP", so that the User tokens tab keeps its name; short ones that still read
at 60 columns (55 wide)."""
TAB_KEYS_NOTE = (
    "In a text field 1-8 are text; F2-F9 and ctrl+t/ctrl+b switch tabs from anywhere. "
    "The screen opens on the tab bar, where no key types: Tab goes to Description."
)
"""Said first in F1: why a digit sometimes types and sometimes switches tabs."""
FULL_LABELS_WIDTH = 102
"""From this many columns Profit's full tab names fit on one line (each label + 2)."""
MEDIUM_LABELS_WIDTH = 76
"""From this many columns the grant tabs keep Profit's names (IP restrictions reads "IP")."""
FIELD_TABS = {
    "get_connectors": "get",
    "update_connectors": "update",
    "connectors": "special",
    "ip_restrictions": "ip",
    "oauth": "oauth",
    "webhooks": "webhooks",
    "tokens": "tokens",
}
"""The tab that shows each field of the connector; the others are on General."""


class TabKeys(EditingScreen):
    """Tab choice by key, focus on the chosen tab's work, labels that fit."""

    @property
    def tabs(self) -> TabbedContent:
        """The tabs."""
        return self.query_one("#tabs", TabbedContent)

    def focus_tab_bar(self) -> None:
        """Put the focus on the tab bar, where no key types into a field.

        After Finish or Open the admin's next key is often a tab's digit; with
        the focus in Description that digit became part of the subject of the
        one-time-password e-mail. From the tab bar, Tab goes to Description.
        """
        self.tabs.query_one(Tabs).focus()

    def fit_tab_labels(self, width: int) -> None:
        """Profit's tab names when they fit in `width` columns, shorter ones when not."""
        size = 0 if width >= FULL_LABELS_WIDTH else 1 if width >= MEDIUM_LABELS_WIDTH else 2
        for tab_id, labels in TAB_LABELS.items():
            tab = self.tabs.get_tab(tab_id)
            label = labels[size]
            if tab.label_text != label:
                tab.label = Content(label)

    def action_tab(self, index: int) -> None:
        """Select tab `index` (0-7) and put the cursor in it."""
        tab_id = TABS[index]
        if tab_id == "ip" and not self.editor.online:
            self.notify(
                "IP restrictions exist only in AFAS Online; this workspace is set "
                "online = false in acwizard.toml.",
                title="Not available",
                markup=False,
            )
            return
        self.tabs.active = tab_id
        if tab_id == "general":
            self.focus_tab_bar()
            return
        pane = self.query_one(f"#{tab_id}-pane")
        if isinstance(pane, ConnectorPane):
            pane.focus_table()

    def action_next_tab(self, direction: int) -> None:
        """Select the next (1) or previous (-1) available tab, wrapping around."""
        current = TABS.index(self.tabs.active or "general")
        for step in range(1, len(TABS) + 1):
            index = (current + direction * step) % len(TABS)
            if TABS[index] != "ip" or self.editor.online:
                self.action_tab(index)
                return

    def select_tab(self, tab_id: str) -> None:
        """Show tab `tab_id`, the focus where it is."""
        self.tabs.active = tab_id

    def show_tab_of(self, said: Said) -> None:
        """Bring what an undo changed into view: its tab, its table row or its field."""
        tab_id = FIELD_TABS.get(said.field)
        if tab_id is not None:
            self.action_tab(TABS.index(tab_id))
            return
        self.tabs.active = "general"
        widget_id = GENERAL_WIDGETS.get(said.field)
        if widget_id is not None:
            self.query_one(f"#{widget_id}").focus()
