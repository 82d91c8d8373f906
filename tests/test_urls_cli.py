"""`acwizard urls ID`: what it prints for every demo connector, its JSON, exit codes, and
hostile text that stays text in every format."""

from __future__ import annotations

import json

import pytest
from test_output_safety import ALLOWED_TOKENS, PARSERS, UNSAFE_FOR_TERMINAL, assert_inert, tokens

from acwizard.cli import main
from acwizard.reports.markdown import WORD_JOINER

from conftest import DEMO, PAYROLL

DEMO_IDS = [path.stem for path in sorted((DEMO / "connectors").glob("*.toml"))]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("connector_id", DEMO_IDS)
@pytest.mark.parametrize("output", ["text", "json", "markdown"])
def test_every_demo_connector_has_its_urls(capsys, connector_id, output):
    status, out, err = run(capsys, "-w", str(DEMO), "urls", connector_id, "--format", output)
    assert (status, err) == (0, "")
    assert "https://12345.rest.afas.online/ProfitRestServices/metainfo" in out


def test_the_text_of_the_hybrid_demo_connector(capsys):
    status, out, _ = run(capsys, "-w", str(DEMO), "urls", "webshop-integration")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == (
        "webshop-integration (Webshop Integration): hybrid, blocked; environment O12345AA "
        "(production)"
    )
    assert lines[2:6] == [
        "REST base:       https://12345.rest.afas.online/ProfitRestServices",
        "SOAP base:       https://12345.soap.afas.online/profitservices",
        "OAuth token:     https://12345.rest.afas.online/ProfitRestServices/oauth/token",
        "                 (derived from the environment id)",
    ]
    assert (
        "  POST PUT DELETE  https://12345.rest.afas.online/ProfitRestServices/connectors/FbSales"
        in lines
    )
    assert "  AFAS_CLIENT_SECRET: the client secret (shown once, when it is made)" in lines
    assert "  - The app connector is blocked: every call fails until it is unblocked." in lines


def test_the_json_is_the_documented_document(capsys):
    status, out, _ = run(capsys, "-w", str(DEMO), "urls", "time-registration", "--format", "json")
    document = json.loads(out)
    assert status == 0
    assert list(document) == [
        "version", "connector", "environment", "bases", "oauth", "endpoints", "commands",
        "variables", "notes",
    ]  # fmt: skip
    assert document["version"] == 1
    assert document["connector"] == {
        "id": "time-registration",
        "description": "Time Registration",
        "authentication": "oauth",
        "blocked": False,
    }
    assert document["environment"] == {"id": "O12345AA", "kind": "production"}
    assert document["bases"]["source"] == "environment"
    assert document["oauth"]["client_authentication"] == "private_key_jwt"
    assert document["endpoints"][1] == {
        "kind": "get_connector",
        "connector": "TimeReg_Employees",
        "description": "Time registration: employees",
        "methods": ["GET"],
        "url": "https://12345.rest.afas.online/ProfitRestServices/connectors/TimeReg_Employees"
        "?skip=0&take=100&orderbyfieldids=<FieldId>",
    }
    assert {"title", "command"} == set(document["commands"][0])
    assert [v["name"] for v in document["variables"]] == [
        "AFAS_CLIENT_ID", "AFAS_CLIENT_ASSERTION", "AFAS_ACCESS_TOKEN",
    ]  # fmt: skip


def test_on_premises_bases_from_acwizard_toml(capsys, demo_copy):
    (demo_copy / "acwizard.toml").write_text(
        'rest_base_url = "https://profit.corp.example/ProfitRestServices"\n'
        'soap_base_url = "https://profit.corp.example/profitservices"\n'
        "online = false\n",
        encoding="utf-8",
    )
    (demo_copy / "connectors" / "webshop-integration.toml").unlink()  # has IP lines
    for name in ("helloid-provisioning", "payroll-sync", "time-registration"):
        (demo_copy / "connectors" / f"{name}.toml").unlink()
    status, out, _ = run(capsys, "-w", str(demo_copy), "urls", "bi-export", "--format", "json")
    document = json.loads(out)
    assert status == 0
    assert document["bases"] == {
        "rest": "https://profit.corp.example/ProfitRestServices",
        "soap": "https://profit.corp.example/profitservices",
        "source": "settings",
    }
    assert document["endpoints"][0]["url"] == (
        "https://profit.corp.example/ProfitRestServices/metainfo"
    )


