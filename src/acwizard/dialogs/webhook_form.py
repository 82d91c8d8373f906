"""The form for one webhook of the Webhooks tab (Profit 8): description, URL, Blocked.

Each field says what is wrong as it is typed, in the model's own words (the
URL must be https and publicly reachable: Profit calls it from the internet).
The webhook's password is never asked for: it is set in Profit (the webhook's
properties, Actions / Change password) and has no key in the file. Returns
the webhook as plain data (`Webhook.model_dump()`), or None when cancelled.
Names follow AFAS's webhooks.md (2026-06-16): description, URL, password,
blocked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Static

from acwizard.cores.webhooks import WebhookRules
from acwizard.dialogs.form import FormDialog
from acwizard.model import Webhook
from acwizard.widgets.fitted_input import UrlInput
from acwizard.widgets.key_footer import KeyFooter
from acwizard.widgets.model_rules import ModelRule, first_failure, say_failure
from acwizard.widgets.plain_checkbox import PlainButton, PlainCheckbox

__all__ = ["PASSWORD_NOTE", "WebhookDialog"]

PASSWORD_NOTE = (
    "The password that signs each message is set in Profit (the webhook's "
    "properties, Actions / Change password) and never stored in the file."
)
"""Where the secret lives, said wherever a webhook is edited."""


class WebhookDialog(FormDialog[dict[str, Any]]):
    """New or edit one webhook."""

    DEFAULT_CSS = """
    WebhookDialog #webhook-fields {
        height: auto;
        max-height: 1fr;
    }
    WebhookDialog #webhook-blocked {
        margin-top: 0;
    }
    WebhookDialog #webhook-form PlainCheckbox:focus > .toggle--label {
        text-style: bold underline;
    }
    """
    """Fits 60x20 with its buttons in view; the focused check box is bold and underlined, which
    reads without colour (NO_COLOR, 16 colours). The labels' top margin is app.tcss's
    `#webhook-form .field-label`: it overrides app.tcss's `.field-label`, and app CSS beats
    DEFAULT_CSS whatever the selector."""

    OK_BUTTON = "webhook-ok"
    PLACE = "webhook_form"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="webhook-form.cancel"),
        Binding("ctrl+s,f10", "ok", "OK", id="webhook-form.ok"),
    ]
    """Enter in a field or ctrl+s/F10 accepts; Escape cancels."""

    def __init__(self, webhook: Webhook | None, others: Sequence[Webhook] = ()) -> None:
        super().__init__(classes="dialog")
        self.webhook = webhook
        self.rules = WebhookRules(others)
        """The model's words for each field; a URL another webhook of the connector has is
        refused at the field, so the form never closes on a list the model refuses (and
        its typing lost)."""

    def compose(self) -> ComposeResult:
        """Description, URL, Blocked, the password note and OK/Cancel."""
        webhook = self.webhook
        title = "Edit webhook" if webhook else "New webhook"
        with Vertical(classes="dialog-box", id="webhook-form"):
            yield Static(title, classes="dialog-title")
            with VerticalScroll(id="webhook-fields", can_focus=False):
                yield Static("Description", classes="field-label")
                yield Input(
                    webhook.description if webhook else "",
                    placeholder="what the webhook is for",
                    id="webhook-description",
                    compact=True,
                    validators=[ModelRule(self.rules.description_problem)],
                )
                yield Static(id="webhook-description-message", classes="field-message")
                yield Static("URL (https, reachable from the internet)", classes="field-label")
                yield UrlInput(
                    webhook.url if webhook else "",
                    placeholder="https://hooks.example.com/afas",
                    id="webhook-url",
                    compact=True,
                    validators=[ModelRule(self.rules.url_problem)],
                )
                yield Static(id="webhook-url-message", classes="field-message")
                yield PlainCheckbox(
                    "Blocked (receives nothing)",
                    value=webhook.blocked if webhook else False,
                    id="webhook-blocked",
                    compact=True,
                )
                yield Static(Content(PASSWORD_NOTE), classes="field-help")
            with Horizontal(classes="button-row"):
                yield PlainButton("OK", id="webhook-ok", variant="primary", compact=True)
                yield PlainButton("Cancel", id="webhook-cancel", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        """Start in the description."""
        self.query_one("#webhook-description", Input).focus()

    @on(Input.Changed)
    def revalidate(self, event: Input.Changed) -> None:
        """Say under the field what the model says about it, as the admin types."""
        say_failure(self.query_one(f"#{event.input.id}-message", Static), event.input)

    def current(self) -> tuple[dict[str, Any] | None, str]:
        """The webhook the fields describe (plain data), or None and what is wrong."""
        data = {
            "description": self.query_one("#webhook-description", Input).value,
            "url": self.query_one("#webhook-url", Input).value.strip(),
            "blocked": self.query_one("#webhook-blocked", PlainCheckbox).value,
        }
        return self.rules.webhook(data)

    def action_ok(self) -> None:
        """Return the webhook when the model accepts it; otherwise say why not, at its field."""
        webhook, problem = self.current()
        if webhook is not None:
            # What only the list refuses (a URL another webhook has) is said at the URL.
            listed = first_failure(self.query_one("#webhook-url", Input))
            if listed:
                webhook, problem = None, f"url: {listed}"
        if webhook is None:
            field, _, text = problem.partition(": ")
            target = "url" if field == "url" else "description"
            message = self.query_one(f"#webhook-{target}-message", Static)
            message.update(Content(f"! {text}"))
            message.add_class("-error")
            self.query_one(f"#webhook-{target}", Input).focus()
            self.app.bell()
            return
        self.dismiss(webhook)
