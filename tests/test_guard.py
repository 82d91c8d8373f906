"""The secret guard refuses every credential kind, passes near misses, and never repeats a value.

Every sample is made in the test from fresh random bytes and keys (cryptography,
PyJWT, secrets), so no live-looking secret is committed and each run tries
other values. Near misses are what connector files really hold: checksums,
commit ids, JWKS and token endpoint URLs, certificates, prose about tokens.
"""

from __future__ import annotations

import base64
import json
import math
import re
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from acwizard import guard
from acwizard.guard import (
    AFAS_TOKEN,
    AUTH_HEADER,
    JWT,
    KEY_VALUE,
    PKCS12,
    PRIVATE_KEY,
    REDACTED,
    TOO_DEEP,
    URL_CREDENTIAL,
    URL_PASSWORD,
    hatch_fields,
    redact,
    refusal,
    refused_values,
    secret_kind,
    unneeded_hatch_fields,
)

RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())
ED_KEY = ed25519.Ed25519PrivateKey.generate()
NAME = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "payroll.example.com")])
START = datetime(2026, 1, 1, tzinfo=UTC)
CERTIFICATE = (
    x509.CertificateBuilder()
    .subject_name(NAME)
    .issuer_name(NAME)
    .public_key(RSA_KEY.public_key())
    .serial_number(x509.random_serial_number())
    .not_valid_before(START)
    .not_valid_after(START + timedelta(days=365))
    .sign(RSA_KEY, hashes.SHA256())
)


def b64(data: bytes) -> str:
    """Standard base64 text."""
    return base64.b64encode(data).decode()


def b64url(data: bytes) -> str:
    """base64url without padding, as JWTs write it."""
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def afas_xml(upper: bool = False) -> str:
    """A classic token as Profit issues it: 64 random hex digits in the XML."""
    data = secrets.token_hex(32)
    return f"<token><version>1</version><data>{data.upper() if upper else data}</data></token>"


def pem(key: object, form: ser.PrivateFormat, password: bytes | None = None) -> str:
    """A private key in PEM, encrypted when a password is given."""
    encryption = ser.BestAvailableEncryption(password) if password else ser.NoEncryption()
    return key.private_bytes(ser.Encoding.PEM, form, encryption).decode()  # type: ignore[attr-defined]


def der(key: object, form: ser.PrivateFormat, password: bytes | None = None) -> bytes:
    """A private key in DER."""
    encryption = ser.BestAvailableEncryption(password) if password else ser.NoEncryption()
    return key.private_bytes(ser.Encoding.DER, form, encryption)  # type: ignore[attr-defined]


def p12() -> bytes:
    """A PKCS#12 store holding the RSA key and its certificate."""
    return pkcs12.serialize_key_and_certificates(
        b"payroll", RSA_KEY, CERTIFICATE, None, ser.BestAvailableEncryption(b"store password")
    )


def a_jwt(algorithm: str = "RS256", **headers: str) -> str:
    """A signed JWT of the kind an OAuth client sends (client assertion, access token)."""
    key: object = {"RS256": RSA_KEY, "ES256": EC_KEY}.get(algorithm, secrets.token_bytes(32))
    claims = {"iss": "payroll", "sub": "payroll", "jti": secrets.token_hex(8), "exp": 1900000000}
    return jwt.encode(claims, key, algorithm=algorithm, headers=headers or None)  # type: ignore[arg-type]


def a_jwe() -> str:
    """An encrypted JWT: a JSON header, then four opaque base64url parts."""
    header = b64url(json.dumps({"alg": "RSA-OAEP-256", "enc": "A256GCM"}).encode())
    parts = [b64url(secrets.token_bytes(size)) for size in (256, 12, 64, 16)]
    return ".".join([header, *parts])


def opaque(size: int = 32) -> str:
    """An opaque access token or client secret (base64url, as most servers issue them)."""
    value = secrets.token_urlsafe(size)
    while not any(ch.isdigit() for ch in value):  # 1 in 200: a digit-free draw reads as a word
        value = secrets.token_urlsafe(size)
    return value


