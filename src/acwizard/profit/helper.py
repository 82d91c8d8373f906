"""The credential helper: a command the admin names that prints one connector's credentials.

As git and docker credential helpers do, so that `pass`, 1Password's `op`,
Vault or a company script can serve AFAS credentials without acwizard keeping
any. The protocol (also in the README):

    HELPER get ENVIRONMENT_ID CONNECTOR_ID

run without a shell, stdin closed, with a time limit (30 s; the whole process
group is killed after it). Exit 0 and print one JSON object on stdout, at most
64 KiB:

    {"token": "<token>...</token>"}                      a classic token (XML, data, base64)
    {"client_id": "...", "client_secret": "..."}         OAuth client secret
    {"client_id": "...", "private_key_file": "/abs/path.pem", "key_id": "..."}
                                                          OAuth private key JWT (key_id optional)

Any other exit status means "no credentials for this connector": its first
line on stderr is shown as the reason. The helper is named by
`ACWIZARD_CREDENTIAL_HELPER` or `credential_helper` in the user's own config
file (`acwizard.profit.config`), never by the workspace. This module never
imports Textual.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from pathlib import Path
from typing import Any

from acwizard.profit.credentials import (
    Credential,
    CredentialError,
    classic_token,
    client_credential,
    client_id_value,
)
from acwizard.profit.metainfo import MetaInfoError, read_json
from acwizard.text import visible

HELPER_TIMEOUT = 30.0
MAX_HELPER_BYTES = 64 * 1024
ANSWER_KEYS = ("token", "client_id", "client_secret", "private_key_file", "key_id")


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill the helper and everything it started (its own process group)."""
    with contextlib.suppress(OSError):
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            process.kill()


def run_helper(
    argv: tuple[str, ...], environment_id: str, connector_id: str, timeout: float
) -> bytes:
    """The helper's stdout for one connector; CredentialError when it fails or takes too long."""
    name = visible(os.path.basename(argv[0]), 60)
    try:
        process = subprocess.Popen(
            [*argv, "get", environment_id, connector_id],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        raise CredentialError(
            f"the credential helper '{name}' cannot be run: {exc.strerror or 'error'}"
        ) from None
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.communicate(timeout=2)
        raise CredentialError(
            f"the credential helper '{name}' gave no answer within {timeout:g} s"
        ) from None
    finally:
        if process.poll() is None:  # pragma: no cover - interrupted
            _kill(process)
    if process.returncode != 0:
        lines = err.decode("utf-8", "replace").strip().splitlines()
        why = f": {visible(lines[0], 200)}" if lines else ""
        raise CredentialError(
            f"the credential helper '{name}' has no credentials for this connector "
            f"(exit status {process.returncode}){why}"
        )
    return out


def _string(answer: dict[str, Any], key: str) -> str | None:
    """A text value of the answer, or None when absent."""
    value = answer.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise CredentialError(f"the credential helper's '{key}' must be a text")
    return value


def parse_answer(raw: bytes, workspace: Path | None) -> Credential:
    """The credential a helper printed; CredentialError naming keys, never values."""
    try:
        answer = read_json(raw, "the credential helper's answer", MAX_HELPER_BYTES)
    except MetaInfoError as exc:
        # Never the JSON error's position text: it could quote the secret.
        raise CredentialError(str(exc).split(":")[0]) from None
    if not isinstance(answer, dict):
        raise CredentialError("the credential helper must print one JSON object")
    unknown = sorted(key for key in answer if key not in ANSWER_KEYS)
    if unknown:
        names = ", ".join(f"'{visible(str(key), 40)}'" for key in unknown)
        raise CredentialError(
            f"the credential helper's answer has unknown key {names}; it may hold "
            + ", ".join(ANSWER_KEYS)
        )
    token = _string(answer, "token")
    client = _string(answer, "client_id")
    if token is not None:
        if client is not None:
            raise CredentialError(
                "the credential helper's answer holds a token and a client_id: one of them"
            )
        return classic_token(token, "the credential helper's token")
    if client is None:
        raise CredentialError(
            "the credential helper's answer holds neither a token nor a client_id"
        )
    return client_credential(
        client_id_value(client, "the credential helper's client_id"),
        _string(answer, "client_secret"),
        _string(answer, "private_key_file"),
        _string(answer, "key_id"),
        workspace,
        ("client_secret", "private_key_file", "key_id"),
    )


def ask_helper(
    argv: tuple[str, ...],
    environment_id: str,
    connector_id: str,
    workspace: Path | None,
    timeout: float = HELPER_TIMEOUT,
) -> Credential:
    """One connector's credential from the helper."""
    return parse_answer(run_helper(argv, environment_id, connector_id, timeout), workspace)
