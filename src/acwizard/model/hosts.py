"""A URL's host as browsers and HTTP clients resolve it (issue 18).

Clients map an international host by UTS 46 before they look it up
(full-width letters and digits, circled digits and ideographic dots become
ASCII), decode `%`-escapes and read `\\` as `/`; a host judged as written
would not be the host called. `url_host` refuses a host that the mapping
changes, so what a reviewer reads is what is called, and gives the form
clients look up; `host_lookalike` says when that form hides another script.
Pure: no pydantic (the errors are made by `errors.rule_error` only when raised).
"""

from __future__ import annotations

import ipaddress
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from acwizard.model.errors import rule_error
from acwizard.model.ip import IpAddress, is_loopback_address, not_public
from acwizard.text import char_name, first_lookalike, skeleton, visible

_LOOPBACK_NAMES = frozenset({"localhost"})
_PRIVATE_NAME_ENDINGS = (".localhost", ".local", ".internal", ".home.arpa", ".lan")
"""Names that resolve only inside a network (RFC 6761, 6762, 8375, and the usual habits)."""


@dataclass(frozen=True, slots=True)
class UrlHost:
    """A URL's host as clients resolve it: written form, ASCII (A-label) form, address."""

    written: str
    """As written, in lower case (brackets of an IPv6 literal removed)."""
    ascii: str
    """What a client looks up: international labels as `xn--` A-labels."""
    unicode: str
    """What a reviewer reads: `xn--` labels decoded."""
    address: IpAddress | None
    """The IP literal the host is, or None for a name."""


