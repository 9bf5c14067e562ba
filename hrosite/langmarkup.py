"""Language markup of built pages: `<html lang>`, the Chinese chrome on English pages, the switch.

Rules:
* an English page gets `<html lang="en">`; the parts of the theme that stay Chinese — the
  skip link, 導盲磚 anchors, heading permalinks (「本段連結」), header (with
  search), the primary menu, the breadcrumb, the table-of-contents title, the
  footer and the back-to-top link — get `lang="zh-TW"`, so a screen reader speaks each part
  in its language (WCAG 3.1.2);
* menu and breadcrumb links to English pages, and the menu labels, breadcrumb item and header
  title that show an English page's title, get `lang="en"`;
* every page starts its content with one visible switch: 「English」 (lang="en",
  hreflang="en") on Chinese pages, 「中文」 (lang="zh-TW", hreflang="zh-TW") on English pages,
  to the counterpart or else to the other language's start page.

One scan with the standard library html.parser's own patterns for tags and attributes finds the
exact start tags (a page with its menu has thousands; the scan costs about two thirds of the
parser's per-tag callbacks); the page is then changed only by inserting attributes and one
paragraph at those offsets, so everything else stays byte for byte as the theme's partials wrote
it.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass

ZH = "zh-TW"
EN = "en"
SWITCH_CLASS = "hro-lang-switch"


@dataclass
class _Tag:
    start: int       # offset of "<"
    text: str        # the start tag as written
    name: str
    attrs: dict      # name → value; of a name given twice, the last value
    classes: set


def _tag(start: int, text: str, name: str, pairs: list[tuple[str, str | None]]) -> _Tag:
    attrs = dict(pairs)
    return _Tag(start, text, name, attrs, set((attrs.get("class") or "").split()))


def is_chrome(tag: _Tag) -> bool:
    """The theme's Chinese parts of an English page."""
    name, found, classes = tag.name, tag.attrs, tag.classes
    if name == "header" and "md-header" in classes:
        return True
    if name == "footer":
        return True
    if name == "a" and ({"md-skip", "hro-accesskey", "headerlink"} & classes
                        or found.get("href") == "#U"):
        return True  # skip link, 導盲磚 anchors, 「本段連結」 permalinks, 回到頁首 (overrides/main.html)
    if name == "div" and "md-sidebar--primary" in classes:
        return True
    if name == "nav" and "md-path" in classes:
        return True  # breadcrumb 「現在位置」
    if name == "label" and "md-nav__title" in classes and found.get("for") == "__toc":
        return True  # 「目錄」: the headings below it are English
    return name == "div" and "md-dialog" in classes


_TITLE_CLASSES = {"md-ellipsis", "md-nav__title", "md-path__text", "md-header__topic"}

