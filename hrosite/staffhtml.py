"""Every text staff write is held to the HTML allow-list (htmlpolicy.py) at its source line.

What the sanitiser would remove is an error at file:line:col naming what and what to write
instead, so staff learn the rule rather than see their text silently changed. Checked: the
Markdown body and front matter of every page and news item, and every string in the YAML
sources (site.yml, procedures, disclosures, FAQ, forms, datasets, search synonyms). A field is
rendered with the same Markdown extensions as the site (so `{: onclick=…}` from attr_list
and `[x](javascript:…)` are seen as the HTML they become); a field named like a link target
(url, website, href) is checked as a URL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import markdown

from . import htmlpolicy
from . import cite
from .findings import Finding
from .sources import Document, parse_yaml, read_text, split_front_matter

# Sources whose text fields may cite {{ office.x }}; hand-written pages are checked by cross_check.
CITING = ("content/procedures/", "content/disclosures/", "faq/", "content/news/", "forms/forms.yml")
YAML_SOURCES = ("site.yml", "content/procedures/*.yml", "content/disclosures/*.yml", "faq/*.yml",
                "forms/forms.yml", "stats/datasets.yml", "content/search/synonyms.yml")
MARKDOWN_SOURCES = ("content/*.md", "content/news/*.md")
URL_KEYS = frozenset({"url", "website", "href", "link"})
# The Markdown extensions of mkdocs.yml that can produce HTML from Markdown syntax.
_CONVERTER = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "def_list",
                                           "admonition"])
_MARKUP_HINTS = ("<", "{", "](", "]:")


def to_html(text: str) -> str:
    try:
        return _CONVERTER.convert(text)
    finally:
        _CONVERTER.reset()


def is_clean(text: str) -> bool:
    """True when the text, rendered as Markdown, holds nothing outside the allow-list."""
    return not any(mark in text for mark in _MARKUP_HINTS) or not htmlpolicy.violations(to_html(text))


def _leaves(data, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, path + (index,))
    elif isinstance(data, str):
        yield path, data


def _locate(lines: list[str], needle: str, line: int, col: int, span: int) -> tuple[int, int]:
    """The first place of needle from line:col within span lines; else line:col itself."""
    lowered = needle.lower()
    for number in range(line, min(line + span, len(lines)) + 1):
        start = col - 1 if number == line else 0
        found = lines[number - 1].lower().find(lowered, start)
        if found >= 0:
            return number, found + 1
    return line, col


def cite_findings(text: str, rel: str, lines: list[str], line: int, col: int,
                  field: str | None, names: dict[str, str]) -> list[Finding]:
    """`{{ … }}` in a text field: only a known `{{ office.x }}`, as in a page body."""
    result = []
    for problem in cite.problems(text, names):
        written = problem.name if not problem.known else text[problem.offset:].split("\n")[0][:20]
        at_line, at_col = _locate(lines, written, line, col, text.count("\n") + 2)
        message, hint = cite.describe(problem, names) if names else (
            f"這個檔案不能用大括號引用欄位（template expression）：「{written}」",
            "直接寫出文字；要顯示大括號本身，請改用全形「｛｛」")
        result.append(Finding(rel, at_line, at_col, field, message, hint))
    return result


def text_findings(text: str, rel: str, lines: list[str], line: int, col: int,
                  field: str | None = None, names: dict[str, str] | None = None) -> list[Finding]:
    """The allow-list problems of one staff text that starts at line:col of its file."""
    if not any(mark in text for mark in _MARKUP_HINTS):
        return []
    span = text.count("\n") + 2
    result = cite_findings(text, rel, lines, line, col, field, names) if names is not None else []
    for violation in htmlpolicy.violations(to_html(text)):
        at_line, at_col = _locate(lines, violation.needle, line, col, span)
        result.append(Finding(rel, at_line, at_col, field, violation.message(), violation.hint()))
    return result


def url_findings(value: str, rel: str, line: int, col: int, field: str) -> list[Finding]:
    scheme = htmlpolicy.url_problem(value)
    if scheme is None:
        return []
    violation = htmlpolicy.Violation("url", scheme, scheme)
    return [Finding(rel, line, col, field, violation.message(), violation.hint())]


def document_findings(doc: Document, lines: list[str],
                      names: dict[str, str] | None = None) -> list[Finding]:
    from .sources import dotted

    result = []
    for path, value in _leaves(doc.data):
        line, col = doc.where(path)
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        if key in URL_KEYS:
            result += url_findings(value, doc.file, line, col, dotted(path))
        else:
            result += text_findings(value, doc.file, lines, line, col, dotted(path), names)
    return result


def markdown_findings(text: str, rel: str, names: dict[str, str] | None = None) -> list[Finding]:
    lines = text.split("\n")
    front, body, _ = split_front_matter(text)
    result = []
    body_line = 1
    if front is not None:
        closing = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
        body_line = closing + 2
        doc, _problems = parse_yaml(front, rel, line_offset=1)  # the page loader reports those
        if doc is not None:
            result += document_findings(doc, lines, names)
    return result + text_findings(body, rel, lines, body_line, 1, None, names)


def check_sources(root: Path, names: dict[str, str] | None = None) -> list[Finding]:
    """Allow-list findings for every staff-written source of the site; with the office's
    citable names, also every `{{ … }}` in the sources that may cite them."""
    result: list[Finding] = []
    for pattern in YAML_SOURCES + MARKDOWN_SOURCES:
        for path in sorted(root.glob(pattern)):
            rel = path.relative_to(root).as_posix()
            # pages: cross_check reports their {{ }}; {}: no name may be cited in this file
            citing = names if rel.startswith(CITING) else None if path.parent.name == "content" else {}
            text, problems = read_text(path, rel)
            if text is None:
                continue  # unreadable: its loader says so
            if path.suffix == ".md":
                result += markdown_findings(text, rel, citing)
                continue
            doc, problems = parse_yaml(text, rel)
            if doc is not None:
                result += document_findings(doc, text.split("\n"), citing)
    return sorted(set(result), key=lambda f: (f.file, f.line or 0, f.col or 0, f.message))
