"""Inline Markdown for YAML fields, and plain text for metadata and JSON-LD."""

from __future__ import annotations

import html
import re

import markdown

_TAGS = re.compile(r"<[^>]+>")
# One converter, reset between fields: building a Markdown instance costs more than a short
# field's conversion, and a site has hundreds of fields.
_CONVERTER = markdown.Markdown(extensions=["attr_list"])


def md_block(text: str | None) -> str:
    """Markdown → HTML for a field shown inside generated HTML (tables, lists)."""
    if not text:
        return ""
    try:
        return _CONVERTER.convert(text)
    finally:
        _CONVERTER.reset()


def md_inline(text: str | None) -> str:
    """Markdown → HTML without the wrapping paragraph, for one-line fields."""
    rendered = md_block(text).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return rendered


def plain(text: str | None) -> str:
    """Markdown → plain text (JSON-LD answers, meta descriptions)."""
    return html.unescape(_TAGS.sub("", md_block(text))).strip()
