"""One app connector being edited: the file as loaded, the candidate, and every rule the TUI shows.

The properties screen is a view of a `ConnectorEditor`: it sends the admin's
intent (a field typed, Blocked ticked, a list or table proposed by a pane) and
shows what the editor answers (messages under the fields, audit findings, the
title, the save plan, the outcome of a save). The rules live here, once, and
are unit-tested without a terminal.

The editor always edits schema_version 2: a version 1 file is opened as its
migrated form (same meaning: a classic token, IP ranges in CIDR), so opening
and saving without a change writes nothing, and a save that does write says
first that the format changes.

Text fields are held as typed, even while invalid; everything else (the lists,
IP restrictions, authentication, OAuth, webhooks) changes only through the
model, so the structured part of the candidate is always valid. This module
never imports Textual.

Every change is a step of an undo history (`undo`, `redo`), each said in words
("GetConnectors: HrEmployee back"): one `d` in a grant table must never cost
the admin a search through a 10,000-entry picker. The text fields are in it
too: Textual's `Input` keeps no undo of its own, and ctrl+u or ctrl+k wipe a
field in one key; a run of typing in one field is one step, a bulk change
(a paste, a wipe, a user group chosen) a step of its own.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import TypeAdapter, ValidationError

from acwizard.changes import access_changes, text_diff, unified_lines
from acwizard.drafts import Draft, new_owner, remove_draft, write_draft
from acwizard.fileformat import LIST_FIELDS
from acwizard.model import DESCRIPTION_MAX_LENGTH, AppConnector, OAuthSettings, errors_by_field
from acwizard.problems import error_text
from acwizard.rules import (
    NOT_IN_CATALOG,
    Finding,
    Grouped,
    connector_findings,
    shared_user_group_findings,
)
from acwizard.text import visible
from acwizard.versions import missing
from acwizard.workspace import ConnectorFile, KnownConnector, SaveConflict, Workspace

__all__ = [
    "AUTHENTICATIONS",
    "TEXT_FIELDS",
    "VERSION_NOTE",
    "Conflict",
    "ConnectorEditor",
    "EditState",
    "FieldMessage",
    "Said",
    "SaveFailed",
    "SavePlan",
    "SaveResult",
    "Saved",
    "Step",
    "conflict_diff",
    "describe",
    "new_connector",
    "new_oauth_settings",
]

TextField = Literal["description", "user_group", "notes"]
TEXT_FIELDS: tuple[TextField, ...] = ("description", "user_group", "notes")
"""The General fields held as typed, valid or not."""
STRUCTURED_FIELDS = (*LIST_FIELDS, "ip_restrictions", "authentication", "oauth", "webhooks")
"""What `propose` changes: only through the model, so it is always valid."""
Authentication = Literal["classic", "hybrid", "oauth"]
AUTHENTICATIONS: tuple[Authentication, ...] = ("classic", "hybrid", "oauth")
"""The authentication types, in Profit's order (from classic to OAuth)."""

VERSION_NOTE = (
    "This file is format version 1 (a classic-token connector); saving writes format "
    "version 2, which says authentication and writes IP ranges in CIDR. What changes "
    "in access is listed below; the format alone changes nothing."
)
"""What the save preview says first when the file on disk is version 1."""

UNDO_LIMIT = 100
"""Steps the undo history keeps; the oldest go first (Cancel still discards them all)."""
FIELD_NAMES = {
    "get_connectors": "GetConnectors",
    "update_connectors": "UpdateConnectors",
    "connectors": "Connectors",
    "ip_restrictions": "IP restrictions",
    "authentication": "Authentication",
    "oauth": "OAuth",
    "webhooks": "Webhooks",
    "blocked": "Blocked",
    "description": "Description",
    "user_group": "User group",
    "notes": "Notes",
}
"""Each field a step may change, named as its tab or label names it, in the order a step
is said (authentication before OAuth: a switch of authentication is said as that)."""
SAID_ITEMS = 3
"""Ids, lines or webhooks named in one step; more are counted (`and 9 more`)."""


