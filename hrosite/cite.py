"""`{{ office.phone }}` in staff text: a plain substitution of named site facts, nothing more.

Pages cite `{{ office.x }}`, `{{ home_links }}` and `{{ home_news }}`; the text fields of
procedures, FAQ, news and disclosures cite `{{ office.x }}` (content.load_site).

Why not Jinja, not even its sandbox: a page only ever needs to cite a fact by name. A template
engine lets the text call methods, do arithmetic, loop and reach Python objects; a sandbox
blocks the known escapes but still evaluates expressions (and so still raises TypeError,
ZeroDivisionError, SecurityError …), and every later Jinja release is new attack surface. A
regular expression that accepts exactly `{{ name }}` or `{{ office.name }}` and looks the name
up in a dict of strings cannot call anything, read a file or reach the network, and has only
two ways to fail, both reported at file:line:col: a `{{ … }}` / `{% … %}` that is not a plain
name, and a name the site does not have.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from pydantic import BaseModel

from .findings import Finding

# Anything a template engine would read as code: an expression, a statement or a comment tag.
_OPEN = re.compile(r"\{\{|\{%|\{#-")
_PLAIN = re.compile(r"\{\{\s*(?P<name>(?:office\.)?[A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_ONE_EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#-.*?-#\}", re.S)


@dataclass(frozen=True)
class Problem:
    offset: int        # character offset in the text
    name: str          # what was written, for the message
    known: bool        # False: a plain name the site does not have; True: not a plain name


def problems(text: str, names: dict[str, str]) -> list[Problem]:
    """Every `{{ … }}` that is not a plain known name, in text order."""
    found = []
    for match in _OPEN.finditer(text):
        plain = _PLAIN.match(text, match.start())
        if plain:
            if plain["name"] not in names:
                found.append(Problem(plain.start("name"), plain["name"], False))
            continue
        whole = _ONE_EXPRESSION.match(text, match.start())
        written = whole.group(0) if whole else text[match.start():match.start() + 20].split("\n")[0]
        found.append(Problem(match.start(), written, True))
    return found


def substitute(text: str, names: dict[str, str]) -> str:
    """Replace each known `{{ name }}`; anything else is left as written (and reported)."""
    return _PLAIN.sub(lambda m: names.get(m["name"], m.group(0)), text)


def cite_all(value, names: dict[str, str]):
    """The value with `{{ name }}` replaced in every string of it (pydantic models, lists, dicts)."""
    if isinstance(value, str):
        return substitute(value, names) if "{{" in value else value
    if isinstance(value, BaseModel):
        return value.model_copy(update={key: cite_all(getattr(value, key), names)
                                        for key in type(value).model_fields})
    if isinstance(value, list):
        return [cite_all(item, names) for item in value]
    if isinstance(value, dict):
        return {key: cite_all(item, names) for key, item in value.items()}
    return value


def describe(problem: Problem, names: dict[str, str]) -> tuple[str, str]:
    """The message and hint for one problem, in Chinese."""
    if problem.known:
        return (f"「{problem.name}」不是可以引用的欄位（template expression）：大括號裡只能寫欄位名稱，"
                "不能運算、呼叫或寫 {% %} 指令",
                "寫成 {{ office.phone }} 這樣的欄位名稱；要顯示大括號本身，請改用全形「｛｛」")
    close = difflib.get_close_matches(problem.name, list(names), n=1, cutoff=0.75)
    hint = (f"是不是要寫 {close[0]}？" if close
            else "可以寫：" + "、".join(sorted(n for n in names if n.startswith("office."))))
    return f"引用了不存在的欄位「{problem.name}」（undefined）", hint


def findings(text: str, names: dict[str, str], file: str, first_line: int,
             first_col: int = 1) -> list[Finding]:
    """The problems of one text that starts at first_line:first_col of file."""
    result = []
    for problem in problems(text, names):
        before = text[:problem.offset]
        line = first_line + before.count("\n")
        col = (problem.offset - before.rfind("\n")) if "\n" in before else first_col + problem.offset
        result.append(Finding(file, line, col, None, *describe(problem, names)))
    return result
