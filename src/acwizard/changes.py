"""What a change to a connector means in access terms, and the text diff of its file.

Reviewers approve access, not TOML: "unblocked", "granted UpdateConnector
KnEmployee", "IP line 10.0.0.0/8 removed". The save preview in the TUI shows
these sentences next to the file's diff.

Case: an id respelled only in case (knemployee to KnEmployee) is the same
connector to the model (which refuses both in one list), the catalog and the
audit, so it is reported as "spelling of ... changed", never as a revoke and a
grant, which would tell a reviewer that access to personnel data was granted
when nothing was. This module never imports Textual.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

from acwizard.credential_changes import hatch_changes, register_changes
from acwizard.model import AppConnector, OAuthSettings, Webhook
from acwizard.text import file_lines, plural, say

SECTION_NAMES = {
    "get_connectors": "GetConnector",
    "update_connectors": "UpdateConnector",
    "connectors": "special connector",
}
"""How each list is named in sentences."""


def access_changes(before: AppConnector | None, after: AppConnector | None) -> list[str]:
    """One sentence per change in what the connector grants or who may use it."""
    if before is None and after is None:
        return []
    if before is None:
        assert after is not None
        state = "blocked" if after.blocked else "ACTIVE"
        empty = AppConnector(description=after.description, user_group=after.user_group)
        created = say(
            "created, {state}, for user group {group!q}", state=state, group=after.user_group
        )
        signs_in = [f"authentication: {after.authentication_summary()}"]
        if after.authentication == "classic" and after.schema_version == 1:
            signs_in = []  # a version 1 file says nothing about it: nothing to review
        return [
            created,
            *signs_in,
            *_grants(empty, after),
            *_sign_in(None, after),
            *register_changes(None, after),
            *hatch_changes([], after.not_secret),
        ]
    if after is None:
        state = "blocked" if before.blocked else "ACTIVE"
        grants = sum(len(getattr(before, section)) for section in SECTION_NAMES)
        return [f"deleted (it was {state} and granted {grants} connectors)"]
    lines: list[str] = []
    if before.blocked != after.blocked:
        lines.append(
            "UNBLOCKED: the app can now call Profit"
            if not after.blocked
            else "blocked: the app can no longer call Profit"
        )
    if before.user_group != after.user_group:
        old_group, new_group = before.user_group, after.user_group
        if before.user_group.casefold() == after.user_group.casefold():
            lines.append(
                say("spelling of user group {a!q} changed to {b!q}", a=old_group, b=new_group)
            )
        else:
            lines.append(say("user group changed: {a!q} -> {b!q}", a=old_group, b=new_group))
    if before.description != after.description:
        lines.append(
            say("description changed: {a!q} -> {b!q}", a=before.description, b=after.description)
        )
    if before.authentication_summary() != after.authentication_summary():
        lines.append(
            f"authentication: {before.authentication_summary()} -> {after.authentication_summary()}"
        )
    lines += _grants(before, after)
    lines += _sign_in(before, after)
    lines += register_changes(before, after)
    if before.notes != after.notes:
        lines.append("notes changed")
    lines += hatch_changes(before.not_secret, after.not_secret)
    return lines


def _grants(before: AppConnector, after: AppConnector) -> list[str]:
    """Granted and revoked connectors, added and removed IP lines."""
    lines: list[str] = []
    for section, name in SECTION_NAMES.items():
        old, new = getattr(before, section), getattr(after, section)
        old_set, new_set = set(old), set(new)
        granted = [item for item in new if item not in old_set]
        revoked = [item for item in old if item not in new_set]
        was_spelled = {item.casefold(): item for item in revoked}
        respelled = {
            item: was_spelled[item.casefold()] for item in granted if item.casefold() in was_spelled
        }
        earlier_spellings = set(respelled.values())
        granted = [item for item in granted if item not in respelled]
        revoked = [item for item in revoked if item not in earlier_spellings]
        if granted:
            lines.append(
                say("granted {what}: {ids!v}", what=plural(name, len(granted)), ids=granted)
            )
        if revoked:
            lines.append(
                say("revoked {what}: {ids!v}", what=plural(name, len(revoked)), ids=revoked)
            )
        for item, earlier in respelled.items():
            lines.append(
                say("spelling of {name} {a!v} changed to {b!v}", name=name, a=earlier, b=item)
            )
    # Compared by the addresses a line covers, not by how it is written: a version 1
    # mask of 255.255.255.255 and its migrated line are one address.
    old_ip = {(line.range, line.access): line.summary() for line in before.ip_restrictions}
    new_ip = {(line.range, line.access): line.summary() for line in after.ip_restrictions}
    for summary, access in sorted((new_ip[key], key[1]) for key in new_ip.keys() - old_ip.keys()):
        lines.append(say("IP line added: {ip!v} {access}", ip=summary, access=access))
    for summary, access in sorted((old_ip[key], key[1]) for key in old_ip.keys() - new_ip.keys()):
        lines.append(say("IP line removed: {ip!v} {access}", ip=summary, access=access))
    if before.ip_restrictions and not after.ip_restrictions:
        lines.append("no IP restrictions left: any address may call")
    return lines


def _sign_in(before: AppConnector | None, after: AppConnector) -> list[str]:
    """OAuth details and webhooks that changed: each redirect or JWKS URL is a grant of access.

    Compared by meaning, never by file version: a version 1 file and its
    migrated version 2 file give no line.
    """
    lines: list[str] = []
    old, new = (before.oauth if before else None), after.oauth
    old_redirects = set(old.redirect_urls) if old else set()
    new_redirects = set(new.redirect_urls) if new else set()
    for url in sorted(new_redirects - old_redirects):
        lines.append(say("redirect URL added: {url!v}", url=url))
    for url in sorted(old_redirects - new_redirects):
        lines.append(say("redirect URL removed: {url!v}", url=url))
    old_jwks = old.jwks_url if old else None
    new_jwks = new.jwks_url if new else None
    if new_jwks != old_jwks:
        if old_jwks is not None:
            lines.append(say("JWKS URL removed: {url!v}", url=old_jwks))
        if new_jwks is not None:
            lines.append(say("JWKS URL added: {url!v}", url=new_jwks))
    old_certificates = {c.key_id: c for c in old.certificates} if old else {}
    new_certificates = {c.key_id: c for c in new.certificates} if new else {}
    for key_id, certificate in new_certificates.items():
        if old_certificates.get(key_id) != certificate:
            lines.append(
                say(
                    "certificate added: {key!v} (valid until {until})",
                    key=key_id,
                    until=certificate.not_after.isoformat(),
                )
            )
    for key_id in old_certificates:
        if key_id not in new_certificates:
            lines.append(say("certificate removed: {key!v}", key=key_id))
    lines += _token_settings(old, new)
    lines += _webhook_changes(before.webhooks if before else [], after.webhooks)
    return lines


def _token_settings(old: OAuthSettings | None, new: OAuthSettings | None) -> list[str]:
    """DPoP and the client secret's validity, when they changed."""
    lines: list[str] = []
    if old is not None and new is not None:
        if old.dpop != new.dpop:
            lines.append(
                "DPoP turned on"
                if new.dpop
                else "DPoP turned off: tokens are no longer sender-constrained"
            )
        if old.secret_validity_days != new.secret_validity_days:
            lines.append(
                f"client secret validity: {_days(old.secret_validity_days)} -> "
                f"{_days(new.secret_validity_days)}"
            )
    elif new is not None:
        # OAuth newly turned on (from classic, or a new connector): what the
        # lines above would state against OAuth's defaults is stated too, so a
        # reviewer reads the same settings whichever way OAuth arrived.
        if new.dpop:
            lines.append("DPoP turned on")
        if new.secret_validity_days is not None:
            lines.append(f"client secret validity: {_days(new.secret_validity_days)}")
    return lines


