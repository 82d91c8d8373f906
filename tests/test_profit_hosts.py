"""The hosts and endpoints acwizard derives from an environment id (shared/DOMAIN.md)."""

from __future__ import annotations

import pytest

from acwizard.profit.hosts import (
    is_afas_host,
    oauth_authorize_url,
    oauth_token_url,
    parse_environment,
    rest_base,
    soap_base,
)


@pytest.mark.parametrize(
    ("environment", "rest", "soap"),
    [
        (
            "O12345AA",
            "https://12345.rest.afas.online/ProfitRestServices",
            "https://12345.soap.afas.online/profitservices",
        ),
        (
            "T12345AB",
            "https://12345.resttest.afas.online/ProfitRestServices",
            "https://12345.soaptest.afas.online/profitservices",
        ),
        (
            "A54321ZZ",
            "https://54321.restaccept.afas.online/ProfitRestServices",
            "https://54321.soapaccept.afas.online/profitservices",
        ),
    ],
)
def test_each_kind_of_environment_has_its_hosts(environment, rest, soap):
    parsed = parse_environment(environment)
    assert parsed is not None
    assert rest_base(parsed) == rest
    assert soap_base(parsed) == soap


@pytest.mark.parametrize(
    "value", [None, "", "X12345AA", "O1234AA", "O123456A", "o12345aa", "O12345AA\n"]
)
def test_what_is_no_environment_id_gives_no_hosts(value):
    assert parse_environment(value) is None


def test_oauth_endpoints_sit_under_the_rest_base():
    rest = "https://12345.rest.afas.online/ProfitRestServices"
    assert oauth_token_url(rest) == rest + "/oauth/token"
    assert oauth_authorize_url(rest + "/") == rest + "/oauth/authorize"


@pytest.mark.parametrize(
    ("host", "afas"),
    [
        ("12345.rest.afas.online", True),
        ("12345.resttest.afas.online", True),
        ("12345.REST.afas.online.", True),
        ("12345.restcursus.afas.online", True),
        ("12345.soap.afas.online", False),
        ("12345.rest.afas.online.evil.example", False),
        ("evil.example/12345.rest.afas.online", False),
        ("1234.rest.afas.online", False),
        ("x12345.rest.afas.online", False),
    ],
)
def test_only_afas_rest_hosts_count_as_afas(host, afas):
    assert is_afas_host(host) is afas
