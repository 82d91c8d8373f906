"""Round 8's attack: what a file in the repository, a hostile Profit (a server on 127.0.0.1)
or a hostile saved answer could make acwizard print, send or believe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from profit_support import isolate, run_cli


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    isolate(monkeypatch, tmp_path)
    import shutil

    root = tmp_path / "workspace"
    shutil.copytree(Path(__file__).resolve().parent.parent / "data", root)
    return root


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
