"""The call sheet (`acwizard.calling`): bases, endpoints, and commands safe to paste.

The commands are run for real in bash, with `curl` replaced by a function that
prints its arguments: a value from a file (a base URL in acwizard.toml, a redirect
URL) must arrive as exactly that text, and nothing in it may run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from acwizard.calling import UNKNOWN_REST, bases, call_sheet
from acwizard.catalog import Catalog
from acwizard.files.settings import Settings
from acwizard.files.urls_plan_settings import UrlsPlanSettings
from acwizard.model import AppConnector
from acwizard.shell import Var, word
from acwizard.workspace import Workspace

from conftest import DEMO, PAYROLL_V2

BASH = shutil.which("bash")
HOSTILE_URL = "https://h.example/$(touch${IFS}pwned)/`touch${IFS}pwned2`/a'b\"c!d\\e;f|g&h"
"""A base URL acwizard.toml accepts (printable ASCII, https, no query) that a shell would run."""


def demo_sheets():
    workspace = Workspace.open(DEMO)
    for loaded in workspace.load_all():
        assert loaded.connector is not None
        yield call_sheet(loaded.id, loaded.connector, workspace.settings, workspace.catalog)


def argv_of(command: str, tmp_path: Path, env: dict[str, str] | None = None) -> list[str]:
    """The arguments `command` gives curl when bash runs it in `tmp_path` (the authorize
    URL's `printf` too)."""
    assert BASH is not None
    script = (
        "set -H\n"  # history expansion on, as in an interactive shell: `!` must not expand
        'curl() { for a in "$@"; do printf \'%s\\0\' "$a"; done; }\n'
        # the authorize URL is printed for the browser: its word is checked as curl's
        + command.replace("printf '%s\\n' ", "curl ", 1)
        + "\n"
    )
    result = subprocess.run(
        [BASH, "--norc", "--noprofile", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", **(env or {})},
        check=True,
    )
    return result.stdout.decode().split("\0")[:-1]


class TestBases:
    @pytest.mark.parametrize(
        ("environment", "rest", "soap"),
        [
            ("O12345AA", "https://12345.rest.afas.online", "https://12345.soap.afas.online"),
            (
                "T54321BB",
                "https://54321.resttest.afas.online",
                "https://54321.soaptest.afas.online",
            ),
            (
                "A11111CC",
                "https://11111.restaccept.afas.online",
                "https://11111.soapaccept.afas.online",
            ),
        ],
    )
    def test_the_environment_names_the_hosts(self, environment, rest, soap):
        assert bases(Settings(environment=environment)) == (
            rest + "/ProfitRestServices",
            soap + "/profitservices",
            "environment",
        )

    def test_acwizard_toml_wins_for_what_is_printed(self):
        own = UrlsPlanSettings(rest_base_url="https://profit.local/ProfitRestServices")
        settings = Settings(environment="O12345AA", urls_plan=own)
        assert bases(settings) == (
            "https://profit.local/ProfitRestServices",
            "https://12345.soap.afas.online/profitservices",
            "settings",
        )

    def test_no_environment_gives_a_placeholder_and_says_so(self):
        connector = AppConnector.model_validate({"description": "X", "user_group": "G"})
        sheet = call_sheet("x", connector, Settings(), Catalog())
        assert (sheet.rest_base, sheet.base_source) == (UNKNOWN_REST, "unknown")
        assert any("names no environment" in note for note in sheet.notes)


class TestDemo:
    def test_every_granted_connector_has_its_url(self):
        sheets = {sheet.connector_id: sheet for sheet in demo_sheets()}
        payroll = sheets["payroll-sync"]
        base = "https://12345.rest.afas.online/ProfitRestServices"
        assert [(e.kind, e.connector, e.methods, e.url) for e in payroll.endpoints] == [
            ("metainfo", None, ("GET",), f"{base}/metainfo"),
            *[
                ("get_connector", name, ("GET",),
                 f"{base}/connectors/{name}?skip=0&take=100&orderbyfieldids=<FieldId>")
                for name in ("Employment_data", "Profit_CostCentre", "Profit_Employees")
            ],
            *[
                ("update_connector", name, ("POST", "PUT", "DELETE"), f"{base}/connectors/{name}")
                for name in ("HrCompMut", "HrVarValue", "KnEmployee")
            ],
            ("special_connector", "AppConnectorSubject", ("GET",),
             f"{base}/subjectconnector/<subjectId>/<fileId>"),
            ("special_connector", "AppConnectorSubject", ("GET",),
             f"{base}/fileconnector/<guid>/<fileName>"),
        ]  # fmt: skip
        assert payroll.oauth is None

    def test_oauth_endpoints_only_for_connectors_that_use_oauth(self):
        sheets = {sheet.connector_id: sheet for sheet in demo_sheets()}
        token = "https://12345.rest.afas.online/ProfitRestServices/oauth/token"
        assert sheets["payroll-sync"].oauth is None
        assert sheets["webshop-integration"].oauth.token_url == token
        assert sheets["time-registration"].oauth.token_url == token

    def test_each_authentication_type_gets_its_commands(self):
        sheets = {sheet.connector_id: sheet for sheet in demo_sheets()}
        classic = "\n".join(c.text for c in sheets["payroll-sync"].commands)
        hybrid = "\n".join(c.text for c in sheets["webshop-integration"].commands)
        oauth = "\n".join(c.text for c in sheets["time-registration"].commands)
        assert "/otprequest" in classic and "/otpvalidation" in classic
        assert "AfasToken" in classic and "Bearer" not in classic and "oauth" not in classic
        # hybrid: both the OTP flow and the token request, calls with Bearer, one classic call
        assert "/otprequest" in hybrid and "/oauth/token" in hybrid
        assert "client_secret=$AFAS_CLIENT_SECRET" in hybrid
        assert "Bearer $AFAS_ACCESS_TOKEN" in hybrid and "AfasToken" in hybrid
        # OAuth with private key JWT: a signed client assertion, never a secret
        assert "client_assertion=$AFAS_CLIENT_ASSERTION" in oauth
        assert "client-assertion-type:jwt-bearer" in oauth
        assert "client_secret" not in oauth and "AfasToken" not in oauth

    def test_a_command_holds_placeholders_and_never_a_value_that_looks_secret(self):
        for sheet in demo_sheets():
            for command in sheet.commands:
                for variable in re.findall(r"\$\{?([A-Z_]+)", command.text):
                    assert variable.startswith("AFAS_"), command.text
                assert not re.search(r"PHRva2Vu|[0-9A-F]{64}|eyJ", command.text)


class TestPasting:
    @pytest.mark.skipif(BASH is None, reason="needs bash")
    def test_a_hostile_base_url_is_only_text_when_pasted(self, tmp_path):
        # GIVEN a base URL from acwizard.toml that a shell would run
        connector = AppConnector.model_validate(
            {
                "schema_version": 2,
                "description": "X",
                "user_group": "G",
                "authentication": "hybrid",
                "get_connectors": ["Profit_Employees"],
                "oauth": {
                    "client_type": "confidential",
                    "flows": ["client_credentials", "authorization_code"],
                    "client_authentication": "client_secret",
                    "redirect_urls": ["https://app.example/cb?x=$(touch${IFS}pwned3)&y='1'"],
                },
            }
        )
        own = UrlsPlanSettings(rest_base_url=HOSTILE_URL)
        sheet = call_sheet("x", connector, Settings(urls_plan=own), Catalog())
        env = {"AFAS_CLIENT_ID": "id-1", "AFAS_CLIENT_SECRET": "s3cr3t", "AFAS_TOKEN": "<t/>"}
        # WHEN every command runs in bash
        for command in sheet.commands:
            argv = argv_of(command.text, tmp_path, env)
            # THEN the URL arrives exactly, and nothing ran
            assert any(arg.startswith(HOSTILE_URL) for arg in argv), (command.text, argv)
            assert not list(tmp_path.iterdir()), command.text
        token = argv_of(sheet.commands[2].text, tmp_path, env)
        assert token == [
            "-X", "POST", HOSTILE_URL + "/oauth/token",
            "-H", "Content-Type: application/x-www-form-urlencoded",
            "--data-urlencode", "grant_type=client_credentials",
            "--data-urlencode", "client_id=id-1",
            "--data-urlencode", "client_secret=s3cr3t",
        ]  # fmt: skip
        exchange = argv_of(sheet.commands[4].text, tmp_path, env)
        assert "redirect_uri=https://app.example/cb?x=$(touch${IFS}pwned3)&y='1'" in exchange

    @pytest.mark.skipif(BASH is None, reason="needs bash")
    def test_the_classic_header_is_the_token_in_base64(self, tmp_path):
        workspace = Workspace.open(DEMO)
        loaded = workspace.load(workspace.connector_path("payroll-sync"))
        sheet = call_sheet("payroll-sync", loaded.connector, workspace.settings, workspace.catalog)
        token = "<token><version>1</version><data>" + "AB" * 32 + "</data></token>"
        argv = argv_of(sheet.commands[2].text, tmp_path, {"AFAS_TOKEN": token})
        import base64

        assert argv[-1] == "Authorization: AfasToken " + base64.b64encode(token.encode()).decode()

    @pytest.mark.parametrize(
        "pieces",
        [
            ["plain"],
            ["https://x.example/a?b=c&d=e"],
            ['{"apiKey": "', Var("AFAS_API_KEY"), '"}'],
            ["it's", Var("AFAS_X"), "$(no)`no`!no\\"],
            [Var("AFAS_X"), "tail"],
            [],
        ],
    )
    @pytest.mark.skipif(BASH is None, reason="needs bash")
    def test_a_word_is_its_pieces(self, tmp_path, pieces):
        expected = "".join("VALUE" if isinstance(piece, Var) else piece for piece in pieces)
        assert argv_of(
            "curl " + word(pieces), tmp_path, {"AFAS_API_KEY": "VALUE", "AFAS_X": "VALUE"}
        ) == [expected]


def test_settings_never_decide_where_the_sheet_would_send_credentials():
    # The sheet only prints; the check for where credentials may go is hosts.is_afas_host.
    from acwizard.profit.hosts import is_afas_host

    own = UrlsPlanSettings(rest_base_url="https://attacker.example/ProfitRestServices")
    settings = replace(Settings(environment="O12345AA"), urls_plan=own)
    rest, _, _ = bases(settings)
    assert rest.startswith("https://attacker.example")
    assert not is_afas_host("attacker.example")


def test_the_payroll_example_with_a_webhook_and_jwks(tmp_path):
    import tomllib

    connector = AppConnector.model_validate(tomllib.loads(PAYROLL_V2))
    sheet = call_sheet("payroll-sync", connector, Settings(environment="T12345AA"), Catalog())
    assert sheet.rest_base == "https://12345.resttest.afas.online/ProfitRestServices"
    assert sheet.environment_kind == "test"
    assert any("2001:db8:10::/48" in note for note in sheet.notes)


def test_special_connectors_remote_cmd_on_the_soap_base_and_the_unsure_ids_said():
    from acwizard.catalog import load_catalog

    catalog, problems = load_catalog(None)
    assert problems == []
    assert "does not publish this id" in catalog.describe("connectors", "AppConnectorRemoteCmd")
    connector = AppConnector.model_validate(
        {
            "description": "X",
            "user_group": "G",
            "connectors": [
                "AppConnectorRemoteCmd",
                "AppConnectorReport",
                "AppConnectorVersion",
                "CommSvcConnector",
            ],
        }
    )
    sheet = call_sheet("x", connector, Settings(environment="A12345AA"), catalog)
    assert [(e.connector, e.methods, e.url) for e in sheet.endpoints[1:]] == [
        ("AppConnectorRemoteCmd", ("POST",),
         "https://12345.soapaccept.afas.online/profitservices/cmdconnector.asmx"),
        ("AppConnectorReport", ("GET",),
         "https://12345.restaccept.afas.online/ProfitRestServices/reportconnector/<guid>"),
        ("AppConnectorVersion", ("GET",),
         "https://12345.restaccept.afas.online/ProfitRestServices/profitversion"),
    ]  # fmt: skip
    notes = "\n".join(sheet.notes)
    assert "CommSvcConnector: AFAS documents no URL for this special connector." in notes
    assert "Unsure: AFAS Remote Cmd is enabled on the Connectors tab" in notes
    assert "Unsure: the report connector's id" in notes
    remote = next(c for c in sheet.commands if "cmdconnector" in c.text)
    assert 'action=\\"urn:Afas.Profit.Services/Execute\\"' in remote.text  # inside "..."
