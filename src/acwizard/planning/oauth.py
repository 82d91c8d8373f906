"""Plan steps for how apps sign in: the authentication type, OAuth settings, certificates.

From Profit 9 an app connector switches type in place (Classic token → Hybrid →
OAuth) and keeps its grants and IP lines. The OAuth settings follow the file's
`[oauth]` table; certificates of private key JWT are rotated as AFAS describes:
upload the new one first, remove the old one once the app signs with its new key.

Credentials themselves come from the credentials register (`tokens`, `[oauth]
secrets`): each kind of credential change is a function in `CREDENTIAL_STEPS`,
with the signature of `acwizard.planning.connector.ChangeSteps`, run after the
OAuth tab: classic user tokens deleted once the connector moved to OAuth (and any
the register no longer lists), new tokens; a new client secret added before the
old one is revoked. The secrets themselves are handed over outside acwizard. This
module never imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from acwizard.planning.steps import Label, Step, Value, go_to_tab, note, step

if TYPE_CHECKING:
    from acwizard.model import AppConnector, OAuthSettings
    from acwizard.planning.connector import Context


def token_steps(before: AppConnector | None, after: AppConnector, context: Context) -> list[Step]:
    """The User tokens tab: tokens the register no longer lists deleted (all of them once
    the connector moved to OAuth, which takes none), then new ones made.

    A register that is not recorded on one side says nothing of that side's tokens:
    no step but the OAuth note, which a move to OAuth always gets.
    """
    old = (before.tokens or []) if before is not None else []
    new = after.tokens if after.tokens is not None else None
    to_oauth = after.authentication == "oauth" and (
        before is None or before.authentication != "oauth"
    )
    if new is None and not to_oauth:
        return []
    kept = {token.description.casefold(): token for token in new or []}
    steps = [
        step("delete_token", Value(token.description), Value(token.user), level=1)
        for token in old
        if (found := kept.get(token.description.casefold())) is None or found.user != token.user
    ]
    known = {(token.description.casefold(), token.user) for token in old}
    steps += [
        step("add_token", Value(token.user), Value(token.description), level=1)
        for token in new or []
        if (token.description.casefold(), token.user) not in known
    ]
    if to_oauth and before is not None and before.authentication != "oauth":
        steps.append(note("note_tokens_after_oauth"))
    return [go_to_tab("tab_user_tokens"), *steps] if steps else []


def secret_steps(before: AppConnector | None, after: AppConnector, context: Context) -> list[Step]:
    """Client secrets on the OAuth tab: each new one added first, then each one the register
    no longer lists revoked once the app uses its successor (a rotation without a gap)."""
    new_oauth = after.oauth
    if new_oauth is None or new_oauth.secrets is None:
        return []
    old_oauth = before.oauth if before is not None else None
    old = (old_oauth.secrets or []) if old_oauth is not None else []
    old_labels = {secret.label.casefold() for secret in old}
    new_labels = {secret.label.casefold() for secret in new_oauth.secrets}
    steps = [
        step("add_client_secret", Value(secret.label), level=1)
        for secret in new_oauth.secrets
        if secret.label.casefold() not in old_labels
    ]
    steps += [
        step("revoke_client_secret", Value(secret.label), level=1)
        for secret in old
        if secret.label.casefold() not in new_labels
    ]
    return [go_to_tab("tab_oauth"), *steps] if steps else []


CREDENTIAL_STEPS: tuple[Callable[[AppConnector | None, AppConnector, Context], list[Step]], ...] = (
    secret_steps,
    token_steps,
)
"""The credentials register's steps: client secrets (a new one before the old one is
revoked), then classic user tokens (deleted once the connector moved to OAuth). One
function per kind of change; certificates are in `oauth_tab_steps` (they are in [oauth])."""


def authentication_type_steps(before: AppConnector | None, after: AppConnector) -> list[Step]:
    """`Authentication type: choose OAuth.` when it changes, or for a new version 2 file
    (a version 1 file says nothing of it: it is a classic token connector by default)."""
    if before is not None and before.authentication == after.authentication:
        return []
    if before is None and after.schema_version == 1:
        return []
    chosen = Label(f"authentication_{after.authentication}")
    return [step("choose", Label("authentication_type"), chosen, level=1)]


def oauth_tab_steps(
    before: AppConnector | None, after: AppConnector, context: Context
) -> list[Step]:
    """The OAuth tab: each setting that differs, then certificates uploaded and removed."""
    new = after.oauth
    if new is None or after.authentication == "classic":
        return []
    old = before.oauth if before is not None and before.authentication != "classic" else None
    steps = _settings(old, new) + _certificates(old, new)
    if not steps:
        return []
    if old is None:
        steps.append(note("note_secret_by_vendor", level=1))
    return [go_to_tab("tab_oauth"), *steps]


def _choice(setting: str, value: str) -> Step:
    """`{setting}: choose {value}.`"""
    return step("choose", Label(setting), Label(f"{setting}_{value}"), level=1)


def _settings(old: OAuthSettings | None, new: OAuthSettings) -> list[Step]:
    """Client type, flows, client authentication, redirect and JWKS URLs, DPoP, validity."""
    steps: list[Step] = []
    if old is None or old.client_type != new.client_type:
        steps.append(_choice("client_type", new.client_type))
    old_flows = set(old.flows) if old else set()
    for flow in new.flows:
        if flow not in old_flows:
            steps.append(step("tick_field", Label(f"flow_{flow}"), level=1))
    for flow in sorted(old_flows - set(new.flows)):
        steps.append(step("untick_field", Label(f"flow_{flow}"), level=1))
    old_authentication = old.client_authentication if old else None
    if new.client_authentication is not None and new.client_authentication != old_authentication:
        steps.append(_choice("client_authentication", new.client_authentication))
    old_redirects = old.redirect_urls if old else []
    for url in old_redirects:
        if url not in new.redirect_urls:
            steps.append(
                step("remove_redirect_url", Label("redirect_url"), Value(url, "url"), level=1)
            )
    for url in new.redirect_urls:
        if url not in old_redirects:
            steps.append(
                step("add_redirect_url", Label("redirect_url"), Value(url, "url"), level=1)
            )
    old_jwks = old.jwks_url if old else None
    if new.jwks_url != old_jwks:
        if new.jwks_url is None:
            assert old_jwks is not None
            steps.append(step("clear_value", Label("jwks_url"), Value(old_jwks, "url"), level=1))
        else:
            steps.append(
                step("enter_value", Label("jwks_url"), Value(new.jwks_url, "url"), level=1)
            )
    if new.dpop != (old.dpop if old else False):
        frame = "tick_field" if new.dpop else "untick_field"
        steps.append(step(frame, Label("dpop"), level=1))
    old_validity = old.secret_validity_days if old else None
    if new.secret_validity_days != old_validity:
        if new.secret_validity_days is None:
            shown = Value(str(old_validity), "number")
            steps.append(step("clear_value", Label("secret_validity"), shown, level=1))
        else:
            shown = Value(str(new.secret_validity_days), "number")
            steps.append(step("enter_value", Label("secret_validity"), shown, level=1))
    return steps


def _certificates(old: OAuthSettings | None, new: OAuthSettings) -> list[Step]:
    """New certificates uploaded first, old ones removed after: a rotation without a gap."""
    old_certificates = {
        certificate.key_id: certificate for certificate in (old.certificates if old else [])
    }
    new_ids = {certificate.key_id for certificate in new.certificates}
    steps = [
        step(
            "upload_certificate",
            Value(certificate.key_id, "id"),
            Value(certificate.not_after.isoformat(), "date"),
            level=1,
        )
        for certificate in new.certificates
        if old_certificates.get(certificate.key_id) != certificate
    ]
    for key_id, certificate in old_certificates.items():
        replaced = key_id in new_ids and certificate not in new.certificates
        if key_id not in new_ids or replaced:
            shown = Value(certificate.not_after.isoformat(), "date")
            steps.append(step("remove_certificate", Value(key_id, "id"), shown, level=1))
    return steps
