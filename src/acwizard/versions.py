"""Which Profit version brings which app-connector feature: the one table of those facts.

A workspace says its Profit version in `acwizard.toml` (`profit_version`,
default the newest known here). A connector that uses a feature its
workspace's version lacks is an error naming the version, as IP restrictions
outside AFAS Online are. Sources: AFAS's developer docs of 2026 (OASContent
`authentication.md` 2026-09-30, `news-profit8.md` 2026-07-16, `webhooks.md`
2026-06-16), summarised in shared/DOMAIN.md. Facts marked unsure are the
version acwizard assumes where the docs do not say it outright. This module
never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Feature:
    """One feature of the app connector and the first Profit version that has it."""

    name: str
    """How messages name it."""
    since: int
    """The first Profit version with the feature."""
    sure: bool
    """False where the docs do not say the version outright."""
    note: str
    """Where the fact comes from, or why it is unsure."""


FEATURES: dict[str, Feature] = {
    "ipv6": Feature(
        "IPv6 IP restrictions",
        8,
        True,
        "news-profit8: CIDR notation, IPv6 allowed (before, an IPv6 line blocked all traffic)",
    ),
    "webhooks": Feature("webhooks", 8, True, "webhooks.md / news-profit8: the Webhooks tab"),
    "oauth": Feature(
        "OAuth (authentication hybrid or oauth)",
        8,
        False,
        "authentication.md (2026-09-30) describes OAuth with Profit 9 additions; that OAuth with "
        "client credentials and a client secret came with Profit 8 is assumed",
    ),
    "public_client": Feature(
        "public OAuth clients", 9, True, "authentication.md: public clients (Profit 9)"
    ),
    "private_key_jwt": Feature(
        "private key JWT client authentication",
        9,
        True,
        "authentication.md: private key JWT (Profit 9)",
    ),
    "secret_validity": Feature(
        "a validity period for client secrets",
        9,
        True,
        "authentication.md: from Profit 9 each secret has a validity period (default 180 days)",
    ),
    "switch_in_place": Feature(
        "switching an existing connector's authentication type",
        9,
        True,
        "authentication.md: from Profit 9 a connector switches type in place; not checked in "
        "files (a file holds one state), named here for the TUI and reviews",
    ),
}
"""Feature key -> the version that brings it. CIDR notation itself is only how the file
writes a range: an IPv4 range means the same as address + subnet mask in any version."""

NEWEST_PROFIT_VERSION = max(feature.since for feature in FEATURES.values())
"""The newest Profit version acwizard knows: the default of `profit_version`."""
OLDEST_PROFIT_VERSION = 5
"""The oldest version acwizard models (the app connector of the Profit 5 era)."""


def missing(feature: str, profit_version: int) -> str | None:
    """Why `feature` is not available in `profit_version`, or None when it is."""
    fact = FEATURES[feature]
    if profit_version >= fact.since:
        return None
    return (
        f"{fact.name} came with Profit {fact.since}; this workspace is Profit "
        f"{profit_version} (profit_version in acwizard.toml)"
    )
