"""The contents of the General tab: description, user group, Blocked, authentication, notes, review.

A view of the `ConnectorEditor` (acwizard.cores.editor): the fields show the
candidate as typed, the message under each field and the review at the bottom
are the editor's answers (`show_state`). The properties screen sends the
editor what the admin types and chooses; this pane only shows.

Every update of a message lays the whole screen out again, so a message is
updated only when its text changes, and only painted when the new text is as
tall as the old: a key typed in User group changes the group named under the
field and in the review without changing their height.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Checkbox, Input, RadioSet, Static

from acwizard.cores.editor import ConnectorEditor
from acwizard.cores.fields import TextField
from acwizard.model import DESCRIPTION_MAX_LENGTH, USER_GROUP_MAX_LENGTH
from acwizard.widgets.description_input import DescriptionInput
from acwizard.widgets.fitted_input import NotesInput
from acwizard.widgets.plain_checkbox import (
    PlainButton,
    PlainCheckbox,
    PlainRadioButton,
    PlainRadioSet,
)

__all__ = ["FIELD_INPUTS", "GENERAL_WIDGETS", "GeneralPane", "ReviewPanel"]

FIELD_INPUTS: dict[str, TextField] = {
    "description": "description",
    "user-group": "user_group",
    "notes": "notes",
}
"""Widget id of each General text field -> the editor's name for it."""
GENERAL_WIDGETS = {
    "description": "description",
    "user_group": "user-group",
    "notes": "notes",
    "blocked": "blocked",
    "authentication": "authentication",
}
"""The widget of each field on the General tab: an undo puts the focus there."""
BLOCKED_HELP = "Profit refuses every call while blocked. Untick once the setup is done."
"""One line at 80 columns (with a scroll bar), so the review stays in view under Authentication."""
AUTHENTICATION_CHOICES = (
    ("classic", "Classic token"),
    ("hybrid", "Hybrid"),
    ("oauth", "OAuth"),
)
"""The authentication types as the General tab offers them (radio button id: auth-<type>)."""
AUTHENTICATION_HELP = {
    "classic": "Classic tokens expire 1 May 2027; they stop working 31 August 2027.",
    "hybrid": "Both work until 31 August 2027; choose OAuth once the app uses it.",
    "oauth": "Apps sign in with OAuth only; its settings are on the OAuth tab (F7).",
}
"""One line under the choice, for the type chosen (each fits 76 columns)."""
NOT_ONLINE = (
    "IP restrictions: not available, because this workspace is not AFAS Online "
    "(online = false in acwizard.toml)."
)


class ReviewPanel(Static, can_focus=True):
    """What an access audit reports, last on the General tab: a stop for Tab.

    The review grows with the findings, and at 80x24 its end lies below the
    tab's fold; the General tab itself takes no focus (from the tab bar Tab
    goes to Description), so without a stop here a keyboard-only admin could
    never bring the last findings into view. Focused, it scrolls into view.
    """


def rows(text: str, width: int) -> int:
    """The lines `text` takes in a field `width` cells wide (none when empty)."""
    return len(Content(text).wrap(width)) if text else 0


