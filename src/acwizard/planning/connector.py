"""The steps that make one app connector in Profit match its file: create, change, delete.

Creating follows AFAS's documented flow ("Add your own app connector"): *New* →
description → user group → *Finish*, which creates it blocked and opens its
properties; then each tab in Profit's order; unblocking comes last, and only when
the file says so. Changing opens the connector by the description Profit knows.
Where the order of clicks matters, access is taken away before it is given: a
connector the file blocks is blocked and saved first; within a tab, lines are
removed before new ones are added, except where removing first would leave no IP
line at all (then any address could call until the new ones are there).

`CHANGE_STEPS` lists one function per kind of change, in the order of the tabs;
each returns its own steps (and the tab to go to) or nothing. A new kind of change,
such as the credentials register's, is one more function in that tuple
(`acwizard.planning.oauth.CREDENTIAL_STEPS` is where credentials go). This module
never imports Textual.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from acwizard.planning import oauth
from acwizard.planning.steps import (
    Label,
    Many,
    Section,
    Step,
    Value,
    click,
    go_to_tab,
    note,
    step,
)

if TYPE_CHECKING:
    from acwizard.model import AppConnector, IpRestriction, Webhook


@dataclass(frozen=True)
class Context:
    """What the steps depend on besides the two connectors."""

    profit_version: int = 9
    """Before Profit 8 an IP range is an address and a subnet mask, not CIDR."""


ChangeSteps = Callable[["AppConnector | None", "AppConnector", Context], list[Step]]


def _general(before: AppConnector | None, after: AppConnector, context: Context) -> list[Step]:
    """General tab: description, user group (a changed connector) and authentication type."""
    steps: list[Step] = []
    if before is not None and before.description != after.description:
        steps.append(step("enter_description", Value(after.description), level=1))
    if before is not None and before.user_group != after.user_group:
        steps.append(step("select_user_group", Value(after.user_group), level=1))
    steps += oauth.authentication_type_steps(before, after)
    return [go_to_tab("tab_general"), *steps] if steps else []


_GRANT_TABS = (
    ("get_connectors", "tab_get_connectors"),
    ("update_connectors", "tab_update_connectors"),
    ("connectors", "tab_connectors"),
)


def _grants(before: AppConnector | None, after: AppConnector, context: Context) -> list[Step]:
    """GetConnectors, UpdateConnectors, Connectors: revoked lines deleted, then New → tick →
    Finish. Every tab that takes access away comes before the tabs that only give it (a
    Finish may keep a grant at once: the app never holds both the old and the new access).
    An id respelled only in case is the same connector to Profit: no step."""
    narrowing: list[Step] = []
    widening: list[Step] = []
    for section, tab in _GRANT_TABS:
        old: list[str] = getattr(before, section) if before is not None else []
        new: list[str] = getattr(after, section)
        old_folded = {name.casefold() for name in old}
        new_folded = {name.casefold() for name in new}
        revoked = [name for name in old if name.casefold() not in new_folded]
        granted = [name for name in new if name.casefold() not in old_folded]
        steps = narrowing if revoked else widening
        if revoked or granted:
            steps.append(go_to_tab(tab))
        if revoked:
            steps.append(step("delete_lines", _ids(revoked), level=1))
        if granted:
            steps += [
                click("new", level=1),
                step("tick", _ids(granted), level=1),
                click("finish", level=1),
            ]
    return narrowing + widening


def _ids(names: Sequence[str]) -> Many:
    """Connector ids, shown as ids."""
    return Many(tuple(Value(name, "id") for name in names))


def _ip_lines(before: AppConnector | None, after: AppConnector, context: Context) -> list[Step]:
    """IP restrictions: one step per line added or removed, narrowing access first."""
    old = {_ip_key(line): line for line in (before.ip_restrictions if before else [])}
    new = {_ip_key(line): line for line in after.ip_restrictions}
    if old.keys() == new.keys():
        return []

    def lines(keys: set[tuple[str, str]], access: str) -> list[IpRestriction]:
        chosen = [line for key, line in {**old, **new}.items() if key in keys and key[1] == access]
        return sorted(chosen, key=lambda line: line.sort_key())

    added, removed = new.keys() - old.keys(), old.keys() - new.keys()
    kept_allowed = {key for key in old.keys() & new.keys() if key[1] == "allowed"}
    add_allowed = [_add_line(line, context) for line in lines(added, "allowed")]
    remove_allowed = [_remove_line(line, context) for line in lines(removed, "allowed")]
    steps = [go_to_tab("tab_ip_restrictions")]
    steps += [_add_line(line, context) for line in lines(added, "disallowed")]
    if remove_allowed and add_allowed and not kept_allowed:
        # Removing every allowed line first would let any address call until the new ones
        # are added: add first (the union of old and new is never wider than "anyone").
        steps += [*add_allowed, note("note_add_before_remove", level=1), *remove_allowed]
    else:
        steps += [*remove_allowed, *add_allowed]
    steps += [_remove_line(line, context) for line in lines(removed, "disallowed")]
    if old and not new:
        steps.append(note("note_no_ip_left", level=1))
    return steps


def _ip_key(line: IpRestriction) -> tuple[str, str]:
    """A line by what it means (a version 1 mask and a CIDR range alike): range and access."""
    return (line.summary(), line.access)


def _ip_text(line: IpRestriction, context: Context) -> str:
    """The line as the environment's Profit writes it: CIDR from Profit 8, else address/mask."""
    network = line.network
    if context.profit_version >= 8 or network is None or network.version != 4:
        return line.summary()
    assert isinstance(network, ipaddress.IPv4Network)
    return f"{network.network_address}/{network.netmask}"


