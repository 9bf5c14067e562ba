"""The live preview (`hrosite serve`): one incremental rebuild per saved source, the edit shows,
the search index stays whole, the menu follows a new title, and content errors show on the page.

Times are not asserted here (a shared machine makes them meaningless in a test); the same helpers
time save-to-visible in tools/bench/preview.py.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request

import pytest

from conftest import copy_sources
from hrosite import preview
from tools.bench.preview import Preview, edit, fetch, save_to_visible, wait_for
from hrosite.findings import Finding

SHOW = 240   # seconds an edit may take to show on a busy machine before the test gives up


def fetch_not_found(url: str) -> str:
    """The body the preview answers a missing address with (status 404)."""
    try:
        urllib.request.urlopen(url, timeout=30)
    except urllib.error.HTTPError as exc:
        return exc.read().decode("utf-8") if exc.code == 404 else ""
    return ""


def pages_in_index(base: str) -> dict[str, list[str]]:
    index = json.loads(fetch(base + "search/search_index.json") or '{"docs": []}')
    pages: dict[str, list[str]] = {}
    for doc in index["docs"]:
        pages.setdefault(doc["location"].split("#")[0], []).append(doc["title"] + doc["text"])
    return pages


@pytest.mark.slow
def test_saved_sources_rebuild_once_show_and_keep_the_index_whole(tmp_path):
    root = copy_sources(tmp_path / "src")
    with Preview(root, tmp_path / "serve.log") as running:
        before = pages_in_index(running.base)
        assert len(before) >= 70     # the whole fixture office (75 pages), not a partial index
        builds = running.builds()
        assert save_to_visible(running, "faq", "（已更新）", SHOW) is not None, running.log()[-2000:]
        # A second rebuild, if any, starts right after the first: the compile step's writes to
        # build/docs would trigger it. Give it time to show in the log.
        time.sleep(5)
        assert running.builds() == builds + 1, running.log()[-2000:]
        assert save_to_visible(running, "procedure", "（也更新）", SHOW) is not None
        assert "every page rebuilt" not in running.log()     # only the affected pages were
        after = pages_in_index(running.base)
        assert set(after) == set(before)                       # every page is still searchable
        assert {k: len(v) for k, v in after.items()} == {k: len(v) for k, v in before.items()}
        assert any("（已更新）" in text.replace("\u200b", "") for text in after["faq/death/"])
        # A new procedure title is in every page's menu, also on pages whose Markdown did not change.
        title = root / "content" / "procedures" / "acknowledgement-registration.yml"
        title.write_text(title.read_text("utf-8").replace("title: 認領登記", "title: 認領登記（新）", 1), "utf-8")
        sibling = running.base + "procedures/birth-registration/"
        assert wait_for(lambda: "認領登記（新）" in fetch(sibling), SHOW) is not None, running.log()[-2000:]
        assert "every page rebuilt" in running.log()


@pytest.mark.slow
def test_content_errors_show_in_the_terminal_and_on_every_page_until_fixed(tmp_path):
    root = copy_sources(tmp_path / "src")
    faq = root / "faq" / "death.yml"
    good = faq.read_text("utf-8")
    with Preview(root, tmp_path / "serve.log") as running:
        page, other = running.base + "faq/death/", running.base + "procedures/birth-registration/"
        normal = fetch(other).rsplit("livereload(", 1)[0]    # the server's reload call carries a time
        faq.write_text(good.replace("updated: 2026-11-26", "updated: 昨天", 1), "utf-8")
        assert wait_for(lambda: "預覽暫停" in fetch(page), SHOW) is not None, running.log()[-2000:]
        shown = fetch(page)
        assert "<code>faq/death.yml:2:1</code> updated: 日期格式錯誤（invalid date）（目前是「昨天」）" in shown
        assert "內容有 1 個錯誤（content errors）" in shown
        assert "預覽暫停" in fetch(other) and "預覽暫停" in fetch_not_found(running.base + "no-such-page/")
        log = running.log()
        assert "ERROR    -  faq/death.yml:2:1: updated: 日期格式錯誤（invalid date）" in log
        assert "Traceback" not in log
        faq.write_text(good, "utf-8")
        assert wait_for(lambda: "預覽暫停" not in fetch(page), SHOW) is not None, running.log()[-2000:]
        assert fetch(other).rsplit("livereload(", 1)[0] == normal   # set aside, then back as it was
        assert "常見問答" in fetch(page)
    # Stopping `hrosite serve` stops the engine's server too (no orphan keeps the port).
    assert wait_for(lambda: fetch(page, 2) == "", 30) is not None


# --- the rules, without a server ------------------------------------------------------------

def test_merge_index_replaces_rendered_pages_and_keeps_the_rest():
    previous = [{"location": "", "title": "首頁"}, {"location": "a/", "title": "A"},
                {"location": "a/#x", "title": "A x"}, {"location": "b/", "title": "B"}]
    current = [{"location": "a/", "title": "A2"}, {"location": "c/", "title": "C"}]
    merged = preview.merge_index(previous, current, {"a/", "c/"})
    assert [d["title"] for d in merged] == ["首頁", "A2", "B", "C"]
    # a home page ("") rendered alone does not wipe the others
    assert [d["title"] for d in preview.merge_index(previous, [{"location": "", "title": "新"}], {""})] == \
        ["新", "A", "A x", "B"]


def test_error_pages_are_shown_and_put_back_with_their_times(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    page = site / "a" / "index.html"
    page.write_text("<p>old</p>", "utf-8")
    os.utime(page, ns=(1_000_000_000, 1_000_000_000))
    shelf = preview.ErrorPages()
    shelf.show(site, [Finding("faq/x.yml", 3, 5, "question", "不可以是空的 <b>", "寫出問題")])
    shown = page.read_text("utf-8")
    assert "<code>faq/x.yml:3:5</code>" in shown and "不可以是空的 &lt;b&gt;" in shown
    assert (site / "404.html").read_text("utf-8") == shown and shelf.showing
    shelf.restore()
    assert page.read_text("utf-8") == "<p>old</p>" and page.stat().st_mtime_ns == 1_000_000_000
    assert not (site / "404.html").exists() and not (site / "index.html").exists()
    assert not shelf.showing


def test_memo_is_off_outside_the_preview_and_keyed_by_bytes(tmp_path):
    from hrosite import incremental
    calls = []
    folder = tmp_path / "stats"
    folder.mkdir()
    (folder / "a.csv").write_text("1", "utf-8")
    compute = lambda: calls.append(1) or len(calls)
    key = lambda: incremental.fingerprint(folder)
    assert incremental.remember("t", key, compute) == 1 and incremental.remember("t", key, compute) == 2
    incremental.enable()
    try:
        assert incremental.remember("t", key, compute) == 3 and incremental.remember("t", key, compute) == 3
        (folder / "a.csv").write_text("2", "utf-8")   # same size, other bytes
        assert incremental.remember("t", key, compute) == 4
    finally:
        incremental.enable(False)
