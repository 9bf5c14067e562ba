"""Gate "links": a clean site passes; each planted fault fails it (README.md "Conventions").

Plain HTML fixtures, not an MkDocs build: MkDocs writes <link rel=canonical> with site_url,
which would point away from the test server.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hrosite.checks import links
from hrosite.checks.links import check_links
from hrosite.checks.serve import serve
from hrosite.findings import errors

PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="zh-TW">\n<head><meta charset="utf-8">'
        f'<title>{title} - 範例區戶政事務所</title><link rel="stylesheet" href="/assets/site.css">'
        f"</head>\n<body><main>\n{body}\n</main></body>\n</html>\n"
    )


def write_site(root: Path, extra: dict[str, str] | None = None) -> Path:
    """A small site whose every link resolves; `extra` adds or replaces pages."""
    files = {
        "index.html": page("首頁", "\n".join([
            "<h1>範例區戶政事務所</h1>",
            '<p><a href="procedures/birth-registration/">出生登記</a></p>',
            '<p><a href="procedures/birth-registration/#申請方式">出生登記的申請方式</a></p>',
            '<p><a href="procedures/birth-registration">沒有結尾斜線（redirect, ignored）</a></p>',
            '<p><a href="tel:+886-2-1234-5678">電話</a> <a href="mailto:office@example.gov.tw">信箱</a></p>',
            '<p><a href="https://example.invalid/">外部連結（not checked by default）</a></p>',
            '<p><img src="assets/logo.png" alt="範例區戶政事務所"></p>',
        ])),
        "procedures/birth-registration/index.html": page("出生登記", "\n".join([
            "<h1>出生登記</h1>",
            '<h2 id="申請方式">申請方式</h2>',
            '<p><a href="#申請方式">本段</a> <a href="../../">首頁</a> <a href="../../data/births.csv">下載</a></p>',
        ])),
        "404.html": page("找不到網頁", '<h1>找不到網頁</h1><p><a href="/no/such/root/link/">x</a></p>'),
        "assets/site.css": "main { background: url(logo.png) no-repeat; }\n",
        "data/births.csv": "month,births\n2026-01,12\n",
    }
    files.update(extra or {})
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "assets" / "logo.png").write_bytes(PNG_1X1)
    return root


def test_clean_site_passes(tmp_path):
    assert check_links(write_site(tmp_path)) == []


def test_broken_link_fails(tmp_path):
    site = write_site(tmp_path, {"procedures/birth-registration/index.html": page("出生登記", "\n".join([
        '<h1 id="申請方式">出生登記</h1>',
        '<p><a href="../no-such-procedure/">不存在的程序</a></p>',
    ]))})
    (found,) = errors(check_links(site))
    assert found.gate == "links"
    assert (found.file, found.line) == ("procedures/birth-registration/index.html", 6)
    assert "連結失效（broken link）" in found.message and "../no-such-procedure/" in found.message
    assert "404" in found.message


def test_broken_anchor_fails(tmp_path):
    site = write_site(tmp_path, {"index.html": page("首頁", "\n".join([
        '<h1 id="首頁">首頁</h1>',
        '<p><a href="procedures/birth-registration/#不存在">別頁的錨點</a></p>',
        '<p><a href="#nope">本頁的錨點</a></p>',  # a CSV row starting with "#"
    ]))})
    found = errors(check_links(site))
    assert [(f.file, f.line) for f in found] == [("index.html", 6), ("index.html", 7)]
    assert all("錨點不存在（missing anchor）" in f.message for f in found)
    assert "#不存在" in found[0].message
    assert "申請方式" in found[0].hint  # the anchors that do exist on the target page
    assert "首頁" in found[1].hint


def test_missing_asset_in_css_fails(tmp_path):
    site = write_site(tmp_path, {"assets/site.css": "h1 { background: url(gone.png); }\n"})
    (found,) = errors(check_links(site))
    assert (found.file, found.line) == ("assets/site.css", 1)


def test_page_no_link_reaches_is_checked_too(tmp_path):
    site = write_site(tmp_path, {"orphan/index.html": page("孤兒頁", '<h1>x</h1><a href="gone.html">x</a>')})
    (found,) = errors(check_links(site))
    assert found.file == "orphan/index.html"


def test_external_failure_is_error_unless_host_allowed(tmp_path):
    site = write_site(tmp_path, {"index.html": page("首頁", "\n".join([
        "<h1>首頁</h1>",
        '<p><a href="https://example.invalid/forms">內政部（.invalid never resolves, RFC 6761）</a></p>',
    ]))})
    (found,) = check_links(site, external=True)
    assert (found.file, found.line, found.severity) == ("index.html", 6, "error")
    assert "https://example.invalid/forms" in found.message
    (allowed,) = check_links(site, external=True, allow_hosts=["example.invalid"])
    assert allowed.severity == "warning"


def test_linkchecker_internal_error_is_an_error_finding(tmp_path, monkeypatch):
    monkeypatch.setattr(links, "linkcheckerrc", lambda external, ignore=(): "[checking]\nthreads=many\n")
    (found,) = check_links(write_site(tmp_path))
    assert found.severity == "error"
    assert "internal error, exit 2" in found.message and "'many'" in found.message


@pytest.mark.parametrize("url, expected", [
    ("", "index.html"),
    ("procedures/birth-registration/", "procedures/birth-registration/index.html"),
    ("procedures/birth-registration/#%E7%94%B3", "procedures/birth-registration/index.html"),
    ("procedures", "procedures/index.html"),
    ("assets/site.css?v=1", "assets/site.css"),
])
def test_page_path_maps_urls_back_to_files(tmp_path, url, expected):
    from hrosite.checks.serve import page_path

    write_site(tmp_path)
    assert page_path("http://127.0.0.1:1/", "http://127.0.0.1:1/" + url, tmp_path) == expected


def test_own_published_address_is_not_fetched(tmp_path):
    """The nightly checks external links before the new site is live: canonical links to the
    published address must not fail a page that is not deployed yet."""
    site = write_site(tmp_path / "site", {"new/index.html": page("新頁", "\n".join([
        '<link rel="canonical" href="https://published.example.invalid/new/">',
        '<h1>新頁</h1>', '<p><a href="../">首頁</a></p>']))})
    ignored = check_links(site, external=True, ignore_prefixes=["https://published.example.invalid/"])
    assert not any("published.example.invalid" in f.message for f in ignored)
    found = errors(check_links(site, external=True))
    assert any("published.example.invalid" in f.message for f in found)


def test_anchors_are_read_from_the_built_pages(tmp_path):
    """Encoded, root-absolute and `#top` anchors resolve; a bad one on an <area> is still found."""
    site = write_site(tmp_path, {"index.html": page("首頁", "\n".join([
        '<h1 id="首頁">首頁</h1>',
        '<p><a href="procedures/birth-registration/#%E7%94%B3%E8%AB%8B%E6%96%B9%E5%BC%8F">編碼的錨點</a></p>',
        '<p><a href="/procedures/birth-registration/index.html#申請方式">根目錄起算</a></p>',
        '<p><a href="#top">回到頁首</a> <a href="https://example.invalid/#x">外站</a></p>',
        '<map name="m"><area href="procedures/birth-registration/#沒有" alt="x"></map>',
    ]))})
    (found,) = links.check_anchors(site)
    assert (found.file, found.line) == ("index.html", 9)
    assert "#沒有" in found.message and "申請方式" in found.hint


_GATE_IN_PRIVATE_FOLDER = """
import json, sys
from pathlib import Path
from hrosite.checks.links import check_links
print(json.dumps([f.format_text() for f in check_links(Path(sys.argv[1]))]))
"""
_STOCK_LINKCHECKER = "import sys; from linkcheck.command.linkchecker import linkchecker; sys.exit(linkchecker())"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="LinkChecker changes user only when it runs as root")
def test_links_gate_runs_as_root_from_a_private_folder(tmp_path):
    """A checkout in a 0700 folder: the venv is reached only through that folder, as in a
    clone under root's home; the stock LinkChecker (which switches to nobody) fails there."""
    private = tmp_path / "checkout"
    private.mkdir()
    private.chmod(0o700)
    (private / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    python = private / ".venv" / "bin" / "python"
    site = write_site(private / "build" / "site")
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="en")

    with serve(site) as base:
        stock = subprocess.run([str(python), "-c", _STOCK_LINKCHECKER, "--no-status", base],
                               cwd=private, env=env, capture_output=True, text=True, timeout=300)
    assert "dropping privileges" in stock.stderr
    # as nobody it can no longer read the venv: the failure this folder reproduces
    said = stock.stdout + stock.stderr
    assert "internal error occurred" in said or "Permission denied" in said

    gate = subprocess.run([str(python), "-c", _GATE_IN_PRIVATE_FOLDER, str(site)],
                          cwd=private, env=env, capture_output=True, text=True, timeout=600)
    assert gate.returncode == 0, gate.stderr[-2000:]
    assert "Traceback" not in gate.stderr
    assert json.loads(gate.stdout.strip().splitlines()[-1]) == []


def test_the_local_server_is_its_own_process_and_stops_with_the_gate(tmp_path):
    """The gates' own Python work must not hold up the files a browser waits for."""
    import urllib.error
    import urllib.request

    site = tmp_path / "site"
    (site / "empty").mkdir(parents=True)
    (site / "index.html").write_text("<h1>首頁</h1>", encoding="utf-8")
    with serve(site) as base:
        with urllib.request.urlopen(base) as response:
            assert response.read().decode("utf-8") == "<h1>首頁</h1>"
            assert response.headers["LinkChecker"] == "allow"
        with pytest.raises(urllib.error.HTTPError) as listing:   # no generated folder listings
            urllib.request.urlopen(base + "empty/")
        assert listing.value.code == 404
        servers = _processes_serving(site)
        assert len(servers) == 1 and servers[0] != os.getpid()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(base, timeout=5)
    assert _processes_serving(site) == []


def _processes_serving(site: Path) -> list[int]:
    wanted = ["-m", "hrosite.checks.serve", str(site.resolve())]
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().decode("utf-8", "replace").split("\0")
        except OSError:  # the process ended while we looked
            continue
        if args[1:4] == wanted:
            found.append(int(cmdline.parent.name))
    return found
