"""The pieces under verify and import: credentials that never show, the credential helper's
protocol, the client's deadline and size cap against a real slow or huge server, /metainfo
parsing, and the progress display."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import os
import pickle
import time
from pathlib import Path

import httpx
import pytest
from profit_support import isolate

from acwizard.profit.client import CallLimits, ProfitClient, ProfitError
from acwizard.profit.credentials import (
    ClassicToken,
    CredentialError,
    Secret,
    classic_token,
    from_environment,
)
from acwizard.profit.helper import ask_helper, parse_answer
from acwizard.profit.metainfo import MetaInfoError, read_metainfo_bytes
from acwizard.standin.fromworkspace import token_xml
from acwizard.standin.server import Behaviour, FakeConnector, StandIn, serving

DATA = "0123456789abcdef" * 4
XML = token_xml(DATA)


class TestSecrets:
    def test_a_secret_never_shows(self):
        token = classic_token(XML, "AFAS_TOKEN")
        for text in (repr(token), str(token), f"{token}", repr(token.header), str([token])):
            assert DATA not in text and "PHRva2Vu" not in text and "<hidden>" in text
        with pytest.raises(TypeError):
            pickle.dumps(token.header)
        assert token.header == Secret(token.header.reveal())

    @pytest.mark.parametrize(
        "value", [XML, XML + "\r\n", DATA, base64.b64encode(XML.encode()).decode()]
    )
    def test_every_form_of_a_token_is_sent_as_base64_xml(self, value):
        token = classic_token(value, "AFAS_TOKEN")
        assert base64.b64decode(token.header.reveal()).decode() == XML

    @pytest.mark.parametrize(
        ("value", "words"),
        [
            ("<token><data>" + DATA + "</data></token>", "starts like a token's XML"),
            (base64.b64encode(b"secret-words-here").decode(), "is base64, but not of a token"),
            ("secret words here", "is neither a token's XML"),
        ],
    )
    def test_a_bad_token_is_refused_without_repeating_it(self, value, words):
        with pytest.raises(CredentialError) as caught:
            classic_token(value, "AFAS_TOKEN")
        assert words in str(caught.value)
        assert value not in str(caught.value) and "secret" not in str(caught.value)

    def test_the_environment_for_one_connector(self, monkeypatch, tmp_path):
        isolate(monkeypatch, tmp_path)
        assert from_environment({}, tmp_path) is None
        assert isinstance(from_environment({"AFAS_TOKEN": DATA}, tmp_path), ClassicToken)
        with pytest.raises(CredentialError, match="not both"):
            from_environment({"AFAS_TOKEN": DATA, "AFAS_CLIENT_ID": "x"}, tmp_path)
        with pytest.raises(CredentialError, match="one of them"):
            from_environment({"AFAS_CLIENT_ID": "x"}, tmp_path)
        credential = from_environment({"AFAS_CLIENT_ID": "x", "AFAS_CLIENT_SECRET": "s3cr3t"}, None)
        assert "s3cr3t" not in repr(credential)

    def test_httpx_texts_and_reprs_hold_no_credential(self):
        """Even a log of httpx's own objects would not show the header (acwizard never
        prints them: each failure is a ProfitError of its own words, its cause cut off)."""
        header = f"AfasToken {base64.b64encode(XML.encode()).decode()}"
        request = httpx.Request("GET", "http://127.0.0.1:9/x", headers={"Authorization": header})
        with pytest.raises(httpx.ConnectError) as caught:
            httpx.Client().send(request)
        for text in (str(caught.value), repr(caught.value), repr(request), repr(request.headers)):
            assert DATA not in text and header.split()[1] not in text

        async def call() -> None:
            async with ProfitClient("http://127.0.0.1:9/P") as client:
                await client.metainfo(classic_token(XML, "t"))

        with pytest.raises(ProfitError) as failure:
            asyncio.run(call())
        assert failure.value.kind == "connect"
        assert failure.value.__cause__ is None and failure.value.__suppress_context__


def _running(pid: int) -> bool:
    """True while `pid` runs (a zombie waiting for its reaper has stopped)."""
    try:
        os.kill(pid, 0)
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (ProcessLookupError, FileNotFoundError):
        return False
    return state not in ("Z", "X")


class TestHelper:
    def script(self, tmp_path: Path, body: str) -> tuple[str, ...]:
        path = tmp_path / "helper.sh"
        path.write_text("#!/bin/sh\n" + body)
        path.chmod(0o700)
        return (str(path),)

    def test_a_slow_helper_is_stopped_with_what_it_started(self, tmp_path):
        pid_file = tmp_path / "pid"
        helper = self.script(tmp_path, f"sleep 30 &\necho $! > {pid_file}\nsleep 30\n")
        started = time.monotonic()
        with pytest.raises(CredentialError, match=r"gave no answer within 0\.5 s"):
            ask_helper(helper, "O12345AA", "x", None, timeout=0.5)
        assert time.monotonic() - started < 5
        time.sleep(0.2)
        assert not _running(int(pid_file.read_text()))  # the helper's own child was killed too

    def test_a_failing_helper_says_why(self, tmp_path):
        helper = self.script(tmp_path, "echo 'not in the vault' >&2\nexit 1\n")
        with pytest.raises(CredentialError, match=r"exit status 1\): not in the vault"):
            ask_helper(helper, "O12345AA", "x", None)

    @pytest.mark.parametrize(
        ("answer", "words"),
        [
            (b'{"token": "abc', "the credential helper's answer is not JSON"),
            (b'["x"]', "must print one JSON object"),
            (b'{"tokn": "x"}', "unknown key 'tokn'"),
            (b'{"client_id": "a"}', "client_secret or private_key_file"),
            (b'{"client_id": "a", "private_key_file": "relative.pem"}', "must be an absolute path"),
        ],
    )
    def test_bad_answers_name_keys_never_values(self, tmp_path, answer, words):
        with pytest.raises(CredentialError) as caught:
            parse_answer(answer, tmp_path)
        assert words in str(caught.value)
        assert "abc" not in str(caught.value)


def _standin(behaviour: Behaviour) -> StandIn:
    connector = FakeConnector("a", "A", "G", [("X", "x")], token_data=DATA, behaviour=behaviour)
    return StandIn("O12345AA", {"a": connector})


def _metainfo(base: str, limits: CallLimits) -> object:
    async def call() -> object:
        async with ProfitClient(base, limits=limits) as client:
            return await client.metainfo(classic_token(DATA, "t"))

    return asyncio.run(call())


def test_a_slow_server_is_cut_off_at_the_deadline():
    standin = _standin(Behaviour("slow", delay=0.2))
    with serving(standin) as base:
        started = time.monotonic()
        with pytest.raises(ProfitError) as caught:
            _metainfo(base, CallLimits(read=5, deadline=1.0))
        assert time.monotonic() - started < 4  # every byte came within the read timeout
    assert caught.value.kind == "timeout"
    assert "within 1 s (timeout)" in caught.value.message


def test_an_answer_over_the_cap_is_not_read():
    with serving(_standin(Behaviour("huge"))) as base:
        with pytest.raises(ProfitError, match="larger than 1,024 KiB"):
            _metainfo(base, CallLimits(max_bytes=1024 * 1024))


def test_metainfo_reports_unknown_keys_and_reads_special_connectors():
    document = {
        "getConnectors": [{"id": "A", "description": "a"}, {"id": "a", "description": "dup"}],
        "updateConnectors": [],
        "info": {"envid": "O12345AA", "appName": "X", "group": "G", "tokenExpiry": 0, "new": 1},
        "customConnectors": [{"id": "AppConnectorSubject"}],
        "somethingElse": {"x": 1},
    }
    meta = read_metainfo_bytes(json.dumps(document).encode(), "answer")
    assert [g.id for g in meta.get_connectors] == ["A"]
    assert meta.special_key == "customConnectors"
    assert [g.id for g in meta.special_connectors or []] == ["AppConnectorSubject"]
    assert meta.unknown_keys == ["customConnectors", "somethingElse", "info.new"]
    assert meta.token_expiry == "0"
    with pytest.raises(MetaInfoError, match=r"info.appName must be a text, not a list"):
        read_metainfo_bytes(b'{"info": {"appName": []}}', "answer")


def test_progress_shows_on_a_terminal_only_after_a_moment(monkeypatch):
    from acwizard.commands import output

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = output.Progress(10, stream)
    progress.update(1)
    assert stream.getvalue() == ""  # quick runs show nothing
    progress.started -= 1
    progress.update(2)
    progress.close()
    assert "\rchecked 2 of 10" in stream.getvalue()
    piped = io.StringIO()
    quiet = output.Progress(10, piped)
    quiet.started -= 1
    quiet.update(3)
    assert piped.getvalue() == ""


def test_results_and_config_never_follow_a_relative_xdg_directory(monkeypatch, tmp_path):
    # GIVEN XDG variables that name directories relative to where acwizard runs (a workspace)
    from acwizard.profit.config import config_path
    from acwizard.profit.results import results_path

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_STATE_HOME", "state")
    monkeypatch.setenv("XDG_CONFIG_HOME", "config")
    # WHEN acwizard asks where verify's results and the user's config live
    results = results_path(tmp_path / "workspace")
    config = config_path()
    # THEN both are under the home directory, never under the working directory
    assert results is not None and config is not None
    assert results.is_absolute() and results.is_relative_to(tmp_path / "home")
    assert config.is_absolute() and config.is_relative_to(tmp_path / "home")
