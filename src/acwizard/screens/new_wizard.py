"""The New wizard, as Profit documents it: description, user group, Finish.

Step 1 asks for the description, which is the subject of the e-mail with the
one-time password that users receive when they request a token. Step 2 picks
the user group whose members may hold tokens. Finish creates the connector
Blocked, saves it and opens its properties. Cancel at any step leaves nothing
on disk, because nothing is written before Finish.
"""

from __future__ import annotations

from typing import ClassVar

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, Footer, Header, Input, Static

from acwizard.app import AcWizardApp
from acwizard.cores.new_connector import new_connector
from acwizard.cores.wizard import (
    DESCRIPTION_MAX_LENGTH,
    NEW_GROUP_IN_PROFIT,
    description_error,
    secret_error,
)
from acwizard.dialogs.questions import ask_to_discard
from acwizard.screens.calling_keys import CLICKS_HINT
from acwizard.screens.help import HelpScreen, key_rows
from acwizard.text import visible
from acwizard.widgets.description_input import DescriptionInput
from acwizard.widgets.user_group_chooser import UserGroupChooser

DESCRIPTION_HELP = (
    "Use the name the app's users know. When a user requests a token, Profit "
    "e-mails a one-time password, and this description is that e-mail's subject."
)
USER_GROUP_HELP = (
    "Members of this user group may hold tokens for the app connector. AFAS advises "
    "one user group per app, with its own system user."
)


