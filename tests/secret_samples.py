"""Realistic secrets made afresh from random bytes for each test, and what no output may hold.

A classic AFAS token (base64 of its XML, as an app sends it), a JWT as Profit's
token endpoint answers, and an EC private key in PEM: the three kinds issue 20
names. Nothing live-looking is committed.
"""

from __future__ import annotations

import base64
import secrets
import time

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

__all__ = ["KINDS", "SAMPLES", "a_jwt", "a_pem", "afas_token", "pieces"]


def afas_token() -> str:
    """A classic token as Profit issues it, base64 as an app sends it."""
    xml = f"<token><version>1</version><data>{secrets.token_hex(32).upper()}</data></token>"
    return base64.b64encode(xml.encode()).decode()


def a_jwt() -> str:
    """An access token as Profit's token endpoint answers it."""
    return jwt.encode(
        {"sub": "payroll", "exp": int(time.time()) + 3600, "jti": secrets.token_hex(8)},
        secrets.token_bytes(32),
        algorithm="HS256",
    )


def a_pem() -> str:
    """An unencrypted EC private key in PEM."""
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


SAMPLES = {"AFAS token": afas_token, "JWT": a_jwt, "PEM key": a_pem}
KINDS = {
    "AFAS token": "looks like an AFAS token",
    "JWT": "looks like a JWT",
    "PEM key": "looks like a private key",
}


def pieces(secret: str) -> list[str]:
    """Distinctive pieces of `secret` that no output may hold, whatever it cut or escaped."""
    body = "".join(
        line for line in secret.splitlines() if line and not line.startswith("-----")
    ).replace("\\n", "")
    return [body[i : i + 16] for i in range(0, len(body) - 16, 16)]
