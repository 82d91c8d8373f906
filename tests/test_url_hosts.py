"""A URL's host is judged as a browser or an HTTP client resolves it (issue 18, item 1).

Webhook and JWKS URLs are called by Profit's servers, so their hosts must be
public; redirect URLs are opened by the user's browser and may be loopback
over http. Each class of host that clients turn into another one (UTS 46
mapping, %-decoding, a backslash read as '/', IPv4 inside IPv6) has a case
here; a host that reads as another name (mixed scripts) gets a warning that
shows the form clients look up.
"""

from __future__ import annotations

from datetime import date

import pytest
from pydantic_core import PydanticCustomError

from acwizard.model import AppConnector, check_redirect_url, check_url
from acwizard.rules import connector_findings
from acwizard.workspace import Workspace

from conftest import PAYROLL_V2

SECRET_PATH = "/s3cr3t-hook-path?ref=x"
"""Every URL below ends in this: no message may repeat it."""


def refusal(url: str, **options: bool) -> str:
    """The message `check_url` refuses `url` with (fails the test when it accepts it)."""
    with pytest.raises(PydanticCustomError) as caught:
        check_url(url, **options)
    message = caught.value.message()
    assert "s3cr3t" not in message, message
    return message


MAPPED_HOSTS = [
    ("127\u30020\u30020\u30021", "U+3002 IDEOGRAPHIC FULL STOP", "127.0.0.1"),
    ("127\uff0e0\uff0e0\uff0e1", "U+FF0E FULLWIDTH FULL STOP", "127.0.0.1"),
    ("127\uff610\uff610\uff611", "U+FF61 HALFWIDTH IDEOGRAPHIC FULL STOP", "127.0.0.1"),
    ("\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54", "FULLWIDTH LATIN", "localhost"),
    ("\u2460\u2461\u2466.0.0.1", "U+2460 CIRCLED DIGIT ONE", "127.0.0.1"),
    ("\uff11\uff16\uff19.254.169.254", "U+FF11 FULLWIDTH DIGIT ONE", "169.254.169.254"),
    ("\u24db\u24de\u24d2\u24d0\u24db\u24d7\u24de\u24e2\u24e3", "CIRCLED LATIN", "localhost"),
    ("hooks.example\u3002com", "U+3002 IDEOGRAPHIC FULL STOP", "hooks.example.com"),
]


@pytest.mark.parametrize(("host", "named", "reads"), MAPPED_HOSTS)
@pytest.mark.parametrize("public", [True, False], ids=["webhook", "redirect"])
def test_a_host_that_uts46_maps_to_another_is_refused(host, named, reads, public):
    message = refusal(f"https://{host}{SECRET_PATH}", public=public, loopback_http=not public)
    assert message.startswith("has a host written with characters clients read as others")
    assert named in message
    assert f"clients read it as {reads}" in message


@pytest.mark.parametrize(
    "url",
    [
        f"https://127%2E0%2E0%2E1{SECRET_PATH}",
        f"https://%6c%6fcalhost{SECRET_PATH}",
        f"https://hooks.example.com%2F.evil{SECRET_PATH}",
        f"https://[fe80::1%25eth0]{SECRET_PATH}",
    ],
)
def test_a_percent_escape_in_the_host_is_refused(url):
    assert refusal(url).startswith("has a %-escape in its host")
    assert refusal(url, public=True).startswith("has a %-escape in its host")


@pytest.mark.parametrize(
    "url",
    [
        f"https://127.0.0.1\\.hooks.example.com{SECRET_PATH}",
        f"https://hooks.example.com\\{SECRET_PATH}",
        f"http://127.0.0.1\\.app.example.com{SECRET_PATH}",
    ],
)
def test_a_backslash_before_the_path_is_refused(url):
    message = refusal(url, public=True, loopback_http=True)
    assert message.startswith("has a backslash (\\) before its path")


NOT_PUBLIC = [
    ("[::127.0.0.1]", "a loopback address, 127.0.0.1, in IPv4-compatible form"),
    ("[::ffff:127.0.0.1]", "a loopback address, 127.0.0.1, in IPv4-mapped form"),
    ("[::ffff:7f00:1]", "a loopback address, 127.0.0.1, in IPv4-mapped form"),
    ("[::ffff:a9fe:a9fe]", "a link-local address, 169.254.169.254, in IPv4-mapped form"),
    ("[64:ff9b::169.254.169.254]", "a link-local address, 169.254.169.254, in NAT64 form"),
    ("[64:ff9b::10.0.0.1]", "a private address, 10.0.0.1, in NAT64 form"),
    ("[64:ff9b:1::8.8.8.8]", "a local NAT64 address"),
    ("[2002:a9fe:a9fe::1]", "a link-local address, 169.254.169.254, in 6to4 form"),
    ("[2001:0:4136:e378:8000:63bf:3fff:fdd2]", "a reserved address"),  # Teredo
    ("224.0.0.251", "a multicast address"),
    ("[ff02::fb]", "a multicast address"),
    ("[ff0e::1]", "a multicast address"),
    ("240.0.0.1", "a reserved address"),
    ("255.255.255.255", "the broadcast address"),
    ("0.0.0.0", "an address of this network"),
    ("[::]", "the unspecified address"),
    ("100.64.0.1", "a carrier NAT address"),
    ("169.254.169.254", "a link-local address"),
    ("[fd00::1]", "a private (unique local) address"),
    ("intranet", "a name without a domain"),
    ("printer.local", "a name of a local network"),
    ("router.home.arpa", "a name of a local network"),
    ("app.localhost", "a loopback name"),
]


