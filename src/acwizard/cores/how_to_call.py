"""The How to call view's state: one connector's call sheet as text, a command selected.

The TUI's How to call view (`screens.how_to_call`) shows what `acwizard urls`
prints, laid out for a terminal of 60 columns: the bases and where they come from,
the OAuth endpoints, every endpoint, the curl commands (one of them selected), the
variables and the notes. One key copies the selected command.

Copying goes through OSC 52 (`App.copy_to_clipboard`): the terminal, not acwizard,
decides whether the text reaches the clipboard, and nothing comes back to say it
did. So the view says so beforehand (`OSC52_NOTE`) and after each copy (`Copied.said`),
and never claims success. What is copied is a command of the sheet: placeholders
for every credential. Before it leaves, `copy` refuses text holding anything the
secret guard takes for a credential, or a control character (it would reach the
admin's shell when pasted). Every user text on screen goes through `escaped`/`visible`.
This module never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from acwizard.calling import CallSheet, Command, Endpoint, call_sheet
from acwizard.guard import redact
from acwizard.reports.urls import AUTHENTICATION_NAMES, SOURCE_NAMES
from acwizard.text import escaped, unsafe_character, visible

if TYPE_CHECKING:
    from acwizard.catalog import Catalog
    from acwizard.files.settings import Settings
    from acwizard.model.protocol import ConnectorLike

__all__ = ["OSC52_NOTE", "Copied", "HowToCall", "NotCopied"]

OSC52_NOTE = "c copies by OSC 52: some terminals refuse it, tmux needs set-clipboard on."
"""Said on screen, always: acwizard cannot know whether a copy arrived."""
UNSAVED_NOTE = "Shown as edited on screen: these changes are not saved yet."
ENDPOINT_KINDS = {
    "metainfo": "What the app connector grants",
    "get_connector": "GetConnector",
    "update_connector": "UpdateConnector",
    "special_connector": "Special connector",
}


@dataclass(frozen=True)
class Copied:
    """The text to hand to the terminal, and what to say about it (never "copied")."""

    text: str
    said: str


@dataclass(frozen=True)
class NotCopied:
    """Why the selected command is not copied."""

    reason: str


class HowToCall:
    """One connector's call sheet as the view shows it, with a selected command."""

    def __init__(self, sheet: CallSheet, unsaved: bool = False) -> None:
        self.sheet = sheet
        self.unsaved = unsaved
        """True when the sheet shows the properties as edited, not as saved."""
        self.selected = 0
        """The index of the selected command in `sheet.commands`."""

    @classmethod
    def of(
        cls,
        connector_id: str,
        connector: ConnectorLike,
        settings: Settings,
        catalog: Catalog,
        unsaved: bool = False,
    ) -> HowToCall:
        """The view of one connector in this workspace."""
        return cls(call_sheet(connector_id, connector, settings, catalog), unsaved)

    # -- what the view shows -------------------------------------------------------------

    def title(self) -> str:
        """`How to call: Payroll Sync`."""
        return f"How to call: {visible(self.sheet.description, 60)}"

    def overview(self) -> list[str]:
        """What comes before the commands: state, bases, endpoints."""
        sheet = self.sheet
        state = "blocked" if sheet.blocked else "active"
        first = f"{escaped(sheet.connector_id)}: {AUTHENTICATION_NAMES[sheet.authentication]}"
        first += f", {state}"
        if sheet.environment:
            first += f"; environment {escaped(sheet.environment)}"
            if sheet.environment_kind:
                first += f" ({sheet.environment_kind})"
        lines = [first]
        if self.unsaved:
            lines.append(UNSAVED_NOTE)
        lines += ["", f"Bases ({SOURCE_NAMES[sheet.base_source]}):"]
        lines += [f"  REST  {escaped(sheet.rest_base)}", f"  SOAP  {escaped(sheet.soap_base)}"]
        if sheet.oauth is not None:
            lines += ["", "OAuth:", f"  token      {escaped(sheet.oauth.token_url)}"]
            if "authorization_code" in sheet.oauth.flows:
                lines.append(f"  authorize  {escaped(sheet.oauth.authorize_url)}")
        lines += ["", "Endpoints:"]
        for endpoint in sheet.endpoints:
            lines += [f"  {' '.join(endpoint.methods)}  {_named(endpoint)}"]
            lines += [f"    {escaped(endpoint.url)}"]
        lines += ["", "Commands (up/down selects one; set the variables below first):"]
        return lines

    def command_lines(self, index: int) -> tuple[str, list[str]]:
        """The heading of command `index` (`> 3. ...` when selected) and its lines."""
        command = self.sheet.commands[index]
        mark = ">" if index == self.selected else " "
        heading = f"{mark} {index + 1}. {visible(command.title, None)}"
        return heading, [escaped(line) for line in command.text.split("\n")]

    def closing(self) -> list[str]:
        """What comes after the commands: the variables and the notes."""
        lines = ["Variables (acwizard never holds a secret: you set them):"]
        lines += [f"  {variable.name}: {variable.meaning}" for variable in self.sheet.variables]
        if self.sheet.notes:
            lines += ["", "Notes:"]
            lines += [f"  - {visible(note, None)}" for note in self.sheet.notes]
        return lines

    # -- the selected command ------------------------------------------------------------

    @property
    def count(self) -> int:
        """How many commands there are."""
        return len(self.sheet.commands)

    @property
    def command(self) -> Command | None:
        """The selected command (None: the sheet has none)."""
        return self.sheet.commands[self.selected] if self.sheet.commands else None

    def move(self, delta: int) -> bool:
        """Select the command `delta` away, within the list; True when the selection moved."""
        chosen = max(0, min(self.count - 1, self.selected + delta))
        if chosen == self.selected or not self.count:
            return False
        self.selected = chosen
        return True

    def copy(self) -> Copied | NotCopied:
        """The selected command to hand to the terminal, or why not.

        A command is built from placeholders, but its URLs come from the workspace
        (acwizard.toml's bases, redirect URLs): text the guard takes for a credential,
        or holding a control character, is never copied.
        """
        command = self.command
        if command is None:
            return NotCopied("This connector has no command to copy.")
        number = self.selected + 1
        if redact(command.text) != command.text:
            return NotCopied(
                f"Command {number} holds what looks like a credential and is not copied: "
                "acwizard hands out placeholders only. Check acwizard.toml and the file."
            )
        unsafe = unsafe_character(command.text, allow_newlines=True)
        if unsafe is not None:
            return NotCopied(
                f"Command {number} {unsafe}, and is not copied: pasted into a shell it could "
                "act as a key."
            )
        said = (
            f"Command {number} was sent to the terminal (OSC 52). Paste to check: a terminal "
            "that does not take OSC 52 leaves the clipboard as it was."
        )
        return Copied(command.text, said)


def _named(endpoint: Endpoint) -> str:
    """`GetConnector Profit_Employees (Employees)`, as plain text."""
    kind = ENDPOINT_KINDS[endpoint.kind]
    if endpoint.connector is None:
        return kind
    named = f"{kind} {endpoint.connector}"
    if endpoint.description:
        named += f" ({endpoint.description})"
    return visible(named, None)
