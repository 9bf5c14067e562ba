"""Links written in hand-made pages, checked at their source line before MkDocs sees them.

MkDocs (strict, mkdocs.yml `validation`) refuses a link to a page it does not have, an
absolute link and a folder-style link, but names the generated file in English. The same
rules are applied here to content/*.md against the compiled tree, so staff see
「content/about.md:14:5」 and what to write instead; MkDocs stays the final word.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from urllib.parse import unquote

from .findings import Finding
from .model.page import Page

# [text](target "title") and ![alt](target); a reference definition [ref]: target
_INLINE = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?")
_CODE_SPAN = re.compile(r"(`+).*?\1")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def docs_path(page: Page) -> str:
    """Where a content page lands in the compiled tree (compile/pages.py)."""
    return "index.md" if page.slug == "index" else f"{page.slug}.md"


def page_link_findings(pages: Iterable[Page], files: Iterable[str]) -> list[Finding]:
    """Every link of every page that MkDocs would refuse, at its line and column."""
    files = set(files)
    findings = []
    for page in pages:
        for line, col, target in _links(page.body):
            problem = _problem(target, docs_path(page), files)
            if problem:
                findings.append(Finding(page.rel, page.body_line + line, col, None, *problem))
    return findings


def _links(body: str) -> Iterable[tuple[int, int, str]]:
    """(line index in the body, column, target) of each link outside code."""
    fenced = None
    for index, line in enumerate(body.split("\n")):
        fence = _FENCE.match(line)
        if fence:
            fenced = None if fenced == fence.group(1) else (fenced or fence.group(1))
            continue
        if fenced:
            continue
        visible = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)   # keep the columns
        for pattern in (_INLINE, _REFERENCE):
            for m in pattern.finditer(visible):
                yield index, m.start(1) + 1, m.group(1)


def _problem(target: str, page: str, files: set[str]) -> tuple[str, str] | None:
    """(message, hint) when MkDocs would refuse `target` written in `page`."""
    if "{{" in target or target.startswith("#") or _SCHEME.match(target):
        return None   # a template value, an anchor on this page, or another site / mailto / tel
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    if path.startswith("/"):
        return (f"連結不可用「/」開頭（absolute link）：「{target}」",
                "改寫成相對於本頁的 .md 路徑，例如 procedures/birth-registration.md")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if resolved in files:
        return None
    for guess in (resolved + ".md", posixpath.join(resolved, "index.md")):
        if guess in files:
            suggestion = posixpath.relpath(guess, posixpath.dirname(page) or ".")
            return (f"連結請指向 .md 檔（unrecognized relative link）：「{target}」",
                    f"寫成 {suggestion}")
    return (f"連結的頁面或檔案不存在（link target not found）：「{target}」",
            "確認檔名拼寫；頁面的連結寫成相對路徑的 .md 檔，例如 procedures/birth-registration.md")