# The tokens of an HTML page, as the standard library's html.parser reads them (its own
# tolerant patterns for tag names and attributes), so that the offsets are those of the tags a
# browser sees. Comments, doctypes and the raw text of <script> and <style> are skipped whole.
_TOKEN = re.compile(r"""
    <!--.*?(?:--!?>|\Z)
  | <![^>]*>? | <\?[^>]*>?
  | </(?P<end>[a-zA-Z][^\t\n\r\f />\x00]*)[^>]*>
  | <(?P<name>[a-zA-Z][^\t\n\r\f />\x00]*)
     (?P<attrs>(?:[\s/]*(?:(?<=['"\s/])[^\s/>][^\s/=>]*
       (?:\s*=+\s*(?:'[^']*'|"[^"]*"|(?!['"])[^>\s]*)\s*)?(?:\s|/(?!>))*)*)?\s*)
     /?>
""", re.S | re.X)
_ATTRIBUTE = re.compile(r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*""")
_RAW_END = {name: re.compile(rf"</\s*{name}\s*>", re.I) for name in ("script", "style")}


def _attributes(text: str) -> list[tuple[str, str | None]]:
    """(name, value) pairs as html.parser gives them: names lower-cased, values unquoted and
    unescaped."""
    found = []
    for match in _ATTRIBUTE.finditer(text):
        name, rest, value = match.group(1, 2, 3)
        if not rest:
            value = None
        elif value[:1] == value[-1:] and value[:1] in ("'", '"'):
            value = value[1:-1]
        if value and "&" in value:
            value = html.unescape(value)
        found.append((name.lower(), value))
    return found


def _scan(source: str) -> tuple[list[_Tag], dict[int, str]]:
    """The start tags with their offsets in the source text, and the text of each title-bearing
    element (by its index among the tags)."""
    tags: list[_Tag] = []
    texts: dict[int, str] = {}
    open_: list[tuple[int, str, int]] = []   # (index, tag name, nesting depth) of open title elements

    def add_text(data: str) -> None:
        data = html.unescape(data) if "&" in data else data
        for i, _, _ in open_:
            texts[i] += data

    at = 0
    while (match := _TOKEN.search(source, at)) is not None:
        if open_ and match.start() > at:
            add_text(source[at:match.start()])
        at = match.end()
        name, end = match.group("name"), match.group("end")
        if end is not None:
            open_ = _close(open_, end.lower())
        elif name is not None:
            tag = name.lower()
            found = _tag(match.start(), match.group(), tag, _attributes(" " + match.group("attrs")))
            tags.append(found)
            if match.group().endswith("/>"):
                continue
            open_ = [(i, n, depth + (n == tag)) for i, n, depth in open_]
            if _TITLE_CLASSES & found.classes:
                open_.append((len(tags) - 1, tag, 0))
                texts[len(tags) - 1] = ""
            if tag in _RAW_END:
                close = _RAW_END[tag].search(source, at)
                at = close.end() if close else len(source)
    if open_ and at < len(source):
        add_text(source[at:])
    return tags, texts


def _close(open_: list[tuple[int, str, int]], tag: str) -> list[tuple[int, str, int]]:
    """The open title elements after an end tag: the innermost one of that name closes."""
    kept = []
    for i, name, depth in open_:
        if name == tag:
            if depth == 0:
                continue
            depth -= 1
        kept.append((i, name, depth))
    return kept


def _add_attribute(tag: _Tag, attribute: str) -> tuple[int, int, str]:
    """Insert at the end of the start tag, so `<a href=` and `<nav class=` still begin it."""
    end = tag.start + len(tag.text) - (2 if tag.text.endswith("/>") else 1)
    return (end, end, f" {attribute}")


def switch_html(href: str, to_lang: str) -> str:
    label = "English" if to_lang == EN else "中文"
    return (f'<p class="{SWITCH_CLASS}"><a href="{html.escape(href)}" hreflang="{to_lang}" '
            f'lang="{to_lang}">{label}</a></p>')


def _english_link(tag: _Tag, page_url: str | None) -> bool:
    """A menu or breadcrumb link to an English page: its text is an English title."""
    href = tag.attrs.get("href")
    if tag.name != "a" or page_url is None or not href or href.startswith(("#", "http:", "https:")) \
            or not ({"md-nav__link", "md-path__link"} & tag.classes):
        return False
    target = posixpath.normpath(posixpath.join(posixpath.dirname("/" + page_url), href))
    return target == "/en" or target.startswith("/en/")


def _current_title(tag: _Tag) -> bool:
    """On an English page, the theme parts that show that page's own English text: the header's
    page title, the breadcrumb's current item and the table of contents (its 「目錄」 label is
    marked Chinese inside it)."""
    name, found, classes = tag.name, tag.attrs, tag.classes
    return ((name == "div" and found.get("data-md-component") == "header-topic")
            or (name == "span" and "md-path__text" in classes and found.get("aria-current") == "page")
            or (name == "nav" and "md-nav--secondary" in classes))


def mark_page(source: str, lang: str, switch_href: str | None, page_url: str | None = None,
              english_titles: frozenset[str] | set[str] = frozenset()) -> str:
    """The page with its language set, the chrome marked (English pages) and the switch added.

    `page_url` (e.g. "en/about/") lets menu and breadcrumb links to English pages get
    lang="en"; so do the menu labels, breadcrumb and header title whose text is one of
    `english_titles` (the English pages' titles).
    """
    tags, texts = _scan(source)
    edits: list[tuple[int, int, str]] = []   # (start, end, replacement)
    for index, tag in enumerate(tags):
        attrs = tag.attrs
        english_title = " ".join(texts.get(index, "").split()) in english_titles
        if tag.name == "html":
            if lang != attrs.get("lang"):
                new = tag.text.replace(f'lang="{attrs.get("lang")}"', f'lang="{lang}"', 1) \
                    if "lang" in attrs else f"<html lang=\"{lang}\"" + tag.text[5:]
                edits.append((tag.start, tag.start + len(tag.text), new))
        elif lang != ZH and "lang" not in attrs and is_chrome(tag):
            edits.append(_add_attribute(tag, f'lang="{ZH}"'))
        elif lang == EN and "lang" not in attrs and _current_title(tag):
            edits.append(_add_attribute(tag, f'lang="{EN}"'))
        elif "lang" not in attrs and (english_title or _english_link(tag, page_url)):
            edits.append(_add_attribute(tag, f'lang="{EN}"'))
        elif (switch_href and tag.name == "article"
              and "md-content__inner" in tag.classes):
            at = tag.start + len(tag.text)
            edits.append((at, at, switch_html(switch_href, ZH if lang == EN else EN)))
    pieces, at = [], 0
    for start, end, text in sorted(edits):
        pieces += [source[at:start], text]
        at = end
    return "".join(pieces) + source[at:]
