"""A stand-in for Profit's REST services: a real HTTP server on a loopback address.

It answers what AFAS documents (shared/DOMAIN.md, "Calling Profit") for a set
of app connectors: `GET /metainfo`, `GET /profitversion` and `POST
/oauth/token`, under a REST base such as `http://127.0.0.1:PORT/ProfitRestServices`,
over plain http or TLS (a certificate from a test CA, made with trustme). It
checks the Authorization header as Profit does: `AfasToken` followed by the
base64 of a token's XML (anything else is 401), or `Bearer` with a token it
issued itself at /oauth/token for client credentials (client_secret_basic, or
a private key JWT assertion: signature, audience, `exp` at most 5 minutes
ahead, a `jti` never seen before).

Each connector can be told to misbehave (`Behaviour`): 401 with a
`WWW-Authenticate` reason, 403 (an IP restriction), 500 with a log reference,
503 with `retry_after` a number of times, a slow answer, a malformed, huge,
deeply nested or wrongly shaped body. Tests start it in a thread; an admin
starts it by hand (`python -m acwizard.standin`, see the README). It binds only
to loopback addresses and holds no real credential. This module never imports
Textual.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote_plus

REST_PATH = "/ProfitRestServices"
PROFIT_VERSION = "22.22.5"
SPECIAL_KEY = "customConnectors"
"""Where this stand-in lists special connectors: AFAS does not document the key (a guess)."""
_TOKEN_XML = re.compile(r"<token><version>1</version><data>([0-9A-Fa-f]+)</data></token>\s*")
LOOPBACK = ("127.0.0.1", "::1", "localhost")


@dataclass
class Behaviour:
    """How a connector's calls are answered; `ok` unless a test says otherwise."""

    kind: str = "ok"
    """ok, unauthorized, echo (401 repeating the Authorization header), redirect, forbidden,
    server_error, unavailable, slow, malformed, huge, deep, wrong_shape."""
    reason: str = ""
    """For `unauthorized`: the WWW-Authenticate error_description; for `redirect`: where to."""
    times: int = 1
    """For `unavailable`: how many calls get 503 before one is answered."""
    retry_after: float = 0
    delay: float = 0.0
    """For `slow`: seconds between bytes of the body."""


@dataclass
class FakeConnector:
    """An app connector as the stand-in's Profit holds it."""

    id: str
    description: str
    user_group: str
    get_connectors: list[tuple[str, str]] = field(default_factory=list)
    update_connectors: list[tuple[str, str]] = field(default_factory=list)
    special_connectors: list[tuple[str, str]] | None = None
    blocked: bool = False
    token_data: str | None = None
    """The hex <data> of its classic token, or None when it takes none."""
    client_id: str | None = None
    client_secret: str | None = None
    public_key: Any = None
    """For private key JWT: the public key assertions are checked with."""
    behaviour: Behaviour = field(default_factory=Behaviour)


