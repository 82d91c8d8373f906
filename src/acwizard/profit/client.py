"""The one HTTP client that talks to Profit (httpx); its failures are worded in `failures`.

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
  `ProfitError` whose message acwizard wrote (`acwizard.profit.failures`).

This module never imports Textual.
"""

from __future__ import annotations

import asyncio
import base64
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
from acwizard.profit.failures import (
    Answer,
    ProfitError,
    resource_error,
    retry_after,
    token_error,
    transport_error,
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


def ssl_context(trust: Trust) -> ssl.SSLContext | bool:
    """What httpx verifies with: True (certifi, or SSL_CERT_FILE/DIR) or the system store."""
    if trust == "system":
        import truststore

        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    return True


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
    ) -> Answer:
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
                raise transport_error(exc, self.base, limits.deadline) from None
        return Answer(response.status_code, response.headers, b"".join(chunks))

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
    ) -> Answer:
        """A call, retried while Profit answers 503 and asks for a wait we honour; a `data`
        that is a function is called for each try (a client assertion is signed anew)."""
        url = path_or_url if "://" in path_or_url else self.base + path_or_url
        limits = self.limits
        for attempt in range(limits.attempts):
            answer = await self._once(method, url, headers, data() if callable(data) else data)
            if answer.status != 503 or attempt == limits.attempts - 1:
                return answer
            wait = retry_after(answer) or limits.backoff * 2**attempt
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
            raise token_error(answer, hidden, self.base)
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
            raise resource_error(answer, hidden, self.base, credential)
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


def _json(answer: Answer, what: str) -> Any:
    """An answer's JSON, or a ProfitError saying what is wrong with it."""
    try:
        return read_json(answer.body, what)
    except MetaInfoError as exc:
        raise ProfitError("bad_answer", str(exc)) from None