def _text_check(name: TextField) -> TypeAdapter[str]:
    """The model's own validators of text field `name`, on its own."""
    field = AppConnector.model_fields[name]
    annotated: Any = Annotated[field.annotation, *field.metadata]
    return TypeAdapter(annotated)


TEXT_CHECKS = {name: _text_check(name) for name in TEXT_FIELDS}
"""Each General text field's validators: a key typed in one field validates that field
alone (the rest of the candidate is valid by construction, see `propose`)."""


def clock_today() -> date:
    """Today by the clock, asked in one place (tests pin it here for stable screens)."""
    return date.today()


def new_oauth_settings() -> OAuthSettings:
    """The OAuth settings AFAS gives new integrations: a confidential client with client
    credentials and a client secret (a private key JWT needs a certificate the wizard does
    not ask for). The one place of these defaults: the wizard and the editor use them."""
    return OAuthSettings(
        client_type="confidential",
        flows=["client_credentials"],
        client_authentication="client_secret",
    )


def new_connector(description: str, user_group: str, profit_version: int) -> AppConnector:
    """A new connector as AFAS sets up new integrations: blocked, schema_version 2, OAuth
    with `new_oauth_settings`. A Profit without OAuth gets a classic-token connector."""
    if missing("oauth", profit_version):
        return AppConnector(schema_version=2, description=description, user_group=user_group)
    return AppConnector(
        schema_version=2,
        description=description,
        user_group=user_group,
        authentication="oauth",
        oauth=new_oauth_settings(),
    )


def conflict_diff(disk_text: str, yours: str, name: str) -> list[str]:
    """The diff from the file on disk now to yours: `-` is what Overwrite throws away.

    Both sides are named in words, because a bare `---`/`+++` made a colleague's
    line read as one of yours.
    """
    return unified_lines(
        disk_text, yours, f"{name}: on disk now (a colleague's change)", f"{name}: yours"
    )


@dataclass(frozen=True)
class FieldMessage:
    """What shows under one General field."""

    text: str
    """The message as shown (`! ...` for what needs attention); empty: nothing."""
    error: bool = False
    """True when it is shown as an error (the field is invalid, or a description clash)."""


def sign_in_warnings(before: AppConnector | None, after: AppConnector) -> list[str]:
    """What an authentication change stops, for the save preview to say first.

    Hybrid -> OAuth is the migration's last step, and the moment apps still on a
    classic token stop working: the admin must know they are all moved. Nothing
    to say for a blocked connector (Profit refuses every call anyway).
    """
    if before is None or after.blocked or before.authentication == after.authentication:
        return []
    tokens = {"classic": {"classic"}, "hybrid": {"classic", "oauth"}, "oauth": {"oauth"}}
    lost = tokens[before.authentication] - tokens[after.authentication]
    if "classic" in lost:
        return [
            (
                "SIGN-IN: apps still on a classic token stop working once this is in Profit: "
                "move every app to OAuth first (hybrid accepts both meanwhile)"
            )
        ]
    if "oauth" in lost:
        return ["SIGN-IN: apps signing in with OAuth stop working once this is in Profit"]
    return []


@dataclass(frozen=True)
class SavePlan:
    """What OK shows before it writes: the change in access terms, the diff, the warnings."""

    file_name: str
    """`connectors/<id>.toml`."""
    connector: AppConnector
    """The connector that Save writes."""
    changes: list[str]
    """One sentence per change in access."""
    diff: list[str]
    """From the file as loaded to the text Save writes."""
    comment_lines: list[int]
    """Lines of hand-written comments that saving drops."""
    warnings: list[str]
    """What this save makes riskier: new high-risk findings, a description clash."""
    note: str | None = None
    """Said before anything else: the format changes (VERSION_NOTE), or None."""


