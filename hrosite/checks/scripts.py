"""Scripts gate: a built page runs only the scripts the site ships, and nothing a page's text added.

Fails on: an inline event handler attribute (on…); a javascript:, vbscript: or data: address in
href, src, action, formaction, poster, data or xlink:href; a <script src> that is not a file under
the site's own assets/; an inline script that is not one the theme emits (csp.theme_scripts;
`application/ld+json` and Material's `<script id="__config" type="application/json">` are data,
not code); <iframe>, <frame>, <object>, <embed>, <applet>, <base> and <template> (whose content a
parser keeps apart from the page); a page without the Content-Security-Policy meta tag in its
<head>, the only place a browser obeys it. The build runs the same inspection on every page it
writes (adapter.py), so a page that fails it is never written.

The page is read as a browser reads it: lexbor (selectolax) follows the HTML standard's parsing
rules, so a comment closed by `--!>` or an attribute written straight after a quoted value is
seen as the browser sees it. Only a page with problems is read a second time, with the standard
library's html.parser, to give each problem its line and column.
"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from ..csp import theme_scripts
from ..findings import Finding

GATE = "scripts"
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "data", "xlink:href"})
BAD_SCHEMES = frozenset({"javascript", "vbscript", "data"})
FORBIDDEN = frozenset({"iframe", "frame", "object", "embed", "applet", "base", "template"})
DATA_TYPES = frozenset({"application/ld+json"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")

Problem = tuple[str, str]   # message, hint


def bad_scheme(url: str) -> str | None:
    match = _SCHEME.match(_INVISIBLE.sub("", unquote(url)).lower())
    return match.group(1) if match and match.group(1) in BAD_SCHEMES else None


def _start_tag_problems(tag: str, attrs: list[tuple[str, str | None]], page: str,
                        site_url: str | None) -> list[Problem]:
    """What one start tag breaks: handlers, unsafe addresses, forbidden elements, foreign scripts."""
    problems = []
    for name, value in attrs:
        if name.startswith("on"):
            problems.append((f"網頁含有事件處理屬性（inline event handler）：<{tag} {name}>",
                             "網頁內容不能執行程式；找出產生這個屬性的來源並刪除"))
        elif name in URL_ATTRIBUTES and value and bad_scheme(value):
            problems.append((f"網頁含有不安全的網址（unsafe URL scheme）：<{tag} {name}=\"{bad_scheme(value)}:…\">",
                             "連結只能用 https:、http:、mailto:、tel: 或本站的相對路徑"))
    if tag in FORBIDDEN:
        problems.append((f"網頁含有不允許的元素（embedded or base element）：<{tag}>",
                         "不嵌入其他內容，也不改變頁面的基準網址；請改用一般連結"))
    src = dict(attrs).get("src") if tag == "script" else None
    if src is not None and _asset_path(src, page, site_url) is None:
        problems.append((f"網頁載入本站 assets/ 以外的程式（foreign script）：{src}",
                         "只能載入網站本身 assets/ 資料夾提供的程式"))
    return problems


def _script_problem(attrs: dict, text: str, site_url: str | None) -> Problem | None:
    """An inline script that is neither data nor one of the theme's own."""
    kind = (attrs.get("type") or "").strip().lower()
    if "src" in attrs or kind in DATA_TYPES or (kind == "application/json" and attrs.get("id") == "__config"):
        return None
    if text in theme_scripts(site_url):
        return None
    return ("網頁含有不認得的內嵌程式（unknown inline script）：「" + text.strip()[:60] + "」",
            "網頁內容不能含 <script>；程式只能放在 assets/javascripts/")


def _asset_path(src: str, page: str, site_url: str | None) -> str | None:
    """The site path a script src names, as a browser resolves it (percent-decoded, `..`
    applied), when it is this site's own file under assets/; else None."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        base = urlsplit(site_url or "/").path or "/"
        if not path.startswith(base):
            return None
        path = posixpath.normpath(path[len(base):])
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return path if path.startswith("assets/") else None


def _browser_view(html: str, page: str, site_url: str | None) -> tuple[list[Problem], bool]:
    """The problems of the page as parsed by the HTML standard's rules, and whether its <head>
    holds the Content-Security-Policy meta tag."""
    tree = LexborHTMLParser(html)
    problems: list[Problem] = []
    for node in tree.root.traverse(include_text=False):
        if node.tag.startswith(("-", "#")):
            continue   # comments, the document
        attrs = list(node.attributes.items())
        problems += _start_tag_problems(node.tag, attrs, page, site_url)
        if node.tag == "script":
            problem = _script_problem(dict(attrs), node.text(deep=True), site_url)
            if problem:
                problems.append(problem)
    head = tree.head
    has_csp = head is not None and any(
        (meta.attributes.get("http-equiv") or "").lower() == "content-security-policy"
        for meta in head.css("meta[http-equiv]"))
    return problems, has_csp


class _Locator(HTMLParser):
    """The line and column of each problem, as the standard library's parser finds them."""

    def __init__(self, page: str, site_url: str | None):
        super().__init__(convert_charrefs=True)
        self.page, self.site_url = page, site_url
        self.places: dict[Problem, list[tuple[int, int]]] = {}
        self.script: tuple[int, int, dict] | None = None
        self.script_text: list[str] = []

    def _add(self, problem: Problem, line: int, col: int) -> None:
        self.places.setdefault(problem, []).append((line, col + 1))

    def handle_starttag(self, tag, attrs):
        for problem in _start_tag_problems(tag, attrs, self.page, self.site_url):
            self._add(problem, *self.getpos())
        if tag == "script":
            self.script, self.script_text = (*self.getpos(), dict(attrs)), []

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self.script is not None:
            self.script_text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            line, col, attrs = self.script
            self.script = None
            problem = _script_problem(attrs, "".join(self.script_text), self.site_url)
            if problem:
                self._add(problem, line, col)


def inspect(html: str, page: str, site_url: str | None = None) -> list[Finding]:
    """The findings of one page; `page` is its path in the site (about/index.html)."""
    problems, has_csp = _browser_view(html, page, site_url)
    findings = []
    if problems:
        locator = _Locator(page, site_url)
        locator.feed(html)
        locator.close()
        places = {problem: iter(found) for problem, found in locator.places.items()}
        for message, hint in problems:
            line, col = next(places.get((message, hint), iter(())), (None, None))
            findings.append(Finding(page, line, col, None, message, hint, gate=GATE))
    if not has_csp and "<html" in html[:500].lower():
        findings.append(Finding(page, 1, None, None,
                                "網頁沒有內容安全政策（missing CSP meta tag）",
                                "overrides/main.html 的 site_meta 區塊要保留 CSP 的 <meta>", gate=GATE))
    return findings


def scan_site(site_dir: Path, site_url: str | None = None, exclude: tuple[str, ...] = ()) -> list[Finding]:
    """Every HTML page of a built site but those under the `exclude` folders ("admin/"); a
    <script src> must also be a file that exists."""
    site_dir = Path(site_dir)
    findings: list[Finding] = []
    for path in sorted(site_dir.rglob("*.html")):
        page = path.relative_to(site_dir).as_posix()
        if page.startswith(exclude):
            continue
        html = path.read_text(encoding="utf-8", errors="replace")
        findings += inspect(html, page, site_url)
        for src in re.findall(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", html):
            asset = _asset_path(src, page, site_url)  # None: reported as foreign
            if asset is not None and not (site_dir / asset).is_file():
                findings.append(Finding(page, None, None, None,
                                        f"網頁載入的程式檔不存在（missing script）：{src}",
                                        "重新建置網站（hrosite build）", gate=GATE))
    return findings