class TestExitTwo:
    def test_an_unknown_id_names_the_near_ones(self, capsys):
        status, out, err = run(capsys, "-w", str(DEMO), "urls", "payroll-syn")
        assert (status, out) == (2, "")
        assert err == (
            "acwizard urls: no connector 'payroll-syn' in connectors/; did you mean payroll-sync?\n"
        )

    @pytest.mark.parametrize("given", ["../data/connectors/x", "a/b", "\x1b[2J", "", "-x"])
    def test_what_is_no_id_is_refused_before_any_file_is_read(self, capsys, given):
        status, out, err = run(capsys, "-w", str(DEMO), "urls", "--", given)
        assert (status, out) == (2, "")
        assert "is not a connector id" in err and "\x1b" not in err

    def test_a_file_that_does_not_validate(self, capsys, workspace, write_connector):
        write_connector(PAYROLL.replace("blocked = true", "blocked = 1"))
        status, out, err = run(capsys, "-w", str(workspace), "urls", "payroll-sync")
        assert (status, out) == (2, "")
        assert "payroll-sync.toml:4: error: blocked: must be true or false" in err
        assert err.endswith("acwizard urls: payroll-sync does not validate: fix it first\n")

    def test_an_acwizard_toml_with_an_error(self, capsys, workspace, write_connector):
        write_connector(PAYROLL)
        (workspace / "acwizard.toml").write_text('rest_base_url = "http://x"\n', encoding="utf-8")
        status, out, err = run(capsys, "-w", str(workspace), "urls", "payroll-sync")
        assert (status, out) == (2, "")
        assert "acwizard.toml:1: error: rest_base_url: must start with https://" in err

    def test_a_missing_workspace(self, capsys, tmp_path):
        status, _, err = run(capsys, "-w", str(tmp_path / "none"), "urls", "x")
        assert status == 2 and "no such directory" in err


HOSTILE = "<!-- [x](https://evil.example) @org/team #12 `x` | **b** a5c3785ed8d6"
"""Valid as a description (no control character), hostile for Markdown."""
HOSTILE_BASE = "https://h.example/```<!--[x](y)@a`$(id)`"
"""Valid as rest_base_url (printable ASCII, https), hostile for Markdown and for a shell."""


@pytest.fixture
def hostile_urls(workspace, write_connector):
    """A connector whose description, catalog descriptions and base URL are hostile."""
    write_connector(PAYROLL.replace("Payroll Sync", HOSTILE, 1), "hostile.toml")
    (workspace / "catalog.toml").write_text(
        "[get_connectors]\n"
        f"Profit_Employees = '{HOSTILE}'\n"
        "[update_connectors]\n"
        "HrCompMut = '<img src=x onerror=alert(1)> ``` # h'\n"
        "[user_groups]\n"
        '"Payroll Sync" = "x"\n',
        encoding="utf-8",
    )
    (workspace / "acwizard.toml").write_text(
        f"environment = 'T12345AA'\nrest_base_url = '{HOSTILE_BASE}'\n", encoding="utf-8"
    )
    return workspace


@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_urls_markdown_is_inert(capsys, hostile_urls, parser):
    status, out, err = run(
        capsys, "-w", str(hostile_urls), "urls", "hostile", "--format", "markdown"
    )
    assert status == 0, err
    found = tokens(out, parser)
    fences = [token for token in found if token.type == "fence"]
    assert fences and all(token.info == "sh" for token in fences)
    # the fences hold the commands exactly: the hostile base URL did not close one
    assert any(f"{HOSTILE_BASE}/otprequest" in token.content for token in fences)
    # outside the fences, nothing but audit's constructs
    assert_inert(_without_fences(out), parser)
    assert {token.type for token in found} - {"fence"} <= ALLOWED_TOKENS


def _without_fences(text: str) -> str:
    """The Markdown with its fenced blocks left out (their content is code, shown as is)."""
    kept, fence = [], None
    for line in text.splitlines():
        if fence is None and line.startswith("```"):
            fence = line.rstrip("sh")
            continue
        if fence is not None:
            if line == fence:
                fence = None
            continue
        kept.append(line)
    return "\n".join(kept)


@pytest.mark.parametrize("output", ["text", "json", "markdown"])
def test_urls_sends_no_control_or_bidi_characters_to_the_terminal(capsys, hostile_urls, output):
    status, out, _ = run(capsys, "-w", str(hostile_urls), "urls", "hostile", "--format", output)
    assert status == 0
    assert not UNSAFE_FOR_TERMINAL.search(out.replace(WORD_JOINER, ""))
    if output == "json":
        document = json.loads(out)
        assert document["bases"]["rest"] == HOSTILE_BASE
        assert document["connector"]["description"] == HOSTILE