def _days(value: int | None) -> str:
    """A validity period in words."""
    return "Profit's default" if value is None else f"{value} days"


def _webhook_changes(before: list[Webhook], after: list[Webhook]) -> list[str]:
    """Webhooks added, removed, re-pointed (same description, new URL), blocked or unblocked."""
    lines: list[str] = []
    old_by_url = {hook.url: hook for hook in before}
    new_by_url = {hook.url: hook for hook in after}
    pairs = [(old_by_url[url], hook) for url, hook in new_by_url.items() if url in old_by_url]
    gone = [hook for hook in before if hook.url not in new_by_url]
    came = [hook for hook in after if hook.url not in old_by_url]
    gone_by_description = {hook.description: hook for hook in gone}
    for hook in list(came):
        earlier = gone_by_description.pop(hook.description, None)
        if earlier is not None:
            came.remove(hook)
            gone.remove(earlier)
            lines.append(
                say(
                    "webhook {name!q} re-pointed: {a!v} -> {b!v}",
                    name=hook.description,
                    a=earlier.url,
                    b=hook.url,
                )
            )
            pairs.append((earlier, hook))
    for hook in came:
        state = "blocked" if hook.blocked else "ACTIVE"
        lines.append(
            say(
                "webhook added, {state}: {name!q} -> {url!v}",
                state=state,
                name=hook.description,
                url=hook.url,
            )
        )
    for hook in gone:
        lines.append(
            say("webhook removed: {name!q} ({url!v})", name=hook.description, url=hook.url)
        )
    for old, new in pairs:
        if old.blocked and not new.blocked:
            lines.append(
                say("webhook {name!q} UNBLOCKED: Profit posts to it again", name=new.description)
            )
        elif new.blocked and not old.blocked:
            lines.append(say("webhook {name!q} blocked", name=new.description))
        if old.description != new.description and old.url == new.url:
            lines.append(
                say("webhook renamed: {a!q} -> {b!q}", a=old.description, b=new.description)
            )
    return lines


