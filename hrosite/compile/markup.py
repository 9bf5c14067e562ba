"""Inline Markdown for YAML fields, and plain text for metadata and JSON-LD."""

from __future__ import annotations

import html
import re

import markdown
from markupsafe import Markup

from .. import htmlpolicy
from ..incremental import memoized

_TAGS = re.compile(r"<[^>]+>")
# One converter, reset between fields: building a Markdown instance costs more than a short
# field's conversion, and a site has hundreds of fields.
_CONVERTER = markdown.Markdown(extensions=["attr_list"])


@memoized   # in the preview only; the same field text gives the same HTML
def md_block(text: str | None) -> Markup:
    """Markdown → HTML for a field shown inside generated HTML (tables, lists).

    The result holds only the staff allow-list (htmlpolicy): validation reports anything else at
    its source, and should a field slip past it, the sanitiser removes it here.
    """
    if not text:
        return Markup("")
    try:
        rendered = _CONVERTER.convert(text)
    finally:
        _CONVERTER.reset()
    return Markup(htmlpolicy.clean(rendered) if htmlpolicy.violations(rendered) else rendered)


def md_inline(text: str | None) -> Markup:
    """Markdown → HTML without the wrapping paragraph, for one-line fields."""
    rendered = str(md_block(text)).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return Markup(rendered)


def plain(text: str | None) -> str:
    """Markdown → plain text (JSON-LD answers, meta descriptions)."""
    return html.unescape(_TAGS.sub("", md_block(text))).strip()
