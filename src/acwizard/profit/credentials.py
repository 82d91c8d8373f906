"""Credentials for calling Profit: where they may come from, and a type that never shows them.

A credential never comes from a file in the workspace (a pull request can
change any of them) and never appears in output, logs, exceptions or drafts:

- `Secret` holds a token, a client secret or a private key; its `repr` and
  `str` say `<hidden>`, it cannot be pickled, and only `reveal()` gives the
  value, at the moment it goes into a request header or body.
- For one named connector the environment serves: `AFAS_TOKEN` (a classic
  token: its XML, its `<data>` only, or its base64 form; sent as
  `Authorization: AfasToken <base64 of the XML>`), or `AFAS_CLIENT_ID` with
  `AFAS_CLIENT_SECRET` or `AFAS_CLIENT_KEY_FILE` (+ `AFAS_CLIENT_KEY_ID`) for
  OAuth client credentials. For several connectors a credential helper
  (`acwizard.profit.helper`) serves each.
- A private key file must lie outside the workspace; it is read without
  following a link that points into it, at most 64 KiB, and parsed at once.
- Error messages name the variable or key, never its value.

The client (`acwizard.profit.client`) sends credentials only to the REST base
acwizard derives from the environment id, or one given outside the repository.
This module never imports Textual.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from acwizard.text import visible

MAX_KEY_BYTES = 64 * 1024
"""A PEM private key is a few KiB; a larger file is not one."""
ASSERTION_LIFETIME = 120
"""Seconds a client assertion is valid (AFAS: `exp` at most 5 minutes ahead)."""
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

ENV_TOKEN = "AFAS_TOKEN"
ENV_CLIENT_ID = "AFAS_CLIENT_ID"
ENV_CLIENT_SECRET = "AFAS_CLIENT_SECRET"
ENV_KEY_FILE = "AFAS_CLIENT_KEY_FILE"
ENV_KEY_ID = "AFAS_CLIENT_KEY_ID"
ENVIRONMENT_VARIABLES = (ENV_TOKEN, ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_KEY_FILE, ENV_KEY_ID)

_TOKEN_XML = re.compile(
    r"<token>\s*<version>\s*([0-9]{1,4})\s*</version>\s*<data>\s*([0-9A-Fa-f]{16,1024})\s*"
    r"</data>\s*</token>"
)
_TOKEN_DATA = re.compile(r"[0-9A-Fa-f]{16,1024}")
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")
_CLIENT_ID = re.compile(r"[\x21-\x7e]{1,200}")
_KEY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,199}")


class CredentialError(ValueError):
    """Why credentials cannot be used; the message never holds a secret."""


class Secret:
    """A value that must never be shown: repr and str say `<hidden>`."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The value itself, for the one place it is sent."""
        return self._value

    def __repr__(self) -> str:
        return "Secret(<hidden>)"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret is never pickled")


@dataclass(frozen=True)
class ClassicToken:
    """A classic token, as the header value Profit takes: base64 of the token's XML."""

    header: Secret

    def authorization(self) -> str:
        """The `Authorization` header value."""
        return "AfasToken " + self.header.reveal()

    def shown_forms(self) -> list[str]:
        """Every form of this token that must never be printed (to redact server text)."""
        encoded = self.header.reveal()
        forms = [encoded]
        xml = base64.b64decode(encoded).decode("utf-8", "replace")
        forms.append(xml)
        match = _TOKEN_XML.search(xml)
        if match:
            forms.append(match.group(2))
        return forms


@dataclass(frozen=True)
class ClientSecret:
    """OAuth client credentials with a client secret (client_secret_basic)."""

    client_id: str
    secret: Secret

    def shown_forms(self) -> list[str]:
        """The secret, to redact from server text."""
        return [self.secret.reveal()]


class PrivateKey:
    """A loaded private key; its repr names only its type."""

    __slots__ = ("_key",)

    def __init__(self, key: Any) -> None:
        self._key = key

    def key(self) -> Any:
        """The key object, to sign a client assertion with."""
        return self._key

    def __repr__(self) -> str:
        return "PrivateKey(<hidden>)"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        raise TypeError("a private key is never pickled")