def putty() -> str:
    """A PuTTY key file (version 3): its header, public and private lines, and MAC."""
    public = b64(secrets.token_bytes(51))
    private = b64(secrets.token_bytes(48))
    return (
        "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: payroll\n"
        f"Public-Lines: 2\n{public[:64]}\n{public[64:]}\nPrivate-Lines: 1\n{private}\n"
        f"Private-MAC: {secrets.token_hex(32)}\n"
    )


@dataclass(frozen=True)
class Sample:
    """A credential (`secret`, made fresh each time) in the text it is pasted with (`around`,
    where `@@` stands for it), and the kind the guard must answer."""

    kind: str
    secret: Callable[[], str]
    around: str = "@@"

    def make(self) -> tuple[str, str]:
        """The text to check and the credential in it."""
        secret = self.secret()
        return self.around.replace("@@", secret), secret


def afas_b64() -> str:
    """A classic token as calls send it: base64 of the XML."""
    return b64(afas_xml().encode())


SAMPLES: dict[str, Sample] = {
    # AFAS classic tokens: XML, its variations, base64, the header.
    "afas xml": Sample(AFAS_TOKEN, afas_xml),
    "afas xml upper hex": Sample(AFAS_TOKEN, lambda: afas_xml(upper=True)),
    "afas xml CRLF (otpvalidation)": Sample(AFAS_TOKEN, afas_xml, "@@\r\n"),
    "afas xml spaced over lines": Sample(
        AFAS_TOKEN, lambda: afas_xml().replace("><", ">\r\n  <").replace("<data>", "<data> ")
    ),
    "afas otpvalidation answer": Sample(AFAS_TOKEN, afas_xml, '{"token": "@@\\r\\n"}'),
    "afas xml json-escaped": Sample(
        AFAS_TOKEN,
        lambda: afas_xml().replace("/", "\\/").replace("<", "\\u003c").replace(">", "\\u003e"),
    ),
    "afas xml html entities": Sample(
        AFAS_TOKEN, lambda: afas_xml().replace("<", "&lt;").replace(">", "&gt;")
    ),
    "afas xml in prose": Sample(AFAS_TOKEN, afas_xml, "Token of SYS_PAYROLL: @@ (rotate!)"),
    "afas base64": Sample(AFAS_TOKEN, afas_b64),
    "afas base64 of CRLF answer": Sample(AFAS_TOKEN, lambda: b64((afas_xml() + "\r\n").encode())),
    "afas header": Sample(AFAS_TOKEN, afas_b64, "AfasToken @@"),
    "afas authorization line": Sample(AFAS_TOKEN, afas_b64, "Authorization: AfasToken @@"),
    "afas base64 url-encoded in a query": Sample(
        AFAS_TOKEN, lambda: quote(afas_b64(), safe=""), "https://x.example.com/cb?t=@@"
    ),
    # JWTs.
    "jwt RS256": Sample(JWT, a_jwt),
    "jwt HS256": Sample(JWT, lambda: a_jwt("HS256")),
    "jwt ES256": Sample(JWT, lambda: a_jwt("ES256")),
    "dpop proof": Sample(JWT, lambda: a_jwt("ES256", typ="dpop+jwt")),
    "jwe": Sample(JWT, a_jwe),
    "jwt as bearer": Sample(JWT, a_jwt, "Authorization: Bearer @@"),
    "jwt in a query under an innocent name": Sample(
        JWT, a_jwt, "https://app.example.com/cb?state=@@&x=1"
    ),
    "jwt in notes": Sample(JWT, a_jwt, "client assertion for testing: @@."),
    # Private keys and key stores.
    "pem pkcs8": Sample(PRIVATE_KEY, lambda: pem(RSA_KEY, ser.PrivateFormat.PKCS8)),
    "pem rsa": Sample(PRIVATE_KEY, lambda: pem(RSA_KEY, ser.PrivateFormat.TraditionalOpenSSL)),
    "pem ec": Sample(PRIVATE_KEY, lambda: pem(EC_KEY, ser.PrivateFormat.TraditionalOpenSSL)),
    "pem openssh": Sample(PRIVATE_KEY, lambda: pem(ED_KEY, ser.PrivateFormat.OpenSSH)),
    "pem encrypted": Sample(PRIVATE_KEY, lambda: pem(RSA_KEY, ser.PrivateFormat.PKCS8, b"pw")),
    "pem on one line": Sample(
        PRIVATE_KEY, lambda: pem(RSA_KEY, ser.PrivateFormat.PKCS8).replace("\n", " ").strip()
    ),
    "pem with escaped newlines": Sample(
        PRIVATE_KEY, lambda: pem(EC_KEY, ser.PrivateFormat.PKCS8).replace("\n", "\\n")
    ),
    "der pkcs8 base64 (no header)": Sample(
        PRIVATE_KEY, lambda: b64(der(RSA_KEY, ser.PrivateFormat.PKCS8))
    ),
    "der rsa base64": Sample(
        PRIVATE_KEY, lambda: b64(der(RSA_KEY, ser.PrivateFormat.TraditionalOpenSSL))
    ),
    "der ec base64": Sample(
        PRIVATE_KEY, lambda: b64(der(EC_KEY, ser.PrivateFormat.TraditionalOpenSSL))
    ),
    "der ed25519 base64": Sample(PRIVATE_KEY, lambda: b64(der(ED_KEY, ser.PrivateFormat.PKCS8))),
    "der encrypted pkcs8 base64": Sample(
        PRIVATE_KEY, lambda: b64(der(RSA_KEY, ser.PrivateFormat.PKCS8, b"pw"))
    ),
    "der pkcs8 hex": Sample(PRIVATE_KEY, lambda: der(EC_KEY, ser.PrivateFormat.PKCS8).hex()),
    "pem body's first line": Sample(
        PRIVATE_KEY, lambda: pem(RSA_KEY, ser.PrivateFormat.PKCS8).splitlines()[1]
    ),
    "putty": Sample(PRIVATE_KEY, putty),
    "pkcs12 base64": Sample(PKCS12, lambda: b64(p12())),
    "pkcs12 hex": Sample(PKCS12, lambda: p12().hex()),
    # Header values.
    "bearer opaque": Sample(AUTH_HEADER, opaque, "Bearer @@"),
    "dpop opaque": Sample(AUTH_HEADER, lambda: opaque(40), "DPoP @@"),
    "authorization line": Sample(AUTH_HEADER, lambda: opaque(24), "Authorization: @@"),
    "authorization token scheme": Sample(
        AUTH_HEADER, lambda: secrets.token_hex(20), "Authorization: Token @@"
    ),
    "proxy authorization json": Sample(AUTH_HEADER, opaque, '{"Proxy-Authorization": "Bearer @@"}'),
    "basic": Sample(
        AUTH_HEADER, lambda: b64(f"payroll:{opaque(12)}".encode()), "Authorization: Basic @@"
    ),
    # key = value.
    "client_secret=": Sample(KEY_VALUE, lambda: opaque(30), "client_secret=@@"),
    "client secret json": Sample(KEY_VALUE, lambda: opaque(30), '{"client_secret": "@@"}'),
    "CLIENT-SECRET: (env)": Sample(KEY_VALUE, lambda: opaque(30), "PAYROLL_CLIENT-SECRET: @@"),
    "secret: hex": Sample(KEY_VALUE, lambda: secrets.token_hex(20), "secret: @@"),
    "secret yaml-ish in notes": Sample(
        KEY_VALUE, lambda: opaque(24), "Renewed.\nsecret: '@@'\nBy: HR"
    ),
    "api_key =": Sample(KEY_VALUE, lambda: secrets.token_hex(16), "api_key = @@"),
    "apiKey uuid": Sample(KEY_VALUE, lambda: str(uuid.uuid4()), "apiKey: @@"),
    "password human": Sample(
        KEY_VALUE, lambda: f"Welkom{secrets.randbelow(9000) + 1000}!", "password = @@"
    ),
    "pwd human": Sample(KEY_VALUE, lambda: f"Zomer{secrets.randbelow(9000) + 1000}#", "pwd: @@"),
    "access_token=": Sample(KEY_VALUE, opaque, "access_token=@@"),
    "refresh token in a form body": Sample(
        KEY_VALUE, opaque, "grant_type=refresh_token&refresh_token=@@"
    ),
    # URLs.
    "url password": Sample(
        URL_PASSWORD, lambda: opaque(12), "https://payroll:@@@api.example.com/v1"
    ),
    "url password postgres": Sample(
        URL_PASSWORD, lambda: opaque(12), "postgres://app:@@@db/payroll"
    ),
    "url token as user": Sample(
        URL_CREDENTIAL, lambda: opaque(30), "https://@@@git.example.com/x.git"
    ),
}

