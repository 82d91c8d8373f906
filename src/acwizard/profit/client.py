"""The one HTTP client that talks to Profit (httpx), and every failure said in Profit's terms.

- Every call has a timeout per step (connect, read, write) and a deadline for
  the whole call, body included: a server that drips one byte a second is cut
  off at the deadline, not kept alive by each byte.
- TLS is always verified: by certifi's CAs, or `SSL_CERT_FILE` / `SSL_CERT_DIR`
  when set, or the operating system's trust store (truststore) when the admin
  asks for it (`ACWIZARD_TRUST=system` or `trust = "system"` in the user's
  config file: a company CA, a TLS-inspecting proxy). Proxies come from the
  environment (`HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`).
- At most 5 calls at once (AFAS's limit per environment).
- 503 is retried with backoff, honouring Profit's `retry_after` (or
  `Retry-After`) up to `CallLimits.max_wait`; 401, 403 and 500 are not.
- Redirects are never followed: credentials go to the REST base only.
- An answer is read up to `MAX_ANSWER_BYTES`, as hostile JSON
  (`metainfo.read_json`); whatever a server sends back is shown only as
  inert text, with every form of the credential sent replaced by `<hidden>`.
- No exception text of httpx's is ever shown: each failure becomes a
  `ProfitError` whose message acwizard wrote.

This module never imports Textual.
"""

from __future__ import annotations

import asyncio
import base64
import math
import re
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Self

import httpx

from acwizard.profit.config import Trust
from acwizard.profit.credentials import (
    ASSERTION_TYPE,
    ClassicToken,
    ClientKey,
    ClientSecret,
    Credential,
    CredentialError,
    Secret,
    client_assertion,
)
from acwizard.profit.hosts import (
    MAX_PARALLEL_CALLS,
    METAINFO_PATH,
    PROFIT_VERSION_PATH,
    is_loopback,
    oauth_token_url,
)
from acwizard.profit.metainfo import (
    MAX_ANSWER_BYTES,
    MetaInfo,
    MetaInfoError,
    parse_metainfo,
    read_json,
)
from acwizard.text import visible

_AUTH_PARAMETER = re.compile(r'(error|error_description)="([^"]*)"')
_HEADER_TOKEN = re.compile(r"[\x21-\x7e]+")
"""An access token as an Authorization header can carry it: printable ASCII, no spaces."""


Form = Mapping[str, str] | Callable[[], Mapping[str, str]]
"""A request's form fields, or a function that makes them anew for each try."""


@dataclass(frozen=True)
class CallLimits:
    """How long a call may take, how much it may answer, how often a 503 is tried."""

    connect: float = 10.0
    read: float = 30.0
    deadline: float = 60.0
    """The whole call, body included."""
    max_bytes: int = MAX_ANSWER_BYTES
    attempts: int = 4
    """Tries of a call Profit answers 503 (the first included)."""
    backoff: float = 1.0
    """The first wait after a 503 without retry_after; doubled each time."""
    max_wait: float = 30.0
    """The longest wait honoured; a longer retry_after ends the tries."""


