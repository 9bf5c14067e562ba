"""The HTML staff may write, as one allow-list: what accessible content needs and nothing that runs.

Allowed: the elements Markdown itself produces (paragraphs, lists, emphasis, links, images,
code, quotes, headings), tables with captions and header scope, definition lists,
<abbr title>, <kbd>, <details>/<summary>, <br>, <sub>/<sup>, <mark>, <time datetime>, <span>/<div>
with class, id, lang, dir and title. Not allowed: style, every event handler (on…), <script>,
<style>, <iframe>, <object>, <embed>, <form>/<input>, <base>, <meta>, <link>, SVG and MathML.
Links only http, https, mailto, tel or a site-relative address.

`violations()` says what the sanitiser would remove, so validation can report it at its source;
`clean()` is the sanitiser itself (nh3, the Python binding of the maintained Rust crate ammonia),
applied where the compile step turns a staff field into HTML, so output stays safe even if a
check is missed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

TAGS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del",
    "ins", "mark", "small", "sub", "sup", "code", "pre", "kbd", "samp", "var", "abbr", "q", "cite",
    "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "figure", "figcaption",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
    "details", "summary", "span", "div", "time",
})
GENERIC_ATTRIBUTES = frozenset({"id", "class", "lang", "dir", "title"})
ATTRIBUTES = {
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan", "headers", "abbr"},
    "td": {"colspan", "rowspan", "headers"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
    "details": {"open"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "formaction", "poster", "xlink:href",
                            "background", "srcset"})
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Removed with their content: what is inside a <script> or <style> is not text to show.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template",
                                  "noscript", "textarea", "select"})

_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.\-]*)\s*:")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def url_problem(url: str) -> str | None:
    """Why a link target is refused, or None: only http(s), mailto, tel and site-relative."""
    squeezed = _INVISIBLE.sub("", url)  # browsers ignore these inside a scheme: "java\tscript:"
    match = _SCHEME.match(squeezed)
    if match:
        scheme = match.group(1).lower()
        return None if scheme in SCHEMES else f"{scheme}:"
    if squeezed.startswith(("//", "\\\\", "/\\", "\\/")):
        return "//"  # another host without a scheme
    return None


@dataclass(frozen=True)
class Violation:
    """One thing the sanitiser removes: `what` for the message, `needle` to find it in the source."""

    kind: str      # "tag", "attribute", "url"
    what: str      # <script>, onmouseover, javascript:
    needle: str    # text to look for in the source to place the error

    def message(self) -> str:
        if self.kind == "tag":
            return f"不可使用 HTML 標籤 {self.what}（disallowed HTML tag），網站會把它移除"
        if self.kind == "attribute":
            return f"不可使用 HTML 屬性 {self.what}（disallowed HTML attribute），網站會把它移除"
        return f"不可使用「{self.what}」開頭的連結（disallowed URL scheme），網站會把它移除"

    def hint(self) -> str:
        if self.kind == "url":
            return ("連結只能寫 https://、http://、mailto:、tel: 或本站的相對路徑，"
                    "例如 [聯絡我們](contact.md)")
        if self.what == "style" or self.what == "<style>":
            return "版面與顏色由網站統一設定，請刪除；要強調文字請用 **粗體**"
        if self.what.startswith("on") or self.what in ("<script>", "<noscript>"):
            return "網頁內容不能執行程式（script），請刪除；要連到其他網頁請用 [文字](https://…)"
        if self.what in ("<iframe>", "<object>", "<embed>"):
            return "不能嵌入其他網站的內容，請改用連結 [文字](https://…)"
        return ("請改用 Markdown，或只用允許的標籤：abbr、kbd、table、details/summary、br、"
                "sub、sup、mark、time（見 CONTRIBUTING.zh-TW.md 5.10「可以寫的 HTML 與連結」）")


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[Violation] = []

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            self.found.append(Violation("tag", f"<{tag}>", f"<{tag}"))
            if tag in DROPPED_WITH_CONTENT:
                return
        allowed = GENERIC_ATTRIBUTES | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self.found.append(Violation("attribute", name, name))
            elif name in URL_ATTRIBUTES and value:
                scheme = url_problem(value)
                if scheme:
                    self.found.append(Violation("url", scheme, value.strip() if scheme == "//" else scheme))

    handle_startendtag = handle_starttag


def violations(html: str) -> list[Violation]:
    """What clean() would remove from this HTML, in document order (each distinct thing once)."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return list(dict.fromkeys(finder.found))


def _keep_url(tag: str, attribute: str, value: str) -> str | None:
    if attribute in URL_ATTRIBUTES and url_problem(value):
        return None
    return value


def clean(html: str) -> str:
    """The staff allow-list applied by ammonia: anything else is removed (comments kept out too)."""
    return nh3.clean(html, tags=set(TAGS), clean_content_tags=set(DROPPED_WITH_CONTENT),
                     attributes={"*": set(GENERIC_ATTRIBUTES), **{k: set(v) for k, v in ATTRIBUTES.items()}},
                     attribute_filter=_keep_url, url_schemes=set(SCHEMES), link_rel=None)
