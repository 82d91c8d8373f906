"""The contents of the Webhooks tab (Profit 8): the app connector's webhooks.

Lists each webhook's description, whether it is blocked and its URL, with keys
to add (n), edit (e or Enter), block or unblock (b) and remove (d, after a
question). Like the grant panes it never changes the connector itself: it
posts `WebhooksPane.Changed` with the whole proposed list as plain data, and
the properties screen validates it through the model and calls `show()` with
what it kept. Which dossier item types and workflow tasks send to a webhook is
set on those in Profit, not on the app connector; the webhook's password is set
in Profit and never stored in the file. Names follow AFAS's webhooks.md.

The table fits the tab: a description or URL too long for its column is cut
with `…`, a URL keeping its host in view (`FittedTable`, `clip_url`); the
form refuses a URL another webhook has at its field, before anything closes.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from acwizard.dialogs.questions import ConfirmDialog
from acwizard.dialogs.webhook_form import WebhookDialog
from acwizard.model import AppConnector, Webhook
from acwizard.text import visible
from acwizard.versions import NEWEST_PROFIT_VERSION, missing
from acwizard.widgets.cells import clip_url
from acwizard.widgets.fitted_table import FitColumn, FittedTable
from acwizard.widgets.form_list import FormListPane
from acwizard.widgets.proposal import Proposal

__all__ = ["WebhooksPane"]

BLOCKED_MARKS = {True: "[X]", False: "[ ]"}
"""The Blocked column, readable without colour, as the Blocked check box draws it."""

COLUMNS = (
    FitColumn("description", "Description", share=1),
    FitColumn("blocked", "Blocked", share=0),
    FitColumn("url", "URL", share=3, cut=clip_url),
)
"""The URL gets three parts of the room and keeps its host when cut: it is what is reviewed."""


class WebhooksPane(FormListPane):
    """The webhooks of one app connector, with New, Edit, Block/unblock and Remove."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", tooltip="New webhook", id="webhooks.new"),
        Binding(
            "e", "edit", "Edit", tooltip="Edit the webhook under the cursor", id="webhooks.edit"
        ),
        Binding(
            "b",
            "toggle_blocked",
            "Block",
            tooltip="Block or unblock the webhook under the cursor",
            id="webhooks.block",
        ),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            tooltip="Remove the webhook under the cursor",
            id="webhooks.remove",
        ),
    ]
    """n adds, e or Enter edits, b blocks or unblocks, d or Delete removes (after a question)."""

    class Changed(Proposal):
        """The admin asks for a new list of webhooks (plain data, as `model_dump()` gives)."""

        def __init__(self, webhooks: list[dict[str, Any]]) -> None:
            super().__init__()
            self.webhooks = webhooks

        @property
        def changes(self) -> dict[str, Any]:
            """The list, by its field's name."""
            return {"webhooks": self.webhooks}

    fields = frozenset({"webhooks"})
    """The connector's field this pane shows."""

    def __init__(
        self,
        webhooks: list[Webhook],
        *,
        id: str,
        profit_version: int = NEWEST_PROFIT_VERSION,
    ) -> None:
        super().__init__(id=id, classes="grant-pane webhooks-pane")
        self.webhooks = list(webhooks)
        self.profit_version = profit_version

    def compose(self) -> ComposeResult:
        """Explanation, count and table."""
        lacking = missing("webhooks", self.profit_version)
        help_text = (
            f"Not available: {lacking}."
            if lacking
            else "Profit posts dossier and workflow events to these URLs. Each webhook's "
            "password is set in Profit, never in the file."
        )
        yield Static(Content(help_text), classes="field-help", id="webhooks-help")
        yield Static(classes="pane-count")
        yield FittedTable(COLUMNS)

    def on_mount(self) -> None:
        """Fill the table."""
        self.show(self.webhooks)

    def show_connector(self, connector: AppConnector, select: str | None = None) -> None:
        """Show the connector's webhooks (see `show`)."""
        self.show(connector.webhooks)

    def show(self, webhooks: list[Webhook]) -> None:
        """Show `webhooks`, keeping the cursor where it was."""
        self.webhooks = list(webhooks)
        self.query_one(FittedTable).set_rows(
            [
                (webhook.description, BLOCKED_MARKS[webhook.blocked], webhook.url)
                for webhook in webhooks
            ]
        )
        blocked = sum(webhook.blocked for webhook in webhooks)
        if not webhooks:
            count = "No webhooks. Press n to add one."
        else:
            count = f"{len(webhooks)} webhook{'s' * (len(webhooks) != 1)}"
            if blocked:
                count += f", {blocked} blocked"
            count += "."
        self.show_count(count)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer Edit, Block and Remove only while there is a webhook to act on."""
        if action in ("edit", "toggle_blocked", "remove"):
            return bool(self.webhooks)
        return True

    def row_count(self) -> int:
        """How many webhooks the pane shows."""
        return len(self.webhooks)

    def plain(self) -> list[dict[str, Any]]:
        """The webhooks shown, as plain data."""
        return [webhook.model_dump() for webhook in self.webhooks]

    def make_form(self, index: int | None) -> WebhookDialog:
        """The form for webhook `index`, or a new one; a URL another webhook has is refused."""
        others = [webhook for number, webhook in enumerate(self.webhooks) if number != index]
        return WebhookDialog(None if index is None else self.webhooks[index], others)

    def proposal(self, rows: list[dict[str, Any]]) -> Proposal:
        """Ask for `rows` as the connector's webhooks."""
        return self.Changed(rows)

    def action_toggle_blocked(self) -> None:
        """Block the highlighted webhook, or unblock it."""
        index = self.current_index()
        if index is None:
            return
        webhooks = self.plain()
        blocked = not webhooks[index]["blocked"]
        webhooks[index] = {**webhooks[index], "blocked": blocked}
        self.post_message(self.Changed(webhooks))
        # A stray `b` (typing into the table) must not pass unseen.
        what = "blocked: Profit stops posting to it" if blocked else "UNBLOCKED: Profit posts to it"
        self.notify(
            f"Webhook '{visible(webhooks[index]['description'])}' {what}. ctrl+z undoes this.",
            markup=False,
        )

    def action_remove(self) -> None:
        """Remove the highlighted webhook after the admin says yes."""
        index = self.current_index()
        if index is None:
            return
        webhook = self.webhooks[index]

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            webhooks = self.plain()
            del webhooks[index]
            self.post_message(self.Changed(webhooks))
            self.notify(
                f"Removed webhook {webhook.description}. Cancel discards this; OK saves it.",
                markup=False,
            )

        body = Content(
            f"Profit stops posting to {webhook.url} once this is saved, and the webhook's "
            "password in Profit goes with it. To pause it and keep its password, block it "
            "instead (b)."
        )
        self.app.push_screen(
            ConfirmDialog(f"Remove webhook '{webhook.description}'?", body, "Remove", "Keep"),
            answered,
        )
