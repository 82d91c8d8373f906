"""`acwizard verify` against the stand-in Profit (a real server on 127.0.0.1): drift, failures
in Profit's terms, retries, the credential helper, TLS, Ctrl+C and the stored results.

GIVEN the demo workspace and a stand-in granting what its files grant, WHEN verify runs,
THEN what it prints and exits with is what an admin would rely on.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from profit_support import Demo, demo, run_cli, stored_text

from acwizard.profit.results import read_results
from acwizard.standin.server import Behaviour, serving


def verify(capsys: pytest.CaptureFixture[str], d: Demo, base: str, *more: str):
    """Run verify on the demo copy against `base`."""
    return run_cli(capsys, "-w", str(d.root), "verify", "--base-url", base, *more)


class TestDrift:
    def test_the_demo_against_the_standin_matches(self, capsys, monkeypatch, tmp_path):
        d = demo(monkeypatch, tmp_path)
        with serving(d.standin) as base:
            status, out, err = verify(capsys, d, base)
        assert status == 0, out + err
        assert "0 drifted, 4 matched, 0 could not be asked, 2 skipped" in out
        assert "expense-app ('Expense App'): not asked: blocked in its file" in out
        assert "IP restrictions, the authentication type, OAuth settings, webhooks" in out
        # The helper served every connector asked, each in its own call, in one run.
        calls = sorted(d.helper_log.read_text().splitlines())
        assert calls == [
            "get O12345AA bi-export",
            "get O12345AA helloid-provisioning",
            "get O12345AA payroll-sync",
            "get O12345AA time-registration",
        ]

    def test_a_grant_only_in_profit_is_said_first_and_exits_1(self, capsys, monkeypatch, tmp_path):
        d = demo(monkeypatch, tmp_path)
        d.standin.connectors["payroll-sync"].get_connectors.append(("Salaries_All", "Salaries"))
        d.standin.connectors["bi-export"].get_connectors.pop()  # only in the file
        d.standin.connectors["helloid-provisioning"].user_group = "Someone Else"
        with serving(d.standin) as base:
            status, out, _ = verify(capsys, d, base)
        assert status == 1
        lines = out.splitlines()
        assert lines[1] == "payroll-sync ('Payroll Sync'): UNREVIEWED ACCESS"
        assert lines[2] == (
            "  UNREVIEWED ACCESS: GetConnector Salaries_All is granted in Profit but not in the file"
        )
        assert "  GetConnector BI_Headcount is in the file but not granted in Profit" in lines
        assert (
            "  user group in Profit: 'Someone Else'; in the file: 'HelloID Provisioning'" in lines
        )
        assert "3 drifted, 1 matched" in out

    def test_json_and_markdown_put_unreviewed_access_first(self, capsys, monkeypatch, tmp_path):
        d = demo(monkeypatch, tmp_path)
        d.standin.connectors["time-registration"].update_connectors.append(("KnUser", "User"))
        with serving(d.standin) as base:
            status, out, _ = verify(capsys, d, base, "--format", "json")
            document = json.loads(out)
            status_md, markdown, _ = verify(capsys, d, base, "--format", "markdown")
        assert status == status_md == 1
        first = document["connectors"][0]
        assert first["id"] == "time-registration" and first["unreviewed_access"] is True
        assert first["drifts"][0]["kind"] == "granted_in_profit"
        assert document["not_compared"][0] == "IP restrictions"
        assert markdown.index("time-registration") < markdown.index("payroll-sync")
        assert "UNREVIEWED ACCESS" in markdown

    def test_a_blocked_file_whose_connector_answers_is_drift(self, capsys, monkeypatch, tmp_path):
        d = demo(monkeypatch, tmp_path)
        d.standin.connectors["expense-app"].blocked = False
        with serving(d.standin) as base:
            status, out, _ = verify(capsys, d, base, "expense-app")
        assert status == 1
        assert "the file says blocked, but Profit answers: the app connector is active" in out

    def test_another_environment_is_drift(self, capsys, monkeypatch, tmp_path):
        d = demo(monkeypatch, tmp_path)
        d.standin.environment = "T99999ZZ"
        with serving(d.standin) as base:
            status, out, _ = verify(capsys, d, base, "bi-export")
        assert status == 1
        assert "Profit answers for environment 'T99999ZZ', the workspace is 'O12345AA'" in out

    def test_profits_answer_cannot_forge_a_drift_sentence(self, capsys, monkeypatch, tmp_path):
        # GIVEN a Profit (or a man in the middle) whose user group reads as the end of the
        # sentence and another value (ids are refused unless they are plain ids)
        d = demo(monkeypatch, tmp_path)
        d.standin.connectors["payroll-sync"].user_group = "Payroll Sync'; in the file: 'x"
        with serving(d.standin) as base:
            status, out, _ = verify(capsys, d, base, "payroll-sync")
            _, markdown, _ = verify(capsys, d, base, "payroll-sync", "--format", "markdown")
        # THEN the value stands quoted, whole and escaped: it cannot close its quote
        assert status == 1, out
        assert (
            "  user group in Profit: 'Payroll Sync\\'; in the file: \\'x'; "
            "in the file: 'Payroll Sync'"
        ) in out.splitlines()
        # and in markdown each value is a code span, copied exactly
        assert "`Payroll Sync'; in the file: 'x`" in markdown

    def test_special_connectors_not_listed_are_not_compared(self, capsys, monkeypatch, tmp_path):
        d = demo(monkeypatch, tmp_path)
        d.standin.connectors["payroll-sync"].special_connectors = None
        with serving(d.standin) as base:
            status, out, _ = verify(capsys, d, base, "payroll-sync")
        assert status == 0
        assert "special connectors: not compared (Profit did not list them)" in out


class TestFailures:
    def run_with(self, capsys, monkeypatch, tmp_path, behaviour: Behaviour, who="bi-export"):
        d = demo(monkeypatch, tmp_path)
        d.standin.connectors[who].behaviour = behaviour
        with serving(d.standin) as base:
            status, out, err = verify(capsys, d, base)
        return d, status, out, err

    def test_403_is_explained_as_an_ip_restriction(self, capsys, monkeypatch, tmp_path):
        _, status, out, _ = self.run_with(capsys, monkeypatch, tmp_path, Behaviour("forbidden"))
        assert status == 2  # nothing drifted, one could not be asked; the others went on
        assert (
            "bi-export ('BI Export'): could not be asked: Profit refused this machine's address "
            "(403): the app connector's IP restrictions do not allow it"
        ) in out
        assert "3 matched, 1 could not be asked" in out

    def test_401_in_plain_words_with_profits_reason(self, capsys, monkeypatch, tmp_path):
        behaviour = Behaviour("unauthorized", reason="the token has expired")
        _, status, out, _ = self.run_with(capsys, monkeypatch, tmp_path, behaviour)
        assert status == 2
        assert (
            "Profit refused the token (401): it is wrong or badly encoded, expired or revoked, "
            "the app connector is blocked, or it may not call this. Profit says: the token has "
            "expired."
        ) in out

    def test_a_503_is_retried(self, capsys, monkeypatch, tmp_path):
        behaviour = Behaviour("unavailable", times=2, retry_after=0.2)
        d, status, out, _ = self.run_with(capsys, monkeypatch, tmp_path, behaviour)
        assert status == 0, out
        assert d.standin.calls_as("bi-export") == 3

    def test_a_503_asking_for_hours_is_not_waited_for(self, capsys, monkeypatch, tmp_path):
        behaviour = Behaviour("unavailable", times=5, retry_after=7200)
        started = time.monotonic()
        _, status, out, _ = self.run_with(capsys, monkeypatch, tmp_path, behaviour)
        assert time.monotonic() - started < 20
        assert status == 2
        assert (
            "Profit is unavailable (503), also after retries; it asks to try again in 7200 s" in out
        )

    def test_a_500_gives_profits_log_reference(self, capsys, monkeypatch, tmp_path):
        _, status, out, _ = self.run_with(capsys, monkeypatch, tmp_path, Behaviour("server_error"))
        assert status == 2
        assert "Profit failed (500); Profit's log reference: LOG-8F3A21" in out

    @pytest.mark.parametrize(
        ("kind", "words"),
        [
            ("malformed", "the /metainfo answer is not JSON"),
            ("huge", "the answer is larger than 16,384 KiB: not read"),
            ("deep", "is nested more than 16 levels deep: not read"),
            ("wrong_shape", "'getConnectors' must be a list, not a text"),
        ],
    )
    def test_hostile_answers_get_a_clear_error(self, capsys, monkeypatch, tmp_path, kind, words):
        _, status, out, err = self.run_with(capsys, monkeypatch, tmp_path, Behaviour(kind))
        assert status == 2
        assert words in out
        assert "Traceback" not in out + err

    def test_a_redirect_is_not_followed(self, capsys, monkeypatch, tmp_path):
        d = demo(monkeypatch, tmp_path)
        elsewhere = Demo(
            d.root, type(d.standin)("O12345AA", {}), d.credentials, "", d.helper_log, d.state
        )
        with serving(elsewhere.standin) as other:
            d.standin.connectors["bi-export"].behaviour = Behaviour(
                "redirect", reason=other + "/metainfo"
            )
            with serving(d.standin) as base:
                status, out, _ = verify(capsys, d, base, "bi-export")
        assert status == 2
        assert "answered with a redirect (302); not followed" in out
        assert elsewhere.standin.calls == []  # no credential went to the other server


class TestCredentials:
    def test_no_credentials_says_how_to_give_them(self, capsys, monkeypatch, tmp_path):
        d = demo(monkeypatch, tmp_path)
        monkeypatch.delenv("ACWIZARD_CREDENTIAL_HELPER")
        with serving(d.standin) as base:
            status, out, _ = verify(capsys, d, base, "bi-export")
        assert status == 2
        assert "no credentials: set AFAS_TOKEN" in out

    @pytest.mark.parametrize("form", ["xml", "data", "base64"])
    def test_afas_token_in_each_form_for_one_named_connector(
        self, capsys, monkeypatch, tmp_path, form
    ):
        import base64

        from acwizard.standin.fromworkspace import token_xml

        d = demo(monkeypatch, tmp_path)
        monkeypatch.delenv("ACWIZARD_CREDENTIAL_HELPER")
        data = d.standin.connectors["payroll-sync"].token_data
        assert data is not None
        xml = token_xml(data) + "\r\n"  # as Profit's OTP validation answers it
        value = {"xml": xml, "data": data, "base64": base64.b64encode(xml.encode()).decode()}
        monkeypatch.setenv("AFAS_TOKEN", value[form])
        with serving(d.standin) as base:
            status, out, _ = verify(capsys, d, base, "payroll-sync")
        assert status == 0, out

    def test_afas_token_serves_only_one_named_connector(self, capsys, monkeypatch, tmp_path):
        d = demo(monkeypatch, tmp_path)
        monkeypatch.delenv("ACWIZARD_CREDENTIAL_HELPER")
        monkeypatch.setenv("AFAS_TOKEN", "ab" * 32)
        status, _, err = verify(capsys, d, "http://127.0.0.1:9/ProfitRestServices")
        assert status == 2
        assert "AFAS_TOKEN and AFAS_CLIENT_ID serve one connector: name it" in err

    def test_client_secret_from_the_environment(self, capsys, monkeypatch, tmp_path):
        d = demo(monkeypatch, tmp_path)
        monkeypatch.delenv("ACWIZARD_CREDENTIAL_HELPER")
        answer = json.loads((d.credentials / "O12345AA" / "webshop-integration.json").read_text())
        d.standin.connectors["webshop-integration"].blocked = False
        monkeypatch.setenv("AFAS_CLIENT_ID", answer["client_id"])
        monkeypatch.setenv("AFAS_CLIENT_SECRET", answer["client_secret"])
        with serving(d.standin) as base:
            status, out, _ = verify(capsys, d, base, "webshop-integration")
            assert "the file says blocked, but Profit answers" in out and status == 1
            monkeypatch.setenv("AFAS_CLIENT_SECRET", "wrong")
            status, out, _ = verify(capsys, d, base, "webshop-integration")
        assert status == 2
        assert "Profit refused the client (invalid_client)" in out

    def test_private_key_jwt_from_a_key_file_outside_the_workspace(
        self, capsys, monkeypatch, tmp_path
    ):
        d = demo(monkeypatch, tmp_path)
        monkeypatch.delenv("ACWIZARD_CREDENTIAL_HELPER")
        answer = json.loads((d.credentials / "O12345AA" / "time-registration.json").read_text())
        monkeypatch.setenv("AFAS_CLIENT_ID", answer["client_id"])
        monkeypatch.setenv("AFAS_CLIENT_KEY_FILE", answer["private_key_file"])
        with serving(d.standin) as base:
            status, out, _ = verify(capsys, d, base, "time-registration")
            assert status == 0, out
            inside = d.root / "key.pem"
            inside.write_bytes(Path(answer["private_key_file"]).read_bytes())
            monkeypatch.setenv("AFAS_CLIENT_KEY_FILE", str(inside))
            status, _, err = verify(capsys, d, base, "time-registration")
        assert status == 2
        assert "is inside the workspace: a private key never lives in a repository" in err

    def test_a_public_client_cannot_be_verified_without_sign_in(
        self, capsys, monkeypatch, tmp_path
    ):
        d = demo(monkeypatch, tmp_path)
        path = d.root / "connectors" / "time-registration.toml"
        text = path.read_text()
        text = text.replace('client_type = "confidential"', 'client_type = "public"')
        text = text.replace('"client_credentials"', '"authorization_code"')
        text = text.replace('client_authentication = "private_key_jwt"\n', "")
        text = text.replace(
            "redirect_urls = []", 'redirect_urls = [\n    "http://127.0.0.1/cb",\n]'
        )
        text = re.sub(r"certificates = \[\n(    \{[^\n]*\},\n)*\]\n", "", text)
        text = text.replace("dpop = false", "dpop = true")
        path.write_text(text)
        assert run_cli(capsys, "-w", str(d.root), "validate", str(path))[0] == 0
        with serving(d.standin) as base:
            status, out, _ = verify(capsys, d, base, "time-registration")
        assert status == 2
        assert "cannot verify without a user sign-in" in out

    def test_the_helper_never_comes_from_the_workspace(self, capsys, monkeypatch, tmp_path):
        d = demo(monkeypatch, tmp_path)
        config = tmp_path / "config" / "acwizard" / "config.toml"
        config.parent.mkdir(parents=True)
        config.write_text(f'credential_helper = "{d.helper}"\n')
        config.chmod(0o666)
        monkeypatch.delenv("ACWIZARD_CREDENTIAL_HELPER")
        status, _, err = verify(capsys, d, "http://127.0.0.1:9/ProfitRestServices")
        assert status == 2
        assert "may be changed by others, who could send your credentials elsewhere" in err
        config.chmod(0o600)
        with serving(d.standin) as base:
            assert verify(capsys, d, base)[0] == 0

    @pytest.mark.parametrize(
        "url", ["http://profit.example.com/ProfitRestServices", "https://u:p@x.example/P"]
    )
    def test_credentials_go_only_over_https_or_to_loopback(
        self, capsys, monkeypatch, tmp_path, url
    ):
        d = demo(monkeypatch, tmp_path)
        status, _, err = verify(capsys, d, url)
        assert status == 2
        assert err.startswith("acwizard verify: --base-url must")


def test_never_prints_or_keeps_a_secret(capsys, monkeypatch, tmp_path):
    """Every output, success and failure alike, and every stored result, searched for every
    form of every secret the stand-in knows, including one a hostile server echoed back."""
    d = demo(monkeypatch, tmp_path)
    d.standin.connectors["bi-export"].behaviour = Behaviour("echo")
    d.standin.connectors["payroll-sync"].behaviour = Behaviour("unauthorized", reason="expired")
    d.standin.connectors["webshop-integration"].blocked = False
    outputs = []
    with serving(d.standin) as base:
        for extra in ([], ["--format", "json"], ["--format", "markdown"], ["webshop-integration"]):
            outputs.append(verify(capsys, d, base, *extra))
        answer = json.loads((d.credentials / "O12345AA" / "webshop-integration.json").read_text())
        monkeypatch.delenv("ACWIZARD_CREDENTIAL_HELPER")
        monkeypatch.setenv("AFAS_CLIENT_ID", answer["client_id"])
        monkeypatch.setenv("AFAS_CLIENT_SECRET", answer["client_secret"] + "x")
        outputs.append(verify(capsys, d, base, "webshop-integration"))
        monkeypatch.delenv("AFAS_CLIENT_ID")
        monkeypatch.delenv("AFAS_CLIENT_SECRET")
        monkeypatch.setenv("AFAS_TOKEN", "not a token " + answer["client_secret"])
        outputs.append(verify(capsys, d, base, "bi-export"))
        outputs.append(
            run_cli(capsys, "-w", str(d.root), "import", "--live", "bi-export", "--base-url", base)
        )
    everything = "".join(out + err for _, out, err in outputs) + stored_text(d.state)
    assert "Profit says: AfasToken <hidden>" in everything  # the echo was heard, and hidden
    assert d.standin.issued  # Bearer tokens were issued, and are searched for too
    secrets = d.secrets()
    assert len(secrets) > 10
    for secret in secrets:
        assert secret not in everything


def test_results_are_kept_for_the_tui_outside_the_workspace(capsys, monkeypatch, tmp_path):
    d = demo(monkeypatch, tmp_path)
    d.standin.connectors["payroll-sync"].update_connectors.append(("KnUser", "User"))
    with serving(d.standin) as base:
        verify(capsys, d, base)
    results = read_results(d.root)
    assert results["payroll-sync"].drifted and results["payroll-sync"].unreviewed_access
    assert (
        results["payroll-sync"].messages[0].startswith("UNREVIEWED ACCESS: UpdateConnector KnUser")
    )
    assert results["bi-export"].status == "match"
    # skipped (blocked in its file): kept as skipped when nothing was kept before...
    assert results["expense-app"].status == "skipped"
    # ...and never in place of what was found when it was asked
    with serving(d.standin) as base:
        verify(capsys, d, base, "expense-app")  # named: asked (Profit refuses it, blocked)
        asked = read_results(d.root)["expense-app"]
        assert asked.status == "not_asked"
        verify(capsys, d, base)
    assert read_results(d.root)["expense-app"] == asked
    assert not any(".json" in path.name for path in d.root.rglob("*") if "verify" in str(path))
    # A hostile results file reads as no results, never an exception.
    (path,) = (d.state / "acwizard" / "verify").glob("*.json")
    for junk in (b"[" * 100000, b"\xff\xfe", b'{"format": 1, "results": {"x": {"status": 3}}}'):
        path.write_bytes(junk)
        assert read_results(d.root) == {}


def test_verify_over_tls_with_a_test_ca(capsys, monkeypatch, tmp_path):
    import ssl

    import trustme

    d = demo(monkeypatch, tmp_path)
    authority = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    ca = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca))
    with serving(d.standin, tls=context) as base:
        assert base.startswith("https://")
        status, out, _ = verify(capsys, d, base, "bi-export")
        assert status == 2
        assert "TLS to https://127.0.0.1" in out and "the certificate could not be verified" in out
        monkeypatch.setenv("SSL_CERT_FILE", str(ca))
        status, out, _ = verify(capsys, d, base, "bi-export")
        assert status == 0, out
        # The system store (truststore) knows no test CA (OpenSSL would read SSL_CERT_FILE).
        monkeypatch.delenv("SSL_CERT_FILE")
        monkeypatch.setenv("ACWIZARD_TRUST", "system")
        status, out, _ = verify(capsys, d, base, "bi-export")
        assert status == 2 and "the certificate could not be verified" in out


@pytest.mark.xdist_group("terminals")
def _interrupted_run(d: Demo) -> tuple[int | None, str, str]:
    """verify on the demo, Ctrl+C once every other connector was asked and the slow one is
    answering; (status, out, err), status None when it did not stop within 10 s (err then
    holds every thread's stack: faulthandler, on SIGABRT)."""
    with d.standin.lock:
        d.standin.calls.clear()  # each try waits for its own calls
    with serving(d.standin) as base:
        # pytest-xdist's workers ignore SIGINT, and an ignored signal stays ignored in a
        # child: verify would never see the Ctrl+C. A terminal's shell starts it with the
        # default, as this does (for the moment of the start only).
        previous = signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "acwizard", "-w", str(d.root), "verify", "--base-url", base],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env={**os.environ, "PYTHONFAULTHANDLER": "1"},
                text=True,
            )
        finally:
            signal.signal(signal.SIGINT, previous)
        others = ("bi-export", "helloid-provisioning", "time-registration")
        deadline = time.monotonic() + 20
        while not all(d.standin.calls_as(one) for one in (*others, "payroll-sync")):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(0.3)
        process.send_signal(signal.SIGINT)
        try:
            out, err = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)
            out, err = process.communicate(timeout=10)
            return None, out, err
    return process.returncode, out, err


def test_ctrl_c_stops_with_what_was_checked(monkeypatch, tmp_path):
    d = demo(monkeypatch, tmp_path)
    d.standin.connectors["payroll-sync"].behaviour = Behaviour("slow", delay=0.05)
    status, out, err = _interrupted_run(d)
    assert status is not None, f"verify did not stop on Ctrl+C:\n{err[-4000:]}"
    assert status == 130, err
    assert "INTERRUPTED after 5 of 6" in out
    assert "payroll-sync" not in out  # the slow one was not finished
    assert "bi-export ('BI Export'): matches" in out
    assert "Traceback" not in err