@dataclass
class StandIn:
    """The Profit environment the server plays: its id and its app connectors."""

    environment: str
    connectors: dict[str, FakeConnector]
    issued: dict[str, str] = field(default_factory=dict)
    """Bearer tokens issued: token -> connector id."""
    seen_jti: set[str] = field(default_factory=set)
    calls: list[tuple[str, str, str | None, int]] = field(default_factory=list)
    """Every call: method, path, the connector it was made as (None: unknown), status."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def by_token(self, data: str) -> FakeConnector | None:
        """The connector whose classic token has this <data>."""
        for connector in self.connectors.values():
            if connector.token_data is not None and secrets.compare_digest(
                connector.token_data.lower(), data.lower()
            ):
                return connector
        return None

    def metainfo(self, connector: FakeConnector) -> dict[str, Any]:
        """The documented /metainfo answer for `connector`."""
        document: dict[str, Any] = {
            "updateConnectors": [
                {"id": ident, "description": text} for ident, text in connector.update_connectors
            ],
            "getConnectors": [
                {"id": ident, "description": text} for ident, text in connector.get_connectors
            ],
            "info": {
                "envid": self.environment,
                "appName": connector.description,
                "group": connector.user_group,
                "tokenExpiry": "0",
            },
        }
        if connector.special_connectors is not None:
            document[SPECIAL_KEY] = [
                {"id": ident, "description": text} for ident, text in connector.special_connectors
            ]
        return document

    def calls_as(self, connector_id: str, path: str = "/metainfo") -> int:
        """How many calls of `path` were made as `connector_id`."""
        with self.lock:
            return sum(1 for _, p, who, _ in self.calls if who == connector_id and p == path)


class _Handler(BaseHTTPRequestHandler):
    """One request; the server's `standin` decides the answer."""

    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the stand-in's output is the admin's terminal."""

    # -- answering --------------------------------------------------------------------

    def _send(
        self,
        status: int,
        body: bytes,
        headers: dict[str, str] | None = None,
        who: str | None = None,
        delay: float = 0.0,
    ) -> None:
        """Answer with `body` (as JSON), dripping it byte by byte when `delay`."""
        standin = self.server.standin
        with standin.lock:
            standin.calls.append((self.command, self._path(), who, status))
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Trace-Identifier", secrets.token_hex(8))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        try:
            if delay:
                for index in range(len(body)):
                    self.wfile.write(body[index : index + 1])
                    self.wfile.flush()
                    time.sleep(delay)
            else:
                self.wfile.write(body)
        except OSError:
            self.close_connection = True

    def _json(self, status: int, document: Any, **kwargs: Any) -> None:
        """Answer with a JSON document."""
        self._send(status, json.dumps(document).encode(), **kwargs)

    def _path(self) -> str:
        """The path under the REST base ('' when outside it)."""
        path = self.path.split("?", 1)[0]
        return path.removeprefix(REST_PATH) if path.startswith(REST_PATH) else ""

    # -- who is calling -----------------------------------------------------------------

    def _caller(self) -> FakeConnector | None:
        """The connector the Authorization header names; None after answering 401."""
        standin = self.server.standin
        header = self.headers.get("Authorization", "")
        scheme, _, value = header.partition(" ")
        connector = None
        reason = "no credentials"
        if scheme == "AfasToken":
            try:
                xml = base64.b64decode(value, validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError, ValueError):
                xml = ""
            match = _TOKEN_XML.fullmatch(xml)
            connector = standin.by_token(match.group(1)) if match else None
            reason = "the token is not valid" if match else "the token is not base64 token XML"
        elif scheme == "Bearer":
            with standin.lock:
                ident = standin.issued.get(value)
            connector = standin.connectors.get(ident) if ident else None
            reason = "the access token is not valid"
        if connector is None or connector.blocked:
            if connector is not None:
                reason = "the app connector is blocked"
            challenge = (
                f'Bearer error="invalid_token", error_description="{reason}"'
                if header
                else "Bearer, DPoP"
            )
            self._json(
                401,
                {"error": "invalid_token"},
                headers={"WWW-Authenticate": challenge},
                who=connector.id if connector else None,
            )
            return None
        return connector

    # -- the endpoints ----------------------------------------------------------------

    def do_GET(self) -> None:
        """/metainfo and /profitversion."""
        path = self._path()
        if path not in ("/metainfo", "/profitversion"):
            self._json(404, {"error": "not found"})
            return
        connector = self._caller()
        if connector is None:
            return
        if self._misbehave(connector):
            return
        if path == "/profitversion":
            self._json(200, {"version": PROFIT_VERSION}, who=connector.id)
            return
        self._json(200, self.server.standin.metainfo(connector), who=connector.id)

    def _misbehave(self, connector: FakeConnector) -> bool:
        """Answer as `connector.behaviour` says, True when it did."""
        rule = connector.behaviour
        who = connector.id
        if rule.kind == "unauthorized":
            challenge = f'Bearer error="invalid_token", error_description="{rule.reason}"'
            self._json(401, {}, headers={"WWW-Authenticate": challenge}, who=who)
        elif rule.kind == "echo":  # a hostile server repeating the credential it was sent
            header = self.headers.get("Authorization", "")
            challenge = f'Bearer error="invalid_token", error_description="{header}"'
            self._json(401, {"error": header}, headers={"WWW-Authenticate": challenge}, who=who)
        elif rule.kind == "redirect":
            self._json(302, {}, headers={"Location": rule.reason}, who=who)
        elif rule.kind == "forbidden":
            self._json(403, {"error": "forbidden"}, who=who)
        elif rule.kind == "server_error":
            error = {"externalMessage": "Er is een fout opgetreden", "errorNumber": -1}
            self._json(500, {**error, "profitLogReference": "LOG-8F3A21"}, who=who)
        elif rule.kind == "unavailable" and rule.times > 0:
            rule.times -= 1
            error = {"error": {"message": "Profit is being updated"}}
            self._json(503, {**error, "retry_after": rule.retry_after}, who=who)
        elif rule.kind == "slow":
            document = json.dumps(self.server.standin.metainfo(connector)).encode()
            self._send(200, document, who=who, delay=rule.delay)
        elif rule.kind == "malformed":
            self._send(200, b'{"getConnectors": [{"id": "Profit_Employees", "descri', who=who)
        elif rule.kind == "huge":  # no Content-Length: the body runs until the connection ends
            with self.server.standin.lock:
                self.server.standin.calls.append((self.command, self._path(), who, 200))
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            try:
                self.wfile.write(b'{"getConnectors": [], "pad": "')
                for _ in range(20):
                    self.wfile.write(b" " * (1024 * 1024))
            except OSError:
                pass
        elif rule.kind == "deep":
            self._send(200, b"[" * 5000 + b"]" * 5000, who=who)
        elif rule.kind == "wrong_shape":
            self._json(200, {"getConnectors": "all of them"}, who=who)
        else:
            return False
        return True

    def do_POST(self) -> None:
        """/oauth/token: client credentials."""
        if self._path() != "/oauth/token":
            self._json(404, {"error": "not found"})
            return
        length = self.headers.get("Content-Length", "0")
        body = self.rfile.read(int(length)) if length.isdigit() and int(length) < 65536 else b""
        form = {key: values[0] for key, values in parse_qs(body.decode("latin-1")).items()}
        if form.get("grant_type") != "client_credentials":
            self._json(400, {"error": "unsupported_grant_type"})
            return
        basic = self.headers.get("Authorization", "")
        if basic and "client_assertion" in form:
            self._json(400, {"error": "invalid_request"})
            return
        connector = self._basic_client(basic) if basic else self._assertion_client(form)
        if connector is None:
            if basic:
                self._json(401, {"error": "invalid_client"}, headers={"WWW-Authenticate": "Basic"})
            else:
                self._json(400, {"error": "invalid_client"})
            return
        token = secrets.token_urlsafe(32)
        with self.server.standin.lock:
            self.server.standin.issued[token] = connector.id
        document = {"access_token": token, "token_type": "Bearer", "expires_in": 3600}
        self._json(200, document, who=connector.id)

    def _basic_client(self, header: str) -> FakeConnector | None:
        """client_secret_basic: form-urlencoded id and secret, base64."""
        scheme, _, value = header.partition(" ")
        try:
            pair = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None
        client, _, secret = pair.partition(":")
        client, secret = unquote_plus(client), unquote_plus(secret)
        for connector in self.server.standin.connectors.values():
            if (
                scheme == "Basic"
                and connector.client_id == client
                and connector.client_secret is not None
                and secrets.compare_digest(connector.client_secret, secret)
            ):
                return connector
        return None

    def _assertion_client(self, form: dict[str, str]) -> FakeConnector | None:
        """private_key_jwt: a client assertion signed by the key the connector knows."""
        import jwt

        standin = self.server.standin
        client = form.get("client_id", "")
        connector = next(
            (c for c in standin.connectors.values() if c.client_id and c.client_id == client),
            None,
        )
        if connector is None or connector.public_key is None:
            return None
        scheme = "https" if self.server.tls else "http"
        audience = f"{scheme}://{self.headers.get('Host', '')}{REST_PATH}/oauth/token"
        try:
            claims = jwt.decode(
                form.get("client_assertion", ""),
                connector.public_key,
                algorithms=["RS256", "PS256", "ES256"],
                audience=audience,
                issuer=client,
                options={"require": ["exp", "iat", "jti", "sub"]},
            )
        except jwt.PyJWTError:
            return None
        if claims["sub"] != client or claims["exp"] > time.time() + 300:
            return None
        with standin.lock:
            if claims["jti"] in standin.seen_jti:
                return None
            standin.seen_jti.add(claims["jti"])
        return connector


class _Server(ThreadingHTTPServer):
    """A threading HTTP server that knows its stand-in."""

    daemon_threads = True
    standin: StandIn
    tls: bool = False


def make_server(
    standin: StandIn, host: str = "127.0.0.1", port: int = 0, tls: ssl.SSLContext | None = None
) -> _Server:
    """A server for `standin` on a loopback address; `tls` wraps it in TLS."""
    if host not in LOOPBACK:
        raise ValueError("the stand-in listens on a loopback address only (127.0.0.1, ::1)")
    server_class: type[_Server] = type("_Bound", (_Server,), {"address_family": _family(host)})
    server = server_class((host, port), _Handler)
    server.standin = standin
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
        server.tls = True
    return server


def _family(host: str) -> int:
    """AF_INET6 for ::1, else AF_INET."""
    import socket

    return socket.AF_INET6 if ":" in host else socket.AF_INET


def base_url(server: _Server) -> str:
    """The REST base the server answers under."""
    host, port = server.server_address[:2]
    name = host.decode() if isinstance(host, bytes) else str(host)
    shown = f"[{name}]" if ":" in name else name
    return f"{'https' if server.tls else 'http'}://{shown}:{port}{REST_PATH}"


@contextmanager
def serving(
    standin: StandIn, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None
) -> Iterator[str]:
    """Run the stand-in in a thread while the block runs; yields its REST base."""
    server = make_server(standin, host, 0, tls)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield base_url(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
