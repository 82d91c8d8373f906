"""What `acwizard plan` prints: the clicks as text, Markdown with check boxes, or JSON.

Plain functions of a `acwizard.planning.steps.Plan` and a language. Profit's words
come from the one table `acwizard.profit.labels.TEXTS`; user text (descriptions, user
groups, ids, addresses, URLs, revision and directory names) reaches the text through
`visible`/`escaped`, the Markdown through `acwizard.reports.markdown` (inert, as audit's and
diff's: no heading, link, mention or HTML from a file) and the JSON through
`json_text`. The words of the table AFAS's pages do not confirm in the chosen
language are listed at the end, so the admin knows the screen may word them
otherwise. This module never imports Textual.
"""

from __future__ import annotations

import json
from typing import Any

from acwizard.planning.steps import Arg, Label, Many, Plan, Section, Step, Value
from acwizard.profit.labels import TEXTS, Lang, words
from acwizard.reports import markdown
from acwizard.text import escaped, json_text, redacted, visible

PLAN_JSON_VERSION = 1
"""The `version` of the JSON document `plan --format json` prints."""

_OUR_SPECIALS = frozenset("\\`*_[]<>#|~!&")
"""Characters that could start a Markdown construct; our own words are escaped only there
(they hold no user text, and `/`, `:` and `'` read better unescaped)."""


def _ours(text: str) -> str:
    """Our own words (a label, a frame) as Markdown text that means only itself."""
    return "".join(f"\\{ch}" if ch in _OUR_SPECIALS else ch for ch in text)


def _text_arg(arg: Arg, lang: Lang) -> str:
    """A label in `lang`, or a value as text: quoted user text, ids and URLs as they are."""
    if isinstance(arg, Label):
        return words(arg.key, lang)
    if isinstance(arg, Many):
        return ", ".join(_text_arg(value, lang) for value in arg.values)
    shown = redacted(arg.text)  # a credential that reached a file anyway: never printed
    if arg.kind == "text":
        return f"'{visible(shown, None)}'"
    if arg.kind == "message":
        return visible(shown, None)
    return escaped(shown)


def _markdown_arg(arg: Arg, lang: Lang) -> str:
    """A label in `lang` as inert text, a value as inert text or a code span."""
    if isinstance(arg, Label):
        return _ours(words(arg.key, lang))
    if isinstance(arg, Many):
        return ", ".join(_markdown_arg(value, lang) for value in arg.values)
    if arg.kind == "text":
        return f"'{markdown.inline(arg.text)}'"
    if arg.kind == "message":
        return markdown.prose(arg.text)
    return markdown.code(arg.text)


def render(step: Step, lang: Lang) -> str:
    """One step's sentence as text: its frame in `lang` with its labels and values filled in."""
    return words(step.frame, lang).format(*(_text_arg(arg, lang) for arg in step.args))


def _render_markdown(step: Step, lang: Lang) -> str:
    """One step's sentence as Markdown: our words escaped where they must be, values inert."""
    pieces = [_ours(piece) for piece in words(step.frame, lang).split("{}")]
    values = [_markdown_arg(arg, lang) for arg in step.args]
    return "".join(
        piece + (values[index] if index < len(values) else "") for index, piece in enumerate(pieces)
    )


def _keys(step: Step) -> list[str]:
    """The table keys a step uses: its frame and its labels."""
    return [step.frame, *(arg.key for arg in step.args if isinstance(arg, Label))]


def unsure_words(plan: Plan, lang: Lang) -> list[str]:
    """The words of the plan AFAS's pages do not confirm in `lang`, each once, in order."""
    used: dict[str, None] = {}
    for section in plan.sections:
        for each in (section.title, *section.steps):
            for key in _keys(each):
                if not TEXTS[key].sure(lang):
                    used[key] = None
    return [words(key, lang).replace("{}", "…").removesuffix(".") for key in used]


def _title(plan: Plan) -> Step:
    """`Clicks in Profit (A -> B)`, or `... for TARGET, to match SOURCE`."""
    frame = "title_workspaces" if plan.mode == "workspaces" else "title_revisions"
    return Step(frame, (Value(plan.before, "id"), Value(plan.after, "id")))


