"""What the command line prints, as plain functions of data: text, Markdown and JSON.

One module per verb (`validate`, `rewrite` for fmt and migrate, `listing`,
`audit`, `diff`) and `markdown`, the inert Markdown every PR comment is made
of. Each renderer takes what a verb found and returns the lines (or the JSON
document) to print: none prints, reads a file or looks at the clock, so each
is tested on its own (tests/test_reports.py), and a verb (`acwizard.commands`)
only decides what to find and writes the result through its one writer,
`commands.output.out`, which makes it inert for a terminal. User text reaches
these lines only through `visible`, `escaped` or `quoted` (text), `json_text`
(JSON) and the helpers of `reports.markdown` (Markdown for PR comments; those
lines hold word joiners, which the caller keeps with
`out(..., keep=markdown.WORD_JOINER)`). Nothing here imports Textual, nor
pydantic at run time.
"""
