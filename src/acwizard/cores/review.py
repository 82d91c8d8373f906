"""What the General tab says about a connector being edited: field messages and the review.

The messages under the text fields (the model's error, a description another
connector has, what a paste changed, the length near the limit, the catalog's
word on the user group) and the review at the bottom of the tab (what `acwizard
audit` reports for the connector as the admin has it, the shared user group
first). Each is worked out again only when what it reads changed: a key typed
in Description checks that field and compares it with the other descriptions,
and leaves the review as it was (no rule of the review reads the description or
the notes); a key in User group looks up the connectors on that group in an index
made once per listing, never all of them. After the findings, the last result of
`acwizard verify` for this connector (`cores.verified`), never Profit asked from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from acwizard.cores.checks import field_check
from acwizard.cores.fields import TEXT_FIELDS, TextField
from acwizard.cores.verified import verify_review
from acwizard.guard import secret_kind
from acwizard.model import DESCRIPTION_MAX_LENGTH, AppConnector
from acwizard.problems import error_text
from acwizard.rules import (
    NOT_IN_CATALOG,
    Finding,
    Grouped,
    connector_findings,
    shared_user_group_findings,
)
from acwizard.text import visible
from acwizard.workspace import KnownConnector, Workspace

__all__ = ["SECRETS_NEVER", "TEXT_CHECKS", "FieldMessage", "Review"]

SECRETS_NEVER = "secrets never go into files"
"""What follows the guard's word on a value (`looks like a JWT; ...`), as validate says it."""


TEXT_CHECKS = {name: field_check(AppConnector, name) for name in TEXT_FIELDS}
"""Each General text field's validators: a key typed in one field validates that field
alone (the rest of the candidate is valid by construction, see `ConnectorEditor.propose`)."""


@dataclass(frozen=True)
class FieldMessage:
    """What shows under one General field."""

    text: str
    """The message as shown (`! ...` for what needs attention); empty: nothing."""
    error: bool = False
    """True when it is shown as an error (the field is invalid, or a description clash)."""


