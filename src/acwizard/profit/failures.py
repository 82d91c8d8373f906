"""What Profit's answers and failures mean, in Profit's terms (for `profit.client`).

Every failure of a call becomes a `ProfitError` whose message acwizard wrote: a
transport error (timeout, TLS, proxy, refused connection), a status (401 with the
`WWW-Authenticate` reason, 403 as an IP restriction, 500 with Profit's log
reference, 503 with its `retry_after`) or a token endpoint's OAuth error. Whatever
a server sends back is shown only as inert text, with every form of the credential
sent replaced by `<hidden>` (`redacted`). This module never imports Textual.
"""

from __future__ import annotations

import math
import re
import ssl
from dataclasses import dataclass
from typing import Any

import httpx

from acwizard.profit.credentials import ClassicToken, Credential
from acwizard.profit.metainfo import MetaInfoError, read_json
from acwizard.text import visible

_AUTH_PARAMETER = re.compile(r'(error|error_description)="([^"]*)"')


class ProfitError(Exception):
    """A call that failed, said in Profit's terms; the message holds no secret."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class Answer:
    status: int
    headers: httpx.Headers
    body: bytes


def redacted(text: str, hidden: list[str], limit: int = 300) -> str:
    """Server text as inert words, with every form of the credential replaced."""
    for form in hidden:
        if form:
            text = text.replace(form, "<hidden>")
    return visible(text, limit)


def _tls_reason(exc: BaseException) -> str | None:
    """Why TLS failed, from the ssl error in an httpx exception's chain; None if not TLS."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return None
        if isinstance(seen, ssl.SSLCertVerificationError):
            return f"the certificate could not be verified ({visible(seen.verify_message, 120)})"
        if isinstance(seen, ssl.SSLError):
            return f"the TLS handshake failed ({visible(seen.reason or 'error', 120)})"
        seen = seen.__cause__ or seen.__context__
    return None


def transport_error(exc: BaseException, base: str, deadline: float) -> ProfitError:
    """An httpx or timeout exception in words; httpx's own text is never used."""
    if isinstance(exc, TimeoutError | httpx.TimeoutException):
        return ProfitError(
            "timeout",
            f"no complete answer from {base} within {deadline:g} s (timeout): Profit or the "
            "network is slow or unreachable",
        )
    if isinstance(exc, httpx.ProxyError):
        return ProfitError(
            "proxy",
            "the proxy from HTTPS_PROXY / ALL_PROXY refused the connection or could not be "
            "reached (NO_PROXY lists hosts that bypass it)",
        )
    tls = _tls_reason(exc)
    if tls is not None:
        return ProfitError(
            "tls",
            f"TLS to {base} failed: {tls}. acwizard always verifies TLS: for a company CA set "
            "SSL_CERT_FILE, or ACWIZARD_TRUST=system to use the system's trust store",
        )
    if isinstance(exc, httpx.ConnectError):
        return ProfitError("connect", f"cannot connect to {base}: is the address right?")
    return ProfitError("network", f"the connection to {base} broke off before an answer came")


def _error_document(answer: Answer) -> dict[str, Any]:
    """An error answer's JSON object, {} when it is none."""
    try:
        document = read_json(answer.body, "the error answer", 256 * 1024)
    except MetaInfoError:
        return {}
    return document if isinstance(document, dict) else {}


def _challenge(answer: Answer, hidden: list[str]) -> str:
    """Why a 401 was given, from WWW-Authenticate (Profit 9), or ''."""
    header = answer.headers.get("www-authenticate", "")
    found = dict(_AUTH_PARAMETER.findall(header))
    reason = found.get("error_description") or found.get("error")
    if not reason:
        return ""
    return f" Profit says: {redacted(reason, hidden, 200)}."