def unified_lines(old: str, new: str, fromfile: str, tofile: str) -> list[str]:
    """A unified diff of two texts, as lines without line ends."""
    return [
        line.rstrip("\n")
        for line in difflib.unified_diff(file_lines(old), file_lines(new), fromfile, tofile)
    ]


def text_diff(old: str, new: str, name: str) -> list[str]:
    """What saving changes in a file's text: from the file as opened to the text to be saved.

    "as opened", not "on disk": someone may have changed the file since, and then the
    save stops and says so (a conflict) instead of writing over it.
    """
    return unified_lines(old, new, f"{name} (as opened)", f"{name} (to be saved)")


ChangeKind = Literal["created", "deleted", "changed", "invalid"]


@dataclass(frozen=True)
class ConnectorChange:
    """What happened to one connector between two states."""

    connector_id: str
    description: str
    kind: ChangeKind
    lines: list[str]


def compare(
    before: dict[str, AppConnector],
    after: dict[str, AppConnector],
    invalid_after: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[ConnectorChange]:
    """Every connector whose access changed, in id order; unchanged ones are left out."""
    result: list[ConnectorChange] = []
    for connector_id in sorted(set(before) | set(after) | set(invalid_after)):
        old, new = before.get(connector_id), after.get(connector_id)
        if connector_id in invalid_after:
            name = old.description if old else connector_id
            result.append(
                ConnectorChange(
                    connector_id,
                    name,
                    "invalid",
                    ["the file does not validate: run acwizard validate"],
                )
            )
            continue
        if old == new:
            continue
        lines = access_changes(old, new)
        if not lines:
            continue
        kind: ChangeKind = "created" if old is None else "deleted" if new is None else "changed"
        shown = (new or old).description  # type: ignore[union-attr]
        result.append(ConnectorChange(connector_id, shown, kind, lines))
    return result