class GeneralPane(VerticalScroll, can_focus=False):
    """The General tab's fields, their messages and the review, as the editor has them."""

    def __init__(self, editor: ConnectorEditor) -> None:
        super().__init__(id="general-fields")
        self.editor = editor
        self._shown: dict[str, str] = {}
        """The text each message widget shows, by widget id (see `show_text`)."""

    def compose(self) -> ComposeResult:
        """Description, user group, Blocked, authentication, notes, the review."""
        editor = self.editor
        yield Static("Description (subject of the one-time-password e-mail)", classes="field-label")
        yield DescriptionInput(
            editor.text["description"],
            placeholder="required: the name the app's users know",
            max_length=DESCRIPTION_MAX_LENGTH,
            id="description",
            compact=True,
            select_on_focus=False,
        )
        yield Static(id="description-message", classes="field-message")
        yield Static("User group (its members may hold tokens)", classes="field-label")
        with Horizontal(classes="field-row"):
            yield Input(
                editor.text["user_group"],
                placeholder="required: type a name or press Choose...",
                max_length=USER_GROUP_MAX_LENGTH,
                id="user-group",
                compact=True,
                select_on_focus=False,
            )
            yield PlainButton("Choose...", id="choose-group", compact=True)
        yield Static(id="user-group-message", classes="field-message")
        yield PlainCheckbox("Blocked", editor.blocked, id="blocked", compact=True)
        yield Static(Content(BLOCKED_HELP), classes="field-help", id="blocked-help")
        with Horizontal(classes="field-row", id="authentication-row"):
            yield Static("Authentication", classes="field-label")
            yield self.authentication_radios()
        lacking = editor.lacks("oauth")
        yield Static(
            Content(f"{lacking}." if lacking else AUTHENTICATION_HELP[editor.authentication]),
            classes="field-help",
            id="authentication-help",
        )
        yield Static("Notes for reviewers (ticket, owner, purpose)", classes="field-label")
        yield NotesInput(
            editor.text["notes"],
            placeholder="optional, e.g. RFC-1234, owner: HR",
            id="notes",
            compact=True,
            select_on_focus=False,
        )
        yield Static(id="notes-message", classes="field-message")
        if not editor.online:
            yield Static(Content(NOT_ONLINE), classes="field-help", id="ip-unavailable")
        yield Static("Review (what an access audit reports)", classes="field-label")
        yield ReviewPanel(id="findings", classes="field-help")

    def authentication_radios(self) -> RadioSet:
        """Classic token / Hybrid / OAuth, the editor's choice pressed.

        Where the workspace's Profit version has no OAuth, Hybrid and OAuth are
        disabled: the arrows pass over them, and the help line under them says why.
        """
        chosen = self.editor.authentication
        lacking = self.editor.lacks("oauth")
        return PlainRadioSet(
            *(
                PlainRadioButton(
                    label,
                    value=chosen == kind,
                    id=f"auth-{kind}",
                    disabled=bool(lacking) and kind != "classic",
                )
                for kind, label in AUTHENTICATION_CHOICES
            ),
            id="authentication",
            compact=True,
        )

    async def show_authentication(self) -> None:
        """A fresh set of choices, the editor's pressed, focused.

        The radio set tells of a choice while it holds back its buttons' own changes,
        so a button set back then would leave it thinking the refused one pressed.
        """
        await self.query_one("#authentication", RadioSet).remove()
        await self.query_one("#authentication-row").mount(self.authentication_radios())
        self.query_one("#authentication", RadioSet).focus()

    def show_state(self) -> None:
        """The message under each field, the review and the authentication's help line."""
        editor = self.editor
        for name, message in editor.field_messages().items():
            widget = self.query_one(f"#{name.replace('_', '-')}-message", Static)
            self.show_text(widget, message.text)
            widget.set_class(message.error, "-error")
        lines = editor.review_lines()
        self.show_text(
            self.query_one("#findings", Static), "\n".join(lines) or "Nothing to report."
        )
        if not editor.lacks("oauth"):
            help_line = AUTHENTICATION_HELP[editor.authentication]
            self.show_text(self.query_one("#authentication-help", Static), help_line)

    def show_text(self, widget: Static, text: str) -> None:
        """Show `text` in `widget` unless it shows that already; without a layout pass
        when it is as tall as what it replaces (see the module's docstring)."""
        key = widget.id or ""
        old = self._shown.get(key)
        if old == text:
            return
        self._shown[key] = text
        width = widget.content_size.width
        same = old is not None and width > 0 and rows(old, width) == rows(text, width)
        widget.update(Content(text), layout=not same)

    def show_fields(self, fields: frozenset[str] | set[str]) -> None:
        """Show `fields` (a key of `GENERAL_WIDGETS` each) as the editor has them now."""
        editor = self.editor
        if "authentication" in fields:
            button = self.query_one(f"#auth-{editor.authentication}", PlainRadioButton)
            button.value = True  # the set follows; the editor has it already (no new step)
        if "blocked" in fields:
            self.query_one("#blocked", Checkbox).value = editor.blocked
        for widget_id, name in FIELD_INPUTS.items():
            if name in fields:
                self.query_one(f"#{widget_id}", Input).value = editor.text[name]

    def read_fields(self) -> None:
        """Give the editor the fields as they are now.

        A key is in its field at once, while its change message may still wait
        in the queue; whoever acts before that message (a signal, ctrl+q, OK)
        reads the fields first, so the last key typed is never left out.
        """
        editor = self.editor
        for widget_id, name in FIELD_INPUTS.items():
            field = self.query_one(f"#{widget_id}", Input)
            note = field.paste_note if isinstance(field, DescriptionInput) else None
            editor.set_field(name, field.value, paste_note=note)
        editor.set_blocked(self.query_one("#blocked", Checkbox).value)

    def narrow(self, narrow: bool) -> None:
        """The authentication choices go under their label on a narrow terminal."""
        self.query_one("#authentication-row").set_class(narrow, "-narrow")
