"""acwizard.toml's keys for urls and plan: rest_base_url, soap_base_url, [environment_differences].

Each bad value is an error at its line (`validate` prints it as `path:line: error: ...`),
never a traceback, and a URL is never repeated in a message (someone may have pasted
a password into it).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from acwizard.cli import main
from acwizard.files.settings import load_settings


def settings_of(workspace: Path, text: str):
    (workspace / "acwizard.toml").write_text(text, encoding="utf-8")
    return load_settings(workspace)


def messages(problems) -> list[tuple[int, str]]:
    return [(problem.line, problem.message) for problem in problems]


class TestBaseUrls:
    def test_good_bases_are_read_without_the_slash_at_the_end(self, workspace):
        settings, problems = settings_of(
            workspace,
            'rest_base_url = "https://profit.example.com/ProfitRestServices/"\n'
            'soap_base_url = "https://profit.example.com:8443/profitservices"\n',
        )
        assert problems == []
        assert settings.urls_plan.rest_base_url == "https://profit.example.com/ProfitRestServices"
        assert settings.urls_plan.soap_base_url == "https://profit.example.com:8443/profitservices"

    @pytest.mark.parametrize(
        ("value", "reason"),
        [
            ('"http://profit.example.com/x"', "must start with https://"),
            (
                '"https://admin:hunter2@profit.example.com/x"',
                "must not hold a user name or password",
            ),
            ('"https://profit.example.com/x?token=abc"', "must not have a query"),
            ('"https://profit.example.com/x#frag"', "must not have a query"),
            ('"https:///x"', "has no host name"),
            ('"https://profit example.com/"', "printable ASCII characters without spaces"),
            ('"https://profit.example.com:99999999999/"', "is not a URL"),
            ("42", "must be a text in double quotes"),
        ],
    )
    def test_a_bad_base_is_an_error_at_its_line_and_ignored(self, workspace, value, reason):
        settings, problems = settings_of(
            workspace, f'environment = "O12345AA"\n\nrest_base_url = {value}\n'
        )
        assert settings.urls_plan.rest_base_url is None
        [(line, message)] = messages(problems)
        assert line == 3
        assert message.startswith("rest_base_url: ") and reason in message
        assert "hunter2" not in message and "token=abc" not in message

    def test_validate_reports_it_as_path_line_error(self, capsys, workspace):
        (workspace / "acwizard.toml").write_text(
            'soap_base_url = "ftp://x.example"\n', encoding="utf-8"
        )
        status = main(["-w", str(workspace), "validate"])
        out = capsys.readouterr().out
        assert status == 1
        assert out.strip().endswith(
            "acwizard.toml:1: error: soap_base_url: must start with https:// (credentials "
            "would travel unencrypted)"
        )


class TestEnvironmentDifferences:
    GOOD = """\
environment = "O12345AA"

[environment_differences]
source_environment = "T12345AA"
ip_ranges = ["10.20.0.0/16", "2001:db8:99::/48"]
fields = ["blocked", "certificates"]

[environment_differences.url_prefixes]
"https://hooks-test.example.com/" = "https://hooks.example.com/"
"https://hooks-test.example.com/special/" = "https://special.example.com/"
"""

    def test_the_table_is_read(self, workspace):
        settings, problems = settings_of(workspace, self.GOOD)
        assert problems == []
        differences = settings.urls_plan.differences
        assert differences.source_environment == "T12345AA"
        assert differences.ip_ranges == (
            ipaddress.ip_network("10.20.0.0/16"),
            ipaddress.ip_network("2001:db8:99::/48"),
        )
        assert differences.fields == {"blocked", "certificates"}
        # the most specific prefix first
        assert differences.url_prefixes == (
            ("https://hooks-test.example.com/special/", "https://special.example.com/"),
            ("https://hooks-test.example.com/", "https://hooks.example.com/"),
        )

    def test_a_range_as_wide_as_audit_flags_cannot_hide_ip_lines_from_plan(self, workspace):
        # plan --from leaves lines inside these ranges out on both sides: 0.0.0.0/0 there
        # made plan say "both grant the same access" while the source allowed 8.8.8.8
        settings, problems = settings_of(
            workspace,
            """\