@dataclass(frozen=True)
class Saved:
    """The file was written."""

    file_name: str


@dataclass(frozen=True)
class Conflict:
    """The file changed (or went) on disk since it was opened: nothing was written."""

    connector: AppConnector
    """What the admin wanted to save."""
    on_disk: str | None
    """The fingerprint of the file on disk now (None: deleted); Overwrite replaces that."""
    disk_text: str
    """The file's text on disk now (empty when deleted or unreadable)."""
    diff: list[str]
    """From the file on disk now to yours; empty when deleted."""

    @property
    def deleted(self) -> bool:
        """True when the file is gone from disk."""
        return self.on_disk is None


@dataclass(frozen=True)
class SaveFailed:
    """The file could not be written (read-only directory, full disk): nothing changed."""

    message: str


SaveResult = Saved | Conflict | SaveFailed


@dataclass(frozen=True)
class EditState:
    """All that an undo puts back: the candidate as the admin has it, and what is put aside."""

    accepted: AppConnector
    """The structured part (lists, IP lines, authentication, OAuth, webhooks)."""
    blocked: bool
    text: tuple[tuple[TextField, str], ...]
    """The General text fields as typed, (name, text) in `TEXT_FIELDS` order."""
    kept_oauth: OAuthSettings | None
    """OAuth settings put aside by a switch to classic (a switch back gives them back)."""

    def value(self, name: str) -> Any:
        """The value of field `name` (a key of `FIELD_NAMES`) in this state."""
        if name == "blocked":
            return self.blocked
        texts = dict(self.text)
        if name in texts:
            return texts[name]
        return getattr(self.accepted, name)


@dataclass(frozen=True)
class Step:
    """One change the admin made: the states before and after it."""

    before: EditState
    after: EditState
    typing: TextField | None = None
    """The field a run of single keys typed in (the next key there joins this step)."""


@dataclass(frozen=True)
class Said:
    """A step in words, and where it shows."""

    text: str
    """`GetConnectors: HrEmployee removed`; for an undo `GetConnectors: HrEmployee back`."""
    field: str
    """The first field the step changed (a key of `FIELD_NAMES`): the view shows its tab."""
    select: str | None = None
    """The id or IP line (as `IpRestriction.summary` writes it) that came in: the view puts
    its table's cursor there."""
    fields: frozenset[str] = frozenset()
    """Every field the step changed: the view redraws those."""


def _items(items: list[str]) -> str:
    """At most `SAID_ITEMS` names, then how many more."""
    shown = ", ".join(items[:SAID_ITEMS])
    more = len(items) - SAID_ITEMS
    return f"{shown} and {more} more" if more > 0 else shown


def _came_and_went(old: list[str], new: list[str], came: str) -> tuple[list[str], str | None]:
    """`X <came>`, `Y removed` for the items of `new` not in `old` and back; the first that came."""
    old_set, new_set = set(old), set(new)
    added = [item for item in new if item not in old_set]
    removed = [item for item in old if item not in new_set]
    parts = [f"{_items(added)} {came}"] if added else []
    parts += [f"{_items(removed)} removed"] if removed else []
    return parts, (added[0] if added else None)


def _oauth_words(old: OAuthSettings | None, new: OAuthSettings | None, undoing: bool) -> list[str]:
    """The redirect URLs and certificates that came or went; else the settings as a whole."""
    words: list[str] = []
    if old is not None and new is not None:
        came = "back" if undoing else "added"
        urls, _ = _came_and_went(
            [visible(url) for url in old.redirect_urls],
            [visible(url) for url in new.redirect_urls],
            came,
        )
        keys, _ = _came_and_went(
            [visible(c.key_id) for c in old.certificates],
            [visible(c.key_id) for c in new.certificates],
            came,
        )
        words = [f"redirect URL {part}" for part in urls]
        words += [f"certificate {part}" for part in keys]
    return words or ["settings as they were" if undoing else "settings changed"]