def _access(line: IpRestriction) -> Label:
    """Allow or Exclude, in Profit's words."""
    return Label("access_allowed" if line.access == "allowed" else "access_disallowed")


def _add_line(line: IpRestriction, context: Context) -> Step:
    """New → the address → Access."""
    return step("ip_add", Value(_ip_text(line, context), "address"), _access(line), level=1)


def _remove_line(line: IpRestriction, context: Context) -> Step:
    """Delete one line."""
    return step("ip_remove", Value(_ip_text(line, context), "address"), _access(line), level=1)


def _webhooks(before: AppConnector | None, after: AppConnector, context: Context) -> list[Step]:
    """Webhooks: removed ones deleted, blocks first, edits, new ones, unblocks last.

    Matched as diff matches them: by URL, and a webhook whose URL changed but whose
    description did not is the same webhook re-pointed.
    """
    old_hooks = before.webhooks if before else []
    pairs, gone, came = _match_webhooks(old_hooks, after.webhooks)
    blocking = [pair for pair in pairs if pair[1].blocked and not pair[0].blocked]
    unblocking = [pair for pair in pairs if pair[0].blocked and not pair[1].blocked]
    others = [pair for pair in pairs if pair not in blocking and pair not in unblocking]
    steps = [step("delete_webhook", Value(hook.description), level=1) for hook in gone]
    for old, new in [*blocking, *others]:
        steps += _webhook_edit(old, new)
    for hook in came:
        steps += [
            click("new", level=1),
            step("webhook_description", Value(hook.description), level=1),
            step("webhook_url", Value(hook.url, "url"), level=1),
            step("webhook_password", level=1),
        ]
        if hook.blocked:
            steps.append(step("tick_field", Label("blocked"), level=1))
        steps += [click("finish", level=1)]
        if not hook.blocked:
            steps += [
                step("open_webhook", Value(hook.description), level=1),
                step("send_test_message", level=1),
            ]
    for old, new in unblocking:
        steps += _webhook_edit(old, new)
    return [go_to_tab("tab_webhooks"), *steps] if steps else []


def _match_webhooks(
    before: list[Webhook], after: list[Webhook]
) -> tuple[list[tuple[Webhook, Webhook]], list[Webhook], list[Webhook]]:
    """(old, new) pairs of the same webhook, the removed ones and the added ones."""
    new_by_url = {hook.url: hook for hook in after}
    old_by_url = {hook.url: hook for hook in before}
    pairs = [(hook, new_by_url[hook.url]) for hook in before if hook.url in new_by_url]
    gone = [hook for hook in before if hook.url not in new_by_url]
    came = [hook for hook in after if hook.url not in old_by_url]
    for hook in list(came):
        earlier = next((old for old in gone if old.description == hook.description), None)
        if earlier is not None:
            came.remove(hook)
            gone.remove(earlier)
            pairs.append((earlier, hook))
    return pairs, gone, came


