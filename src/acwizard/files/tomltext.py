"""TOML text as every scanner of it reads it: strings and comments, one way.

Brackets, dots and quotes inside a string or a comment are no structure. The
patterns here are the one definition of where a string or a comment starts and
ends, for the nesting check that runs before any parser on hostile text
(`acwizard.files.toml`) and the position scanner that runs on text a parser
accepted (`acwizard.files.positions`).
"""

from __future__ import annotations

import re

MULTI_LINE_BASIC = r'"""(?:\\.|[^\\])*?"""(?!")'
"""A multi-line basic string; one or two quotes just before its closing three are its own."""
MULTI_LINE_LITERAL = r"'''.*?'''(?!')"
"""A multi-line literal string (read with re.DOTALL)."""
BASIC = r'"(?:\\.|[^"\\\n])*"'
"""A one-line basic string: escapes (a backslash and the next character) or anything but
the closing quote, a backslash and a line break."""
LITERAL = r"'[^'\n]*'"
"""A one-line literal string."""
COMMENT = r"#[^\n]*"
"""A comment, up to the end of its line."""

STRING = re.compile(f"{MULTI_LINE_BASIC}|{MULTI_LINE_LITERAL}|{BASIC}|{LITERAL}", re.DOTALL)
"""Any TOML string, as every scanner here reads one: the multi-line forms first."""
