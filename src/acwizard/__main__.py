"""`python -m acwizard`: the same as the `acwizard` command."""

import sys

from acwizard.cli import main

sys.exit(main())
