"""The file format's key names and their order are written once (`model/format.py`), and
they are the model's own fields in the model's own order: this pins the two together."""

from __future__ import annotations

from acwizard.model import AppConnector, Certificate, IpRestriction, OAuthSettings, Webhook
from acwizard.model.format import (
    CERTIFICATE_FIELDS,
    FIELD_ORDER,
    FIELD_ORDER_V1,
    IP_LINE_FIELDS,
    KNOWN_KEYS,
    LIST_FIELDS,
    OAUTH_FIELD_ORDER,
    TEXT_FIELDS,
    V2_ONLY_FIELDS,
    WEBHOOK_FIELD_ORDER,
)


def test_each_table_s_keys_are_the_model_s_fields_in_its_order():
    assert tuple(AppConnector.model_fields) == FIELD_ORDER
    assert tuple(OAuthSettings.model_fields) == OAUTH_FIELD_ORDER
    assert tuple(Certificate.model_fields) == CERTIFICATE_FIELDS
    assert tuple(Webhook.model_fields) == WEBHOOK_FIELD_ORDER
    assert tuple(IpRestriction.model_fields) == IP_LINE_FIELDS


def test_version_1_is_version_2_without_its_keys_in_the_same_order():
    assert tuple(name for name in FIELD_ORDER if name not in V2_ONLY_FIELDS) == FIELD_ORDER_V1
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


def test_did_you_mean_knows_every_table_s_keys():
    assert KNOWN_KEYS[()] == list(FIELD_ORDER)
    assert KNOWN_KEYS[("oauth",)] == list(OAUTH_FIELD_ORDER)
    assert KNOWN_KEYS[("webhooks", 0)] == list(WEBHOOK_FIELD_ORDER)
    assert KNOWN_KEYS[("ip_restrictions", 0)] == list(IP_LINE_FIELDS)
    assert KNOWN_KEYS[("oauth", "certificates", 0)] == list(CERTIFICATE_FIELDS)
