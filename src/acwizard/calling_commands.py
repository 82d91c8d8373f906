"""The curl commands of a call sheet: getting a token, and calling each endpoint with it.

Each authentication type gets its own (shared/DOMAIN.md, "Calling Profit"; AFAS's
authentication.md): classic tokens through the OTP request and validation and an
`Authorization: AfasToken` header; OAuth client credentials with a client secret or a
signed client assertion (private key JWT), then `Authorization: Bearer` (or `DPoP`);
the authorization code flow with PKCE in outline. Every credential is a shell
variable; every value from a file is quoted by `acwizard.shell`. This module never
imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote

from acwizard.profit import hosts
from acwizard.shell import Piece, Var, literal, word

if TYPE_CHECKING:
    from acwizard.model.protocol import ConnectorLike

EndpointKind = Literal["metainfo", "get_connector", "update_connector", "special_connector"]


@dataclass(frozen=True)
class Endpoint:
    """One URL the app may call, and how."""

    kind: EndpointKind
    connector: str | None
    """The granted id this URL belongs to; None for /metainfo."""
    methods: tuple[str, ...]
    url: str
    description: str | None = None
    """The catalog's description of the connector, when it has one."""


@dataclass(frozen=True)
class Command:
    """One ready-to-paste command: what it does, and the command (lines joined by `\\`)."""

    title: str
    text: str


@dataclass(frozen=True)
class Variable:
    """A shell variable the commands read, and what to put in it (never by acwizard)."""

    name: str
    meaning: str


@dataclass(frozen=True)
class OAuthUrls:
    """The OAuth endpoints under the REST base, and the settings the vendor needs."""

    token_url: str
    authorize_url: str
    client_type: str
    flows: tuple[str, ...]
    client_authentication: str | None
    dpop: bool
    redirect_urls: tuple[str, ...]


CLASSIC_HEADER = (
    """-H "Authorization: AfasToken $(printf '%s' "$AFAS_TOKEN" | base64 | tr -d '\\n')\""""
)
"""The classic token header: the token XML in $AFAS_TOKEN, base64-encoded as Profit wants it
(from Profit 7 a token that is not base64 is refused). Built by us, never from a file."""
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
CONTINUE = " \\\n  "
"""Between the parts of a command: a line break the shell skips."""


_CURL_GLOB = frozenset("[]{}")
"""What curl expands in a URL ({a,b}, [1-99]) unless told --globoff."""


def _url(url: str) -> str:
    """A URL as curl's argument: quoted, and with --globoff before it when it holds a glob
    character (a path from acwizard.toml with [1-99999] made one pasted command 99,999 calls;
    an IPv6 address in brackets needs it too)."""
    return ("--globoff " if _CURL_GLOB.intersection(url) else "") + literal(url)


def _command(title: str, parts: list[str]) -> Command:
    """A Command whose parts are joined with line continuations."""
    return Command(title, CONTINUE.join(parts))


def _variable(name: str, meaning: str) -> Variable:
    """A Variable: a name and what to put in it."""
    return Variable(name, meaning)


def _form(name: str, value: Piece) -> str:
    """`--data-urlencode name=value` as a quoted word."""
    return "--data-urlencode " + word([f"{name}=", value])


def auth_headers(authentication: str, oauth: OAuthUrls | None) -> list[str]:
    """The header options a call sends: AfasToken for classic, else Bearer or DPoP."""
    if authentication == "classic" or oauth is None:
        return [CLASSIC_HEADER]
    if oauth.dpop or oauth.client_type == "public":
        return [
            "-H " + word(["Authorization: DPoP ", Var("AFAS_ACCESS_TOKEN")]),
            "-H " + word(["DPoP: ", Var("AFAS_DPOP_PROOF")]),
        ]
    return ["-H " + word(["Authorization: Bearer ", Var("AFAS_ACCESS_TOKEN")])]