PARAMETER_NAMES = (
    "api-key", "api_key", "API-KEY", "apiKey", "x-api-key", "X-Api-Key", "X_API_KEY",
    "subscription-key", "Ocp-Apim-Subscription-Key", "access_key", "AccessKey", "sig",
    "signature", "Signature", "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token",
    "X-Amz-Date", "x-amz-expires", "token", "TOKEN", "access_token", "id_token", "jwt",
    "bearer", "session", "SessionId", "JSESSIONID", "passphrase", "pass_phrase", "password",
    "client_secret", "api%2Dkey", "X%2DAPI%2DKEY", "%61pi_key", "api%252Dkey", "pass%5Fphrase",
)  # fmt: skip


def parameter_urls(name: str) -> list[str]:
    """URLs with a credential parameter `name`, in query, `;`-separated query, fragment, path."""
    value = opaque(16)
    return [
        f"https://api.example.com/v1/items?{name}={value}",
        f"https://api.example.com/v1/items?skip=0&take=100&{name}={value}",
        f"https://api.example.com/v1/items?skip=0;{name}={value};take=100",
        f"https://app.example.com/callback#state=x&{name}={value}",
        f"https://app.example.com/callback?a=1#{name}={value}",
        f"https://app.example.com/v1;{name}={value}/items",
    ]


