"""Self-contained gate: the built site loads nothing from another host, and offers no office formats.

The project promises a site that works from a USB stick: no web fonts, CDN scripts, analytics or
embeds, which would also hand visitors' addresses to third parties (個資法 §5, §15).
Plain `<a href>` links to other sites are fine: a link is followed only when the visitor chooses.
Download links to .doc/.docx/.xls/.xlsx/.ppt/.pptx fail the national ODF policy and the
accessibility code ME1320200C (NORMS §2.4): offer ODT/ODS/ODP or PDF instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from hrosite.findings import Finding

GATE = "self-contained"

# Elements whose attributes the browser fetches by itself (HTML Living Standard).
_LOADED_ATTRS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "object": ("data",),
    "embed": ("src",),
    "image": ("href", "xlink:href"),  # SVG <image>
    "base": ("href",),  # another host's base moves every relative load there
}
_LOADED_RELS = frozenset({
    "stylesheet", "preconnect", "dns-prefetch", "preload", "prefetch", "modulepreload",
    "prerender", "icon", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon",
    "manifest",
})
_SRCSET_ATTRS = frozenset({"srcset", "imagesrcset"})
_OFFICE = {".doc": "ODT", ".docx": "ODT", ".xls": "ODS", ".xlsx": "ODS", ".ppt": "ODP", ".pptx": "ODP"}
_SRCSET_GAP = re.compile(r"[\s,]*")
_SRCSET_URL = re.compile(r"\S+")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.I)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
_FONT_HOSTS = ("fonts.googleapis.com", "fonts.gstatic.com")
_ANALYTICS_HOSTS = ("www.googletagmanager.com", "www.google-analytics.com", "google-analytics.com")


def scan_site(site_dir: Path, allowed_hosts: Iterable[str] = ()) -> list[Finding]:
    """Findings for every .html and .css file under site_dir (paths relative to it, POSIX)."""
    site_dir = Path(site_dir)
    allowed = frozenset(h.lower() for h in allowed_hosts)
    findings: list[Finding] = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        suffix = path.suffix.lower()
        if suffix not in (".html", ".htm", ".css"):
            continue
        rel = path.relative_to(site_dir).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        if suffix == ".css":
            refs = _css_refs(text, 1, 1, "css url()")
        else:
            refs = _html_refs(text)
        findings.extend(_check(rel, sorted(refs, key=lambda r: r[:2]), allowed))
    return findings


def _check(file: str, refs: Iterable[tuple], allowed: frozenset[str]) -> Iterator[Finding]:
    for line, col, field, url, kind in refs:
        if kind == "link":
            ext = _office_extension(url)
            if ext:
                yield Finding(
                    file, line, col, field,
                    f"連結到非開放格式文件（office format）{ext}：可編輯文件應提供 ODF，"
                    "其餘提供 PDF（國家 ODF 政策；無障礙規範 ME1320200C）",
                    f"改提供 {_OFFICE[ext]} 或 PDF", GATE, "error",
                )
            continue
        host = _external_host(url)
        if host and host not in allowed:
            yield Finding(
                file, line, col, field,
                f"載入外部網站資源（third-party host）{host}：網站不可向其他主機載入任何資源",
                _hint(host, field), GATE, "error",
            )


def _external_host(url: str) -> str | None:
    """The host of an absolute http(s) or protocol-relative URL, else None."""
    url = re.sub(r"[\t\n\r]", "", url).strip().replace("\\", "/")
    if not re.match(r"(?i)(https?:)?//", url):
        return None
    try:
        host = urlsplit(url if "://" in url else "http:" + url).hostname
    except ValueError:
        return url
    return host or None


def _office_extension(href: str) -> str | None:
    path = unquote(urlsplit(href.strip()).path).lower()
    ext = path[path.rfind("."):] if "." in path.rsplit("/", 1)[-1] else ""
    return ext if ext in _OFFICE else None


def _hint(host: str, field: str) -> str:
    if host in _FONT_HOSTS:
        return "在 mkdocs.yml 設定 theme.font: false，改用系統字型或把字型檔放進網站"
    if host in _ANALYTICS_HOSTS:
        return "移除 mkdocs.yml 的 extra.analytics（網站不使用外部分析服務）"
    if field.startswith(("iframe", "frame", "object", "embed")):
        return "改用一般連結（<a href>）連到該網站，並在頁面上提供文字說明或靜態圖片"
    return "把檔案下載後放進網站（例如 docs/assets/）並改用相對路徑"


def _css_refs(css: str, line: int, col: int, field: str) -> Iterator[tuple]:
    """url() and @import in CSS text that starts at (line, col); comments are not loads."""
    css = _CSS_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), css)
    for pattern, name in ((_CSS_URL, field), (_CSS_IMPORT, "css @import")):
        for m in pattern.finditer(css):
            url = next(g for g in m.groups() if g is not None)
            before = css[:m.start()]
            nl = before.count("\n")
            c = (col + len(before)) if nl == 0 else len(before) - before.rfind("\n")
            yield line + nl, c, name, url, "load"


def _srcset_urls(value: str) -> Iterator[str]:
    """Candidate URLs of a srcset `url [descriptor], url [descriptor]` (a URL may hold commas)."""
    pos, end = 0, len(value)
    while pos < end:
        pos = _SRCSET_GAP.match(value, pos).end()
        m = _SRCSET_URL.match(value, pos)
        if not m:
            return
        url, pos = m.group(), m.end()
        if url.endswith(","):
            url = url.rstrip(",")
        else:  # skip the descriptors up to the next candidate
            comma = value.find(",", pos)
            pos = end if comma < 0 else comma + 1
        if url:
            yield url


def _html_refs(html: str) -> list[tuple]:
    parser = _RefParser()
    parser.feed(html)
    parser.close()
    return parser.refs


class _RefParser(HTMLParser):
    """Collects (line, col, field, url, kind) for loads and for `<a href>` links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)  # keeps getpos() exact for <style> text
        self.refs: list[tuple] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        col = offset + 1
        values = {k: v for k, v in attrs if v is not None}

        def load(attr: str) -> None:
            value = values.get(attr)
            if value is None:
                return
            urls = _srcset_urls(value) if attr in _SRCSET_ATTRS else [value]
            for url in urls:
                self.refs.append((line, col, f"{tag}[{attr}]", url, "load"))

        for attr in _LOADED_ATTRS.get(tag, ()):
            load(attr)
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if rels & _LOADED_RELS:
                load("href")
                load("imagesrcset")
        elif tag == "input" and values.get("type", "").lower() == "image":
            load("src")
        elif tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            url = _refresh_url(values.get("content", ""))
            if url:
                self.refs.append((line, col, "meta[http-equiv=refresh]", url, "load"))
        elif tag in ("a", "area") and "href" in values:
            self.refs.append((line, col, f"{tag}[href]", values["href"], "link"))
        if "background" in values:  # legacy <body background>, still fetched
            load("background")
        if "style" in values:
            for *_, url, kind in _css_refs(values["style"], line, col, ""):
                self.refs.append((line, col, f"{tag}[style]", url, kind))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            line, offset = self.getpos()
            self.refs.extend(_css_refs(data, line, offset + 1, "style url()"))


def _refresh_url(content: str) -> str | None:
    """The target of `<meta http-equiv=refresh content="0; url=...">`."""
    _, sep, rest = content.partition(";")
    if not sep:
        _, sep, rest = content.partition(",")
    rest = re.sub(r"(?i)^\s*url\s*=\s*", "", rest).strip().strip("'\"")
    return rest or None
