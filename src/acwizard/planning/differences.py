"""What differs on purpose between two environments, left out before `plan --from` compares.

The target workspace's acwizard.toml says it (`[environment_differences]`, read by
`acwizard.files.urls_plan_settings`):

- `ip_ranges`: IP lines inside one of these ranges belong to one environment (the test
  servers' addresses, production's own): they are left out on both sides, so plan
  neither adds nor removes them.
- `url_prefixes`: URLs of the source (webhooks, redirect URLs, the JWKS URL) that start
  with a source prefix are compared as if they started with the target's prefix.
- `fields`: settings each environment keeps for itself; the connector to repeat takes
  the target's value, or for a connector the target does not have yet, what Profit
  gives a new connector (blocked; no certificates, webhooks, redirect or JWKS URL).

The source environment's id is checked by `acwizard.planning.sources`. Values are
replaced with `model_copy`, never validated again: the result is only compared.
This module never imports Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from acwizard.files.urls_plan_settings import EnvironmentDifferences
    from acwizard.model import AppConnector, IpRestriction, OAuthSettings

NEW_CONNECTOR_DEFAULTS: dict[str, Any] = {
    "blocked": True,
    "redirect_urls": [],
    "jwks_url": None,
    "certificates": [],
    "webhooks": [],
    "secret_validity_days": None,
}
"""What a field kept per environment is on a connector Profit has just created
(`description` and `user_group` have no default: the source's are taken)."""

_OAUTH_FIELDS = ("redirect_urls", "jwks_url", "certificates", "secret_validity_days")


def apply_differences(
    wanted: AppConnector, current: AppConnector | None, differences: EnvironmentDifferences
) -> tuple[AppConnector, AppConnector | None]:
    """`wanted` (the source's connector) and `current` (the target's) with what differs on
    purpose made equal or left out, ready to compare."""
    if not differences.any:
        return wanted, current
    wanted = _rewritten_urls(wanted, differences.url_prefixes)
    if differences.ip_ranges:
        wanted = _without_own_lines(wanted, differences)
        current = _without_own_lines(current, differences) if current is not None else None
    for name in sorted(differences.fields):
        wanted = _kept(wanted, current, name)
    return wanted, current


def _own(line: IpRestriction, differences: EnvironmentDifferences) -> bool:
    """True when the line lies inside a range one environment keeps for itself."""
    network = line.range
    return any(
        network.version == own.version and network.subnet_of(own)  # type: ignore[arg-type]
        for own in differences.ip_ranges
    )


def _without_own_lines(
    connector: AppConnector, differences: EnvironmentDifferences
) -> AppConnector:
    """The connector without the IP lines that differ on purpose."""
    kept = [line for line in connector.ip_restrictions if not _own(line, differences)]
    if len(kept) == len(connector.ip_restrictions):
        return connector
    return connector.model_copy(update={"ip_restrictions": kept})


def _rewrite(url: str, prefixes: tuple[tuple[str, str], ...]) -> str:
    """`url` with the first (longest) matching source prefix replaced by the target's."""
    for source, target in prefixes:
        if url.startswith(source):
            return target + url[len(source) :]
    return url


def _rewritten_urls(connector: AppConnector, prefixes: tuple[tuple[str, str], ...]) -> AppConnector:
    """Webhook, redirect and JWKS URLs of the source as the target environment has them."""
    if not prefixes:
        return connector
    webhooks = [
        hook.model_copy(update={"url": _rewrite(hook.url, prefixes)}) for hook in connector.webhooks
    ]
    update: dict[str, Any] = {"webhooks": webhooks}
    oauth = connector.oauth
    if oauth is not None:
        update["oauth"] = oauth.model_copy(
            update={
                "redirect_urls": [_rewrite(url, prefixes) for url in oauth.redirect_urls],
                "jwks_url": _rewrite(oauth.jwks_url, prefixes) if oauth.jwks_url else None,
            }
        )
    return connector.model_copy(update=update)


def _kept(wanted: AppConnector, current: AppConnector | None, name: str) -> AppConnector:
    """`wanted` with the field `name` as the target has it (or a new connector's default)."""
    if name in _OAUTH_FIELDS:
        if wanted.oauth is None:
            return wanted
        value = _oauth_value(current.oauth if current else None, name)
        oauth: OAuthSettings = wanted.oauth.model_copy(update={name: value})
        return wanted.model_copy(update={"oauth": oauth})
    if current is not None:
        return wanted.model_copy(update={name: getattr(current, name)})
    if name in NEW_CONNECTOR_DEFAULTS:
        return wanted.model_copy(update={name: NEW_CONNECTOR_DEFAULTS[name]})
    return wanted


def _oauth_value(current: OAuthSettings | None, name: str) -> Any:
    """The target's value of an OAuth field, or a new connector's default."""
    if current is None:
        return NEW_CONNECTOR_DEFAULTS[name]
    return getattr(current, name)
