"""The Content-Security-Policy of the public pages, and the inline scripts the theme may emit.

Material writes a few small inline scripts (partials/javascripts/*.html: the storage helpers in
<head>, the saved colour palette, the tab restored from the URL, the cookie consent). Rather
than 'unsafe-inline', the policy lists the SHA-256 of each, read from the installed theme, so a
theme upgrade that changes them changes the hashes with it. The head script names the page's
base URL ("..", "../..", "/" …): one hash per folder depth. Every other script must be a file the
site ships ('self'). Styles need 'unsafe-inline': the generated SVG charts carry <style> and
style attributes and the theme's script sets style attributes; a style cannot run code.
`<script type="application/json">` (Material's __config) and `application/ld+json` are data,
not run, and need no hash. A meta tag cannot set frame-ancestors; a host that can send headers
should add `frame-ancestors 'self'` there.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

import material

PARTIALS = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
THEME_SCRIPTS = ("base.html", "palette.html", "content.html", "consent.html")
_SCOPE = '{{ config.extra.scope | d(base_url) }}'
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
MAX_DEPTH = 12  # folders below the site root that a page can sit in


@cache
def _templates() -> tuple[str, ...]:
    bodies = []
    for name in THEME_SCRIPTS:
        bodies += _SCRIPT.findall((PARTIALS / name).read_text(encoding="utf-8"))
    return tuple(bodies)


def base_urls(site_url: str | None) -> list[str]:
    """Every base_url Material can write: ".", "..", "../.." … and the site's own path (404)."""
    urls = ["."] + ["/".join([".."] * depth) for depth in range(1, MAX_DEPTH + 1)]
    path = urlparse(site_url or "").path or "/"
    return urls + ([path] if path not in urls else [])


@cache
def theme_scripts(site_url: str | None = None) -> frozenset[str]:
    """The exact text of every inline script the theme may emit on this site."""
    scripts = set()
    for body in _templates():
        if _SCOPE in body:
            scripts |= {body.replace(_SCOPE, url) for url in base_urls(site_url)}
        else:
            scripts.add(body)
    return frozenset(scripts)


def digest(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def policy(site_url: str | None = None) -> str:
    """The policy for the <meta http-equiv="Content-Security-Policy"> of every page."""
    hashes = " ".join(sorted(digest(s) for s in theme_scripts(site_url)))
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' {hashes}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])