@dataclass(frozen=True)
class ClientKey:
    """OAuth client credentials with a private key (private_key_jwt)."""

    client_id: str
    key: PrivateKey
    key_id: str | None = None

    def shown_forms(self) -> list[str]:
        """Nothing printable: an assertion is made fresh for each request."""
        return []


Credential = ClassicToken | ClientSecret | ClientKey


def classic_token(value: str, source: str) -> ClassicToken:
    """A classic token from its XML, its `<data>` alone or its base64 form.

    `source` names where it came from (`AFAS_TOKEN`) in the error, which never
    repeats the value.
    """
    text = value.strip()
    if not text:
        raise CredentialError(f"{source} is empty")
    if text.startswith("<"):
        match = _TOKEN_XML.fullmatch(text)
        if match is None:
            raise CredentialError(
                f"{source} starts like a token's XML but is not "
                "<token><version>1</version><data>...</data></token>"
            )
        xml = f"<token><version>{match.group(1)}</version><data>{match.group(2)}</data></token>"
        return ClassicToken(Secret(base64.b64encode(xml.encode()).decode()))
    if _TOKEN_DATA.fullmatch(text):
        xml = f"<token><version>1</version><data>{text}</data></token>"
        return ClassicToken(Secret(base64.b64encode(xml.encode()).decode()))
    joined = "".join(line.strip() for line in text.splitlines())  # `base64` wraps at 76
    if _BASE64.fullmatch(joined):
        text = joined
        try:
            decoded = base64.b64decode(text, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            decoded = ""
        if _TOKEN_XML.fullmatch(decoded.strip()):
            return ClassicToken(Secret(text))
        raise CredentialError(f"{source} is base64, but not of a token's XML")
    raise CredentialError(
        f"{source} is neither a token's XML (<token>...</token>), its <data> (hex digits) "
        "nor its base64 form"
    )


def client_id_value(value: str, source: str) -> str:
    """A client id: printable ASCII, no spaces (it is shown in messages)."""
    text = value.strip()
    if not _CLIENT_ID.fullmatch(text):
        raise CredentialError(f"{source} must be a client id: printable characters, no spaces")
    return text


def key_id_value(value: str | None, source: str) -> str | None:
    """A certificate's key id, or None."""
    if value is None or not value.strip():
        return None
    if not _KEY_ID.fullmatch(value.strip()):
        raise CredentialError(
            f"{source} must be a key id: letters, digits, '.', '_', ':' or '-' "
            f"(it was '{visible(value, 40)}')"
        )
    return value.strip()


def _inside(path: Path, root: Path) -> bool:
    """True when `path` (resolved) lies in the directory `root` (resolved)."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return True  # cannot tell: refuse


def load_private_key(path_text: str, source: str, workspace: Path | None) -> PrivateKey:
    """The PEM private key at `path_text`, which must lie outside the workspace.

    The path itself is the admin's, not a secret: it may be named in messages.
    """
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    from acwizard.files.reading import read_regular_file

    path = Path(os.path.expanduser(path_text.strip()))
    shown = visible(str(path), 200)
    if not path.is_absolute():
        raise CredentialError(f"{source} must be an absolute path (it was {shown})")
    if workspace is not None and _inside(path, workspace):
        raise CredentialError(
            f"{source} ({shown}) is inside the workspace: a private key never lives in a "
            "repository; move it out"
        )
    try:
        raw = read_regular_file(path.resolve(), MAX_KEY_BYTES)
    except OSError as exc:
        raise CredentialError(f"{source} ({shown}) cannot be read: {_reason(exc)}") from None
    if len(raw) > MAX_KEY_BYTES:
        raise CredentialError(f"{source} ({shown}) is larger than 64 KiB: no private key")
    try:
        key = load_pem_private_key(raw, password=None)
    except (ValueError, TypeError):
        raise CredentialError(
            f"{source} ({shown}) is not an unencrypted PEM private key (RSA or EC P-256)"
        ) from None
    finally:
        del raw
    return PrivateKey(key)


def _reason(exc: OSError) -> str:
    """An OSError in words, without the path repeated."""
    message = getattr(exc, "message", None)
    if isinstance(message, str):
        return message
    return exc.strerror or "error"


def _present(env: Mapping[str, str], name: str) -> str | None:
    """An environment variable's value, None when unset or blank."""
    value = env.get(name)
    return value if value is not None and value.strip() else None


def from_environment(env: Mapping[str, str], workspace: Path | None) -> Credential | None:
    """Credentials from the environment, for one connector; None when none are set."""
    token = _present(env, ENV_TOKEN)
    client = _present(env, ENV_CLIENT_ID)
    secret = _present(env, ENV_CLIENT_SECRET)
    key_file = _present(env, ENV_KEY_FILE)
    if token is not None and (client or secret or key_file):
        raise CredentialError(
            f"set either {ENV_TOKEN} (a classic token) or {ENV_CLIENT_ID} with "
            f"{ENV_CLIENT_SECRET} or {ENV_KEY_FILE} (OAuth), not both"
        )
    if token is not None:
        return classic_token(token, ENV_TOKEN)
    if client is None:
        if secret or key_file:
            raise CredentialError(f"{ENV_CLIENT_SECRET} or {ENV_KEY_FILE} needs {ENV_CLIENT_ID}")
        return None
    return client_credential(
        client_id_value(client, ENV_CLIENT_ID),
        secret,
        key_file,
        env.get(ENV_KEY_ID),
        workspace,
        (ENV_CLIENT_SECRET, ENV_KEY_FILE, ENV_KEY_ID),
    )


def client_credential(
    client_id: str,
    secret: str | None,
    key_file: str | None,
    key_id: str | None,
    workspace: Path | None,
    names: tuple[str, str, str],
) -> Credential:
    """Client credentials with a secret or a key file (exactly one); `names` name the three
    values in messages (environment variables, or the helper's keys)."""
    secret_name, key_name, key_id_name = names
    if (secret is None) == (key_file is None):
        raise CredentialError(f"client credentials need {secret_name} or {key_name} (one of them)")
    if secret is not None:
        if key_id is not None and key_id.strip():
            raise CredentialError(f"{key_id_name} goes with {key_name}, not with {secret_name}")
        # Stripped as AFAS_TOKEN is: a line break pasted with it was sent (and hidden) with
        # it, so Profit refused the client and an echo of the secret without it was shown.
        return ClientSecret(client_id, Secret(secret.strip()))
    assert key_file is not None
    return ClientKey(
        client_id,
        load_private_key(key_file, key_name, workspace),
        key_id_value(key_id, key_id_name),
    )


def client_assertion(credential: ClientKey, audience: str) -> str:
    """A signed client assertion for private key JWT: fresh `jti`, `exp` 2 minutes ahead.

    RSA keys sign with RS256, EC P-256 keys with ES256 (AFAS accepts RS256,
    PS256 and ES256).
    """
    import jwt
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    key = credential.key.key()
    if isinstance(key, rsa.RSAPrivateKey):
        algorithm = "RS256"
    elif isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp256r1":
        algorithm = "ES256"
    else:
        raise CredentialError("the private key must be RSA or EC P-256 (RS256, PS256, ES256)")
    now = int(time.time())
    claims = {
        "iss": credential.client_id,
        "sub": credential.client_id,
        "aud": audience,
        "iat": now,
        "nbf": now,
        "exp": now + ASSERTION_LIFETIME,
        "jti": secrets.token_urlsafe(24),
    }
    headers = {"kid": credential.key_id} if credential.key_id else None
    return jwt.encode(claims, key, algorithm=algorithm, headers=headers)


def describe(credential: Credential) -> str:
    """What kind of credential this is, in words, naming no secret."""
    if isinstance(credential, ClassicToken):
        return "a classic token"
    if isinstance(credential, ClientSecret):
        return f"client '{visible(credential.client_id, 60)}' with a client secret"
    return f"client '{visible(credential.client_id, 60)}' with a private key"