def _numbered(section: Section, lang: Lang) -> list[str]:
    """The steps as `1.`, `1.1`... with notes as `-` lines under them."""
    lines: list[str] = []
    top = sub = 0
    for each in section.steps:
        text = render(each, lang)
        indent = "  " + "   " * each.level
        if each.note:
            lines.append(f"{indent}- {text}")
        elif each.level == 0:
            top, sub = top + 1, 0
            lines.append(f"  {top}. {text}")
        else:
            sub += 1
            lines.append(f"{indent}{top}.{sub} {text}")
    return lines


def plan_text(plan: Plan, lang: Lang) -> list[str]:
    """The plan as text: problems first (as diff prints them), then each section."""
    lines = [problem.format() for problem in plan.problems]
    lines.append(render(_title(plan), lang))
    if plan.environment:
        lines.append(render(Step("environment", (Value(plan.environment, "id"),)), lang))
    if not plan.sections:
        lines.append(words("no_changes", lang))
    for section in plan.sections:
        title = render(section.title, lang)
        if section.connector_id is not None and section.kind != "invalid":
            title += f" ({escaped(section.connector_id)})"
        lines += ["", title, *_numbered(section, lang)]
    unsure = unsure_words(plan, lang)
    if unsure:
        lines += ["", render(Step("unsure_footer", (Value("; ".join(unsure), "id"),)), lang)]
    return lines


def plan_markdown(plan: Plan, lang: Lang) -> list[str]:
    """The plan as Markdown for a change ticket: a check box per step, every user text inert."""
    lines = [f"### {_render_markdown(_title(plan), lang)}", ""]
    if plan.environment:
        environment = Step("environment", (Value(plan.environment, "id"),))
        lines += [_render_markdown(environment, lang), ""]
    if plan.problems:
        lines += [_ours(words("problems_heading", lang)), ""]
        lines += [f"- {markdown.inline(problem.format())}" for problem in plan.problems]
        lines.append("")
    if not plan.sections:
        lines.append(_ours(words("no_changes", lang)))
    for section in plan.sections:
        title = _render_markdown(section.title, lang)
        if section.connector_id is not None and section.kind != "invalid":
            title += f" ({markdown.code(section.connector_id)})"
        lines += [f"#### {title}", ""]
        for each in section.steps:
            box = "" if each.note else "[ ] "
            lines.append(f"{'  ' * each.level}- {box}{_render_markdown(each, lang)}")
        lines.append("")
    unsure = unsure_words(plan, lang)
    if unsure:
        footer = _ours(words("unsure_footer", lang).replace("{}", ""))
        lines.append(footer + "; ".join(markdown.code(word) for word in unsure))
    return lines


def _json_arg(arg: Arg, lang: Lang) -> dict[str, Any]:
    """A label or value as JSON: what it is and how it reads."""
    if isinstance(arg, Label):
        return {"kind": "label", "key": arg.key, "text": words(arg.key, lang)}
    if isinstance(arg, Many):
        return {"kind": "list", "values": [_json_arg(value, lang) for value in arg.values]}
    return {"kind": arg.kind, "text": redacted(arg.text)}


def _json_step(each: Step, lang: Lang) -> dict[str, Any]:
    """A step as JSON: its sentence, its frame's key and its labels and values."""
    return {
        "text": render(each, lang),
        "level": each.level,
        "note": each.note,
        "frame": each.frame,
        "values": [_json_arg(arg, lang) for arg in each.args],
    }


def plan_document(plan: Plan, lang: Lang) -> dict[str, Any]:
    """The plan as the JSON document README.md describes."""
    return {
        "version": PLAN_JSON_VERSION,
        "lang": lang,
        "mode": plan.mode,
        "before": plan.before,
        "after": plan.after,
        "environment": plan.environment,
        "problems": [problem.format() for problem in plan.problems],
        "sections": [
            {
                "kind": section.kind,
                "connector_id": section.connector_id,
                "title": render(section.title, lang),
                "changes": section.changes,
                "steps": [_json_step(each, lang) for each in section.steps],
            }
            for section in plan.sections
        ],
        "unsure": unsure_words(plan, lang),
    }


def plan_json(plan: Plan, lang: Lang) -> str:
    """The JSON document as text, unsafe characters escaped."""
    return json_text(json.dumps(plan_document(plan, lang), indent=2, ensure_ascii=False))
