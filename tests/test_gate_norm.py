"""Gate "norm" (網站無障礙規範 115.11 C codes): one planted fault per code, and a clean example.

Each fault is a small page of its own; the test asserts the code, the place (file, line, column)
and that nothing else on the page is reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hrosite.checks.norm import CODES, PROGRAMMER, check_css, check_html, check_norm
from hrosite.findings import errors


def page(body: str, *, lang: str = "zh-TW", title: str = "測試頁 - 範例區戶政事務所", head: str = "") -> str:
    return (f'<!doctype html>\n<html lang="{lang}">\n<head><meta charset="utf-8"><title>{title}</title>{head}</head>\n'
            f"<body>\n<main>\n<h1>測試頁</h1>\n{body}\n</main>\n</body>\n</html>\n")


CLEAN = page("""<p>本所網站。<img src="logo.png" alt="所徽"> <img src="line.png" alt=""></p>
<nav aria-label="頁尾"><a href="/sitemap/">網站導覽</a></nav>
<h2>表格</h2>
<table><caption>服務時間</caption><tr><th scope="col">日期</th><th scope="col">時間</th></tr>
<tr><td>週一</td><td>08:00</td></tr></table>
<form><fieldset><legend>配色</legend>
<input type="radio" name="scheme" id="a" title="淺色"><label for="a">淺色</label>
<input type="radio" name="scheme" id="b"><label for="b">深色</label></fieldset>
<label for="q">搜尋</label><input type="search" id="q"><button type="submit">搜尋</button></form>
<p>授權條款（<span lang="en">Open Government Data License, version 1.0</span>）</p>
<p><a href="form.odt">申請書</a>、<a href="form.pdf">申請書 PDF</a>、<a href="form.docx">申請書 Word</a></p>
<p><a href="#C" title="中央內容區塊">:::</a></p>""")

# code → (page body or whole page, line of the finding, column)
FAULTS = {
    "HM1110100C": (page('<p><img src="form.png"></p>'), 7, 4),
    "HM1110101C": (page('<map name="m"><area href="/a/" shape="rect" coords="0,0,1,1"></map>'
                        '<img src="m.png" alt="地圖" usemap="#m">'), 7, 15),
    "HM1110103C": (page('<p><a href="/next/">→</a></p>'), 7, 4),
    "HM1110104C": (page('<form><input type="image" src="go.png"></form>'), 7, 7),
    "HM1110105C": (page('<object data="chart.svg" type="image/svg+xml"></object>'), 7, 1),
    "HM1110106C": (page('<p><img src="line.png" alt="" title="分隔線"></p>'), 7, 4),
    "HM1130100C": (page("<h2>申請方式</h2>\n<h4>應備文件</h4>"), 8, 1),
    "HM1130101C": (page("<table><caption>規費</caption>\n<tr><th>項目</th><th scope=\"col\">金額</th></tr>"
                        "<tr><td>謄本</td><td>15</td></tr></table>"), 8, 5),
    "HM1130102C": (page("<table><caption>人口</caption>\n<tr><th colspan=\"2\" id=\"h\">113年</th></tr>"
                        "<tr><th id=\"m\">男</th><th id=\"f\">女</th></tr>\n<tr><td>1</td><td>2</td></tr></table>"), 9, 5),
    "HM1130103C": (page("<form><label for=\"v\">里</label>\n<select id=\"v\">"
                        + "".join(f"<option>第{i}里</option>" for i in range(25)) + "</select></form>"), 8, 1),
    "HM1130104C": (page('<form>\n<input type="text" name="q" aria-label="搜尋"></form>'), 8, 1),
    "HM1130105C": (page('<form>\n<input type="radio" name="s" id="a" title="淺色">'
                        '<input type="radio" name="s" id="b" title="深色"></form>'), 8, 1),
    "HM1130200C": (page('<p>阿拉伯文問候：\nمرحبا</p>'), 7, 1),
    "HM1240102C": (page('<nav class="md-nav" aria-label="目錄">\n</nav>'), 7, 1),
    "HM1240200C": (page("<p>內容</p>", title=" "), 3, 29),
    "HM1240400C": (page('<p><a href="/forms/"><img src="f.png" alt="書表"></a> <a href="/forms/">書表下載</a></p>'), 7, 4),
    "HM1240401C": (page('<p><a href="/forms/"><img src="f.png" alt=""></a></p>'), 7, 4),
    "HM1310100C": (page("<p>內容</p>", lang=""), 2, 1),
    "ME1320200C": (page('<p><a href="files/form.docx">申請書</a></p>'), 7, 4),
    "HM1410200C": (page('<p><button type="button"><svg viewBox="0 0 1 1"></svg></button></p>'), 7, 4),
    "HM1410201C": (page('<iframe src="/map/"></iframe>'), 7, 1),
    "CS2140401C": (page("<p>內容</p>", head="<style>\np { margin: 0 }\n.small { font-size: 12px }\n</style>"), 5, 10),
    "HM2310200C": (page("<p>英文名稱 Household Registration Office of Yancheng District</p>"), 7, 1),
}


def test_every_code_has_a_planted_fault():
    assert set(FAULTS) == set(CODES)


def test_clean_page_has_no_findings():
    assert check_html("index.html", CLEAN) == []


@pytest.mark.parametrize("code", sorted(FAULTS))
def test_planted_fault_is_caught(code):
    html, line, col = FAULTS[code]
    found = check_html("fault.html", html)
    assert [(f.field, f.file, f.line, f.col) for f in found] == [(code, "fault.html", line, col)], \
        [f.format_text() for f in found]
    finding = found[0]
    assert finding.gate == "norm"
    assert finding.message.startswith(CODES[code].wording)
    assert finding.hint.startswith(CODES[code].hint)
    assert "Traceback" not in finding.format_text()


def test_select_without_optgroup_only_warns():
    found = check_html("fault.html", FAULTS["HM1130103C"][0])
    assert [f.severity for f in found] == ["warning"]
    assert errors(found) == []


def test_empty_label_names_itself_and_says_who_can_fix_it():
    framed = page('<label class="md-overlay" for="__drawer"></label>\n<div class="md-content"><p>內文</p></div>')
    found = check_html("about/index.html", framed)
    assert [(f.field, f.line, f.col) for f in found] == [("HM1130104C", 7, 1)]
    assert '空的 <label>：<label class="md-overlay" for="__drawer"></label>' in found[0].message
    assert found[0].hint.endswith(PROGRAMMER)


def test_fault_in_the_page_text_is_for_staff():
    framed = page('<div class="md-content"><p><img src="x.png"></p></div>')
    [finding] = check_html("about/index.html", framed)
    assert finding.field == "HM1110100C" and PROGRAMMER not in finding.hint


def test_css_font_size_in_px_is_caught_with_its_place():
    css = "html { font-size: 125% }\n@media print {\n  .note { font: bold 9pt serif }\n}\n.a { font-size: 0.8rem }\n"
    found = check_css("assets/site.css", css)
    assert [(f.field, f.file, f.line, f.col) for f in found] == [("CS2140401C", "assets/site.css", 3, 11)]
    assert "@media print .note { font: bold 9pt serif }" in found[0].message


def test_site_css_is_read_through_the_pages(tmp_path: Path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "site.css").write_text("body { font-size: 16px }\n", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        page("<p>內容</p>", head='<link rel="stylesheet" href="assets/site.css">'), encoding="utf-8")
    found = check_norm(tmp_path)
    assert [(f.field, f.file, f.line) for f in found] == [("CS2140401C", "assets/site.css", 1)]


def test_example_site_has_no_findings(built_site: Path):
    """Every page of the example, 404.html included, and its CSS (Material's and ours)."""
    found = check_norm(built_site)
    assert [f.format_text() for f in found] == []
