"""acwizard's benchmark suite: `python -m bench` (see docs/benchmarks.md).

Every figure is measured against a baseline in the same run, so that the
targets are ratios to what plain Python or a bare Textual app does on the
same machine at the same moment, not absolute numbers from somewhere else.
"""