def _webhook_edit(old: Webhook, new: Webhook) -> list[Step]:
    """Open one webhook, change what differs, OK; nothing when nothing differs."""
    edits: list[Step] = []
    if old.url != new.url:
        edits.append(step("webhook_url", Value(new.url, "url"), level=1))
    if old.description != new.description:
        edits.append(step("webhook_description", Value(new.description), level=1))
    if old.blocked != new.blocked:
        frame = "tick_field" if new.blocked else "untick_field"
        edits.append(step(frame, Label("blocked"), level=1))
    if not edits:
        return []
    return [step("open_webhook", Value(old.description), level=1), *edits, click("ok", level=1)]


CHANGE_STEPS: tuple[ChangeSteps, ...] = (
    _general,
    _grants,
    _ip_lines,
    oauth.oauth_tab_steps,
    *oauth.CREDENTIAL_STEPS,
    _webhooks,
)
"""One function per kind of change, in the order of Profit's tabs."""


def body_steps(before: AppConnector | None, after: AppConnector, context: Context) -> list[Step]:
    """Every tab's steps between opening the properties and the last OK."""
    return [found for kind in CHANGE_STEPS for found in kind(before, after, context)]


def _open(description: str) -> list[Step]:
    """General / Management / App connector, then the connector's properties."""
    return [
        step("go_to", Label("menu_app_connector")),
        step("open_properties", Value(description)),
    ]


def _unblock() -> list[Step]:
    """The last change: General tab, untick Blocked."""
    return [go_to_tab("tab_general"), step("untick_field", Label("blocked"), level=1)]


def created_steps(after: AppConnector, context: Context) -> list[Step]:
    """New → description → user group → Finish (created blocked), the tabs, unblock last."""
    steps = [
        step("go_to", Label("menu_app_connector")),
        click("new"),
        step("enter_description", Value(after.description)),
        step("select_user_group", Value(after.user_group)),
        click("finish"),
        note("note_created_blocked"),
    ]
    steps += body_steps(None, after, context)
    if not after.blocked:
        steps += _unblock()
    return [*steps, click("ok")]


def changed_steps(before: AppConnector, after: AppConnector, context: Context) -> list[Step]:
    """Open the connector Profit knows; block first, the tabs, unblock last, OK."""
    body = body_steps(before, after, context)
    blocking = after.blocked and not before.blocked
    unblocking = before.blocked and not after.blocked
    if not body and not blocking and not unblocking:
        return []
    steps = _open(before.description)
    if blocking:
        steps += [
            go_to_tab("tab_general"),
            step("tick_field", Label("blocked"), level=1),
            click("ok"),
        ]
        if not body:
            return steps
        steps += [note("note_block_first"), *_open(before.description)]
    steps += body
    if unblocking:
        steps += _unblock()
    return [*steps, click("ok")]


def deleted_steps(before: AppConnector) -> list[Step]:
    """Select the connector in the list and delete it."""
    return [
        step("go_to", Label("menu_app_connector")),
        step("delete_connector", Value(before.description)),
    ]


def connector_section(
    connector_id: str,
    before: AppConnector | None,
    after: AppConnector | None,
    context: Context,
    changes: Sequence[str] = (),
) -> Section:
    """The section of one connector that changed between the two states."""
    if after is None:
        assert before is not None
        title = step("section_deleted", Value(before.description))
        return Section("deleted", title, connector_id, deleted_steps(before), list(changes))
    if before is None:
        title = step("section_created", Value(after.description))
        return Section("created", title, connector_id, created_steps(after, context), list(changes))
    title = step("section_changed", Value(before.description))
    steps = changed_steps(before, after, context) or [note("note_nothing_in_profit", level=0)]
    return Section("changed", title, connector_id, steps, list(changes))


def user_group_section(group: str) -> Section:
    """ "Add a user group", as AFAS's help page has it, before the connectors that need it."""
    return Section(
        "user_group",
        step("section_user_group", Value(group)),
        None,
        [
            note("note_group_not_in_catalog", level=0),
            step("go_to", Label("menu_authorisation_tool")),
            step("go_to", Label("menu_group_new")),
            step("complete_group_fields", Value(group)),
            click("finish"),
            go_to_tab("tab_group_maintenance"),
            step("select_new_group", level=1),
            go_to_tab("tab_users_in_group"),
            step("add_group_users", level=1),
        ],
    )
