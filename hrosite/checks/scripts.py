"""Scripts gate: a built page runs only the scripts the site ships, and nothing a page's text added.

Fails on: an inline event handler attribute (on…); a javascript:, vbscript: or data: address in
href, src, action, formaction, poster, data or xlink:href; a <script src> that is not a file under
the site's own assets/; an inline script that is not one the theme emits (csp.theme_scripts;
`application/ld+json` and Material's `<script id="__config" type="application/json">` are data,
not code); <iframe>, <frame>, <object>, <embed>, <applet> and <base>; a page without the
Content-Security-Policy meta tag. The build runs the same inspection on every page it writes
(adapter.py), so a page that fails it is never written.
"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..csp import theme_scripts
from ..findings import Finding

GATE = "scripts"
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "data", "xlink:href"})
BAD_SCHEMES = frozenset({"javascript", "vbscript", "data"})
FORBIDDEN = frozenset({"iframe", "frame", "object", "embed", "applet", "base"})
DATA_TYPES = frozenset({"application/ld+json"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def bad_scheme(url: str) -> str | None:
    match = _SCHEME.match(_INVISIBLE.sub("", unquote(url)).lower())
    return match.group(1) if match and match.group(1) in BAD_SCHEMES else None


class _Inspector(HTMLParser):
    def __init__(self, page: str, site_url: str | None):
        super().__init__(convert_charrefs=True)
        self.page, self.site_url = page, site_url
        self.problems: list[tuple[int, int, str, str]] = []  # line, col, message, hint
        self.script: tuple[int, int, dict] | None = None
        self.script_text: list[str] = []
        self.has_csp = False

    def add(self, message: str, hint: str) -> None:
        line, col = self.getpos()
        self.problems.append((line, col + 1, message, hint))

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.add(f"網頁含有事件處理屬性（inline event handler）：<{tag} {name}>",
                         "網頁內容不能執行程式；找出產生這個屬性的來源並刪除")
            elif name in URL_ATTRIBUTES and value and bad_scheme(value):
                self.add(f"網頁含有不安全的網址（unsafe URL scheme）：<{tag} {name}=\"{bad_scheme(value)}:…\">",
                         "連結只能用 https:、http:、mailto:、tel: 或本站的相對路徑")
        if tag in FORBIDDEN:
            self.add(f"網頁含有不允許的元素（embedded or base element）：<{tag}>",
                     "不嵌入其他內容，也不改變頁面的基準網址；請改用一般連結")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.has_csp = True
        if tag == "script":
            self.script = (*self.getpos(), values)
            self.script_text = []
            src = values.get("src")
            if src is not None and not self._own_asset(src):
                self.add(f"網頁載入本站 assets/ 以外的程式（foreign script）：{src}",
                         "只能載入網站本身 assets/ 資料夾提供的程式")

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self.script is not None:
            self.script_text.append(data)

    def handle_endtag(self, tag):
        if tag != "script" or self.script is None:
            return
        line, col, values = self.script
        self.script = None
        text = "".join(self.script_text)
        kind = (values.get("type") or "").strip().lower()
        if "src" in values or kind in DATA_TYPES:
            return
        if kind == "application/json" and values.get("id") == "__config":
            return
        if text not in theme_scripts(self.site_url):
            self.problems.append((line, col + 1, "網頁含有不認得的內嵌程式（unknown inline script）：「"
                                  + text.strip()[:60] + "」",
                                  "網頁內容不能含 <script>；程式只能放在 assets/javascripts/"))

    def _own_asset(self, src: str) -> bool:
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            return False
        if src.startswith("/"):
            base = urlsplit(self.site_url or "/").path or "/"
            if not src.startswith(base):
                return False
            path = src[len(base):]
        else:
            path = posixpath.normpath(posixpath.join(posixpath.dirname(self.page), parts.path))
        return path.startswith("assets/") and not path.startswith("assets/..")


def inspect(html: str, page: str, site_url: str | None = None) -> list[Finding]:
    """The findings of one page; `page` is its path in the site (about/index.html)."""
    inspector = _Inspector(page, site_url)
    inspector.feed(html)
    inspector.close()
    findings = [Finding(page, line, col, None, message, hint, gate=GATE)
                for line, col, message, hint in inspector.problems]
    if not inspector.has_csp and "<html" in html[:500].lower():
        findings.append(Finding(page, 1, None, None,
                                "網頁沒有內容安全政策（missing CSP meta tag）",
                                "overrides/main.html 的 site_meta 區塊要保留 CSP 的 <meta>", gate=GATE))
    return findings


def scan_site(site_dir: Path, site_url: str | None = None) -> list[Finding]:
    """Every HTML page of a built site; a <script src> must also be a file that exists."""
    site_dir = Path(site_dir)
    findings: list[Finding] = []
    for path in sorted(site_dir.rglob("*.html")):
        page = path.relative_to(site_dir).as_posix()
        html = path.read_text(encoding="utf-8", errors="replace")
        findings += inspect(html, page, site_url)
        for src in re.findall(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", html):
            target = _resolve(site_dir, page, src, site_url)  # None: reported as foreign
            if target is not None and not target.is_file():
                findings.append(Finding(page, None, None, None,
                                        f"網頁載入的程式檔不存在（missing script）：{src}",
                                        "重新建置網站（hrosite build）", gate=GATE))
    return findings


def _resolve(site_dir: Path, page: str, src: str, site_url: str | None) -> Path | None:
    """The file an own-asset script src names; None when it is not under assets/."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return None
    if src.startswith("/"):
        base = urlsplit(site_url or "/").path or "/"
        if not parts.path.startswith(base):
            return None
        path = posixpath.normpath(unquote(parts.path[len(base):]))
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    return site_dir / path if path.startswith("assets/") else None
