"""The file format's key names and their order are written once (`model/format.py`), and
they are the model's own fields in the model's own order: this pins the two together."""

from __future__ import annotations

from datetime import date

from acwizard.guard import HATCH_KEY
from acwizard.model import (
    AppConnector,
    Certificate,
    ClientSecret,
    IpRestriction,
    OAuthSettings,
    UserToken,
    Webhook,
)
from acwizard.model.format import (
    CERTIFICATE_FIELDS,
    CREDENTIAL_KEY_PLACES,
    FIELD_ORDER,
    FIELD_ORDER_V1,
    IP_LINE_FIELDS,
    KNOWN_KEYS,
    LIST_FIELDS,
    OAUTH_FIELD_ORDER,
    SECRET_FIELDS,
    TEXT_FIELDS,
    TOKEN_FIELDS,
    V2_ONLY_FIELDS,
    V3_FIELDS,
    V3_OAUTH_FIELDS,
    WEBHOOK_FIELD_ORDER,
)


def test_each_table_s_keys_are_the_model_s_fields_in_its_order():
    assert tuple(AppConnector.model_fields) == FIELD_ORDER
    assert tuple(OAuthSettings.model_fields) == OAUTH_FIELD_ORDER
    assert tuple(Certificate.model_fields) == CERTIFICATE_FIELDS
    assert tuple(Webhook.model_fields) == WEBHOOK_FIELD_ORDER
    assert tuple(IpRestriction.model_fields) == IP_LINE_FIELDS
    assert tuple(UserToken.model_fields) == TOKEN_FIELDS
    assert tuple(ClientSecret.model_fields) == SECRET_FIELDS


def test_version_1_is_version_2_without_its_keys_in_the_same_order():
    older = (*V2_ONLY_FIELDS, *V3_FIELDS)
    assert tuple(name for name in FIELD_ORDER if name not in older) == FIELD_ORDER_V1
    assert set(V3_FIELDS) <= set(FIELD_ORDER) and set(V3_OAUTH_FIELDS) <= set(OAUTH_FIELD_ORDER)
    assert set(LIST_FIELDS) <= set(FIELD_ORDER_V1)
    assert set(TEXT_FIELDS) <= set(FIELD_ORDER_V1)
    for name in TEXT_FIELDS:
        assert AppConnector.model_fields[name].annotation is str


def test_the_canonical_file_writes_its_keys_in_that_order():
    connector = AppConnector.model_validate(
        {
            "schema_version": 2,
            "description": "A",
            "user_group": "G",
            "notes": "n",
            "authentication": "oauth",
            "ip_restrictions": [{"address": "203.0.113.7", "access": "allowed"}],
            "oauth": {
                "client_type": "confidential",
                "flows": ["client_credentials"],
                "client_authentication": "client_secret",
                "secret_validity_days": 90,
            },
            "webhooks": [{"description": "W", "url": "https://hooks.example.com/w"}],
        }
    )
    top, oauth, webhook = connector.to_toml().split("\n\n")

    def keys(table: str) -> list[str]:
        return [line.split(" = ")[0] for line in table.splitlines() if line[:1].isalpha()]

    assert oauth.startswith("[oauth]") and webhook.startswith("[[webhooks]]")
    assert keys(top) == [name for name in FIELD_ORDER if name in keys(top)]
    assert keys(top)[:5] == [
        "schema_version",
        "description",
        "user_group",
        "blocked",
        "authentication",
    ]
    assert keys(oauth) == [name for name in OAUTH_FIELD_ORDER if name in keys(oauth)]
    assert keys(webhook) == list(WEBHOOK_FIELD_ORDER)


def test_the_register_is_written_in_that_order_one_inline_table_per_line():
    connector = AppConnector.model_validate(
        {
            "schema_version": 3,
            "description": "A",
            "user_group": "G",
            "authentication": "hybrid",
            "notes": "n",
            HATCH_KEY: ["notes"],
            "tokens": [
                {"last_used": date(2026, 11, 30), "description": "B", "user": "U2"},
                {"user": "U1", "description": "A", "issued": date(2026, 3, 1)},
            ],
            "oauth": {
                "client_type": "confidential",
                "flows": ["client_credentials"],
                "client_authentication": "client_secret",
                "secrets": [{"expires": date(2027, 2, 28), "label": "2026-H2"}],
                "client_id_hint": "payroll-2026",
            },
        }
    )
    top, oauth = connector.to_toml().split("\n\n")
    assert top.splitlines()[0] == "schema_version = 3"
    assert top.index("notes =") < top.index(f"{HATCH_KEY} =") < top.index("get_connectors")
    assert top.endswith(
        "tokens = [\n"
        '    { user = "U1", description = "A", issued = 2026-03-01 },\n'
        '    { user = "U2", description = "B", last_used = 2026-11-30 },\n'
        "]"
    )
    assert 'client_id_hint = "payroll-2026"\n' in oauth
    assert 'secrets = [\n    { label = "2026-H2", expires = 2027-02-28 },\n]\n' in oauth


def test_the_register_s_names_are_no_secret_only_where_they_belong():
    from acwizard.problems import is_secret_key

    for key, place in CREDENTIAL_KEY_PLACES.items():
        assert not is_secret_key(key, place)
        assert is_secret_key(key, ("webhooks", 0)) == ("secret" in key or "token" in key)
    assert is_secret_key("tokens", ("oauth",)) and is_secret_key("secrets", ())
    assert is_secret_key("client_secret", ("oauth",))


def test_did_you_mean_knows_every_table_s_keys():
    assert KNOWN_KEYS[()] == list(FIELD_ORDER)
    assert KNOWN_KEYS[("oauth",)] == list(OAUTH_FIELD_ORDER)
    assert KNOWN_KEYS[("webhooks", 0)] == list(WEBHOOK_FIELD_ORDER)
    assert KNOWN_KEYS[("ip_restrictions", 0)] == list(IP_LINE_FIELDS)
    assert KNOWN_KEYS[("oauth", "certificates", 0)] == list(CERTIFICATE_FIELDS)
    assert KNOWN_KEYS[("oauth", "secrets", 0)] == list(SECRET_FIELDS)
    assert KNOWN_KEYS[("tokens", 0)] == list(TOKEN_FIELDS)