def token_commands(
    connector: ConnectorLike, rest: str, oauth: OAuthUrls | None
) -> tuple[list[Command], list[Variable]]:
    """How the app gets what it calls with: OTP for classic, a token request for OAuth."""
    commands: list[Command] = []
    variables: list[Variable] = []
    if connector.authentication in ("classic", "hybrid"):
        commands += _otp_commands(rest)
        variables += [
            _variable("AFAS_API_KEY", "the app connector's API key (its General tab)"),
            _variable("AFAS_ENVIRONMENT_KEY", "the app connector's environment key (General tab)"),
            _variable(
                "AFAS_USER_ID",
                "the Profit user who gets the token; needs an e-mail "
                "address and membership of the connector's user group",
            ),
            _variable("AFAS_OTP", "the one-time password from the e-mail"),
            _variable(
                "AFAS_TOKEN",
                "the token XML the OTP validation answers "
                "(<token><version>1</version><data>...</data></token>, without the "
                "\\r\\n that ends it there)",
            ),
        ]
    if oauth is not None:
        oauth_commands, oauth_variables = _oauth_commands(oauth)
        commands += oauth_commands
        variables += oauth_variables
    return commands, variables


def _otp_commands(rest: str) -> list[Command]:
    """The OTP request and validation ("Authorise the app connector")."""
    body: list[Piece] = [
        '{"apiKey": "', Var("AFAS_API_KEY"),
        '", "apiToken": "', Var("AFAS_ENVIRONMENT_KEY"),
        '", "userId": "', Var("AFAS_USER_ID"),
    ]  # fmt: skip
    json_header = "-H " + literal("Content-Type: application/json")
    return [
        _command(
            "Classic token, step 1: request a one-time password (Profit e-mails it to the "
            "user; the subject is the app connector's description)",
            [
                "curl -X POST " + _url(rest + hosts.OTP_REQUEST_PATH),
                json_header,
                "-d " + word([*body, '"}']),
            ],
        ),
        _command(
            "Classic token, step 2: exchange the one-time password for a token "
            '(answer: {"token": "<token>...</token>"})',
            [
                "curl -X POST " + _url(rest + hosts.OTP_VALIDATION_PATH),
                json_header,
                "-d " + word([*body, '", "otp": "', Var("AFAS_OTP"), '"}']),
            ],
        ),
    ]


def _client_authentication(oauth: OAuthUrls) -> list[str]:
    """The form fields that say which client asks: id and secret, id and assertion, or id."""
    fields = [_form("client_id", Var("AFAS_CLIENT_ID"))]
    if oauth.client_authentication == "client_secret":
        fields.append(_form("client_secret", Var("AFAS_CLIENT_SECRET")))
    elif oauth.client_authentication == "private_key_jwt":
        fields.append(_form("client_assertion_type", JWT_BEARER))
        fields.append(_form("client_assertion", Var("AFAS_CLIENT_ASSERTION")))
    return fields


def _oauth_commands(oauth: OAuthUrls) -> tuple[list[Command], list[Variable]]:
    """The token requests of each flow the connector allows."""
    token = _url(oauth.token_url)
    form = "-H " + literal("Content-Type: application/x-www-form-urlencoded")
    dpop = ["-H " + word(["DPoP: ", Var("AFAS_DPOP_PROOF")])] if _uses_dpop(oauth) else []
    commands: list[Command] = []
    if "client_credentials" in oauth.flows:
        commands.append(
            _command(
                "OAuth client credentials: request an access token "
                '(answer: {"access_token": ..., "token_type": "Bearer", "expires_in": 3600})',
                [
                    "curl -X POST " + token,
                    form,
                    *dpop,
                    _form("grant_type", "client_credentials"),
                    *_client_authentication(oauth),
                ],
            )
        )
    if "authorization_code" in oauth.flows:
        redirect = oauth.redirect_urls[0] if oauth.redirect_urls else "<redirect URL>"
        authorize: list[Piece] = [
            oauth.authorize_url + "?response_type=code&client_id=", Var("AFAS_CLIENT_ID"),
            "&redirect_uri=" + quote(redirect, safe="") + "&state=", Var("AFAS_STATE"),
            "&code_challenge=", Var("AFAS_CODE_CHALLENGE"), "&code_challenge_method=S256",
        ]  # fmt: skip
        commands.append(
            _command(
                "Authorization code with PKCE, step 1 (in outline): the URL to send the "
                "user's browser to",
                ["printf '%s\\n' " + word(authorize)],
            )
        )
        commands.append(
            _command(
                "Authorization code with PKCE, step 2: exchange the code Profit sent to the "
                "redirect URL for an access token and a refresh token",
                [
                    "curl -X POST " + token,
                    form,
                    *dpop,
                    _form("grant_type", "authorization_code"),
                    _form("code", Var("AFAS_CODE")),
                    _form("redirect_uri", redirect),
                    _form("code_verifier", Var("AFAS_CODE_VERIFIER")),
                    *_client_authentication(oauth),
                ],
            )
        )
    return commands, _oauth_variables(oauth)


