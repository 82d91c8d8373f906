"""One app connector being edited: the file as loaded, the candidate, and every rule the TUI shows.

The properties screen is a view of a `ConnectorEditor`: it sends the admin's
intent (a field typed, Blocked ticked, a list or table proposed by a pane) and
shows what the editor answers. The rules live in the cores, once, unit-tested
without a terminal: field messages and the review in `review`, the save
preview and conflicts in `save_plan`, undo in `history` and `describe`, the
draft in `recovery`. This module never imports Textual.

A version 1 file is edited as its version 2 form (same meaning), so opening and
saving without a change writes nothing. Text fields are held as typed, even
while invalid; everything else changes only through the model, so the
structured part of the candidate is always valid. Every change is a step of the
undo history, the text fields too: a run of typing in one field is one step, a
bulk change (a paste, a wipe, a user group chosen) a step of its own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date
from typing import Any

from pydantic import ValidationError

from acwizard.cores.checks import refused_change
from acwizard.cores.describe import EditState, Said, Step, describe
from acwizard.cores.fields import AUTHENTICATIONS, STRUCTURED_FIELDS, TEXT_FIELDS, TextField
from acwizard.cores.history import UNDO_LIMIT, History
from acwizard.cores.new_connector import new_oauth_settings
from acwizard.cores.recovery import Recovery, Typed, kept_typing, restore
from acwizard.cores.review import FieldMessage, Review
from acwizard.cores.save_plan import (
    Conflict,
    SavePlan,
    SaveResult,
    discarded_changes,
    plan_save,
    save_warnings,
    write_connector,
)
from acwizard.drafts import Draft
from acwizard.model import AppConnector, OAuthSettings, errors_by_field
from acwizard.rules import Finding
from acwizard.text import visible
from acwizard.versions import missing
from acwizard.workspace import ConnectorFile, Workspace

__all__ = ["UNDO_LIMIT", "ConnectorEditor", "ConnectorFile", "clock_today"]
"""`ConnectorFile`: the file a screen opens an editor on, as the list hands it over."""


def clock_today() -> date:
    """Today by the clock, asked in one place (tests pin it here for stable screens)."""
    return date.today()


class ConnectorEditor:
    """One connector being edited: loaded vs candidate, problems, findings, save, draft."""

    def __init__(
        self,
        workspace: Workspace,
        loaded: ConnectorFile,
        held_drafts: dict[str, Draft] | None = None,
        today: date | None = None,
    ) -> None:
        if loaded.connector is None:
            raise ValueError(f"{loaded.path.name} is not a valid connector; it is never edited")
        self.workspace = workspace
        self.loaded = loaded
        """The file as it was read."""
        self.today = today or clock_today()
        """The date the review is dated: the classic-token deadline and certificate ends
        read as `acwizard audit` on this day says them."""
        self.original: AppConnector = loaded.connector.migrated()
        """The connector as read, in version 2: the same meaning means nothing to save."""
        self.accepted: AppConnector = self.original
        """The structured part of the candidate (lists, IP, authentication, OAuth,
        webhooks), always valid; its text fields and Blocked are the file's."""
        self.text: dict[str, str] = {name: getattr(self.original, name) for name in TEXT_FIELDS}
        """The General text fields as typed."""
        self.blocked: bool = self.original.blocked
        """The Blocked flag as set."""
        self.paste_note = ""
        """What the last paste into the description changed, while it stands."""
        self.kept_oauth: OAuthSettings | None = None
        """OAuth settings put aside by a switch to classic, given back by a switch back."""
        self.expected = loaded.fingerprint
        """The file content a save may replace; anything else is a conflict."""
        self.recovery = Recovery(workspace.root, loaded.id, loaded.text or "", held_drafts)
        """This session's recovery draft."""
        self.revision = 0
        """Goes up by one with every change: a view redraws when it moves."""
        self.history = History()
        """The steps `undo` takes back and `redo` makes again."""
        self.review = Review(workspace, loaded.id, self.today)
        """The messages under the fields and the review, each kept until what it reads
        changes."""
        self._in_step = False
        self._validated: tuple[int, AppConnector | None, dict[str, str]] | None = None
        self._dumped: tuple[AppConnector, dict[str, Any]] | None = None
        """`accepted` as plain data, while it stays the same object."""

    # -- names ----------------------------------------------------------------------

    @property
    def connector_id(self) -> str:
        """The id of the connector: its file name without `.toml`."""
        return self.loaded.id

    @property
    def file_name(self) -> str:
        """`connectors/<id>.toml`, as messages name the file."""
        return f"connectors/{self.loaded.path.name}"

    @property
    def authentication(self) -> str:
        """How apps sign in, as chosen now: classic, hybrid or oauth."""
        return self.accepted.authentication

    @property
    def online(self) -> bool:
        """True in an AFAS Online workspace, the only one with IP restrictions."""
        return self.workspace.settings.online

    def lacks(self, feature: str) -> str:
        """Why this workspace's Profit version lacks `feature` (versions.py), or ""."""
        return missing(feature, self.workspace.settings.profit_version) or ""

    # -- the admin's intent ------------------------------------------------------------

    def changed(self) -> None:
        """Something changed: views redraw, validation runs again."""
        self.revision += 1

    def state(self) -> EditState:
        """The candidate as the admin has it now, as an undo would put it back."""
        return EditState(
            self.accepted,
            self.blocked,
            tuple((name, self.text[name]) for name in TEXT_FIELDS),
            self.kept_oauth,
        )

    @contextlib.contextmanager
    def _one_step(self, typing: TextField | None = None) -> Iterator[None]:
        """Whatever changes inside is one step of the undo history.

        `typing`: the change is one key typed in that field; it joins the step
        before when that is the same field's typing and nothing came between.
        """
        if self._in_step:  # set_authentication proposes: one step, not two
            yield
            return
        before = self.state()
        self._in_step = True
        try:
            yield
        finally:
            self._in_step = False
        self.history.record(before, self.state(), typing)

    @property
    def undo_steps(self) -> list[Step]:
        """The changes `undo` takes back, the last last."""
        return self.history.undo_steps

    @property
    def redo_steps(self) -> list[Step]:
        """The changes `undo` took back, for `redo`."""
        return self.history.redo_steps

    def last_change(self) -> Said | None:
        """The last change in words (`GetConnectors: HrEmployee removed`), or None."""
        step = self.history.last()
        return None if step is None else describe(step.before, step.after)

    def _put_back(self, state: EditState) -> None:
        """Make `state` the candidate, exactly."""
        if dict(state.text)["description"] != self.text["description"]:
            self.paste_note = ""  # the note was about the text that goes
        self.accepted = state.accepted
        self.blocked = state.blocked
        self.text = dict(state.text)
        self.kept_oauth = state.kept_oauth
        self.changed()

    def undo(self) -> Said | None:
        """Take the last change back, exactly; what came back, in words. None: nothing to undo."""
        step = self.history.back()
        if step is None:
            return None
        current = self.state()
        self._put_back(step.before)
        return describe(current, step.before, undoing=True)

    def redo(self) -> Said | None:
        """Make the change `undo` took back again; in words. None: nothing to redo."""
        step = self.history.forward()
        if step is None:
            return None
        current = self.state()
        self._put_back(step.after)
        return describe(current, step.after, undoing=True)

    def set_field(self, name: TextField, text: str, paste_note: str | None = None) -> None:
        """The admin typed in a General text field (description, user_group, notes).

        `paste_note`: for the description, what the last paste changed (see
        `DescriptionInput.paste_note`); None leaves the note as it is.
        """
        if name not in TEXT_FIELDS:
            raise ValueError(f"{name} is not a text field")
        note = self.paste_note if paste_note is None or name != "description" else paste_note
        old = self.text[name]
        if old == text and note == self.paste_note:
            return
        # One key typed or deleted joins the run before it; a paste, a wipe (ctrl+u,
        # ctrl+k) or a chosen group is a step of its own, undone on its own.
        typing = name if abs(len(text) - len(old)) == 1 else None
        with self._one_step(typing):
            self.text[name] = text
            self.paste_note = note
        self.changed()

    def set_blocked(self, blocked: bool) -> None:
        """The admin ticked or unticked Blocked."""
        if blocked != self.blocked:
            with self._one_step():
                self.blocked = blocked
            self.changed()

    def propose(self, **changes: Any) -> str | None:
        """Change the structured part (lists, IP lines, authentication, oauth, webhooks).

        Values are plain data, as a pane emits them (`oauth=` the whole table as a
        dict, `webhooks=` the whole list). Returns None when the model accepts the
        change, else `field: message`; a refused change leaves the candidate as it was.
        """
        unknown = sorted(set(changes) - set(STRUCTURED_FIELDS))
        if unknown:
            raise ValueError(f"propose() changes {', '.join(STRUCTURED_FIELDS)}, not {unknown}")
        refused = refused_change(changes, self.accepted.not_secret)
        if refused is not None:
            return refused
        data = self.accepted.model_dump()
        data.update(changes)
        try:
            candidate = AppConnector.model_validate(data)
        except ValidationError as exc:
            field, message = next(iter(errors_by_field(exc).items()))
            return f"{field}: {message}"
        if candidate != self.accepted:
            with self._one_step():
                self.accepted = candidate
            self.changed()
        return None

    def set_authentication(self, kind: str) -> str | None:
        """Switch to a classic token, hybrid or OAuth; None when done, else why not.

        To hybrid or OAuth from classic the connector gets OAuth settings: the
        ones put aside earlier in this session, else those of a new connector.
        To classic the OAuth settings go (and are put aside for a switch back).
        A Profit version without OAuth refuses hybrid and OAuth.
        """
        with self._one_step():
            return self._switch_authentication(kind)

    def _switch_authentication(self, kind: str) -> str | None:
        """`set_authentication`, inside one step of the undo history."""
        current = self.accepted.authentication
        if kind == current:
            return None
        if kind not in AUTHENTICATIONS:
            return f'authentication: must be "classic", "hybrid" or "oauth", not {visible(kind)!r}'
        if kind != "classic":
            lacking = missing("oauth", self.workspace.settings.profit_version)
            if lacking:
                return f"authentication: {lacking}"
        if kind == "classic":
            kept = self.accepted.oauth
            refused = self.propose(authentication="classic", oauth=None)
            if refused is None:
                self.kept_oauth = kept
            return refused
        if current == "classic":
            oauth = self.kept_oauth or new_oauth_settings()
            return self.propose(authentication=kind, oauth=oauth.model_dump())
        return self.propose(authentication=kind)

    def restore(self, draft: Draft) -> bool:
        """Put unsaved edits from an earlier session back; False when some were not valid
        (see `recovery.restore`)."""
        return restore(self, draft)

    # -- the candidate -----------------------------------------------------------------

    def candidate_data(self) -> dict[str, Any]:
        """The connector as the admin has it now, as data for the model (may not validate)."""
        if self._dumped is None or self._dumped[0] is not self.accepted:
            self._dumped = (self.accepted, self.accepted.model_dump())
        data = dict(self._dumped[1])  # (a copy: callers may change it; values are not touched)
        data.update(self.text)
        data["blocked"] = self.blocked
        return data

    def validated(self) -> tuple[AppConnector | None, dict[str, str]]:
        """The candidate if valid, else None and the first message for each field.

        Only the text fields are checked: the structured part (`accepted`) was
        validated whole when it came in, and no rule of the model relates a text
        field to another field. So a key typed costs the check of its own field,
        however many grants and IP lines the connector holds (the test pins this
        against validating the whole candidate).
        """
        if self._validated is None or self._validated[0] != self.revision:
            errors: dict[str, str] = {}
            kept: dict[str, Any] = {"blocked": self.blocked}
            confirmed = set(self.accepted.not_secret)
            for name in TEXT_FIELDS:
                error, value = self.review.check_text(name, self.text[name], name in confirmed)
                if error is not None:
                    errors[name] = error
                kept[name] = value
            connector = None if errors else self.accepted.model_copy(update=kept)
            self._validated = (self.revision, connector, errors)
        return self._validated[1], self._validated[2]

    @property
    def connector(self) -> AppConnector | None:
        """The candidate when it is valid."""
        return self.validated()[0]

    @property
    def problems(self) -> dict[str, str]:
        """The first message for each invalid field; empty when the candidate is valid."""
        return self.validated()[1]

    def on_screen(self) -> AppConnector:
        """The candidate exactly as the admin has it, even while a text field is invalid.

        The review must follow every edit: falling back to the last valid
        connector while a text field was invalid showed the Blocked flag and user
        group of the file as loaded. Built without validation on purpose.
        """
        return self.accepted.model_copy(update={**self.text, "blocked": self.blocked})

    def is_modified(self) -> bool:
        """True when the candidate means something else than the file as loaded (or is invalid).

        A version 1 file compares as its version 2 form: the format alone is no change.
        """
        return self.connector != self.original

    def title(self) -> str:
        """`Blocked` or `Active`, then ` · modified` when there is something to save."""
        state = "Blocked" if self.blocked else "Active"
        return state + (" · modified" if self.is_modified() else "")

    # -- what shows under the fields, and the review -------------------------------------

    def field_messages(self) -> dict[TextField, FieldMessage]:
        """The message under each General text field (see `Review.field_messages`)."""
        return self.review.field_messages(self.text, self.problems, self.paste_note)

    def review_findings(self, connector: AppConnector) -> list[Finding]:
        """What `acwizard audit` reports for `connector`, the shared user group first."""
        return self.review.findings(connector)

    def review_lines(self) -> list[str]:
        """What an access audit reports for the candidate as the admin has it now, one a line."""
        return self.review.lines(self.on_screen(), self.accepted)

    # -- saving -----------------------------------------------------------------------

    def discarded_changes(self) -> list[str]:
        """The admin's changes in access terms, or that only fields changed: what a Reload
        throws away, to be named when it does."""
        return discarded_changes(self.original, self.connector)

    def save_plan(self) -> SavePlan | None:
        """What OK shows before writing; None when nothing changed (nothing to write).

        Raises ValueError while the candidate is invalid (see `problems`).
        """
        connector, errors = self.validated()
        if connector is None:
            raise ValueError(f"the connector is not valid: {errors}")
        if connector == self.original:
            return None
        clash = self.description_clash(connector.description)
        warnings = save_warnings(self.original, connector, self.review.audit_findings, clash)
        return plan_save(self.loaded, self.original, connector, self.file_name, warnings)

    def description_clash(self, description: str) -> str | None:
        """Why the saved description is too like another connector's, or None."""
        return self.review.description_clash(description)

    def on_disk_now(self) -> ConnectorFile:
        """The file as it is on disk now (after a conflict: what Drop mine reopens)."""
        return self.workspace.load(self.loaded.path)

    def save(self, connector: AppConnector) -> SaveResult:
        """Write `connector` over the file as it was opened; a change on disk is a Conflict."""
        return write_connector(
            self.workspace, self.loaded.path, connector, self.expected, self.file_name
        )

    def overwrite(self, conflict: Conflict) -> SaveResult:
        """Write the connector of `conflict` over what is on disk now (or again, if deleted)."""
        return write_connector(
            self.workspace, self.loaded.path, conflict.connector, conflict.on_disk, self.file_name
        )

    # -- the recovery draft ------------------------------------------------------------

    @property
    def owner(self) -> str:
        """The owner this session's drafts are written and removed under."""
        return self.recovery.owner

    def draft(self, typed: Typed | None = None) -> Draft | None:
        """The recovery draft of what is unsaved now; None when nothing is.

        `typed`: text typed in a form still open or on the OAuth tab and not applied
        yet, which the draft keeps too (a hang-up must not lose it).
        """
        typed = kept_typing(typed or {})
        if not typed and not self.is_modified():
            return None
        return self.recovery.draft(self.candidate_data(), self.expected, typed)

    def hold_draft(self, typed: Typed | None = None) -> Draft | None:
        """The draft of what is unsaved now, held where a signal finds it (None: nothing).

        A SIGHUP or SIGTERM writes the held drafts at once, even while the event
        loop is busy (see `app.SessionEnd`), so a delay before `keep_draft`
        never loses the last edits.
        """
        return self.recovery.hold(self.draft(typed))

    def keep_draft(self) -> None:
        """Write this session's draft now, or remove it when nothing is unsaved.

        Raises OSError when the state directory cannot take it.
        """
        self.recovery.keep(self.draft())

    def forget_draft(self) -> None:
        """The edits are saved or knowingly discarded: this session's draft goes.

        Only the draft this editor wrote (or restored) is removed; a draft of an
        earlier or another session stays until its owner decides.
        """
        self.recovery.forget()