NEAR_MISSES = [
    "Owner: HR systems team. Approved in RFC-2291.",
    "sha256: " + secrets.token_hex(32),
    "checksum " + secrets.token_hex(32) + " (export of 2026-03-01)",
    secrets.token_hex(32),
    "commit " + secrets.token_hex(20),
    "Reverted in " + secrets.token_hex(6) + ", see " + secrets.token_hex(20),
    "key_id: " + secrets.token_hex(20),
    "client secret renewed; secret_id: " + str(uuid.uuid4()),
    "CLIENT_SECRET_ID=" + str(uuid.uuid4()),
    "https://payroll.example.com/.well-known/jwks.json",
    "https://login.example.com/discovery/v2.0/keys?appid=payroll",
    "https://12345.rest.afas.online/ProfitRestServices/oauth/token",
    "https://12345.rest.afas.online/ProfitRestServices/connectors/Profit_Employees?skip=0&take=100",
    "token_endpoint: https://12345.rest.afas.online/ProfitRestServices/oauth/token",
    "https://app.example.com/oauth/token/revoke",
    "https://app.example.com/callback?token=",
    "https://app.example.com/callback?session_timeout=30",
    "https://hooks.example.com/afas",
    "https://admin@example.com/x",
    "https://user:password@example.com (placeholder from the vendor's manual)",
    "Bearer tokens expire after 3600 seconds.",
    "Calls send Authorization: Bearer <access token>; see DOMAIN.md.",
    "The classic token expires on 1 May 2027; the client secret every 180 days.",
    "client_secret is renewed every 180 days by the payroll team",
    "secret: stored in the vault under Payroll",
    "password: see KeePass",
    "api_key: ${PAYROLL_API_KEY}",
    "client_secret = <your client secret>",
    "token_expiry: 2027-05-01",
    "secret_validity_days = 180",
    "tokens: 2 users hold tokens",
    "Basic authentication is switched off",
    "Authorization: handled by the HR department",
    "x-api-key header required by the vendor",
    "X-Profit-Signature-256: sha256=<hex HMAC>",
    "tokens begin PHRva2VuPjx2ZXJzaW9uPjE8L3ZlcnNpb24+PGRhdGE+ in base64",
    "<token><version>1</version><data>" + "0" * 64 + "</data></token>",
    "eyewear.example.com and eye.level.test",
    "Profit_Employees",
    "KnEmployee",
    "T4E_HelloID_Users_v2",
    "550e8400-e29b-41d4-a716-446655440000",
    "2001:db8:10::/48",
    "-----BEGIN PRIVATE KEY----- goes in the vault, never here",
    CERTIFICATE.public_bytes(ser.Encoding.PEM).decode(),
    b64(CERTIFICATE.public_bytes(ser.Encoding.DER)),
    CERTIFICATE.public_bytes(ser.Encoding.DER).hex(),
    RSA_KEY.public_key()
    .public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo)
    .decode(),
    b64(RSA_KEY.public_key().public_bytes(ser.Encoding.DER, ser.PublicFormat.PKCS1)),
    "Aanvraag door Jan de Vries, afdeling Salarisadministratie (secretariaat)",
]