def _uses_dpop(oauth: OAuthUrls) -> bool:
    """DPoP: chosen for a confidential client, always for a public one."""
    return oauth.dpop or oauth.client_type == "public"


def _oauth_variables(oauth: OAuthUrls) -> list[Variable]:
    """What each OAuth variable holds; none is ever written by acwizard."""
    variables = [_variable("AFAS_CLIENT_ID", "the app connector's OAuth client id")]
    if oauth.client_authentication == "client_secret":
        variables.append(
            _variable("AFAS_CLIENT_SECRET", "the client secret (shown once, when it is made)")
        )
    elif oauth.client_authentication == "private_key_jwt":
        variables.append(
            _variable(
                "AFAS_CLIENT_ASSERTION",
                "a JWT signed with the app's private key (RS256, PS256 or ES256): iss and sub "
                "the client id, aud the token URL, a new jti each time, exp at most 5 minutes "
                "ahead",
            )
        )
    if "authorization_code" in oauth.flows:
        variables += [
            _variable(
                "AFAS_CODE_VERIFIER",
                "a random text of 43 to 128 characters, kept by the app for this login",
            ),
            _variable("AFAS_CODE_CHALLENGE", "BASE64URL(SHA256(code verifier)), without '='"),
            _variable("AFAS_STATE", "a random value the app checks when the browser returns"),
            _variable("AFAS_CODE", "the code Profit adds to the redirect URL"),
        ]
    if _uses_dpop(oauth):
        variables.append(
            _variable(
                "AFAS_DPOP_PROOF",
                "a DPoP proof (RFC 9449) the app signs for each "
                "request: its method and URL, a new jti, the last DPoP-Nonce",
            )
        )
    variables.append(
        _variable(
            "AFAS_ACCESS_TOKEN",
            "the access_token of the token answer (valid for expires_in seconds)",
        )
    )
    return variables


def call_command(endpoint: Endpoint, authentication: str, oauth: OAuthUrls | None) -> Command:
    """The curl command that calls one endpoint with the connector's kind of credentials."""
    headers = auth_headers(authentication, oauth)
    url = _url(endpoint.url)
    named = endpoint.connector or ""
    if endpoint.description:
        named += f" ({endpoint.description})"
    classic = " with the classic token" if authentication == "classic" and oauth is None else ""
    if endpoint.kind == "metainfo":
        title = f"What the app connector grants (GET /metainfo){classic}"
        return _command(
            title, ["curl " + url, "-H " + literal("Accept: application/json"), *headers]
        )
    if endpoint.kind == "get_connector":
        title = f"GetConnector {named}: the first 100 rows (replace <FieldId>)"
        return _command(
            title, ["curl " + url, "-H " + literal("Accept: application/json"), *headers]
        )
    if endpoint.kind == "update_connector":
        body = literal(f"@{endpoint.connector}.json")
        title = (
            f"UpdateConnector {named}: insert with the JSON body in {endpoint.connector}.json "
            "(PUT updates, DELETE deletes)"
        )
        return _command(
            title,
            [
                "curl -X POST " + url,
                "-H " + literal("Content-Type: application/json"),
                *headers,
                "--data " + body,
            ],
        )
    method = endpoint.methods[0]
    if method == "POST":  # AFAS Remote Cmd: a SOAP call with an envelope (howto-remotecmd)
        soap = 'application/soap+xml; charset=utf-8; action="urn:Afas.Profit.Services/Execute"'
        return _command(
            f"Special connector {named}: run a command line (SOAP Execute; envelope in "
            "execute.xml)",
            [
                "curl -X POST " + url,
                "-H " + literal(f"Content-Type: {soap}"),
                *headers,
                "--data @execute.xml",
            ],
        )
    if "<" not in endpoint.url:  # /profitversion answers JSON
        return _command(
            f"Special connector {named}",
            ["curl " + url, "-H " + literal("Accept: application/json"), *headers],
        )
    return _command(
        f"Special connector {named}: a file (replace the <...> parts)",
        ["curl " + url, *headers, "--output " + literal("response.bin")],
    )
