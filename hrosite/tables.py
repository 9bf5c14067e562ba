"""Every table of a page sits in a box that scrolls sideways and that a keyboard can reach.

A table wider than a 320 px screen scrolls inside its own box (WCAG 1.4.10); that box must be
focusable and named so that keyboard users can scroll it too (WCAG 2.1.1, axe
scrollable-region-focusable): `<div class="hro-table" role="region" tabindex="0"
aria-label="…">`, named by the table's caption, else by the heading above it. Tables the
compile step already wrapped (statistics) are left alone.
"""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<(/?)table\b[^>]*>", re.IGNORECASE)
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.IGNORECASE | re.DOTALL)
_HEADING = re.compile(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>", re.IGNORECASE | re.DOTALL)
_WRAPPED = re.compile(r'<div class="hro-table"[^>]*>\s*$')


def wrap_tables(page_html: str) -> str:
    """The page's HTML with each outermost, not yet wrapped table in a named, focusable box."""
    out, depth, start, last = [], 0, 0, 0
    for tag in _TAG.finditer(page_html):
        if not tag.group(1):
            if depth == 0:
                start = tag.start()
            depth += 1
            continue
        depth = max(depth - 1, 0)
        if depth or _WRAPPED.search(page_html[:start]):
            continue
        table = page_html[start:tag.end()]
        label = _label(table, page_html[:start])
        out += [page_html[last:start],
                f'<div class="hro-table" role="region" aria-label="{label}" tabindex="0">',
                table, "</div>"]
        last = tag.end()
    out.append(page_html[last:])
    return "".join(out)


def _label(table: str, before: str) -> str:
    caption = _CAPTION.search(table)
    if caption:
        text = _plain(caption.group(1))
    else:
        headings = _HEADING.findall(before)
        text = f"{_plain(headings[-1])}（表格）" if headings else "表格"
    return html.escape(text or "表格", quote=True)


def _plain(fragment: str) -> str:
    text = re.sub(r"<[^>]+>", "", fragment)
    return re.sub(r"\s+", " ", html.unescape(text)).strip().removesuffix("¶").strip()