WORDS = re.compile(r"[a-z_ .:-]+")
"""A piece of lower-case words, which messages may share with a sample (`client_secret`)."""


def windows(value: str, size: int = 8) -> set[str]:
    """Every piece of `value` of `size` characters that is not plain words: what must not leak."""
    pieces = {value[i : i + size] for i in range(len(value) - size + 1)}
    return {piece for piece in pieces if not WORDS.fullmatch(piece)}


def assert_no_piece(text: str, value: str) -> None:
    """`text` holds no 8-character piece of the random part of `value`."""
    leaked = [piece for piece in windows(value) if piece in text]
    assert not leaked, f"{len(leaked)} pieces of the value leaked"


# -- every kind is refused, and its message holds no piece of it -----------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_every_kind_is_refused_by_what_it_looks_like(name: str) -> None:
    value, secret = SAMPLES[name].make()
    kind = SAMPLES[name].kind
    assert secret_kind(value) == kind
    assert secret_kind(value, "notes") == kind
    message = refusal(("notes",), kind)
    assert message.startswith(f"notes: {kind}; secrets never go into files")
    assert_no_piece(message, secret)


@pytest.mark.parametrize("name", PARAMETER_NAMES)
def test_a_url_credential_parameter_is_refused_in_any_spelling_and_place(name: str) -> None:
    for url in parameter_urls(name):
        assert secret_kind(url) == URL_CREDENTIAL, url.replace(name, "NAME")
        assert secret_kind(f"Callback for the vendor: {url} (prod)") == URL_CREDENTIAL


def test_a_credential_after_a_credential_path_segment_is_refused() -> None:
    assert secret_kind(f"https://x.example.com/api-key/{secrets.token_hex(16)}") == URL_CREDENTIAL
    assert secret_kind("https://x.example.com/api-key/rotate") is None


@pytest.mark.parametrize("value", NEAR_MISSES, ids=range(len(NEAR_MISSES)))
def test_near_misses_pass(value: str) -> None:
    assert secret_kind(value) is None
    assert secret_kind(value, "notes") is None
    assert redact(value) == value


def test_a_field_named_like_a_secret_makes_a_random_value_one() -> None:
    value = opaque(24)
    assert secret_kind(value) is None
    assert secret_kind(value, "client_secret") == KEY_VALUE
    assert secret_kind(value, "Api-Key") == KEY_VALUE
    assert secret_kind("Welkom2026!", "password") == KEY_VALUE
    assert secret_kind("see the vault", "client_secret") is None
    assert secret_kind(value, "key_id") is None


# -- walking a document -------------------------------------------------------------


def test_refused_values_names_every_path_in_document_order() -> None:
    token = afas_xml()
    document = {
        "schema_version": 2,
        "description": "Payroll Sync",
        "notes": f"token: {token}",
        "get_connectors": ["Profit_Employees", a_jwt()],
        "oauth": {"jwks_url": "https://payroll.example.com/.well-known/jwks.json"},
        "webhooks": [
            {"description": "ok", "url": "https://hooks.example.com/afas"},
            {"description": "Dossier", "url": f"https://hooks.example.com/a?sig={opaque(12)}"},
        ],
        "tokens": [{"user": "SYS_PAYROLL", "expires": datetime(2027, 5, 1).date()}],
    }
    assert list(refused_values(document)) == [
        (("notes",), AFAS_TOKEN),
        (("get_connectors", 1), JWT),
        (("webhooks", 1, "url"), URL_CREDENTIAL),
    ]
    assert guard.path_text(("webhooks", 1, "url")) == "webhooks[1].url"