class NewConnectorWizard(Screen[None]):
    """Two steps and Finish; nothing is written until Finish."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+b", "back", "Back", id="wizard.back"),
        Binding("escape", "cancel", "Cancel", id="wizard.cancel"),
        Binding("f1,question_mark", "help", "Help", id="wizard.help"),
    ]
    """Enter goes forward (Next, then Finish); ctrl+b goes back; Escape cancels."""

    HELP_EXTRA = (
        ("enter", "Next step; on the user group step, Finish with the group marked >"),
        ("type", "Step 2: filter the user groups (down: into the list)"),
        ("tab / shift+tab", "Move between the field, the list and the buttons"),
    )
    """Keys the fields handle themselves (Enter submits a field), for the help screen."""

    app = getters.app(AcWizardApp)
    """The running app, typed as ours."""

    def compose(self) -> ComposeResult:
        """Step indicator, the two steps, and Back / Next / Cancel."""
        yield Header(icon="")
        yield Static(id="wizard-steps")
        with ContentSwitcher(initial="step-description", id="wizard-body"):
            with Vertical(id="step-description", classes="wizard-step"):
                yield Static("Description", classes="field-label")
                yield DescriptionInput(
                    placeholder="for example: Payroll Sync",
                    max_length=DESCRIPTION_MAX_LENGTH,
                    id="description",
                    compact=True,
                )
                yield Static(id="description-message", classes="field-message")
                yield Static(Content(DESCRIPTION_HELP), classes="field-help")
                yield Static(id="file-preview", classes="field-help")
            with Vertical(id="step-user-group", classes="wizard-step"):
                yield Static(id="user-group-title", classes="field-label")
                yield Static(Content(USER_GROUP_HELP), classes="field-help")
                yield UserGroupChooser(
                    self.app.workspace.catalog.section("user_groups"), id="user-group-chooser"
                )
        with Horizontal(id="wizard-buttons", classes="button-row"):
            yield Button("< Back", id="back", compact=True)
            yield Button("Next >", id="next", variant="primary", compact=True)
            yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        """Start at step 1 with the cursor in the description."""
        self.sub_title = "New app connector"
        self.show_step("step-description")

    # -- steps ---------------------------------------------------------------

    @property
    def step(self) -> str:
        """The id of the current step."""
        return self.query_one(ContentSwitcher).current or "step-description"

    def show_step(self, step: str) -> None:
        """Switch to `step`, updating the indicator and buttons."""
        self.query_one(ContentSwitcher).current = step
        first = step == "step-description"
        marks = (
            ("[1 Description]", " 2 User group ")
            if first
            else (" 1 Description ", "[2 User group]")
        )
        # No "New app connector:" in front (the header says it): at 60 columns it
        # pushed Finish off the line.
        self.query_one("#wizard-steps", Static).update(Content(f"{marks[0]} > {marks[1]} > Finish"))
        self.query_one("#back", Button).disabled = first
        self.query_one("#next", Button).label = "Next >" if first else "Finish"
        if first:
            self.query_one("#description", Input).focus()
        else:
            description = self.description
            self.query_one("#user-group-title", Static).update(
                Content(f"User group for '{visible(description)}'")
            )
            chooser = self.query_one(UserGroupChooser)
            chooser.set_new_group_name(description)
            chooser.focus_filter()

    @property
    def description(self) -> str:
        """The description typed in step 1, trimmed."""
        return self.query_one("#description", Input).value.strip()

    @on(Input.Changed, "#description")
    def description_changed(self, event: Input.Changed) -> None:
        """Validate as the user types, the way the model will."""
        message = self.query_one("#description-message", Static)
        preview = self.query_one("#file-preview", Static)
        text = event.value
        error = description_error(text) if text.strip() else None
        pasted = self.query_one("#description", DescriptionInput).paste_note
        shown = [f"! {error}"] if error else []
        shown += [pasted] if pasted else []
        message.update(Content("\n".join(shown)))
        message.set_class(bool(error), "-error")
        if text.strip() and not error:
            file_id = self.app.workspace.new_id(text)
            notes = [f"It will be saved as connectors/{file_id}.toml."]
            clash = self.app.workspace.description_clash(text.strip())
            if clash:
                notes.append(
                    f"Warning: {visible(clash, limit=300)}; its users could not tell the "
                    "one-time-password e-mails apart."
                )
            if len(text) > DESCRIPTION_MAX_LENGTH - 20:
                notes.append(f"{len(text)} of at most {DESCRIPTION_MAX_LENGTH} characters.")
            preview.update(Content(" ".join(notes)))
        else:
            preview.update("")

    @on(Input.Submitted, "#description")
    def description_submitted(self) -> None:
        """Enter in the description goes to step 2."""
        self.action_next()

    @on(Button.Pressed)
    def button_pressed(self, event: Button.Pressed) -> None:
        """Back, Next/Finish and Cancel buttons."""
        event.stop()
        {"back": self.action_back, "next": self.action_next, "cancel": self.action_cancel}[
            event.button.id or "cancel"
        ]()

    def action_next(self) -> None:
        """Go to step 2, or finish with the highlighted user group."""
        if self.step == "step-description":
            error = description_error(self.description)
            if error:
                message = self.query_one("#description-message", Static)
                message.update(Content(f"! {error}"))
                message.set_class(True, "-error")
                self.query_one("#description", Input).focus()
                self.app.bell()
                return
            self.show_step("step-user-group")
        else:
            self.query_one(UserGroupChooser).choose_highlighted()

    def action_back(self) -> None:
        """Back to step 1."""
        if self.step != "step-description":
            self.show_step("step-description")

    def action_cancel(self) -> None:
        """Leave without creating anything; ask first when a description was typed, as
        every other form does (Escape threw the typed description away)."""
        if not self.query_one("#description", Input).value.strip():
            self.leave()
            return
        ask_to_discard(
            self,
            "Discard what you typed?",
            "Nothing is written before Finish: the new app connector and its description "
            "are discarded. Discard them?",
            "Keep editing",
            self.leave,
        )

    def leave(self) -> None:
        """Close the wizard; nothing was created."""
        self.app.pop_screen()
        self.app.notify("No app connector was created.", title="Cancelled", markup=False)

    def action_help(self) -> None:
        """Show the keys of the wizard."""
        self.app.push_screen(HelpScreen("New app connector", key_rows(self, self.HELP_EXTRA)))

    @on(UserGroupChooser.Chosen)
    def finish(self, event: UserGroupChooser.Chosen) -> None:
        """Create the connector Blocked, save it and open its properties."""
        event.stop()
        refused = secret_error(event.name, "user_group")
        if refused:  # a secret typed as a new group's name: said by its kind, never echoed
            self.notify(
                f"User group: {refused}.", title="Not created", severity="error", markup=False
            )
            return
        workspace = self.app.workspace
        connector = new_connector(self.description, event.name, workspace.settings.profit_version)
        try:
            path = workspace.create(connector)
        except OSError as exc:
            self.notify(
                visible(f"Could not create the file: {exc.strerror or exc}", 500),
                title="Not created",
                severity="error",
                markup=False,
            )
            return
        # Profit does not have it yet: the list's ctrl+p shows its create flow, saved or not.
        self.app.session_saves.created(path.stem, connector)
        from acwizard.screens.properties import PropertiesScreen

        note = (
            f" New user group '{visible(event.name)}': {NEW_GROUP_IN_PROFIT}."
            if event.is_new
            else ""
        )
        self.notify(
            f"Created connectors/{visible(path.name)}, Blocked.{note} {CLICKS_HINT}",
            title="App connector created",
            markup=False,
        )
        self.app.switch_screen(PropertiesScreen(workspace.load(path), created=True))