class Review:
    """The rules the General tab shows for connector `connector_id` of `workspace`."""

    def __init__(self, workspace: Workspace, connector_id: str, today: date) -> None:
        self.workspace = workspace
        self.connector_id = connector_id
        self.today = today
        """The date the review is dated (the classic-token deadline, certificate ends)."""
        self._checked: dict[TextField, tuple[str, str | None, str, bool]] = {}
        """Per text field: (text, its error or None, the text as the model keeps it, whether
        `not_secret` confirms the field)."""
        self._messages: dict[TextField, tuple[tuple[str, str, str], FieldMessage]] = {}
        """Per text field: what its message was computed from, and the message."""
        self._lines: tuple[tuple[AppConnector, str, bool], list[str]] | None = None
        """The review lines and what they were computed from (see `lines`)."""
        self._groups: tuple[list[KnownConnector], dict[str, list[KnownConnector]]] | None = None
        """The other connectors by user group (ignoring case), for the shared-group rule."""
        self._verified: list[str] | None = None
        """The last `acwizard verify` result of this connector, in lines (read once)."""

    # -- the text fields -----------------------------------------------------------------

    def check_text(
        self, name: TextField, text: str, confirmed: bool = False
    ) -> tuple[str | None, str]:
        """`text` in field `name`, by the model's rules for that field and the secret guard's
        (as validate judges the file: `confirmed`, the field is in `not_secret`): (its error
        or None, the text as the model keeps it). Asked again only when the text changed.
        The guard's error says what the text looks like, never the text."""
        checked = self._checked.get(name)
        if checked is None or checked[0] != text or checked[3] != confirmed:
            try:
                checked = (text, None, str(TEXT_CHECKS[name](text)), confirmed)
            except ValidationError as exc:
                checked = (text, error_text(exc.errors()[0]), text, confirmed)
            kind = secret_kind(text, name, confirmed=confirmed)
            if kind:
                checked = (text, f"{kind}; {SECRETS_NEVER}", text, confirmed)
            self._checked[name] = checked
        return checked[1], checked[2]

    def description_clash(self, description: str) -> str | None:
        """Why `description` is too like another connector's of this workspace, or None."""
        clash = self.workspace.description_clash(description, editing=self.connector_id)
        # names a file of the repository: shown through visible(), never raw
        return visible(clash, limit=300) if clash else None

    def field_messages(
        self, text: dict[str, str], errors: dict[str, str], paste_note: str
    ) -> dict[TextField, FieldMessage]:
        """The message under each General text field: its error, else a note or nothing.

        Description: a clash with another connector's (an error), what a paste
        changed (`paste_note`), or the length once near the limit. User group: not
        in the catalog, or the catalog's description of the group.
        """
        messages: dict[TextField, FieldMessage] = {}
        for name in TEXT_FIELDS:
            note = paste_note if name == "description" else ""
            basis = (text[name], errors.get(name, ""), note)
            cached = self._messages.get(name)
            if cached is None or cached[0] != basis:
                cached = (basis, self._field_message(name, *basis))
                self._messages[name] = cached
            messages[name] = cached[1]
        return messages

    def _field_message(self, name: TextField, value: str, error: str, note: str) -> FieldMessage:
        """The message under field `name` holding `value` (`error`: the model's, or "")."""
        if error:
            return FieldMessage(f"! {error}" + (f"\n{note}" if note else ""), error=True)
        if name == "description":
            clash = self.description_clash(value)
            if clash or note:
                lines = [f"! {clash}"] if clash else []
                lines += [note] if note else []
                return FieldMessage("\n".join(lines), error=bool(clash))
            if len(value) > DESCRIPTION_MAX_LENGTH - 20:
                return FieldMessage(f"{len(value)} of at most {DESCRIPTION_MAX_LENGTH} characters")
        elif name == "user_group" and value.strip():
            group = value.strip()
            catalog = self.workspace.catalog
            if catalog.find("user_groups", group) is None:
                return FieldMessage(f"! {NOT_IN_CATALOG}: check that it exists in Profit")
            return FieldMessage(catalog.describe("user_groups", group) or "")
        return FieldMessage("")

    # -- findings -------------------------------------------------------------------------

    def audit_findings(self, connector: AppConnector) -> list[Finding]:
        """What `acwizard audit` reports for `connector` in this workspace."""
        return connector_findings(
            self.connector_id,
            connector,
            self.workspace.catalog,
            self.workspace.settings.online,
            today=self.today,
        )

    def on_group(self, user_group: str) -> list[KnownConnector]:
        """The workspace's connectors on `user_group` (ignoring case), from an index made
        once per listing: a key typed in User group never walks 5,000 connectors."""
        known = self.workspace.known()
        if self._groups is None or self._groups[0] is not known:
            groups: dict[str, list[KnownConnector]] = {}
            for other in known:
                groups.setdefault(other.user_group.casefold(), []).append(other)
            self._groups = (known, groups)
        return self._groups[1].get(user_group.casefold(), [])

    def findings(self, connector: AppConnector) -> list[Finding]:
        """What `acwizard audit` reports for `connector`, the shared user group first.

        The shared-user-group rule is the audit's own (`rules.shared_user_group_findings`),
        given this connector as the admin has it and every other valid one.
        """
        # Only the connectors on this group can share it: the rule sorts what it is given.
        connectors: dict[str, Grouped] = {
            known.id: known
            for known in self.on_group(connector.user_group)
            if known.id != self.connector_id
        }
        connectors[self.connector_id] = connector
        shared = [
            finding
            for finding in shared_user_group_findings(connectors)
            if finding.connector_id == self.connector_id
        ]
        return shared + self.audit_findings(connector)

    def lines(self, connector: AppConnector, accepted: AppConnector) -> list[str]:
        """The review of `connector` (the candidate as on screen), one finding a line.

        No rule of the review reads the description or the notes: while the
        structured part (`accepted`), the user group and Blocked stay as they
        were, the lines of the key before are the answer.
        """
        basis = (accepted, connector.user_group, connector.blocked)
        if self._lines is None or self._lines[0] != basis:
            found = self.findings(connector)
            self._lines = (basis, [f"! {f.level:<6}  {f.message}" for f in found])
        return self._lines[1] + self.verified_lines()

    def verified_lines(self) -> list[str]:
        """What the last `acwizard verify` found for this connector, after the findings
        (read from the user's state directory once; Profit is never asked from here)."""
        if self._verified is None:
            self._verified = verify_review(self.workspace, self.connector_id)
        return self._verified
