"""Markdown files with YAML front matter (hand-written pages, news): read, parse, validate.

Shared so that every kind reports the same mistakes the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from ..findings import Finding
from ..sources import Document, parse_yaml, read_text, split_front_matter
from .validation import validate

M = TypeVar("M", bound=BaseModel)


@dataclass
class MarkdownFile(Generic[M]):
    meta: M
    body: str
    body_line: int   # line number of the body's first line in the file
    doc: Document


def load_markdown(path: Path, rel: str, model: type[M],
                  required_keys: str) -> tuple[MarkdownFile[M] | None, list[Finding]]:
    """`required_keys` names the front-matter keys in the hint, e.g. "title: 與 updated:"."""
    text, findings = read_text(path, rel)
    if text is None:
        return None, findings
    front, body, start = split_front_matter(text)
    if front is None:
        return None, findings + [Finding(rel, 1, 1, None, "缺少頁首資料（front matter）",
                                         f"第一行寫 ---，接著寫 {required_keys}，再以 --- 結束")]
    doc, problems = parse_yaml(front, rel, line_offset=start)
    findings += problems
    if doc is None:
        return None, findings
    meta, problems = validate(doc, model)
    findings += problems
    if meta is None:
        return None, findings
    body_line = text[: len(text) - len(body)].count("\n") + 1  # the line the body starts on
    heading = next((n for n, line in enumerate(body.split("\n")) if line.startswith("# ")), None)
    if heading is not None:
        return None, findings + [Finding(rel, body_line + heading, 1, None,
                                         "標題由 title 產生，內文不可再寫一級標題（# heading）",
                                         "把 # 改成 ##")]
    return MarkdownFile(meta, body, body_line, doc), findings
