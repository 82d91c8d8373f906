"""The User tokens tab's core (`acwizard.cores.register`), without a screen.

Each field of a token being added or edited says what is wrong in the model's
words as it is typed; a secret typed into any field is refused by what it looks
like, never echoed; the rows and the line above them judge expiry as the list
and audit do.
"""

from __future__ import annotations

from datetime import date

import pytest
from secret_samples import KINDS, SAMPLES, pieces

from acwizard.cores.register import TokenRules, token_rows, token_summary
from acwizard.model import UserToken

TODAY = date(2026, 12, 7)
NIGHTLY = UserToken(
    user="SYS_BI",
    description="BI warehouse (nightly load)",
    issued=date(2025, 9, 15),
    expires=date(2027, 5, 1),
    last_used=date(2026, 12, 6),
)
TEST_RUN = UserToken(
    user="SYS_BI_TEST", description="BI warehouse (test run)", expires=date(2026, 12, 20)
)
OLD = UserToken(user="SYS_OLD", description="Old export", expires=date(2026, 11, 27))


def test_a_token_typed_in_full_is_plain_data_the_model_keeps():
    rules = TokenRules([NIGHTLY])
    token, problem = rules.token(
        {
            "user": " SYS_BI_TEST ",
            "description": "BI warehouse (test run)",
            "issued": "2026-06-01",
            "expires": "2026-12-20",
            "last_used": "",
        }
    )
    assert problem == ""
    assert token == {
        "user": "SYS_BI_TEST",
        "description": "BI warehouse (test run)",
        "issued": date(2026, 6, 1),
        "expires": date(2026, 12, 20),
    }  # an empty date is not recorded: no key


@pytest.mark.parametrize(
    ("field", "text", "said"),
    [
        ("user", "", "user: "),
        ("description", "bi WAREHOUSE (nightly load)", "description: another token of this"),
        ("issued", "1-5-2027", "issued: must be a date as YYYY-MM-DD"),
        ("expires", "20270501", "expires: must be a date as YYYY-MM-DD"),
        ("last_used", "2026-02-30", "last_used: must be a date as YYYY-MM-DD"),
    ],
)
def test_each_field_says_what_is_wrong_with_it(field, text, said):
    typed = {"user": "SYS_X", "description": "New app", field: text}
    token, problem = TokenRules([NIGHTLY]).token(typed)
    assert token is None and problem.startswith(said)


def test_dates_out_of_order_are_the_model_s_words():
    token, problem = TokenRules().token(
        {"user": "SYS_X", "description": "x", "issued": "2026-06-01", "expires": "2026-01-01"}
    )
    assert token is None
    assert problem == "expires: is before issued: a token expires after it is made"


def test_editing_a_token_may_keep_its_own_description():
    # the token being edited is not among `others`
    assert TokenRules([TEST_RUN]).description_problem(NIGHTLY.description) == ""


@pytest.mark.parametrize("kind", sorted(SAMPLES))
@pytest.mark.parametrize("field", ["user", "description", "issued"])
def test_a_secret_typed_in_any_field_is_refused_by_its_kind_and_never_echoed(kind, field):
    secret = SAMPLES[kind]()
    rules = TokenRules()
    typed = {"user": "SYS_X", "description": "Payroll", field: secret}
    token, problem = rules.token(typed)
    assert token is None
    said = rules.problem(field, secret)
    assert problem == f"{field}: {said}"
    if field != "issued":  # a date field refuses it as no date, which is no echo either
        assert said == f"{KINDS[kind]}; secrets never go into files"
    for piece in pieces(secret):
        assert piece not in problem


def test_the_rows_follow_profit_s_columns_and_mark_what_ends():
    rows = token_rows([NIGHTLY, TEST_RUN, OLD], TODAY)
    assert rows == [
        ("SYS_BI", "BI warehouse (nightly load)", "2025-09-15", "2027-05-01", "2026-12-06"),
        ("SYS_BI_TEST", "BI warehouse (test run)", "-", "2026-12-20 soon", "-"),
        ("SYS_OLD", "Old export", "-", "2026-11-27 expired", "-"),
    ]


@pytest.mark.parametrize(
    ("tokens", "authentication", "said"),
    [
        (None, "classic", "Tokens not recorded. Press n to add the first"),
        ([], "classic", "No token: no app can sign in with a classic token."),
        ([NIGHTLY], "hybrid", "1 token (all end by 1 May 2027)."),
        (
            [NIGHTLY, TEST_RUN, OLD],
            "classic",
            "3 tokens, 1 expired, 1 expiring within 30 days (all end by 1 May 2027).",
        ),
        (None, "oauth", "An OAuth connector holds no classic token: tokens belong to"),
    ],
)
def test_the_line_above_the_table(tokens, authentication, said):
    assert token_summary(tokens, authentication, TODAY).startswith(said)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_the_editor_refuses_a_proposed_secret_by_its_kind_and_keeps_the_connector(kind):
    from pathlib import Path

    from acwizard.cores.editor import ConnectorEditor
    from acwizard.workspace import Workspace

    root = Path(__file__).resolve().parent.parent / "data"
    workspace = Workspace.open(root)
    editor = ConnectorEditor(workspace, workspace.load(root / "connectors/bi-export.toml"), {})
    secret = SAMPLES[kind]().replace("\n", "")
    tokens = [*(token.model_dump() for token in editor.accepted.tokens or [])]
    tokens.append({"user": "SYS_BI", "description": secret})
    said = editor.propose(tokens=tokens)
    assert said == f"tokens[2].description: {KINDS[kind]}; secrets never go into files"
    assert editor.revision == 0 and not editor.is_modified()
    # AND a notes field holding one makes the candidate invalid, said by its kind only
    editor.set_field("notes", f"login {secret}")
    assert editor.problems == {"notes": f"{KINDS[kind]}; secrets never go into files"}
    for piece in pieces(secret):
        assert piece not in said