def test_a_key_that_is_a_credential_is_named_by_the_marker_only() -> None:
    token = a_jwt()
    document = {"get_connectors": {token: "Employees", "Profit_Debtor": "Debtors"}}
    found = list(refused_values(document))
    assert found == [(("get_connectors", REDACTED), JWT)]
    assert_no_piece(refusal(*found[0]), token)


def test_a_document_nested_too_deeply_is_refused_not_walked() -> None:
    document: object = "x"
    for _ in range(40):
        document = {"a": document}
    found = list(refused_values(document))
    assert found == [(("a",) * guard.MAX_DEPTH, TOO_DEEP)]


# -- the escape hatch ------------------------------------------------------------------


def test_not_secret_silences_guesses_in_the_named_field_only() -> None:
    pasted = "client_secret=" + opaque(30)
    document = {
        "not_secret": ["notes"],
        "notes": pasted,
        "description": pasted,
        "webhooks": [{"description": pasted}, {"description": pasted}],
    }
    confirmed, problems = hatch_fields(document)
    assert problems == []
    assert list(refused_values(document, confirmed)) == [
        (("description",), KEY_VALUE),
        (("webhooks", 0, "description"), KEY_VALUE),
        (("webhooks", 1, "description"), KEY_VALUE),
    ]
    document["not_secret"] = ["notes", "webhooks.description"]
    confirmed, _ = hatch_fields(document)
    assert list(refused_values(document, confirmed)) == [(("description",), KEY_VALUE)]


def test_not_secret_never_silences_a_certain_kind() -> None:
    document = {"not_secret": ["notes"], "notes": "client_secret=" + opaque(30) + " " + a_jwt()}
    confirmed, _ = hatch_fields(document)
    assert list(refused_values(document, confirmed)) == [(("notes",), JWT)]


def test_a_guess_tells_how_to_confirm_it_and_a_certain_kind_does_not() -> None:
    assert refusal(("webhooks", 0, "url"), URL_CREDENTIAL) == (
        "webhooks[0].url: looks like a URL with a credential in it; secrets never go into "
        'files (if it is none, a reviewer confirms that with not_secret = ["webhooks.url"])'
    )
    assert refusal(("notes",), JWT) == "notes: looks like a JWT; secrets never go into files"


def test_hatch_fields_reports_bad_entries_by_position_never_by_text() -> None:
    token = a_jwt()
    confirmed, problems = hatch_fields({"not_secret": ["notes", token, 3, "not_secret"]})
    assert confirmed == {"notes"}
    assert problems == [
        f"not_secret[{index}]: must name a field, such as notes or oauth.jwks_url"
        for index in (1, 2, 3)
    ]
    assert hatch_fields({"not_secret": "notes"})[1] == [
        'not_secret: must be a list of field names, such as ["notes"]'
    ]
    assert hatch_fields({}) == (frozenset(), [])


def test_an_entry_that_silences_nothing_any_more_is_named() -> None:
    document = {"not_secret": ["notes", "description"], "notes": "secret: " + opaque(20)}
    assert unneeded_hatch_fields(document, ["notes", "description"]) == ["description"]
    document["notes"] = "Owner: HR"
    assert unneeded_hatch_fields(document, ["notes", "description"]) == ["description", "notes"]


# -- redaction ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_redact_leaves_no_piece_of_any_kind(name: str) -> None:
    value, secret = SAMPLES[name].make()
    text = f"-notes = 'Owner: HR'\n+notes = '{value}'\n+blocked = false\n"
    shown = redact(text)
    assert REDACTED in shown
    assert_no_piece(shown, secret)
    assert shown.startswith("-notes = 'Owner: HR'\n+notes = '")
    assert shown.endswith("'\n+blocked = false\n")
    assert redact(shown) == shown


def test_redact_keeps_the_name_and_the_rest_of_the_line() -> None:
    secret = opaque(30)
    assert redact(f"client_secret={secret} (rotated)") == f"client_secret={REDACTED} (rotated)"
    assert redact(f"https://u:{secret}@h.example.com/x") == f"https://u:{REDACTED}@h.example.com/x"
    assert redact(f"Authorization: Bearer {secret}") == f"Authorization: Bearer {REDACTED}"


