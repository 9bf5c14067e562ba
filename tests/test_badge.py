"""無障礙標章 in site.yml: shown on the home page only, validated, and an expiry is a freshness finding."""

from __future__ import annotations

import datetime as dt
import re
import struct
import zlib
from pathlib import Path

import yaml

from conftest import mkdocs_build

from hrosite.checks.freshness import freshness_findings
from hrosite.content import load_site
from hrosite.model.site import load_office


def png(width: int, height: int) -> bytes:
    """A plain white PNG of the given size, made here (no badge is copied from anywhere)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def set_badge(root: Path, **badge) -> None:
    site = root / "site.yml"
    text = site.read_text(encoding="utf-8")
    start = text.index("\nbadge:")
    site.write_text(text[:start] + "\nbadge: " + yaml.safe_dump(badge, allow_unicode=True,
                                                                default_flow_style=True), encoding="utf-8")


BADGE = {"level": "AA", "expires": dt.date(2029, 11, 30), "href": "https://accessibility.moda.gov.tw/",
         "image": "content/assets/badge.png"}


def test_example_has_no_badge_and_shows_none(built_site: Path):
    assert "hro-footer__badge" not in (built_site / "index.html").read_text(encoding="utf-8")


def test_badge_appears_on_the_home_page_only(example: Path, tmp_path: Path):
    (example / "content" / "assets").mkdir(exist_ok=True)
    (example / "content" / "assets" / "badge.png").write_bytes(png(88, 31))
    set_badge(example, **BADGE)
    site = tmp_path / "site"
    result = mkdocs_build(example, site)
    assert result.returncode == 0, result.stderr[-3000:]
    home = (site / "index.html").read_text(encoding="utf-8")
    [img] = re.findall(r'<p class="hro-footer__badge"><a href="https://accessibility.moda.gov.tw/">'
                       r'(<img [^>]+>)</a></p>', home)
    assert 'width="88" height="31"' in img and 'alt="無障礙標章：通過 AA 等級檢測' in img
    src = re.search(r'src="([^"]+)"', img).group(1)
    assert (site / src).read_bytes() == png(88, 31)
    assert "hro-footer__badge" not in (site / "about" / "index.html").read_text(encoding="utf-8")


def test_incomplete_badge_is_an_error_on_its_line(example: Path):
    set_badge(example, level="AA", expires=None, href=None, image=None)
    office, findings = load_office(example)
    assert office is None
    line = next(n for n, text in enumerate((example / "site.yml").read_text(encoding="utf-8")
                                           .splitlines(), 1) if text.startswith("badge:"))
    got = [(f.file, f.line, f.field) for f in findings]
    assert got == [("site.yml", line, "badge.expires"), ("site.yml", line, "badge.href"),
                   ("site.yml", line, "badge.image")]
    assert all("badge incomplete" in f.message and "null" in f.hint for f in findings)


def test_missing_badge_image_is_an_error(example: Path):
    set_badge(example, **BADGE)
    _, findings = load_office(example)
    assert [(f.field, f.message) for f in findings] == [
        ("badge.image", "找不到標章圖檔「content/assets/badge.png」（file not found）")]


def test_expired_badge_is_a_freshness_warning(example: Path):
    (example / "content" / "assets").mkdir(exist_ok=True)
    (example / "content" / "assets" / "badge.png").write_bytes(png(88, 31))
    set_badge(example, **BADGE)
    content, findings = load_site(example)
    assert [f for f in findings if f.severity == "error"] == []
    assert [f for f in freshness_findings(content, dt.date(2029, 11, 30)) if f.field == "badge.expires"] == []
    [expired] = [f for f in freshness_findings(content, dt.date(2029, 12, 2)) if f.field == "badge.expires"]
    assert (expired.file, expired.gate, expired.severity) == ("site.yml", "freshness", "warning")
    assert expired.message == "無障礙標章已於 2029-11-30 到期（badge expired），2 天前"
    assert "null" in expired.hint
