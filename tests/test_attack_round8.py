"""Round 8's attack: what a file in the repository, a hostile Profit (a server on 127.0.0.1)
or a hostile saved answer could make acwizard print, send or believe."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from profit_support import DEMO, isolate, run_cli


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    isolate(monkeypatch, tmp_path)
    return Path(shutil.copytree(DEMO, tmp_path / "workspace"))


FORGED = "connectors/payroll-sync.toml: already the same; nothing to change"


def test_a_saved_answers_undocumented_key_forges_no_line_of_imports_report(
    capsys, tmp_path, workspace
):
    # The key the special connectors come under is the answer's own: with a line break in
    # it, it wrote a line of its own into the report (out() passes line breaks).
    key = "customConnectors\n" + FORGED + "\n" + "x" * 5000
    answer = {
        "getConnectors": [],
        "info": {"appName": "Fresh App", "group": "Payroll Sync"},
        key: [{"id": "AppConnectorSubject", "description": "Attachments"}],
    }
    path = tmp_path / "metainfo.json"
    path.write_text(json.dumps(answer), encoding="utf-8")
    status, out, err = run_cli(capsys, "-w", str(workspace), "import", str(path))
    assert status == 0, out + err
    lines = (out + err).splitlines()
    assert FORGED not in lines
    assert not any(line.startswith("connectors/payroll-sync.toml") for line in lines)
    assert max(len(line) for line in lines) < 1000
    assert "read as the special connectors" in out


def test_a_bad_entry_under_an_undocumented_key_forges_no_line_either(capsys, tmp_path, workspace):
    key = "customConnectors\n" + FORGED + "\n"
    answer = {"getConnectors": [], key: [{"id": 5}]}
    path = tmp_path / "metainfo.json"
    path.write_text(json.dumps(answer), encoding="utf-8")
    status, out, err = run_cli(capsys, "-w", str(workspace), "import", str(path))
    assert status == 2
    assert FORGED not in (out + err).splitlines()
    assert "must be a text" in out


# -- a hostile Profit on 127.0.0.1 ----------------------------------------------------------


class Hostile:
    """A server on 127.0.0.1 whose answers a test sets: (status, headers, body) per path."""

    def __init__(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.answers: dict[str, tuple[int, list[tuple[str, str]], object]] = {}
        self.seen: list[tuple[str, str, dict[str, str], bytes]] = []
        hostile = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _answer(self) -> None:
                size = int(self.headers.get("content-length", 0) or 0)
                body = self.rfile.read(size)
                path = self.path.split("?")[0]
                hostile.seen.append((self.command, path, dict(self.headers.items()), body))
                status, headers, document = hostile.answers.get(
                    path.rsplit("/", 1)[-1], (404, [], {})
                )
                if callable(document):
                    document = document(dict(self.headers.items()), body)
                raw = document if isinstance(document, bytes) else json.dumps(document).encode()
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            do_GET = do_POST = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/ProfitRestServices"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hostile():
    server = Hostile()
    yield server
    server.close()


GRANTS = {"getConnectors": [], "info": {"appName": "Payroll Sync", "group": "Payroll Sync"}}


def verify(capsys, workspace, hostile, *ids: str) -> tuple[int, str]:
    status, out, err = run_cli(
        capsys, "-w", str(workspace), "verify", "--base-url", hostile.base, *ids
    )
    return status, out + err


def test_an_access_token_that_is_no_token_is_a_bad_answer_not_a_traceback(
    capsys, monkeypatch, workspace, hostile
):
    # A token endpoint answering a token no header can carry (non-ASCII, a line break)
    # raised UnicodeEncodeError out of httpx: a traceback and exit 1 ("drift").
    monkeypatch.setenv("AFAS_CLIENT_ID", "app")
    monkeypatch.setenv("AFAS_CLIENT_SECRET", "s3cret-value")
    hostile.answers["metainfo"] = (200, [], GRANTS)
    for token in ("t\u00f6ken-issued", "tok\r\nX-Evil: 1", "a b"):
        hostile.answers["token"] = (200, [], {"access_token": token, "token_type": "Bearer"})
        status, text = verify(capsys, workspace, hostile, "payroll-sync")
        assert status == 2, text
        assert "the token endpoint answered an access_token that is no token" in text
        assert "Traceback" not in text
    assert not any(path.endswith("/metainfo") for _, path, _, _ in hostile.seen)


def test_a_client_secret_pasted_with_a_line_break_is_sent_and_hidden_without_it(
    capsys, monkeypatch, workspace, hostile
):
    import base64
    from urllib.parse import unquote_plus

    monkeypatch.setenv("AFAS_CLIENT_ID", "app")
    monkeypatch.setenv("AFAS_CLIENT_SECRET", "s3cret+value/x==\n")

    def echo(headers: dict[str, str], body: bytes) -> dict[str, str]:
        pair = base64.b64decode(headers["Authorization"].split()[1]).decode()
        return {
            "error": "invalid_client",
            "error_description": f"pair {pair}; secret {unquote_plus(pair.split(':')[1])}",
        }

    hostile.answers["token"] = (400, [], echo)
    status, text = verify(capsys, workspace, hostile, "payroll-sync")
    assert status == 2
    assert "Profit says: pair app:<hidden>; secret <hidden>" in text, text
    for form in ("s3cret", "s3cret%2Bvalue", "value"):
        assert form not in text
    sent = base64.b64decode(hostile.seen[0][2]["Authorization"].split()[1]).decode()
    assert unquote_plus(sent.split(":")[1]) == "s3cret+value/x=="


def test_a_compressed_answer_is_neither_misread_nor_a_bomb(capsys, monkeypatch, workspace, hostile):
    # httpx asks for gzip by default, and the client read the raw bytes: a compressed
    # /metainfo (IIS compresses JSON) read as "not UTF-8", and a server could send a bomb.
    # acwizard asks for no compression; one sent anyway is refused in words.
    import gzip

    monkeypatch.setenv(
        "AFAS_TOKEN", "<token><version>1</version><data>" + "AB" * 32 + "</data></token>"
    )
    hostile.answers["metainfo"] = (200, [], GRANTS)
    status, text = verify(capsys, workspace, hostile, "payroll-sync")
    assert status == 1 and "DRIFT" in text, text  # read: the file grants more
    assert hostile.seen[-1][2].get("Accept-Encoding") == "identity"
    bomb = gzip.compress(b" " * (64 * 1024 * 1024))
    hostile.answers["metainfo"] = (200, [("Content-Encoding", "gzip")], bomb)
    status, text = verify(capsys, workspace, hostile, "payroll-sync")
    assert status == 2, text
    assert "compressed (gzip), though acwizard asked for no compression" in text


# -- urls: curl commands an admin pastes --------------------------------------------------


def test_a_base_url_whose_host_is_a_curl_glob_is_refused(capsys, workspace):
    # curl expands {a,b} in a URL: the printed command sent the token to both hosts.
    (workspace / "acwizard.toml").write_text(
        "environment = 'O12345AA'\n"
        "rest_base_url = 'https://{profit.example.com,evil.example}/ProfitRestServices'\n",
        encoding="utf-8",
    )
    status, out, err = run_cli(capsys, "-w", str(workspace), "urls", "payroll-sync")
    assert status == 2
    assert "acwizard.toml:2: error: rest_base_url: has a host name that is no host name" in err
    assert "evil.example" not in out


def test_a_curl_command_never_globs_a_url_from_a_file(capsys, workspace):
    # A path from acwizard.toml with [1-99999] made one pasted command 99,999 calls.
    import shlex

    (workspace / "acwizard.toml").write_text(
        "environment = 'O12345AA'\n"
        "rest_base_url = 'https://profit.example.com/x[1-99999]/ProfitRestServices'\n",
        encoding="utf-8",
    )
    status, out, err = run_cli(
        capsys, "-w", str(workspace), "urls", "payroll-sync", "--format", "json"
    )
    assert status == 0, err
    commands = [each["command"] for each in json.loads(out)["commands"]]
    curls = [shlex.split(command.replace("\\\n", " ")) for command in commands]
    curls = [argv for argv in curls if argv[0] == "curl"]
    assert curls
    for argv in curls:
        url = next(word for word in argv if word.startswith("https://"))
        assert "[1-99999]" in url
        assert "--globoff" in argv[: argv.index(url)], argv


def test_a_loopback_base_never_goes_through_the_environments_proxy(
    capsys, monkeypatch, workspace, hostile
):
    # Plain http is allowed for a loopback base only, so that credentials never cross a
    # network unencrypted; with a company HTTP_PROXY set, httpx handed the request, token
    # and all, in plain text to the proxy (which would ask its own 127.0.0.1 anyway).
    proxy = Hostile()
    try:
        proxy.answers["metainfo"] = (502, [], {})
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        address = proxy.base.removesuffix("/ProfitRestServices")
        monkeypatch.setenv("HTTP_PROXY", address)
        monkeypatch.setenv("ALL_PROXY", address)
        data = "AB" * 32
        monkeypatch.setenv("AFAS_TOKEN", data)
        hostile.answers["metainfo"] = (200, [], GRANTS)
        status, text = verify(capsys, workspace, hostile, "payroll-sync")
        assert proxy.seen == []
        assert status == 1 and "DRIFT" in text, text
        assert hostile.seen and hostile.seen[0][2]["Authorization"].startswith("AfasToken ")
    finally:
        proxy.close()


def test_a_token_request_retried_after_a_503_signs_a_new_assertion(
    capsys, monkeypatch, tmp_path, workspace, hostile
):
    # AFAS wants a new jti in every client assertion; a retry after a 503 sent the same one,
    # which a token endpoint that had seen it refuses as a replay (invalid_client).
    from urllib.parse import parse_qs

    import jwt
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key_file = tmp_path / "app-key.pem"
    key_file.write_bytes(
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    monkeypatch.setenv("AFAS_CLIENT_ID", "app")
    monkeypatch.setenv("AFAS_CLIENT_KEY_FILE", str(key_file))
    jtis: list[str] = []

    def token(headers: dict[str, str], body: bytes) -> dict[str, object]:
        assertion = parse_qs(body.decode())["client_assertion"][0]
        jtis.append(jwt.decode(assertion, options={"verify_signature": False})["jti"])
        if len(jtis) == 1:
            hostile.answers["token"] = (200, [], token)
            return {"retry_after": 0}
        return {"access_token": "issued-token", "token_type": "Bearer"}

    hostile.answers["token"] = (503, [], token)
    hostile.answers["metainfo"] = (200, [], GRANTS)
    status, text = verify(capsys, workspace, hostile, "payroll-sync")
    assert status == 1 and "DRIFT" in text, text
    assert len(jtis) == 2 and jtis[0] != jtis[1]