class ProfitError(Exception):
    """A call that failed, said in Profit's terms; the message holds no secret."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: httpx.Headers
    body: bytes


def ssl_context(trust: Trust) -> ssl.SSLContext | bool:
    """What httpx verifies with: True (certifi, or SSL_CERT_FILE/DIR) or the system store."""
    if trust == "system":
        import truststore

        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    return True


def _redacted(text: str, hidden: list[str], limit: int = 300) -> str:
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


def _transport_error(exc: BaseException, base: str, deadline: float) -> ProfitError:
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


class ProfitClient:
    """Calls under one REST base, at most 5 at once; use `async with`."""

    def __init__(
        self,
        base: str,
        trust: Trust = "default",
        limits: CallLimits | None = None,
        parallel: int = MAX_PARALLEL_CALLS,
    ) -> None:
        self.base = base.rstrip("/")
        self.limits = limits or CallLimits()
        self._gate = asyncio.Semaphore(min(parallel, MAX_PARALLEL_CALLS))
        self._http = httpx.AsyncClient(
            verify=ssl_context(trust),
            timeout=httpx.Timeout(
                connect=self.limits.connect,
                read=self.limits.read,
                write=self.limits.read,
                pool=self.limits.deadline,
            ),
            limits=httpx.Limits(max_connections=MAX_PARALLEL_CALLS, max_keepalive_connections=5),
            follow_redirects=False,
            trust_env=True,
            mounts=_no_proxy_for_loopback(self.base),
            # No compression: the body is read raw up to the size limit, so a compressed
            # answer was misread as "not UTF-8", and a decoded one could be a bomb.
            headers={
                "Accept": "application/json",
                "Accept-Encoding": "identity",
                "User-Agent": "acwizard",
            },
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._http.aclose()

    # -- one call -------------------------------------------------------------------

    async def _once(
        self, method: str, url: str, headers: Mapping[str, str], data: Mapping[str, str] | None
    ) -> _Answer:
        """One request, its body read up to the size limit, all within the deadline."""
        limits = self.limits
        async with self._gate:
            try:
                async with asyncio.timeout(limits.deadline):
                    request = self._http.build_request(method, url, headers=headers, data=data)
                    response = await self._http.send(request, stream=True)
                    try:
                        declared = response.headers.get("content-length", "")
                        if declared.isdigit() and int(declared) > limits.max_bytes:
                            raise self._too_large()
                        _refuse_encoding(response.headers.get("content-encoding", ""))
                        chunks: list[bytes] = []
                        total = 0
                        async for chunk in response.aiter_raw():
                            total += len(chunk)
                            if total > limits.max_bytes:
                                raise self._too_large()
                            chunks.append(chunk)
                    finally:
                        await response.aclose()
            except ProfitError:
                raise
            except (TimeoutError, httpx.HTTPError, ssl.SSLError, OSError) as exc:
                raise _transport_error(exc, self.base, limits.deadline) from None
        return _Answer(response.status_code, response.headers, b"".join(chunks))

    def _too_large(self) -> ProfitError:
        """The error for an answer over the size limit."""
        return ProfitError(
            "bad_answer",
            f"the answer is larger than {self.limits.max_bytes // 1024:,} KiB: not read",
        )

    async def call(
        self,
        method: str,
        path_or_url: str,
        headers: Mapping[str, str],
        data: Form | None = None,
    ) -> _Answer:
        """A call, retried while Profit answers 503 and asks for a wait we honour; a `data`
        that is a function is called for each try (a client assertion is signed anew)."""
        url = path_or_url if "://" in path_or_url else self.base + path_or_url
        limits = self.limits
        for attempt in range(limits.attempts):
            answer = await self._once(method, url, headers, data() if callable(data) else data)
            if answer.status != 503 or attempt == limits.attempts - 1:
                return answer
            wait = _retry_after(answer) or limits.backoff * 2**attempt
            if wait > limits.max_wait:
                return answer
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    # -- what verify and import ask -----------------------------------------------------

    async def authorization(self, credential: Credential) -> tuple[str, list[str]]:
        """The Authorization header for `credential` (a token first, for OAuth clients), and
        every form of the secret that must be hidden from server text."""
        if isinstance(credential, ClassicToken):
            return credential.authorization(), credential.shown_forms()
        token = await self.access_token(credential)
        return "Bearer " + token.reveal(), [token.reveal(), *credential.shown_forms()]

    async def access_token(self, credential: ClientSecret | ClientKey) -> Secret:
        """An access token from `{REST base}/oauth/token` (client credentials)."""
        url = oauth_token_url(self.base)
        data = {"grant_type": "client_credentials"}
        headers: dict[str, str] = {}
        hidden = credential.shown_forms()
        if isinstance(credential, ClientSecret):
            # client_secret_basic: id and secret form-urlencoded, then base64 (RFC 6749 2.3.1).
            pair = f"{_form(credential.client_id)}:{_form(credential.secret.reveal())}"
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
            # The form-encoded secret too: a server echoing the decoded pair showed a secret
            # with + / = in it (most are base64) as s3cret%2B... in full.
            hidden += [headers["Authorization"].removeprefix("Basic "), pair.split(":", 1)[1]]
        else:
            key = credential

            def signed() -> dict[str, str]:
                # A new assertion (a new jti) for each try: a retry after a 503 sent the same
                # one, which a token endpoint that had seen it refuses as a replay.
                assertion = client_assertion(key, url)
                hidden.append(assertion)
                return {
                    **data,
                    "client_id": key.client_id,
                    "client_assertion_type": ASSERTION_TYPE,
                    "client_assertion": assertion,
                }

        answer = await self.call(
            "POST", url, headers, data if isinstance(credential, ClientSecret) else signed
        )
        if answer.status != 200:
            raise _token_error(answer, hidden, self.base)
        document = _json(answer, "the token endpoint's answer")
        token = document.get("access_token") if isinstance(document, dict) else None
        kind = document.get("token_type", "") if isinstance(document, dict) else ""
        if not isinstance(token, str) or not token or not isinstance(kind, str):
            raise ProfitError("bad_answer", "the token endpoint answered without an access_token")
        if not _HEADER_TOKEN.fullmatch(token):
            # Non-ASCII made httpx raise UnicodeEncodeError (a traceback, exit 1), a line
            # break a broken-off call: a token is printable ASCII (RFC 6750's b64token and more).
            raise ProfitError(
                "bad_answer",
                "the token endpoint answered an access_token that is no token (printable "
                "ASCII without spaces)",
            )
        if kind.lower() != "bearer":
            raise ProfitError(
                "bad_answer",
                f"the token endpoint answered a '{visible(kind, 20)}' token, not Bearer "
                "(DPoP-only clients cannot verify without a user sign-in)",
            )
        return Secret(token)

    async def get(self, path: str, credential: Credential) -> Any:
        """GET `path` under the REST base with `credential`; the JSON answer."""
        try:
            authorization, hidden = await self.authorization(credential)
        except CredentialError as exc:
            raise ProfitError("credentials", str(exc)) from None
        answer = await self.call("GET", path, {"Authorization": authorization})
        if answer.status != 200:
            raise _resource_error(answer, hidden, self.base, credential)
        return _json(answer, f"the {path} answer")

    async def metainfo(self, credential: Credential) -> MetaInfo:
        """What the connector behind `credential` grants: `GET {base}/metainfo`."""
        document = await self.get(METAINFO_PATH, credential)
        try:
            return parse_metainfo(document)
        except MetaInfoError as exc:
            raise ProfitError("bad_answer", f"the /metainfo answer: {exc}") from None

    async def profit_version(self, credential: Credential) -> str | None:
        """Profit's version (`GET {base}/profitversion`, needs AppConnectorVersion)."""
        document = await self.get(PROFIT_VERSION_PATH, credential)
        version = document.get("version") if isinstance(document, dict) else None
        return visible(version, 40) if isinstance(version, str) else None


