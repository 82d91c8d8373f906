"""The URL rules: https (http only for a loopback redirect), no credentials, no secret
parameters, hosts judged as clients resolve them (`acwizard.model.hosts`).

Redirect URLs are opened by the user's browser; webhook and JWKS URLs are
called by Profit's servers, so their hosts must be public. Messages never
repeat the URL: it may hold a secret. Pure: no pydantic until an error is raised.
"""

from __future__ import annotations

import contextlib
from urllib.parse import parse_qsl, urlsplit

from acwizard.model.errors import rule_error
from acwizard.model.format import SECRET_WORDS, URL_MAX_LENGTH
from acwizard.model.hosts import host_not_public, is_ipv4_shorthand, is_loopback_host, url_host
from acwizard.text import unsafe_character, visible

SECRET_QUERY_NAMES = frozenset(
    {
        "client_secret",
        "secret",
        "token",
        "access_token",
        "refresh_token",
        "id_token",
        "password",
        "passwd",
        "pwd",
        "pass",
        "key",
        "api_key",
        "apikey",
        "code",
        "signature",
        "sig",
        "auth",
        "authorization",
        "credentials",
        "private_key",
    }
)
"""Query (or fragment) parameter names that carry a secret; such a URL is refused."""


def check_url(value: str, *, loopback_http: bool = False, public: bool = False) -> str:
    """An https URL without credentials or secret-looking parameters.

    `loopback_http`: http is accepted for a loopback host (a native app's
    redirect URL). `public`: the host must be reachable from the internet (a
    webhook, a JWKS URL: Profit's servers call them): no loopback, private,
    link-local, multicast or reserved address, none embedded in IPv6, no
    localhost. The host is judged as clients resolve it (`url_host`): `%` and
    `\\` in the authority and hosts that UTS 46 maps to another are refused.
    Messages never repeat the URL: it may hold a secret.
    """
    if not value:
        raise rule_error(
            "missing_url", "is required: an https URL, such as https://app.example.com/path"
        )
    problem = unsafe_character(value)
    if problem or any(ch.isspace() for ch in value):
        raise rule_error("unsafe_url", "a URL has no spaces or control characters")
    if len(value) > URL_MAX_LENGTH:
        raise rule_error("too_long", f"a URL is at most {URL_MAX_LENGTH} characters long")
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise rule_error(
            "bad_url", "is not a valid URL (such as https://app.example.com/path)"
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or not host:
        raise rule_error(
            "bad_url", "is not a valid https URL (such as https://app.example.com/path)"
        )
    if parts.username is not None or parts.password is not None:
        raise rule_error(
            "url_credentials",
            "holds a user name or password (user:password@); secrets never go into files",
        )
    _check_parameters(parts.query, parts.fragment)
    _check_authority(parts.netloc, host)
    canonical = url_host(host)
    if is_ipv4_shorthand(canonical.ascii):
        raise rule_error(
            "ip_shorthand",
            "has an IPv4 address in a short or numeric form as its host (such as 127.1 or "
            "2130706433), which systems read differently: write the address as four numbers, "
            "a.b.c.d",
        )
    if scheme == "http" and not (loopback_http and is_loopback_host(canonical.ascii)):
        where = (
            " (http only for a loopback address: 127.0.0.1, ::1, localhost)"
            if loopback_http
            else ""
        )
        raise rule_error("not_https", f"must start with https://{where}")
    why = host_not_public(canonical) if public else None
    if why is not None:
        raise rule_error(
            "not_public",
            f"host {visible(canonical.written, 60)} is not publicly reachable ({why}); "
            "Profit calls this URL from the internet",
        )
    return value


def _check_parameters(query: str, fragment: str) -> None:
    """No query or fragment parameter named like a secret."""
    for piece in (query, fragment):
        for name, _ in parse_qsl(piece, keep_blank_values=True):
            folded = name.strip().casefold()
            if folded in SECRET_QUERY_NAMES or any(word in folded for word in SECRET_WORDS):
                raise rule_error(
                    "url_secret",
                    f"has a parameter named '{visible(name, 40)}', which carries a secret; "
                    "secrets never go into files",
                )


def _check_authority(authority: str, host: str) -> None:
    """No %-escape or backslash in the authority, no wildcard in the host.

    Browsers decode `%2e` in a host and read `\\` as `/` (so
    `https://127.0.0.1\\.example.com/` goes to 127.0.0.1); Python's parser
    does neither, so the host judged would not be the host called.
    """
    if "%" in authority:
        raise rule_error(
            "host_escape",
            "has a %-escape in its host, which clients decode into another host: write the "
            "host in plain form (an IPv6 zone, %..., is never reachable from the internet)",
        )
    if "\\" in authority:
        raise rule_error(
            "host_backslash",
            "has a backslash (\\) before its path, which browsers read as '/', so the host "
            "would be another one: write '/'",
        )
    if "*" in host:
        raise rule_error(
            "url_wildcard",
            "has a wildcard (*) in its host; Profit matches URLs exactly, so a wildcard never "
            "matches: write the full host name",
        )


def check_redirect_url(value: str) -> str:
    """A redirect URL: `check_url` for a native app's redirect, and no fragment.

    OAuth 2.1 forbids a fragment in a redirect URI and Profit refuses one.
    """
    check_url(value, loopback_http=True)
    if "#" in value:
        raise rule_error(
            "redirect_fragment",
            "a redirect URL has no fragment (#...): OAuth 2.1 forbids it and Profit refuses it",
        )
    return value


def check_jwks_url(value: str) -> str:
    """A JWKS URL: `check_url` for a host Profit's servers fetch the app's keys from, so public."""
    return check_url(value, public=True)


def redirect_key(url: str) -> str:
    """`url` as it is compared with others: scheme and host in lower case, the rest as it is.

    Scheme and host ignore case (RFC 3986, 6.2.2.1), so
    `HTTPS://Expenses.Example.com/cb` is `https://expenses.example.com/cb`;
    the path, query and port are compared as written. An international host
    is compared in the form clients look up (`bücher.example` is
    `xn--bcher-kva.example`). `url` has passed `check_url`: it has a scheme,
    `://` and a host, and no user name.
    """
    scheme, _, rest = url.partition("://")
    end = len(rest)
    for mark in "/?#":
        found = rest.find(mark)
        if found != -1:
            end = min(end, found)
    authority = rest[:end].lower()
    if not authority.isascii() or "xn--" in authority:
        host, colon, port = authority.rpartition(":")
        if not (colon and port.isdigit()):
            host, colon, port = authority, "", ""
        with contextlib.suppress(ValueError):  # not valid: compared as written
            authority = url_host(host).ascii + colon + port
    return f"{scheme.lower()}://{authority}{rest[end:]}"
