"""Asking Profit about many connectors at once: credentials per connector, calls, outcomes.

`CredentialSource` answers each connector's credential: the environment's
for the one connector named on the command line, else the credential helper's.
`check_all` asks every target (at most 5 calls at once, the client's gate),
hands each `Outcome` to a callback as soon as it is known (the progress
display, and what Ctrl+C leaves), and goes on after any failure. This module
never imports Textual.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from acwizard.profit.client import ProfitClient
from acwizard.profit.credentials import (
    ENV_CLIENT_ID,
    ENV_TOKEN,
    ClassicToken,
    Credential,
    CredentialError,
)
from acwizard.profit.drift import Outcome, compare, not_asked
from acwizard.profit.failures import ProfitError
from acwizard.profit.helper import ask_helper
from acwizard.profit.metainfo import MetaInfo

HELPERS_AT_ONCE = 8
"""Credential helpers run at once (each a process); calls stay at 5."""
SIGN_IN_ONLY = "cannot verify without a user sign-in"


@dataclass
class CredentialSource:
    """Where each connector's credential comes from."""

    environment_id: str | None
    workspace: Path
    from_environment: Credential | None = None
    """The environment's credential (AFAS_TOKEN, AFAS_CLIENT_*), for `named` only."""
    named: str | None = None
    helper: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        self._helpers = asyncio.Semaphore(HELPERS_AT_ONCE)

    async def get(self, connector_id: str) -> Credential:
        """The credential to call Profit with as `connector_id`; CredentialError when none."""
        if self.from_environment is not None and connector_id == self.named:
            return self.from_environment
        if self.helper is not None:
            if not self.environment_id:
                raise CredentialError(
                    "the credential helper is asked per environment, and acwizard.toml names "
                    'no environment (environment = "O12345AA")'
                )
            async with self._helpers:
                return await asyncio.to_thread(
                    ask_helper, self.helper, self.environment_id, connector_id, self.workspace
                )
        if self.from_environment is not None:
            raise CredentialError(
                f"{ENV_TOKEN} / {ENV_CLIENT_ID} serve the one connector named on the command "
                "line; for more, configure a credential helper (see the README)"
            )
        raise CredentialError(
            f"no credentials: set {ENV_TOKEN} (or {ENV_CLIENT_ID} with a secret or key) and "
            "name the connector, or configure a credential helper (see the README)"
        )


def sign_in_only(connector: Any) -> bool:
    """True when only a user sign-in can call as this connector: an OAuth-only connector whose
    client is public, needs DPoP, or has no client credentials flow."""
    oauth = connector.oauth
    if connector.authentication != "oauth" or oauth is None:
        return False
    return bool(
        oauth.client_type == "public" or oauth.dpop or "client_credentials" not in oauth.flows
    )


async def fetch(client: ProfitClient, source: CredentialSource, connector_id: str) -> MetaInfo:
    """What Profit grants the connector `connector_id`; ProfitError when it cannot be asked."""
    try:
        credential = await source.get(connector_id)
    except CredentialError as exc:
        raise ProfitError("credentials", str(exc)) from None
    return await client.metainfo(credential)


async def check_one(
    client: ProfitClient,
    source: CredentialSource,
    connector_id: str,
    connector: Any,
    environment: str | None,
) -> Outcome:
    """Ask Profit about one connector and compare; failures become a not-asked outcome."""
    description = connector.description
    if sign_in_only(connector):
        return not_asked(
            connector_id,
            description,
            "sign_in",
            f"{SIGN_IN_ONLY}: its OAuth client is public, needs DPoP, or has no client "
            "credentials flow",
        )
    try:
        credential = await source.get(connector_id)
    except CredentialError as exc:
        return not_asked(connector_id, description, "credentials", str(exc))
    oauth = connector.oauth
    if not isinstance(credential, ClassicToken) and oauth is not None and oauth.dpop:
        return not_asked(connector_id, description, "sign_in", f"{SIGN_IN_ONLY}: it needs DPoP")
    try:
        meta = await client.metainfo(credential)
    except ProfitError as exc:
        reason = exc.message
        if connector.blocked and exc.kind == "unauthorized":
            reason = (
                "Profit answered 401, as it does for a blocked app connector (the file says "
                "blocked) and for a bad token alike: cannot tell which"
            )
        return not_asked(connector_id, description, exc.kind, reason)
    return compare(connector_id, connector, meta, environment)


async def check_all(
    client: ProfitClient,
    source: CredentialSource,
    targets: list[tuple[str, Any]],
    environment: str | None,
    done: Callable[[Outcome], None],
) -> None:
    """Ask about every (id, connector) in `targets`, calling `done` with each outcome."""

    async def one(connector_id: str, connector: Any) -> None:
        done(await check_one(client, source, connector_id, connector, environment))

    tasks = [asyncio.create_task(one(ident, connector)) for ident, connector in targets]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