def host_address(host: str) -> IpAddress | None:
    """The IP literal a host is, or None for a name (127.0.0.1. with its final dot too)."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if host.endswith("."):
        try:
            return ipaddress.IPv4Address(host[:-1])
        except ValueError:
            pass
    return None


def _first_mapped(host: str) -> str:
    """Where the UTS 46 mapping changes `host` first, as "character 4 is U+3002 ..."."""
    import idna

    for position, ch in enumerate(host, start=1):
        try:
            mapped = idna.uts46_remap(ch, std3_rules=False, transitional=False)
        except idna.IDNAError:
            mapped = ""
        if mapped != ch:
            return f"character {position} is {char_name(ch)}"
    return "a character is read as another"  # pragma: no cover - the caller saw a change


def url_host(host: str) -> UrlHost:
    """`host` (from `urlsplit`, in lower case) as clients resolve it; refuses what they
    would read as another host.

    Browsers and HTTP clients map an international host by UTS 46 before they
    look it up: full-width letters and digits, circled digits, ideographic and
    full-width dots become ASCII (`127` written in full-width digits and `U+3002`
    ideographic full stops is 127.0.0.1). A host
    that the mapping changes is refused, so what a reviewer reads is what is
    called; then its labels are turned into A-labels (`xn--`), which must be
    valid IDNA, and `xn--` labels as written are decoded for the reviewer.
    """
    address = host_address(host)
    if address is not None:
        return UrlHost(host, host, host, address)
    if host.isascii() and "xn--" not in host:  # the usual host: nothing to map or decode
        return UrlHost(host, host, host, None)
    import idna  # here: 20 ms to import, for international hosts only

    if not host.isascii():
        try:
            mapped = idna.uts46_remap(host, std3_rules=False, transitional=False)
        except idna.IDNAError:
            mapped = ""
        if mapped != host:
            try:
                shown = idna.encode(mapped, uts46=False).decode("ascii") if mapped else ""
            except idna.IDNAError:
                shown = ""
            reads = (
                f"; clients read it as {visible(shown, 80)}" if shown.isascii() and shown else ""
            )
            raise rule_error(
                "host_mapped",
                f"has a host written with characters clients read as others "
                f"({_first_mapped(host)}){reads}: write the host in plain form",
            )
    ascii_labels: list[str] = []
    unicode_labels: list[str] = []
    for label in host.split("."):
        try:
            if not label.isascii():
                ascii_labels.append(idna.alabel(label).decode("ascii"))
                unicode_labels.append(label)
            elif label.startswith("xn--"):
                unicode_labels.append(idna.ulabel(label))
                ascii_labels.append(label)
            else:
                ascii_labels.append(label)
                unicode_labels.append(label)
        except (idna.IDNAError, UnicodeError):
            raise rule_error(
                "bad_host",
                "has a host that is no valid international domain name (IDNA)",
            ) from None
    return UrlHost(host, ".".join(ascii_labels), ".".join(unicode_labels), None)


def _script(ch: str) -> str | None:
    """The script a letter belongs to, by its Unicode name; None for digits, marks and signs.

    Han, kana and Hangul count as one: Japanese and Korean names mix them.
    """
    if not ch.isalpha():
        return None
    word = unicodedata.name(ch, "?").split(" ")[0]
    return "CJK" if word in _CJK_WORDS else word


_CJK_WORDS = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC"})


def host_lookalike(url: str) -> str | None:
    """Why the host of a valid `url` may not be the one it looks like, or None.

    A label that mixes scripts (a Cyrillic `a`, U+0430, in a Latin name), or one whose
    letters are all look-alikes of Latin ones, reads as another host; the
    reviewer is shown the form clients look up (`xn--pple-43d.com`). The URL
    itself is never repeated (it may hold a secret): only its host.
    """
    try:
        host = url_host(urlsplit(url).hostname or "")
    except ValueError:  # no valid URL, or a host clients read as another: no warning
        return None
    if host.unicode.isascii():
        return None
    for label in host.unicode.split("."):
        scripts = {script for script in map(_script, label) if script is not None}
        if len(scripts) > 1:
            why = "mixes scripts"
        elif not label.isascii() and skeleton(label).isascii():
            why = "is written in letters that look Latin"
        else:
            continue
        where = first_lookalike(label) or _first_non_ascii(label)
        return (
            f"the host '{visible(host.unicode, 100)}' {why} ({where}): clients look up "
            f"{visible(host.ascii, 100)}; check that it is the host you mean"
        )
    return None


def _first_non_ascii(text: str) -> str:
    """Where `text` has its first character outside ASCII: "character N is U+XXXX NAME"."""
    for position, ch in enumerate(text, start=1):
        if not ch.isascii():
            return f"character {position} is {char_name(ch)}"
    return "no character outside ASCII"  # pragma: no cover - the caller saw one


def is_ipv4_shorthand(host: str) -> bool:
    """True for a host a resolver reads as an IPv4 address that is not written a.b.c.d.

    inet_aton (which getaddrinfo, curl and browsers follow) reads 127.1,
    2130706433, 0x7f000001 and 0177.0.0.1 all as 127.0.0.1; ipaddress reads
    none of them, so the host would pass for a name and skip the address
    checks (a webhook to loopback). Such a host is refused outright.
    """
    import socket  # here: the command line's start need not load it

    name = host.removesuffix(".")
    try:
        socket.inet_aton(name)
    except (OSError, ValueError):
        return False
    try:
        ipaddress.IPv4Address(name)
    except ValueError:
        return True
    return False


def is_loopback_host(host: str) -> bool:
    """localhost, 127.0.0.0/8 or ::1 (also IPv4-mapped): where a native app listens for
    its redirect. `host` is as `urlsplit` gives it."""
    address = host_address(host)
    if address is not None:
        return is_loopback_address(address)
    return host.rstrip(".") in _LOOPBACK_NAMES


def host_not_public(host: UrlHost) -> str | None:
    """Why the internet cannot reach `host`, or None."""
    if host.address is not None:
        return not_public(host.address)
    name = host.ascii.rstrip(".")
    if name in _LOOPBACK_NAMES or name.endswith(".localhost"):
        return "a loopback name"
    if name.endswith(_PRIVATE_NAME_ENDINGS):
        return "a name of a local network"
    if "." not in name:
        return "a name without a domain, which resolves only inside a network"
    return None