def describe(before: EditState, after: EditState, undoing: bool = False) -> Said | None:
    """What changed from `before` to `after`, in words; None when nothing did.

    `undoing`: the words of an undo or redo, where what comes in is `back`.
    """
    parts: list[str] = []
    changed = [name for name in FIELD_NAMES if before.value(name) != after.value(name)]
    if not changed:
        return None
    select: str | None = None
    for name in changed:
        old, new = before.value(name), after.value(name)
        label = FIELD_NAMES[name]
        words: list[str] = []
        if name in LIST_FIELDS:
            shown_old = [visible(item) for item in old]
            shown_new = [visible(item) for item in new]
            words, came = _came_and_went(shown_old, shown_new, "back" if undoing else "granted")
            if came is not None and select is None:
                select = new[shown_new.index(came)]
        elif name == "ip_restrictions":
            lines_old = [f"{line.summary()} {line.access}" for line in old]
            lines_new = [f"{line.summary()} {line.access}" for line in new]
            words, came = _came_and_went(lines_old, lines_new, "back" if undoing else "added")
            if came is not None and select is None:
                select = came.rsplit(" ", 1)[0]
        elif name == "webhooks":
            urls_old = {hook.url: hook for hook in old}
            urls_new = {hook.url: hook for hook in new}
            words, _ = _came_and_went(
                [f"'{visible(hook.description)}'" for hook in old if hook.url not in urls_new],
                [f"'{visible(hook.description)}'" for hook in new if hook.url not in urls_old],
                "back" if undoing else "added",
            )
            for url, hook in urls_new.items():
                earlier = urls_old.get(url)
                if earlier is not None and earlier.blocked != hook.blocked:
                    state = "blocked" if hook.blocked else "unblocked"
                    words.append(f"'{visible(hook.description)}' {state}")
        elif name == "authentication":
            words = [after.accepted.authentication_summary()]
        elif name == "oauth":
            if "authentication" in changed:
                continue  # said with the authentication it came or went with
            words = _oauth_words(old, new, undoing)
        elif name == "blocked":
            words = ["ticked (the app cannot call Profit)" if new else "unticked (ACTIVE)"]
        else:
            words = [f"back to '{visible(new, 40)}'" if undoing else "changed"]
        parts.append(f"{label}: {'; '.join(words) or 'order as it was'}")
    return Said("; ".join(parts), changed[0], select, frozenset(changed))


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
        self.base_text = loaded.text or ""
        """The text the edits started from, kept in the draft."""
        self.owner = new_owner()
        """This session's drafts are written and removed under this owner only: another
        session's draft of the same connector is never touched."""
        self.held = held_drafts if held_drafts is not None else {}
        """Where the latest unsaved edits wait, by owner, for a signal to write them at once."""
        self.revision = 0
        """Goes up by one with every change: a view redraws when it moves."""
        self.undo_steps: list[Step] = []
        """The changes `undo` takes back, the last last."""
        self.redo_steps: list[Step] = []
        """The changes `undo` took back, for `redo`; a new change clears them."""
        self._in_step = False
        self._validated: tuple[int, AppConnector | None, dict[str, str]] | None = None
        self._checked: dict[TextField, tuple[str, str | None, str]] = {}
        """Per text field: (text, its error or None, the text as the model keeps it)."""
        self._messages: dict[TextField, tuple[tuple[str, str, str], FieldMessage]] = {}
        """Per text field: what its message was computed from, and the message."""
        self._review: tuple[tuple[AppConnector, str, bool], list[str]] | None = None
        """The review lines and what they were computed from (see `review_lines`)."""
        self._dumped: tuple[AppConnector, dict[str, Any]] | None = None
        """`accepted` as plain data, while it stays the same object."""
        self._groups: tuple[list[KnownConnector], dict[str, list[KnownConnector]]] | None = None
        """The other connectors by user group (ignoring case), for the shared-group rule."""

    # -- names ----------------------------------------------------------------------

    @property
    def connector_id(self) -> str:
        """The id of the connector: its file name without `.toml`."""
        return self.loaded.id

    @property
    def file_name(self) -> str:
        """`connectors/<id>.toml`, as messages name the file."""
        return f"connectors/{self.loaded.path.name}"

    # -- the admin's intent ------------------------------------------------------------

    def _changed(self) -> None:
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
        after = self.state()
        if after == before:
            return
        last = self.undo_steps[-1] if self.undo_steps else None
        joins = typing is not None and last is not None and last.typing == typing
        if joins and last is not None and last.after == before:
            self.undo_steps[-1] = Step(last.before, after, typing)
            self.redo_steps.clear()
            return
        self.undo_steps.append(Step(before, after, typing))
        del self.undo_steps[:-UNDO_LIMIT]
        self.redo_steps.clear()

    def last_change(self) -> Said | None:
        """The last change in words (`GetConnectors: HrEmployee removed`), or None."""
        if not self.undo_steps:
            return None
        step = self.undo_steps[-1]
        return describe(step.before, step.after)

    def _put_back(self, state: EditState) -> None:
        """Make `state` the candidate, exactly."""
        if dict(state.text)["description"] != self.text["description"]:
            self.paste_note = ""  # the note was about the text that goes
        self.accepted = state.accepted
        self.blocked = state.blocked
        self.text = dict(state.text)
        self.kept_oauth = state.kept_oauth
        self._changed()

    def undo(self) -> Said | None:
        """Take the last change back, exactly; what came back, in words. None: nothing to undo."""
        if not self.undo_steps:
            return None
        step = self.undo_steps.pop()
        self.redo_steps.append(step)
        current = self.state()
        self._put_back(step.before)
        return describe(current, step.before, undoing=True)

    def redo(self) -> Said | None:
        """Make the change `undo` took back again; in words. None: nothing to redo."""
        if not self.redo_steps:
            return None
        step = self.redo_steps.pop()
        self.undo_steps.append(Step(step.before, step.after))  # never joined by typing
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
        self._changed()

    def set_blocked(self, blocked: bool) -> None:
        """The admin ticked or unticked Blocked."""
        if blocked != self.blocked:
            with self._one_step():
                self.blocked = blocked
            self._changed()

    def propose(self, **changes: Any) -> str | None:
        """Change the structured part (lists, IP lines, authentication, oauth, webhooks).

        Values are plain data, as a pane emits them (`oauth=` the whole table as a
        dict, `webhooks=` the whole list). Returns None when the model accepts the
        change, else `field: message`; a refused change leaves the candidate as it was.
        """
        unknown = sorted(set(changes) - set(STRUCTURED_FIELDS))
        if unknown:
            raise ValueError(f"propose() changes {', '.join(STRUCTURED_FIELDS)}, not {unknown}")
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
            self._changed()
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
        """Put unsaved edits from an earlier session back; False when some were not valid.

        The draft's owner becomes this editor's: saving or discarding removes
        that draft, and no other.
        """
        data = draft.data
        self.expected = draft.fingerprint
        if draft.base is not None:
            self.base_text = draft.base
        self.owner = draft.owner
        structured = {key: data[key] for key in STRUCTURED_FIELDS if key in data}
        # A draft's authentication and OAuth only make sense together; the lists on
        # their own, so a refused OAuth table does not lose the grants.
        together = self.propose(**structured) if structured else None
        refused = together
        if together is not None:
            lists = {key: data[key] for key in (*LIST_FIELDS, "ip_restrictions") if key in data}
            refused = self.propose(**lists) if lists else None
            refused = refused or together
        for name in TEXT_FIELDS:
            value = data.get(name)
            if isinstance(value, str):
                self.set_field(name, value)
        if isinstance(data.get("blocked"), bool):
            self.set_blocked(data["blocked"])
        # The recovered edits are where this session starts: undo goes no further back
        # (Cancel discards them).
        self.undo_steps.clear()
        self.redo_steps.clear()
        self._changed()
        return refused is None

    # -- the candidate -----------------------------------------------------------------

    def candidate_data(self) -> dict[str, Any]:
        """The connector as the admin has it now, as data for the model (may not validate)."""
        if self._dumped is None or self._dumped[0] is not self.accepted:
            self._dumped = (self.accepted, self.accepted.model_dump())
        data = dict(self._dumped[1])  # (a copy: callers may change it; values are not touched)
        data.update(self.text)
        data["blocked"] = self.blocked
        return data

    def check_text(self, name: TextField) -> tuple[str | None, str]:
        """Field `name` as typed, by the model's rules for it: (its error or None, the text as
        the model keeps it). Asked again only when the text changed."""
        text = self.text[name]
        checked = self._checked.get(name)
        if checked is None or checked[0] != text:
            try:
                checked = (text, None, TEXT_CHECKS[name].validate_python(text))
            except ValidationError as exc:
                checked = (text, error_text(exc.errors()[0]), text)
            self._checked[name] = checked
        return checked[1], checked[2]

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
            for name in TEXT_FIELDS:
                error, value = self.check_text(name)
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

    # -- what shows under the fields -----------------------------------------------------

    def description_clash(self, description: str) -> str | None:
        """Why `description` is too like another connector's of this workspace, or None."""
        clash = self.workspace.description_clash(description, editing=self.connector_id)
        # names a file of the repository: shown through visible(), never raw
        return visible(clash, limit=300) if clash else None

    def field_messages(self) -> dict[TextField, FieldMessage]:
        """The message under each General text field: its error, else a note or nothing.

        Description: a clash with another connector's (an error), what a paste
        changed, or the length once near the limit. User group: not in the
        catalog, or the catalog's description of the group.
        """
        errors = self.problems
        messages: dict[TextField, FieldMessage] = {}
        for name in TEXT_FIELDS:
            note = self.paste_note if name == "description" else ""
            basis = (self.text[name], errors.get(name, ""), note)
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

    # -- findings -------------------------------------------------------------------

    def audit_findings(self, connector: AppConnector) -> list[Finding]:
        """What `acwizard audit` reports for `connector` in this workspace."""
        return connector_findings(
            self.connector_id,
            connector,
            self.workspace.catalog,
            self.workspace.settings.online,
            today=self.today,
        )

    def review_findings(self, connector: AppConnector) -> list[Finding]:
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

    def on_group(self, user_group: str) -> list[KnownConnector]:
        """The workspace's other connectors on `user_group` (ignoring case), from an index
        made once per listing: a key typed in User group never walks 5,000 connectors."""
        known = self.workspace.known()
        if self._groups is None or self._groups[0] is not known:
            groups: dict[str, list[KnownConnector]] = {}
            for other in known:
                groups.setdefault(other.user_group.casefold(), []).append(other)
            self._groups = (known, groups)
        return self._groups[1].get(user_group.casefold(), [])

    def review_lines(self) -> list[str]:
        """What an access audit reports for the candidate as the admin has it now, one a line.

        No rule of the review reads the description or the notes: a key typed there
        reuses the lines of the key before.
        """
        basis = (self.accepted, self.text["user_group"], self.blocked)
        if self._review is None or self._review[0] != basis:
            findings = self.review_findings(self.on_screen())
            self._review = (basis, [f"! {f.level:<6}  {f.message}" for f in findings])
        return self._review[1]

    # -- saving -----------------------------------------------------------------------

    def save_warnings(self, connector: AppConnector) -> list[str]:
        """What the save preview must put first: high-risk findings this save brings, clashes.

        A finding the file as loaded already had is the reviewer's old news; one
        that only the new version has is what this save introduces.
        """
        before = {(f.code, f.message) for f in self.audit_findings(self.original)}
        warnings = [
            f"HIGH RISK (audit): {finding.message}"
            for finding in self.audit_findings(connector)
            if finding.level == "high" and (finding.code, finding.message) not in before
        ]
        warnings += sign_in_warnings(self.original, connector)
        clash = self.description_clash(connector.description)
        if clash:
            warnings.append(f"Description: {clash}")
        return warnings

    def discarded_changes(self) -> list[str]:
        """The admin's changes in access terms (the preview's words), or that only
        fields changed: what a Reload throws away, to be named when it does."""
        connector, _ = self.validated()
        if connector is None or connector == self.original:
            return []
        return access_changes(self.original, connector) or ["changes to notes or fields"]

    def save_plan(self) -> SavePlan | None:
        """What OK shows before writing; None when nothing changed (nothing to write).

        Raises ValueError while the candidate is invalid (see `problems`).
        """
        connector, errors = self.validated()
        if connector is None:
            raise ValueError(f"the connector is not valid: {errors}")
        if connector == self.original:
            return None
        old_version = self.loaded.connector is not None and self.loaded.connector.schema_version
        return SavePlan(
            self.file_name,
            connector,
            access_changes(self.original, connector),
            text_diff(self.loaded.text or "", connector.to_toml(), self.file_name),
            self.loaded.positions.comment_lines,
            self.save_warnings(connector),
            VERSION_NOTE if old_version == 1 else None,
        )

    def save(self, connector: AppConnector) -> SaveResult:
        """Write `connector` over the file as it was opened; a change on disk is a Conflict."""
        return self._write(connector, self.expected)

    def overwrite(self, conflict: Conflict) -> SaveResult:
        """Write the connector of `conflict` over what is on disk now (or again, if deleted)."""
        return self._write(conflict.connector, conflict.on_disk)

    def _write(self, connector: AppConnector, expected: str | None) -> SaveResult:
        """Save through the workspace, refusing to replace anything but `expected`."""
        path = self.loaded.path
        try:
            self.workspace.save(path, connector, expected)
        except SaveConflict:
            disk = self.workspace.on_disk(path)
            diff = (
                conflict_diff(disk.text, connector.to_toml(), self.file_name)
                if disk.fingerprint is not None
                else []
            )
            return Conflict(connector, disk.fingerprint, disk.text, diff)
        except OSError as exc:
            return SaveFailed(
                f"Could not save: {exc.strerror or exc}. Nothing was changed on disk."
            )
        return Saved(self.file_name)

    # -- the recovery draft ------------------------------------------------------------

    def draft(self) -> Draft | None:
        """The recovery draft of what is unsaved now; None when nothing is."""
        if not self.is_modified():
            return None
        return Draft(
            self.connector_id,
            self.candidate_data(),
            self.expected,
            time.time(),
            self.base_text,
            self.owner,
        )

    def hold_draft(self) -> Draft | None:
        """The draft of what is unsaved now, held where a signal finds it (None: nothing).

        A SIGHUP or SIGTERM writes the held drafts at once, even while the event
        loop is busy (see `app.SessionEnd`), so a delay before `keep_draft`
        never loses the last edits.
        """
        draft = self.draft()
        if draft is None:
            self.held.pop(self.owner, None)
        else:
            self.held[self.owner] = draft
        return draft

    def keep_draft(self) -> None:
        """Write this session's draft now, or remove it when nothing is unsaved.

        Raises OSError when the state directory cannot take it.
        """
        draft = self.hold_draft()
        root = self.workspace.root
        if draft is not None:
            write_draft(root, draft)
        else:
            remove_draft(root, self.connector_id, self.owner)

    def forget_draft(self) -> None:
        """The edits are saved or knowingly discarded: this session's draft goes.

        Only the draft this editor wrote (or restored) is removed; a draft of an
        earlier or another session stays until its owner decides.
        """
        self.held.pop(self.owner, None)
        with contextlib.suppress(OSError):
            remove_draft(self.workspace.root, self.connector_id, self.owner)
