"""The line locator: every key and element is found at the line it starts on."""

from acwizard.files.positions import scan

DOCUMENT = '''\
# a comment
schema_version = 1
description = "a ] tricky [ value # not a comment"
notes = """
line one ]
line two ["""
get_connectors = [
    "A", # trailing comment
    'B',
]
ip_restrictions = [
    { address = "10.0.0.0", subnet_mask = "255.0.0.0", access = "allowed" },
    {
      address = "10.1.0.0",
      access = "allowed" },
]
"quoted key" = 1
dotted.key = 2

[table]
inner = true
'''


def test_keys_and_elements_are_found_at_their_lines():
    positions = scan(DOCUMENT)
    assert positions.line_of(("schema_version",)) == 2
    assert positions.line_of(("description",)) == 3
    assert positions.line_of(("notes",)) == 4
    assert positions.line_of(("get_connectors",)) == 7
    assert positions.line_of(("get_connectors", 0)) == 8
    assert positions.line_of(("get_connectors", 1)) == 9
    assert positions.line_of(("ip_restrictions", 0)) == 12
    assert positions.line_of(("ip_restrictions", 0, "access")) == 12
    assert positions.line_of(("ip_restrictions", 1)) == 13
    assert positions.line_of(("ip_restrictions", 1, "access")) == 15
    assert positions.line_of(("quoted key",)) == 17
    assert positions.line_of(("dotted", "key")) == 18
    assert positions.line_of(("table", "inner")) == 21


def test_comments_are_found_but_not_inside_strings():
    assert scan(DOCUMENT).comment_lines == [1, 8]


def test_unknown_paths_fall_back_to_the_nearest_ancestor():
    positions = scan(DOCUMENT)
    assert positions.line_of(("ip_restrictions", 7, "address")) == 11
    assert positions.line_of(("nowhere",)) == 1


def test_array_of_tables_elements_are_numbered():
    positions = scan("[[ip]]\na = 1\n\n[[ip]]\na = 2\n")
    assert positions.line_of(("ip", 0, "a")) == 2
    assert positions.line_of(("ip", 1, "a")) == 5
