"""A stand-in Profit that grants what a workspace's connector files say, with made-up credentials.

Each valid connector file becomes an app connector of the stand-in: its
description, user group, grants (described from the workspace's catalog) and
Blocked. Credentials are made up from a seed, never real:

- classic and hybrid connectors take a classic token whose <data> is
  sha256(seed, id);
- confidential OAuth clients with client credentials and no DPoP take a client
  secret (derived the same way) or, for private key JWT, an EC P-256 key made
  at start and written under the credentials directory;
- public and DPoP-only clients take nothing: verify says it cannot check them
  without a user sign-in.

The answers a credential helper gives are written to
`<credentials dir>/<environment>/<id>.json` (0600, in a 0700 directory), which
`python -m acwizard.standin helper get ENV ID` prints. This module never
imports Textual.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from acwizard.standin.server import FakeConnector, StandIn
from acwizard.text import visible

DEMO_ENVIRONMENT = "O12345AA"


def default_credentials_dir() -> Path:
    """Where the stand-in keeps its made-up credentials: a directory of this user in /tmp."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"acwizard-standin-{uid}"


def _derived(seed: str, what: str, connector_id: str) -> str:
    """A made-up secret: sha256 of the seed, its purpose and the connector id, in hex."""
    return hashlib.sha256(f"{seed}:{what}:{connector_id}".encode()).hexdigest()


def token_xml(data: str) -> str:
    """A classic token's XML, as Profit's OTP validation answers it."""
    return f"<token><version>1</version><data>{data}</data></token>"


def _private_directory(path: Path) -> None:
    """Make `path` a directory only this user may enter; SystemExit with a sentence when it
    is a link or someone else's (in /tmp another user may have made it first)."""
    from acwizard.checking.cache import private_directory

    if not private_directory(path):
        raise SystemExit(
            f"acwizard.standin: {visible(str(path), 200)} is not a private directory of yours "
            "(a link, or made by another user): remove it or pass --credentials-dir"
        )


def _write_private(path: Path, text: str) -> None:
    """Write a file only this user may read."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


def _credentials(
    connector: Any, ident: str, seed: str, keys: Path
) -> tuple[dict[str, Any], dict[str, str] | None]:
    """The fake connector's credential fields, and what the helper answers for it."""
    oauth = connector.oauth
    if (
        connector.authentication in ("oauth", "hybrid")
        and oauth is not None
        and oauth.client_type == "confidential"
        and "client_credentials" in oauth.flows
        and not oauth.dpop
    ):
        client_id = f"{ident}-client"
        if oauth.client_authentication == "client_secret":
            secret = _derived(seed, "secret", ident)
            fields = {"client_id": client_id, "client_secret": secret}
            return fields, {"client_id": client_id, "client_secret": secret}
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec

        key = ec.generate_private_key(ec.SECP256R1())
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        key_file = keys / f"{ident}.pem"
        _write_private(key_file, pem)
        key_fields: dict[str, Any] = {"client_id": client_id, "public_key": key.public_key()}
        return key_fields, {"client_id": client_id, "private_key_file": str(key_file)}
    if connector.authentication in ("classic", "hybrid"):
        data = _derived(seed, "token", ident)
        return {"token_data": data}, {"token": token_xml(data)}
    return {}, None


def from_workspace(
    root: Path, seed: str, credentials_dir: Path, special: bool = True
) -> tuple[StandIn, int]:
    """A stand-in granting what `root`'s valid connector files grant; how many have credentials.

    Writes each connector's helper answer under `credentials_dir/<environment>/`.
    """
    from acwizard.checking.load import load_file
    from acwizard.workspace import Workspace

    workspace = Workspace.open(root)
    environment = workspace.settings.environment or DEMO_ENVIRONMENT
    answers_dir = credentials_dir / environment
    keys = credentials_dir / "keys"
    for directory in (credentials_dir, answers_dir, keys):
        _private_directory(directory)
    catalog = workspace.catalog
    standin = StandIn(environment, {})
    served = 0
    for path in workspace.connector_paths():
        loaded = load_file(workspace, path)
        connector = loaded.connector
        if connector is None or loaded.status == "invalid":
            continue
        ident = loaded.id

        def described(section: str, ids: Sequence[str]) -> list[tuple[str, str]]:
            return [(each, catalog.describe(section, each) or each) for each in ids]

        fields, answer = _credentials(connector, ident, seed, keys)
        standin.connectors[ident] = FakeConnector(
            id=ident,
            description=connector.description,
            user_group=connector.user_group,
            get_connectors=described("get_connectors", connector.get_connectors),
            update_connectors=described("update_connectors", connector.update_connectors),
            special_connectors=described("connectors", connector.connectors) if special else None,
            blocked=connector.blocked,
            **fields,
        )
        if answer is not None:
            _write_private(answers_dir / f"{ident}.json", json.dumps(answer))
            served += 1
    return standin, served