[environment_differences]
ip_ranges = ["0.0.0.0/0", "10.0.0.0/8", "10.0.0.0/9", "::/0", "2001:db8::/32", "2001:db8::/33"]
""",
        )
        assert [line for line, _ in messages(problems)] == [2, 2, 2, 2]
        assert messages(problems)[0] == (
            2,
            (
                "environment_differences.ip_ranges[0]: '0.0.0.0/0' is a /0, as wide as the widest "
                "ranges audit flags (/8): plan would leave every IP line inside it out unseen; "
                "name the ranges of this environment's own servers"
            ),
        )
        assert [str(network) for network in settings.urls_plan.differences.ip_ranges] == [
            "10.0.0.0/9",
            "2001:db8::/33",
        ]

    def test_every_bad_value_is_an_error_at_its_line(self, workspace):
        _, problems = settings_of(
            workspace,
            """\
[environment_differences]
source_environment = "test"
ip_ranges = [
    "10.20.0.5/16",
    "not an address",
    7,
]
fields = ["blocked", "blockd", 3]
colour = "red"
surce_environment = "T12345AA"

[environment_differences.url_prefixes]
"https://a.example/" = "http://b.example/"
"https://u:p@c.example/" = "https://d.example/"
""",
        )
        assert messages(problems) == [
            (
                2,
                (
                    "environment_differences.source_environment: must be an environment id such "
                    "as T12345AA (O production, T test, A accept)"
                ),
            ),
            (
                4,
                (
                    "environment_differences.ip_ranges[0]: '10.20.0.5/16' does not start its range "
                    "(host bits set); did you mean 10.20.0.0/16?"
                ),
            ),
            (
                5,
                (
                    "environment_differences.ip_ranges[1]: must be an address or CIDR range in "
                    'double quotes, such as "10.20.0.0/16"'
                ),
            ),
            (
                6,
                (
                    "environment_differences.ip_ranges[2]: must be an address or CIDR range in "
                    'double quotes, such as "10.20.0.0/16"'
                ),
            ),
            (
                13,
                (
                    "environment_differences.url_prefixes: the replacement of prefix 1 must start "
                    "with https:// (credentials would travel unencrypted)"
                ),
            ),
            (
                14,
                (
                    "environment_differences.url_prefixes: prefix 2 must not hold a user name or "
                    "password; credentials never go into a file"
                ),
            ),
            (
                8,
                (
                    "environment_differences.fields[1]: 'blockd' is not a setting plan knows; did "
                    "you mean blocked? choose from: blocked, description, user_group, "
                    "redirect_urls, jwks_url, certificates, webhooks, secret_validity_days"
                ),
            ),
            (
                8,
                (
                    "environment_differences.fields[2]: 'int' is not a setting plan knows; choose "
                    "from: blocked, description, user_group, redirect_urls, jwks_url, "
                    "certificates, webhooks, secret_validity_days"
                ),
            ),
            (9, "environment_differences: unknown key 'colour'"),
            (
                10,
                (
                    "environment_differences: unknown key 'surce_environment'; did you mean "
                    "source_environment?"
                ),
            ),
        ]

    def test_a_table_of_the_wrong_type_is_an_error(self, workspace):
        _, problems = settings_of(workspace, 'environment_differences = "yes"\n')
        assert messages(problems) == [(1, "environment_differences: must be a table")]

    def test_keys_of_the_wrong_type_are_errors(self, workspace):
        _, problems = settings_of(
            workspace,
            '[environment_differences]\nip_ranges = 3\nfields = "x"\nurl_prefixes = []\n',
        )
        assert messages(problems) == [
            (2, "environment_differences.ip_ranges: must be a list"),
            (
                4,
                (
                    'environment_differences.url_prefixes: must be a table of "source prefix" = '
                    '"this environment\'s prefix"'
                ),
            ),
            (
                3,
                (
                    "environment_differences.fields: must be a list of: blocked, description, "
                    "user_group, redirect_urls, jwks_url, certificates, webhooks, "
                    "secret_validity_days"
                ),
            ),
        ]

    def test_an_unknown_top_level_key_is_still_reported_by_the_store(self, workspace):
        _, problems = settings_of(workspace, 'rest_base_urls = "https://x.example"\n')
        assert messages(problems) == [(1, "unknown key 'rest_base_urls'")]
