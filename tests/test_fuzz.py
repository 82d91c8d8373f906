"""Random documents never crash the loader, and whatever validates round-trips."""

from __future__ import annotations

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acwizard.model import FIELD_ORDER
from acwizard.store import dump_connector
from acwizard.workspace import Workspace

KEYS = st.sampled_from([*FIELD_ORDER, "address", "subnet_mask", "access", "extra"])
SCALARS = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.text(max_size=30),
    st.sampled_from(
        ["allowed", "disallowed", "10.0.0.0", "255.0.0.0", "1.2.3.4", "KnPerson", "Payroll Sync"]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)
    ),
    max_leaves=12,
)
DOCUMENTS = st.dictionaries(KEYS, VALUES, max_size=9)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check_loads_safely(workspace, raw: bytes) -> None:
    """Load `raw` as a connector file: problems or a connector, never an exception."""
    path = workspace / "connectors" / "fuzz.toml"
    path.write_bytes(raw)
    loaded = Workspace.open(workspace).load(path)
    for problem in loaded.problems:
        assert problem.line >= 1
        assert "\x1b" not in problem.message
    if loaded.status != "invalid":
        text = dump_connector(loaded.connector)
        path.write_text(text, encoding="utf-8")
        again = Workspace.open(workspace).load(path)
        assert again.canonical_text == text


@FUZZ
@given(raw=st.binary(max_size=300))
def test_random_bytes_never_crash_the_loader(workspace, raw):
    check_loads_safely(workspace, raw)


@FUZZ
@given(document=DOCUMENTS)
def test_random_documents_never_crash_the_loader(workspace, document):
    check_loads_safely(workspace, tomli_w.dumps(document).encode("utf-8"))


@FUZZ
@given(
    description=st.text(min_size=1, max_size=40),
    ids=st.lists(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,12}", fullmatch=True), max_size=6),
)
def test_plausible_connectors_validate_or_explain(workspace, description, ids):
    document = {
        "schema_version": 1,
        "description": description,
        "user_group": "Payroll Sync",
        "get_connectors": ids,
    }
    check_loads_safely(workspace, tomli_w.dumps(document).encode("utf-8"))
