"""One module per command-line verb: `add_arguments(parser)` and `run(args, root) -> int`.

A verb's module is imported when the parser is built, so it imports only what its
arguments need at the top; what the verb runs is imported inside `run`. No module
here imports Textual.
"""