def _no_proxy_for_loopback(base: str) -> dict[str, None]:
    """No proxy for a loopback base: plain http is allowed there because nothing crosses a
    network, but httpx handed such a request, token and all, in plain text to the
    environment's HTTP_PROXY (which would ask its own loopback address anyway)."""
    from urllib.parse import urlsplit

    if not is_loopback(urlsplit(base).hostname or ""):
        return {}
    return {"http://": None, "https://": None, "all://": None}


def _refuse_encoding(encoding: str) -> None:
    """A ProfitError for an answer compressed although acwizard asked for none."""
    coding = encoding.strip().lower()
    if coding and coding != "identity":
        raise ProfitError(
            "bad_answer",
            f"the answer came compressed ({visible(coding, 40)}), though acwizard asked for "
            "no compression: not read",
        )


def _form(value: str) -> str:
    """application/x-www-form-urlencoded, as client_secret_basic wants before base64."""
    from urllib.parse import quote_plus

    return quote_plus(value)


def _json(answer: _Answer, what: str) -> Any:
    """An answer's JSON, or a ProfitError saying what is wrong with it."""
    try:
        return read_json(answer.body, what)
    except MetaInfoError as exc:
        raise ProfitError("bad_answer", str(exc)) from None


def _retry_after(answer: _Answer) -> float | None:
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


def _error_document(answer: _Answer) -> dict[str, Any]:
    """An error answer's JSON object, {} when it is none."""
    try:
        document = read_json(answer.body, "the error answer", 256 * 1024)
    except MetaInfoError:
        return {}
    return document if isinstance(document, dict) else {}


def _challenge(answer: _Answer, hidden: list[str]) -> str:
    """Why a 401 was given, from WWW-Authenticate (Profit 9), or ''."""
    header = answer.headers.get("www-authenticate", "")
    found = dict(_AUTH_PARAMETER.findall(header))
    reason = found.get("error_description") or found.get("error")
    if not reason:
        return ""
    return f" Profit says: {_redacted(reason, hidden, 200)}."


def _resource_error(
    answer: _Answer, hidden: list[str], base: str, credential: Credential
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
    return _status_error(answer, hidden, base)


def _status_error(answer: _Answer, hidden: list[str], base: str) -> ProfitError:
    """500, 503, redirects, 404 and anything else."""
    status = answer.status
    if status == 500:
        document = _error_document(answer)
        reference = document.get("profitLogReference")
        message = document.get("externalMessage")
        words = "Profit failed (500)"
        if isinstance(reference, str | int) and not isinstance(reference, bool):
            words += f"; Profit's log reference: {_redacted(str(reference), hidden, 80)}"
        if isinstance(message, str) and message:
            words += f"; it says: {_redacted(message, hidden, 200)}"
        return ProfitError("server_error", words)
    if status == 503:
        wait = _retry_after(answer)
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


def _token_error(answer: _Answer, hidden: list[str], base: str) -> ProfitError:
    """A token endpoint's refusal in OAuth's and Profit's terms."""
    document = _error_document(answer)
    code = document.get("error")
    if answer.status in (400, 401) and isinstance(code, str):
        words = _TOKEN_ERRORS.get(
            code, f"Profit refused the token request ({_redacted(code, hidden, 60)})"
        )
        description = document.get("error_description")
        if isinstance(description, str) and description:
            words += f". Profit says: {_redacted(description, hidden, 200)}"
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
    return _status_error(answer, hidden, base)
