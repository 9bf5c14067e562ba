"""Hostile content: no source can run code in the build or put script into a page.

One fixture per class, each asserting the exact message at file:line:col, exit code 1, no
traceback, and nothing unsafe in build/site when the build is attempted (or forced past
validation). The scripts gate is fed planted payloads and the clean example.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, REPO, errors_of, validate
from hrosite.checks import scripts

UNSAFE = re.compile(r"uid=\d|alert\(1\)|onmouseover=|onerror=|javascript:alert", re.I)
CALL_HINT = "（建議：寫成 {{ office.phone }} 這樣的欄位名稱；要顯示大括號本身，請改用全形「｛｛」）"
SCRIPT_HINT = "（建議：網頁內容不能執行程式（script），請刪除；要連到其他網頁請用 [文字](https://…)）"
URL_HINT = ("（建議：連結只能寫 https://、http://、mailto:、tel: 或本站的相對路徑，"
            "例如 [聯絡我們](contact.md)）")


def run(root: Path, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hrosite", *command], cwd=root,
                          capture_output=True, text=True, env=ENV)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def spot(root: Path, rel: str, needle: str) -> str:
    """`rel:line:col` of the first line holding needle (columns count characters from 1)."""
    for number, line in enumerate((root / rel).read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return f"{rel}:{number}:{line.index(needle) + 1}"
    raise AssertionError(needle)


def nothing_unsafe(site: Path) -> None:
    for page in site.rglob("*.html") if site.exists() else []:
        match = UNSAFE.search(page.read_text(encoding="utf-8"))
        assert match is None, (page, match.group(0))


# ── 1. No code runs from a page body ──────────────────────────────────────────────────────

ESCAPE = '{{ cycler.__init__.__globals__.os.popen("id").read() }}'


def test_sandbox_escape_is_an_error_and_runs_nothing(example):
    replace(example / "content/about.md", "負責鹽埕區", f"{ESCAPE}負責鹽埕區")
    where = spot(example, "content/about.md", "{{ cycler")
    assert errors_of(example) == [
        f"{where}: 「{ESCAPE}」不是可以引用的欄位（template expression）："
        "大括號裡只能寫欄位名稱，不能運算、呼叫或寫 {% %} 指令" + CALL_HINT]
    build = run(example, "build")
    assert build.returncode == 1 and "Traceback" not in build.stdout + build.stderr
    assert "uid=" not in build.stdout + build.stderr
    nothing_unsafe(example / "build" / "site")
    assert not list((example / "build").rglob("about.md")) or \
        "uid=" not in (example / "build/docs/about.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("written", [
    "{{ office.phone + 1 }}",          # TypeError in Jinja
    "{{ 1/0 }}",                       # ZeroDivisionError
    "{% if office.phone %}有{% endif %}",
    "{{ office.phone",                 # unclosed: a syntax error in Jinja
    "{{ office.phone|upper }}",
    "{{ office.phone() }}",
    "{{ office['phone'] }}",
])
def test_anything_but_a_plain_name_is_an_error_at_its_column(example, written):
    replace(example / "content/about.md", "負責鹽埕區", f"{written}負責鹽埕區")
    where = spot(example, "content/about.md", written)
    (line,) = errors_of(example)[:1]
    assert line.startswith(f"{where}: 「{written[:2]}"), line
    assert "（template expression）" in line and line.endswith(CALL_HINT)


def test_unknown_name_in_chinese_is_reported_at_its_line(example):
    replace(example / "content/about.md", "負責鹽埕區", "{{ 姓名 }}負責鹽埕區")
    where = spot(example, "content/about.md", "{{ 姓名 }}")
    assert errors_of(example) == [
        f"{where}: 「{{{{ 姓名 }}}}」不是可以引用的欄位（template expression）："
        "大括號裡只能寫欄位名稱，不能運算、呼叫或寫 {% %} 指令" + CALL_HINT]


@pytest.mark.parametrize("name", ["office.agency", "office.__class__", "cycler"])
def test_unknown_name_points_at_the_name(example, name):
    replace(example / "content/about.md", "{{ office.parent_agency }}", f"{{{{ {name} }}}}")
    where = spot(example, "content/about.md", name)
    (line,) = errors_of(example)
    assert line.startswith(f"{where}: 引用了不存在的欄位「{name}」（undefined）（建議：")


# ── {{ office.x }} in YAML text fields ────────────────────────────────────────────────────

def test_office_fields_are_cited_in_yaml_text_fields(example, tmp_path):
    from hrosite.build import compile_to

    replace(example / "faq/death.yml", "下列的人可以申請死亡登記：", "下列的人可以申請死亡登記（{{ office.short_name }}）：")
    replace(example / "content/news/website-trial.md", "本所網站開始試營運，提供", "{{ office.name }}網站開始試營運，提供")
    result = compile_to(example, tmp_path / "docs")
    assert result.ok, [f.format_text() for f in result.findings]
    assert "下列的人可以申請死亡登記（鹽埕區戶政事務所）：" in (tmp_path / "docs/faq/death.md").read_text("utf-8")
    assert "高雄市鹽埕區戶政事務所網站開始試營運" in (tmp_path / "docs/news/website-trial.md").read_text("utf-8")
    assert "{{" not in "".join(p.read_text("utf-8") for p in (tmp_path / "docs").rglob("*.md"))


def test_unknown_office_field_in_a_faq_answer(example):
    replace(example / "faq/death.yml", "下列的人可以申請死亡登記：", "下列的人可以申請死亡登記（{{ office.fone }}）：")
    where = spot(example, "faq/death.yml", "office.fone")
    assert errors_of(example) == [
        f"{where}: entries 第 1 項的 answer: 引用了不存在的欄位「office.fone」（undefined）"
        "（建議：是不是要寫 office.phone？）"]


def test_expression_in_a_procedure_step(example):
    rel = "content/procedures/birth-registration.yml"
    replace(example / rel, "text: 請依下方清單備齊文件。", "text: 請依下方清單備齊文件{{ 1/0 }}。")
    where = spot(example, rel, "{{ 1/0 }}")
    assert errors_of(example) == [
        f"{where}: steps 第 2 項的 text: 「{{{{ 1/0 }}}}」不是可以引用的欄位（template expression）："
        "大括號裡只能寫欄位名稱，不能運算、呼叫或寫 {% %} 指令" + CALL_HINT]


def test_no_citation_in_site_yml(example):
    replace(example / "site.yml", "short_name: 鹽埕區戶政事務所", "short_name: 鹽埕區{{ office.name }}")
    where = spot(example, "site.yml", "office.name")
    assert errors_of(example) == [
        f"{where}: short_name: 這個檔案不能用大括號引用欄位（template expression）：「office.name」"
        "（建議：直接寫出文字；要顯示大括號本身，請改用全形「｛｛」）"]


# ── 2. HTML staff may write ───────────────────────────────────────────────────────────────

def test_script_in_a_faq_answer(example):
    replace(example / "faq/death.yml", "下列的人可以申請死亡登記：", "下列的人<script>alert(1)</script>可以申請死亡登記：")
    where = spot(example, "faq/death.yml", "<script>")
    assert errors_of(example) == [
        f"{where}: entries 第 1 項的 answer: 不可使用 HTML 標籤 <script>（disallowed HTML tag），"
        "網站會把它移除" + SCRIPT_HINT]


def test_img_onerror_in_news(example):
    replace(example / "content/news/website-trial.md", "本所網站開始試營運，提供",
            '本所網站<img src="x.png" alt="" onerror="alert(1)">開始試營運，提供')
    where = spot(example, "content/news/website-trial.md", "onerror")
    assert errors_of(example) == [
        f"{where}: 不可使用 HTML 屬性 onerror（disallowed HTML attribute），網站會把它移除" + SCRIPT_HINT]


def test_onmouseover_in_the_office_name(example):
    replace(example / "site.yml", "name: 高雄市鹽埕區戶政事務所",
            'name: 高雄市鹽埕區戶政事務所<span onmouseover="alert(1)">!</span>')
    where = spot(example, "site.yml", "onmouseover")
    assert errors_of(example) == [
        f"{where}: name: 不可使用 HTML 屬性 onmouseover（disallowed HTML attribute），網站會把它移除"
        + SCRIPT_HINT]


def test_javascript_link_in_a_procedure_step(example):
    rel = "content/procedures/birth-registration.yml"
    replace(example / rel, "text: 請依下方清單備齊文件。", "text: 請依下方清單備齊[文件](javascript:alert(1))。")
    where = spot(example, rel, "javascript:")
    assert errors_of(example) == [
        f"{where}: steps 第 2 項的 text: 不可使用「javascript:」開頭的連結（disallowed URL scheme），"
        "網站會把它移除" + URL_HINT]


def test_data_link_in_a_faq_answer(example):
    replace(example / "faq/death.yml", "- 配偶或親屬", "- 配偶或[親屬](data:text/html;base64,PHNjcmlwdD4=)")
    where = spot(example, "faq/death.yml", "data:")
    assert errors_of(example) == [
        f"{where}: entries 第 1 項的 answer: 不可使用「data:」開頭的連結（disallowed URL scheme），"
        "網站會把它移除" + URL_HINT]


def test_attr_list_cannot_add_an_event_handler(example):
    replace(example / "content/about.md", "負責鹽埕區的戶籍登記與相關證明業務。",
            '負責鹽埕區的戶籍登記與相關證明業務。\n{: onmouseover="alert(1)" }')
    where = spot(example, "content/about.md", "onmouseover")
    assert errors_of(example) == [
        f"{where}: 不可使用 HTML 屬性 onmouseover（disallowed HTML attribute），網站會把它移除" + SCRIPT_HINT]


def test_style_attribute_is_refused_with_its_own_hint(example):
    replace(example / "content/about.md", "負責鹽埕區", '<span style="color:red">負責</span>鹽埕區')
    where = spot(example, "content/about.md", "style")
    assert errors_of(example) == [
        f"{where}: 不可使用 HTML 屬性 style（disallowed HTML attribute），網站會把它移除"
        "（建議：版面與顏色由網站統一設定，請刪除；要強調文字請用 **粗體**）"]


def test_allowed_html_passes(example):
    replace(example / "content/about.md", "負責鹽埕區",
            '<abbr title="戶政事務所">戶所</abbr>按 <kbd>Ctrl</kbd>，[電話](tel:+886-7-000)負責鹽埕區')
    result = validate(example)
    assert result.returncode == 0, result.stderr


def test_empty_procedure_title(example):
    rel = "content/procedures/birth-registration.yml"
    replace(example / rel, "title: 出生登記", "title: ''")
    where = spot(example, rel, "title: ''")
    assert errors_of(example) == [
        f"{where}: title: 不可為空白（empty）（建議：請寫上文字內容，不可只有空白或 ''）"]


# ── Forced past validation: the compile step and the build still keep script out ──────────

FORCE = ("import sys, hrosite.content as c; c.staff_html = lambda root, names=None: []; "
         "from mkdocs.__main__ import cli; sys.argv = ['mkdocs', 'build', '--clean', '-q']; cli()")


def forced_build(root: Path) -> subprocess.CompletedProcess:
    """mkdocs build with the allow-list check switched off, as if validation had missed it."""
    return subprocess.run([sys.executable, "-c", FORCE], cwd=root, capture_output=True, text=True,
                          env=ENV)


@pytest.mark.slow
def test_forced_build_with_script_in_a_faq_answer_writes_no_such_page(example):
    replace(example / "faq/death.yml", "下列的人可以申請死亡登記：", "下列的人<script>alert(1)</script>可以申請死亡登記：")
    result = forced_build(example)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    assert ("faq/death/index.html:" in output
            and "網頁含有不認得的內嵌程式（unknown inline script）：「alert(1)」" in output), output
    nothing_unsafe(example / "build" / "site")


@pytest.mark.slow
def test_forced_build_with_an_unknown_citation_fails_instead_of_showing_braces(example):
    replace(example / "faq/death.yml", "下列的人可以申請死亡登記：", "下列的人可以申請死亡登記（{{ office.fone }}）：")
    result = forced_build(example)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    assert "faq/death/index.html: 頁面留有未替換的大括號（template expression）「{{」" in output, output
    assert not (example / "build/site/faq/death/index.html").exists()


@pytest.mark.slow
def test_forced_build_escapes_office_facts_everywhere(example):
    replace(example / "site.yml", "name: 高雄市鹽埕區戶政事務所",
            'name: 高雄市鹽埕區戶政事務所<span onmouseover="alert(1)">!</span>')
    replace(example / "content/procedures/birth-registration.yml", "text: 請依下方清單備齊文件。",
            "text: 請依下方清單備齊[文件](javascript:alert(1))。")
    result = forced_build(example)
    assert result.returncode == 0, result.stderr[-3000:]
    site = example / "build" / "site"
    assert scripts.scan_site(site, "http://127.0.0.1:8000/") == []
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<span onmouseover" not in html and 'href="javascript:' not in html, page
    assert "&lt;span onmouseover=" in (site / "about/index.html").read_text(encoding="utf-8")


# ── 3./4. Content-Security-Policy and the scripts gate ────────────────────────────────────

@pytest.mark.slow
def test_every_page_carries_the_csp_and_the_gate_finds_nothing(built_site):
    policy = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
    for page in built_site.rglob("*.html"):
        match = policy.search(page.read_text(encoding="utf-8"))
        assert match, page
        value = match.group(1).replace("&#39;", "'")
        assert "default-src 'self'" in value and "object-src 'none'" in value
        assert "base-uri 'self'" in value and "form-action 'self'" in value
        script_src = next(d for d in value.split("; ") if d.startswith("script-src"))
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert scripts.scan_site(built_site, "http://127.0.0.1:8000/") == []


PLANTED = [
    ('<img src="x.png" alt="" onerror="alert(1)">', 1,
     "網頁含有事件處理屬性（inline event handler）：<img onerror>"),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', 1,
     '網頁含有不安全的網址（unsafe URL scheme）：<a href="javascript:…">'),
    ('<a href="data:text/html,x">x</a>', 1, '網頁含有不安全的網址（unsafe URL scheme）：<a href="data:…">'),
    ('<form action="vbscript:x"></form>', 1,
     '網頁含有不安全的網址（unsafe URL scheme）：<form action="vbscript:…">'),
    ("<script>alert(1)</script>", 1, "網頁含有不認得的內嵌程式（unknown inline script）：「alert(1)」"),
    ('<script src="https://cdn.example.com/x.js"></script>', 1,
     "網頁載入本站 assets/ 以外的程式（foreign script）：https://cdn.example.com/x.js"),
    ('<script src="../../evil.js"></script>', 1, "網頁載入本站 assets/ 以外的程式（foreign script）：../../evil.js"),
    ('<iframe src="https://example.com/"></iframe>', 1,
     "網頁含有不允許的元素（embedded or base element）：<iframe>"),
    ('<object data="x.swf"></object>', 1, "網頁含有不允許的元素（embedded or base element）：<object>"),
    ('<embed src="x.swf">', 1, "網頁含有不允許的元素（embedded or base element）：<embed>"),
    ('<base href="https://example.com/">', 1, "網頁含有不允許的元素（embedded or base element）：<base>"),
    ('<template><img src="x.png" alt=""></template>', 1,
     "網頁含有不允許的元素（embedded or base element）：<template>"),
    ('<img src="x.png" alt=""onerror="alert(1)">', 1,
     "網頁含有事件處理屬性（inline event handler）：<img onerror>"),
]


@pytest.mark.slow
@pytest.mark.parametrize("payload,count,message", PLANTED)
def test_scripts_gate_catches_a_planted_payload(built_site, tmp_path, payload, count, message):
    original = (built_site / "about/index.html").read_text(encoding="utf-8")
    marker = '<h2 id="'
    head, tail = original.split(marker, 1)
    line = head.count("\n") + 1
    col = len(head) - head.rfind("\n")
    page = tmp_path / "site" / "about" / "index.html"
    page.parent.mkdir(parents=True)
    (tmp_path / "site" / "assets").symlink_to(built_site / "assets")  # the scripts it loads
    page.write_text(head + payload + marker + tail, encoding="utf-8")
    found = scripts.scan_site(tmp_path / "site", "http://127.0.0.1:8000/")
    assert [(f.file, f.line, f.col, f.message, f.gate) for f in found] == \
        [("about/index.html", line, col, message, "scripts")] * count


def test_scripts_gate_reads_a_page_as_a_browser_does():
    """A comment closed by `--!>` ends there in a browser, so the image after it runs its handler
    (html.parser of Python 3.11 reads the whole line as a comment); a CSP meta tag in the body
    is not obeyed."""
    head = '<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="x"></head>'
    found = scripts.inspect(head + '<body><!-- a --!><img src=x onerror=alert(1)> --></body></html>',
                            "about/index.html")
    assert [(f.line, f.message) for f in found] == \
        [(None, "網頁含有事件處理屬性（inline event handler）：<img onerror>")]
    moved = '<!doctype html><html><head></head><body><meta http-equiv="Content-Security-Policy" content="x">'
    assert [f.message for f in scripts.inspect(moved + "</body></html>", "about/index.html")] == \
        ["網頁沒有內容安全政策（missing CSP meta tag）"]
    assert scripts.inspect(head + "<body><p>x</p></body></html>", "about/index.html") == []


def test_a_script_src_is_resolved_as_a_browser_resolves_it():
    """`..` and percent-encoded dots are applied before the assets/ rule, wherever they are."""
    head = '<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="x"></head>'

    def foreign(src: str) -> bool:
        found = scripts.inspect(f'{head}<body><script src="{src}"></script></body></html>',
                                "about/index.html", "http://127.0.0.1:8000/")
        return [f.message for f in found] == [f"網頁載入本站 assets/ 以外的程式（foreign script）：{src}"]

    assert foreign("/assets/x/../../evil.js") and foreign("../assets/%2e%2e/evil.js")
    assert foreign("/other/assets/x.js")
    assert not foreign("/assets/javascripts/bundle.js") and not foreign("../assets/javascripts/a.js?v=1")


@pytest.mark.slow
def test_scripts_gate_reports_a_page_without_the_csp(built_site, tmp_path):
    html = (built_site / "about/index.html").read_text(encoding="utf-8")
    page = tmp_path / "about" / "index.html"
    page.parent.mkdir(parents=True)
    (tmp_path / "assets").symlink_to(built_site / "assets")
    page.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html), encoding="utf-8")
    found = scripts.scan_site(tmp_path, "http://127.0.0.1:8000/")
    assert [(f.file, f.line, f.message) for f in found] == [
        ("about/index.html", 1, "網頁沒有內容安全政策（missing CSP meta tag）")]


@pytest.mark.browser
@pytest.mark.slow
def test_search_and_the_palette_work_under_the_policy(built_site):
    """Real Chromium: search finds results, the palette switches and is kept on the next page,
    and neither breaks the policy. (Every page kind's load is checked for refusals by the
    browser pass's csp gate: test_gates_example.py.)"""
    from playwright.sync_api import sync_playwright

    from hrosite.checks.browser import CHROMIUM, CHROME_ARGS
    from hrosite.checks.serve import serve

    listen = ("window.__csp = []; document.addEventListener('securitypolicyviolation', "
              "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI))")
    with serve(built_site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        context = browser.new_context()
        context.add_init_script(listen)
        tab = context.new_page()
        console: list[str] = []
        tab.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
        root = base.rstrip("/")
        tab.goto(f"{root}/", wait_until="networkidle")
        tab.fill("input[data-md-component=search-query]", "出生")
        tab.wait_for_selector(".md-search-result__item", timeout=20000)
        assert tab.locator(".md-search-result__item").count() > 0
        assert tab.evaluate("window.__csp") == []   # the search worker and its index load
        tab.keyboard.press("Escape")
        before = tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
        tab.locator("form[data-md-component=palette] label:visible").first.click()
        after = tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
        tab.locator(".hro-footer__links a").filter(has_text="網站導覽").click()
        tab.wait_for_url("**/sitemap/")
        tab.wait_for_load_state("networkidle")
        kept = tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert before != after == kept
        assert tab.evaluate("window.__csp") == [] and console == []
        browser.close()
