"""The form for one classic user token of the User tokens tab: user, description, dates.

Metadata only, as Profit's User tokens tab shows it: the user who holds the
token, its unique description, when it was issued, when it expires and when it
was last used (Profit's "Date last used"). The token itself is never asked for
and never taken: a field holding what the secret guard recognises says what it
looks like ("looks like an AFAS token"), never the value, and OK refuses it.
Each field says what is wrong as it is typed, in the model's words
(`cores.tokens.TokenRules`). Returns the token as plain data, or None when
cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Static

from acwizard.cores.register import TOKEN_FIELDS, TokenRules
from acwizard.dialogs.form import FormDialog
from acwizard.model import UserToken
from acwizard.widgets.key_footer import KeyFooter
from acwizard.widgets.model_rules import ModelRule, say_failure
from acwizard.widgets.plain_checkbox import PlainButton

__all__ = ["TOKEN_NOTE", "TokenDialog"]

TOKEN_NOTE = (
    "The token itself is handed to the app once and never stored in the file: "
    "record who holds it and until when."
)
"""Where the secret lives, said wherever a token is edited."""

LABELS = {
    "user": "User",
    "description": "Description",
    "issued": "Issued",
    "expires": "Expires",
    "last_used": "Date last used",
}
"""Each field's label: Profit's words where it has them (Description, Date last used)."""
PLACEHOLDERS = {
    "user": "the Profit user who holds it",
    "description": "unique in this connector",
    "issued": "YYYY-MM-DD",
    "expires": "YYYY-MM-DD (2027-05-01 at the latest)",
    "last_used": "YYYY-MM-DD",
}
"""What each field takes, shown while it is empty."""


class TokenDialog(FormDialog[dict[str, Any]]):
    """New or edit one classic user token of the register."""

    DEFAULT_CSS = """
    TokenDialog #token-fields {
        height: auto;
        max-height: 1fr;
    }
    """
    """The fields scroll inside the box, so OK and Cancel stay in view at 60x20; each field
    is one line, its label beside it (app.tcss's `#token-form` rules: app CSS beats
    DEFAULT_CSS whatever the selector), its message below only while it says something."""

    OK_BUTTON = "token-ok"
    PLACE = "token_form"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="token-form.cancel"),
        Binding("ctrl+s,f10", "ok", "OK", id="token-form.ok"),
    ]
    """Enter in a field or ctrl+s/F10 accepts; Escape cancels."""

    def __init__(self, token: UserToken | None, others: Sequence[UserToken] = ()) -> None:
        super().__init__(classes="dialog")
        self.token = token
        self.rules = TokenRules(others)

    def compose(self) -> ComposeResult:
        """The five fields, the note, OK and Cancel."""
        token = self.token
        values = {
            "user": token.user if token else "",
            "description": token.description if token else "",
        }
        for name in ("issued", "expires", "last_used"):
            day = getattr(token, name) if token else None
            values[name] = day.isoformat() if day else ""
        with Vertical(classes="dialog-box", id="token-form"):
            yield Static("Edit user token" if token else "New user token", classes="dialog-title")
            with VerticalScroll(id="token-fields", can_focus=False):
                for name in TOKEN_FIELDS:
                    with Horizontal(classes="token-row"):
                        yield Static(LABELS[name], classes="token-label")
                        yield Input(
                            values[name],
                            placeholder=PLACEHOLDERS[name],
                            id=f"token-{name.replace('_', '-')}",
                            compact=True,
                            validators=[ModelRule(partial(self.rules.problem, name))],
                        )
                    yield Static(
                        id=f"token-{name.replace('_', '-')}-message", classes="field-message"
                    )
                yield Static(Content(TOKEN_NOTE), classes="field-help")
            with Horizontal(classes="button-row"):
                yield PlainButton("OK", id="token-ok", variant="primary", compact=True)
                yield PlainButton("Cancel", id="token-cancel", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        """Start in the user field."""
        self.query_one("#token-user", Input).focus()

    @on(Input.Changed)
    def revalidate(self, event: Input.Changed) -> None:
        """Say under the field what is wrong with it, as the admin types (never the value)."""
        message = self.query_one(f"#{event.input.id}-message", Static)
        problem = say_failure(message, event.input)
        message.display = bool(problem)

    def typed_fields(self) -> dict[str, str]:
        """Each field's text, by the token's key."""
        return {
            name: self.query_one(f"#token-{name.replace('_', '-')}", Input).value
            for name in TOKEN_FIELDS
        }

    def action_ok(self) -> None:
        """Return the token when every field passes; otherwise say why not, at its field."""
        token, problem = self.rules.token(self.typed_fields())
        if token is not None:
            self.dismiss(token)
            return
        field, _, text = problem.partition(": ")
        target = field if field in TOKEN_FIELDS else "user"
        widget_id = f"token-{target.replace('_', '-')}"
        message = self.query_one(f"#{widget_id}-message", Static)
        message.update(Content(f"! {text}"))
        message.add_class("-error")
        message.display = True
        self.query_one(f"#{widget_id}", Input).focus()
        self.app.bell()