def resource_error(
    answer: Answer, hidden: list[str], base: str, credential: Credential
) -> ProfitError:
    """A connector call's failure in Profit's terms."""
    status = answer.status
    if status == 401:
        what = "token" if isinstance(credential, ClassicToken) else "access token"
        return ProfitError(
            "unauthorized",
            f"Profit refused the {what} (401): it is wrong or badly encoded, expired or "
            "revoked, the app connector is blocked, or it may not call this."
            + _challenge(answer, hidden),
        )
    if status == 403:
        return ProfitError(
            "ip_restricted",
            "Profit refused this machine's address (403): the app connector's IP restrictions "
            "do not allow it; verify from an allowed address or add this one in Profit",
        )
    return status_error(answer, hidden, base)


def status_error(answer: Answer, hidden: list[str], base: str) -> ProfitError:
    """500, 503, redirects, 404 and anything else."""
    status = answer.status
    if status == 500:
        document = _error_document(answer)
        reference = document.get("profitLogReference")
        message = document.get("externalMessage")
        words = "Profit failed (500)"
        if isinstance(reference, str | int) and not isinstance(reference, bool):
            words += f"; Profit's log reference: {redacted(str(reference), hidden, 80)}"
        if isinstance(message, str) and message:
            words += f"; it says: {redacted(message, hidden, 200)}"
        return ProfitError("server_error", words)
    if status == 503:
        wait = retry_after(answer)
        later = f"; it asks to try again in {wait:g} s" if wait is not None else ""
        return ProfitError("unavailable", f"Profit is unavailable (503), also after retries{later}")
    if 300 <= status < 400:
        return ProfitError(
            "redirect",
            f"Profit answered with a redirect ({status}); not followed: credentials go only "
            f"to {base}",
        )
    if status == 404:
        return ProfitError("not_found", f"not found (404) under {base}: is the REST base right?")
    return ProfitError("http", f"Profit answered HTTP {status}, which acwizard does not expect")


_TOKEN_ERRORS = {
    "invalid_client": (
        "Profit refused the client (invalid_client): an unknown client id, a wrong or expired "
        "client secret, or a key or assertion it does not accept"
    ),
    "invalid_request": "Profit refused the token request (invalid_request)",
    "unauthorized_client": (
        "Profit does not let this client use client credentials (unauthorized_client)"
    ),
    "use_dpop_nonce": (
        "this client requires DPoP (use_dpop_nonce): cannot verify without a user sign-in"
    ),
    "invalid_grant": "Profit refused the grant (invalid_grant)",
}


def token_error(answer: Answer, hidden: list[str], base: str) -> ProfitError:
    """A token endpoint's refusal in OAuth's and Profit's terms."""
    document = _error_document(answer)
    code = document.get("error")
    if answer.status in (400, 401) and isinstance(code, str):
        words = _TOKEN_ERRORS.get(
            code, f"Profit refused the token request ({redacted(code, hidden, 60)})"
        )
        description = document.get("error_description")
        if isinstance(description, str) and description:
            words += f". Profit says: {redacted(description, hidden, 200)}"
        kind = "dpop" if code == "use_dpop_nonce" else code
        return ProfitError(kind if code in _TOKEN_ERRORS else "token", words)
    if answer.status == 401:
        return ProfitError("invalid_client", _TOKEN_ERRORS["invalid_client"])
    if answer.status == 403:
        return ProfitError(
            "ip_restricted",
            "Profit refused this machine's address at the token endpoint (403): an IP "
            "restriction does not allow it",
        )
    return status_error(answer, hidden, base)


def retry_after(answer: Answer) -> float | None:
    """Seconds Profit asks to wait: `retry_after` in the body, else the Retry-After header."""
    try:
        document = read_json(answer.body, "the 503 answer", 64 * 1024)
    except MetaInfoError:
        document = None
    value: Any = document.get("retry_after") if isinstance(document, dict) else None
    if value is None:
        value = answer.headers.get("retry-after")
    try:
        seconds = float(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None
    if seconds is None or math.isnan(seconds) or seconds < 0:
        return None
    return seconds
