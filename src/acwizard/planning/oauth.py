"""Plan steps for how apps sign in: the authentication type, OAuth settings, certificates.

From Profit 9 an app connector switches type in place (Classic token → Hybrid →
OAuth) and keeps its grants and IP lines. The OAuth settings follow the file's
`[oauth]` table; certificates of private key JWT are rotated as AFAS describes:
upload the new one first, remove the old one once the app signs with its new key.

Credentials themselves (classic user tokens, client secrets) come from the
credentials register, which the connector model does not have yet: each kind of
credential change will be a function in `CREDENTIAL_STEPS`, with the signature of
`acwizard.planning.connector.ChangeSteps`, run after the OAuth tab. This module
never imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from acwizard.planning.steps import Label, Step, Value, go_to_tab, note, step

if TYPE_CHECKING:
    from acwizard.model import AppConnector, OAuthSettings
    from acwizard.planning.connector import Context

CREDENTIAL_STEPS: tuple[
    Callable[[AppConnector | None, AppConnector, Context], list[Step]], ...
] = ()
"""The credentials register's steps (revoke classic tokens after a move to OAuth, add a new
client secret before revoking the old one): one function per kind of change, added with
the register. Certificates are in `oauth_tab_steps` already (they are in [oauth] today)."""


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
