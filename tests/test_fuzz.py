"""Random documents never crash the loader, and whatever validates round-trips.

The documents include nesting far deeper than any connector file (up to
1,000 levels of arrays, inline tables and dotted keys): Python's TOML parser
and what reads its result recurse once per level.
"""

from __future__ import annotations

from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acwizard.files.saving import dump_connector
from acwizard.files.toml import MAX_NESTING
from acwizard.model import FIELD_ORDER
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
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=12,
)
DOCUMENTS = st.dictionaries(KEYS, VALUES, max_size=9)
FUZZ = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def check_loads_safely(workspace, raw: bytes) -> Any:
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
    return loaded


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


LEVELS = {"array": (1, "[{}]"), "table": (1, "{{ k = {} }}"), "dotted": (2, "{{ a.b = {} }}")}
"""How one level of nesting is written, and how many levels deeper it makes the document."""
DEPTHS = st.one_of(st.integers(0, MAX_NESTING + 2), st.integers(0, 1_000))
"""Depths around the limit and up to 1,000: left to itself, hypothesis makes short lists."""
NESTING = DEPTHS.flatmap(
    lambda depth: st.lists(st.sampled_from(sorted(LEVELS)), min_size=depth, max_size=depth)
)


def nested_value(levels: list[str], leaf: str = "1") -> str:
    """`leaf` wrapped in arrays, inline tables and dotted keys, innermost last."""
    value = leaf
    for level in reversed(levels):
        value = LEVELS[level][1].format(value)
    return value


@settings(FUZZ, max_examples=150)
@given(levels=NESTING, key=KEYS, header=st.booleans(), lines=st.booleans())
def test_deep_nesting_is_a_problem_never_a_crash(workspace, levels, key, header, lines):
    value = nested_value(levels)
    if lines:
        value = value.replace("[", "[\n")
    prefix = "[ip_restrictions.x]\n" if header else ""
    text = f"schema_version = 1\n{prefix}{key} = {value}\n"
    loaded = check_loads_safely(workspace, text.encode("utf-8"))
    depth = (2 if header else 0) + sum(LEVELS[level][0] for level in levels)
    too_deep = [p for p in loaded.problems if "levels deep" in p.message]
    if depth > MAX_NESTING:
        assert loaded.status == "invalid"
        assert [p.message for p in too_deep] == [
            (
                f"is nested {depth} levels deep (arrays, tables and dotted keys); "
                f"acwizard reads at most {MAX_NESTING} levels"
            )
        ]
    else:
        assert too_deep == []


TABLE_NOISE = "{ a.b = '[[' }, "
"""An inline table with a dotted key: two levels deeper than the array it stands in."""
NOISE = st.sampled_from(
    [
        "",
        "1, ",
        "1.5, ",
        "\n",
        "# ]]]] {{\n",
        "'[[[', ",
        '"]]] \\" [[", ',
        '"""\n]]]\n""", ',
        "'''\n[[[\n''', ",
        '"""a""""", ',
        TABLE_NOISE,
    ]
)
"""What may stand in an array before its next element: brackets in strings and comments
are no nesting, nor are the dots of a float."""


@settings(FUZZ, max_examples=100)
@given(noise=DEPTHS.flatmap(lambda depth: st.lists(NOISE, min_size=depth, max_size=depth)))
def test_brackets_in_strings_and_comments_do_not_count_as_nesting(workspace, noise):
    value = "1"
    for before in reversed(noise):
        value = f"[{before}{value}]"
    loaded = check_loads_safely(workspace, f"schema_version = 1\nnotes = {value}\n".encode())
    depth = max(
        [len(noise)] + [level + 3 for level, before in enumerate(noise) if before == TABLE_NOISE]
    )
    too_deep = [p.message for p in loaded.problems if "levels deep" in p.message]
    if depth > MAX_NESTING:
        assert too_deep == [
            (
                f"is nested {depth} levels deep (arrays, tables and dotted keys); "
                f"acwizard reads at most {MAX_NESTING} levels"
            )
        ]
    else:
        assert too_deep == []
        assert any(p.message.startswith("notes: must be a text") for p in loaded.problems)