@pytest.mark.parametrize(("host", "why"), NOT_PUBLIC)
def test_an_address_or_name_the_internet_cannot_reach_is_refused_as_a_webhook(host, why):
    message = refusal(f"https://{host}{SECRET_PATH}", public=True)
    shown = host.strip("[]")
    assert message.startswith(f"host {shown} is not publicly reachable ({why}")


@pytest.mark.parametrize(
    "host",
    [
        "hooks.example.com",
        "[::ffff:8.8.8.8]",
        "[64:ff9b::8.8.8.8]",
        "[2002:808:808::1]",
        "[2606:4700:4700::1111]",
        "8.8.8.8",
        "b\u00fccher.example",
        "xn--bcher-kva.example",
        "my_hooks.example.com",
    ],
)
def test_public_hosts_stay_valid_webhooks(host):
    url = f"https://{host}/afas"
    assert check_url(url, public=True) == url


def problems_of(workspace, text):
    """Load one file and return its problems as `line: severity: message`."""
    path = workspace / "connectors" / "payroll-sync.toml"
    path.write_text(text, encoding="utf-8")
    loaded = Workspace.open(workspace).load(path)
    return [f"{p.line}: {p.severity}: {p.message}" for p in loaded.problems]


JWKS = '"https://payroll.example.com/.well-known/jwks.json"'


@pytest.mark.parametrize(
    ("host", "why"),
    [("10.1.2.3", "a private address"), ("[::ffff:169.254.169.254]", "a link-local address")],
)
def test_a_jwks_url_must_be_public_as_profit_fetches_it(workspace, host, why):
    text = PAYROLL_V2.replace(JWKS, f'"https://{host}/jwks.json"')
    problems = problems_of(workspace, text)
    expected = (
        f"27: error: oauth.jwks_url: host {host.strip('[]')} is not publicly reachable ({why}"
    )
    assert any(problem.startswith(expected) for problem in problems), problems


REDIRECT = PAYROLL_V2.replace(
    'flows = [\n    "client_credentials",\n]\n',
    'flows = [\n    "authorization_code",\n    "client_credentials",\n]\n',
).replace("redirect_urls = []", 'redirect_urls = [\n    "https://app.example.com/cb",\n]')


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8400/cb",
        "http://localhost:8400/cb",
        "http://[::1]:8400/cb",
        "http://[::ffff:127.0.0.1]:8400/cb",
    ],
)
def test_a_redirect_url_keeps_its_loopback_exception_also_through_ipv4_mapping(url):
    assert check_redirect_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "http://\uff11\uff12\uff17.0.0.1/cb",
        "http://[::ffff:10.0.0.1]/cb",
        "http://127.0.0.1.app.example.com/cb",
        "http://localhost.app.example.com/cb",
    ],
)
def test_no_other_host_passes_for_loopback_in_a_redirect_url(url):
    with pytest.raises(PydanticCustomError):
        check_redirect_url(url)


CYRILLIC_HOOKS = "h\u043e\u043eks.example.com"
"""`hooks` with two Cyrillic o's: what a reviewer reads as hooks.example.com."""


@pytest.mark.parametrize(
    "host", [CYRILLIC_HOOKS, "xn--hks-seda.example.com"], ids=["unicode", "punycode"]
)
def test_a_host_that_mixes_scripts_is_a_warning_with_its_punycode(workspace, host):
    text = PAYROLL_V2.replace("https://hooks.example.com/afas", f"https://{host}/afas")
    problems = problems_of(workspace, text)
    assert problems == [
        (
            f"35: warning: webhooks[0].url: the host '{CYRILLIC_HOOKS}' mixes scripts (character 2 "
            "is U+043E CYRILLIC SMALL LETTER O): clients look up xn--hks-seda.example.com; check "
            "that it is the host you mean"
        )
    ]


def test_a_redirect_host_written_in_latin_look_alikes_is_flagged_at_its_own_line(workspace):
    lookalike = "\u0430\u0440\u0440.example.com"  # "app" in Cyrillic letters
    text = REDIRECT.replace(
        '"https://app.example.com/cb",',
        f'"https://app.example.com/cb",\n    "https://{lookalike}/cb",',
    )
    problems = problems_of(workspace, text)
    assert problems == [
        (
            f"29: warning: oauth.redirect_urls[1]: the host '{lookalike}' is written in letters "
            "that look Latin (character 1 is U+0430 CYRILLIC SMALL LETTER A): clients look up "
            "xn--80a6aa.example.com; check that it is the host you mean"
        )
    ]


def test_the_audit_shows_the_lookalike_host_too():
    connector = AppConnector.model_validate(
        __import__("tomllib").loads(
            PAYROLL_V2.replace("https://hooks.example.com", f"https://{CYRILLIC_HOOKS}")
        ),
        context={"file": True},
    )
    findings = connector_findings("payroll-sync", connector, today=date(2026, 1, 1))
    assert [f.message for f in findings if f.code == "host-lookalike"] == [
        (
            f"webhooks[0].url: the host '{CYRILLIC_HOOKS}' mixes scripts (character 2 is U+043E "
            "CYRILLIC SMALL LETTER O): clients look up xn--hks-seda.example.com; check that it is "
            "the host you mean"
        )
    ]


def test_an_international_host_in_both_forms_is_one_url(workspace):
    text = PAYROLL_V2 + (
        '\n[[webhooks]]\ndescription = "Again"\nurl = "https://xn--bcher-kva.example/afas"\n'
        '\n[[webhooks]]\ndescription = "Once more"\nurl = "https://b\u00fccher.example/afas"\n'
    )
    problems = problems_of(workspace, text)
    assert any(
        p.startswith("44: error: webhooks[2].url: this webhook URL is listed twice")
        for p in problems
    ), problems


def test_an_invalid_international_name_is_refused():
    assert refusal(f"https://xn--zz.example.com{SECRET_PATH}") == (
        "has a host that is no valid international domain name (IDNA)"
    )