def test_redact_removes_a_pem_key_over_its_lines_with_its_end() -> None:
    key = pem(RSA_KEY, ser.PrivateFormat.PKCS8)
    assert redact(f'notes = """\nHR\n{key}"""\n') == f'notes = """\nHR\n{REDACTED}\n"""\n'


# -- linear in the input --------------------------------------------------------------

FACTOR = 10
"""How much slower than a harmless input of its size a hostile one may be (tests/test_hostile_input.py)."""

SIZE = 1_000_000


def best_time(work: Callable[[], object], runs: int = 3) -> float:
    """The shortest CPU time of `runs` runs of `work`: noise only ever adds time."""
    best = math.inf
    for _ in range(runs):
        start = time.thread_time()
        work()
        best = min(best, time.thread_time() - start)
    return best


HOSTILE = {
    "angle brackets": "<" * SIZE,
    "dashes": "-" * SIZE,
    "pem headers": "-----BEGIN PRIVATE KEY-----" * (SIZE // 27),
    "pem header and dashes": "-----BEGIN RSA PRIVATE KEY" + "-" * SIZE,
    "dashes before no header": "-" * SIZE + " PRIVATE KEY",
    "token tags": "<token><version>1</version><data>" * (SIZE // 34),
    "escaped whitespace": "<token>" + "\\r\\n" * (SIZE // 4),
    "afas base64 prefixes": "PHRva2Vu" * (SIZE // 8),
    "jwt dots": "eyJ." * (SIZE // 4),
    "jwt-ish parts": ("eyJ" + "a" * 50 + ".") * (SIZE // 54),
    "jwt starts without a second dot": "ey" * (SIZE // 2) + ". .",
    "base64 run": "M" * SIZE,
    "hex run": "30" * (SIZE // 2),
    "key names": "client_secret_" * (SIZE // 14),
    "key names with colons": "secret:" * (SIZE // 7),
    "word run": "a" * SIZE,
    "word run before a key": "a" * SIZE + " secret: x",
    "angle brackets as a value": "secret=1" + "<" * SIZE,
    "underscore words": "a_" * (SIZE // 2),
    "bearer words": "Bearer " * (SIZE // 7),
    "authorization words": "Authorization: " * (SIZE // 15),
    "basic run": "Basic " + "A" * SIZE,
    "scheme separators": "://" * (SIZE // 3),
    "one long url": "https://x.example.com/" + "token/" * (SIZE // 6),
    "url parameters": "https://x.example.com/?" + "api-key=&" * (SIZE // 9),
    "percent signs": "%" * SIZE,
    "percents and words": "%a" * (SIZE // 2),
    "putty headers": "PuTTY-User-Key-File-3:" * (SIZE // 22),
}

NOTES = (
    "Owner: HR systems team (RFC-2291). Token rotation: yearly; the client secret is renewed "
    "every 180 days, see https://wiki.example.com/afas/payroll?page=keys&lang=en. Authorization "
    "by the payroll lead; Bearer tokens last 3600 s. Commit 30ab2f1, PRIVATE notes in the vault, "
    "ask M. de Vries. "
)
HARMLESS = (NOTES * (SIZE // len(NOTES) + 1))[:SIZE]
"""Notes of the same size that open every search (a URL, token, secret, key, Bearer, dots)."""


@pytest.fixture(scope="module")
def harmless_time() -> float:
    """CPU seconds the guard takes over harmless notes of the hostile inputs' size."""
    return best_time(lambda: (secret_kind(HARMLESS), redact(HARMLESS)))


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_text_costs_about_what_harmless_text_of_its_size_costs(
    name: str, harmless_time: float
) -> None:
    hostile = HOSTILE[name]
    budget = FACTOR * harmless_time
    taken = math.inf
    for _ in range(3):  # a run within budget passes: a busy machine only slows some runs
        start = time.thread_time()
        secret_kind(hostile)
        redact(hostile)
        taken = time.thread_time() - start
        if taken <= budget:
            return
    pytest.fail(
        f"hostile input took {taken:.3f} s; harmless text of its size {harmless_time:.3f} s"
    )
