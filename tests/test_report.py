"""report.json and report.html agree, are ordered, accessible and escape what they show."""

from __future__ import annotations

import json
import re

import pytest

from hrosite.findings import Finding
from hrosite.report import write_report

FINDINGS = [
    Finding("procedures/birth/index.html", field="320px", gate="layout",
            message="在 320px 寬度下頁面需要水平捲動：最寬元素 table.fees 寬 600px",
            hint="讓表格寬度隨視窗縮放"),
    Finding("faq/id-card.yml", 14, 5, "answer", "必填欄位（required）", gate="validate"),
    Finding("faq/id-card.yml", 3, 1, "question", "<script>alert(1)</script> 不可含 HTML",
            hint="移除 <b>標籤</b>", gate="validate", severity="warning"),
]


def _write(tmp_path, findings=FINDINGS, **kw):
    kw.setdefault("gates_run", ["validate", "layout"])
    kw.setdefault("durations", {"validate": 0.25, "layout": 12.5})
    return write_report(findings, tmp_path / "reports", **kw)


def test_json_has_summary_per_gate_and_every_finding_in_order(tmp_path):
    json_path, _ = _write(tmp_path)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["passed"] is False
    assert data["errors"] == 2 and data["warnings"] == 1
    assert data["gates"] == [
        {"gate": "validate", "errors": 1, "warnings": 1, "duration": 0.25},
        {"gate": "layout", "errors": 1, "warnings": 0, "duration": 12.5},
    ]
    keys = [(f["gate"], f["file"], f["line"]) for f in data["findings"]]
    assert keys == [("layout", "procedures/birth/index.html", None),
                    ("validate", "faq/id-card.yml", 3),
                    ("validate", "faq/id-card.yml", 14)]
    assert data["findings"][2] == FINDINGS[1].to_dict()


def test_output_is_deterministic_whatever_the_input_order(tmp_path):
    a = [p.read_bytes() for p in _write(tmp_path / "a")]
    b = [p.read_bytes() for p in _write(tmp_path / "b", findings=FINDINGS[::-1])]
    assert a == b


def test_html_shows_verdict_gate_table_and_escapes_messages(tmp_path):
    _, html_path = _write(tmp_path)
    html = html_path.read_text(encoding="utf-8")
    assert '<html lang="zh-TW">' in html
    assert "結果：未通過" in html  # spelled out, not colour alone
    assert "<caption>各項檢查摘要" in html
    assert html.count('<th scope="col">') == 5
    assert '<th scope="row">版面（RWD）（layout）</th>' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html
    assert "建議：移除 &lt;b&gt;標籤&lt;/b&gt;" in html
    assert "第 14 行第 5 欄，<code>answer</code>：必填欄位" in html
    # Self-contained: no other host, no external stylesheet, relative font sizes only.
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "<link" not in html
    assert not re.search(r"font-size:\s*[\d.]+(px|pt)", html)


def test_clean_run_passes(tmp_path):
    _, html_path = _write(tmp_path, findings=[])
    html = html_path.read_text(encoding="utf-8")
    assert "結果：通過" in html and "未通過" not in html


def test_screenshots_are_copied_in_and_linked_relatively(tmp_path):
    shot = tmp_path / "shots" / "procedures-birth-320px.png"
    shot.parent.mkdir()
    shot.write_bytes(b"\x89PNG\r\n\x1a\n")
    inside = tmp_path / "reports" / "screenshots" / "index-768px.png"
    inside.parent.mkdir(parents=True)
    inside.write_bytes(b"\x89PNG\r\n\x1a\n")
    json_path, html_path = _write(tmp_path, screenshots=[shot, inside])
    assert (tmp_path / "reports" / "screenshots" / shot.name).read_bytes() == shot.read_bytes()
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert sorted(data["screenshots"]) == ["screenshots/index-768px.png",
                                           "screenshots/procedures-birth-320px.png"]
    html = html_path.read_text(encoding="utf-8")
    assert '<img src="screenshots/procedures-birth-320px.png" ' \
           'alt="頁面 procedures-birth 在 320px 寬度下的整頁截圖"' in html


def test_widths_sort_as_numbers(tmp_path):
    layout = [Finding("a.html", field=f"{w}px", message="m", gate="layout")
              for w in (1280, 320, 768)]
    json_path, _ = _write(tmp_path, findings=layout)
    fields = [f["field"] for f in json.loads(json_path.read_text(encoding="utf-8"))["findings"]]
    assert fields == ["320px", "768px", "1280px"]


def test_one_fault_on_many_pages_is_listed_once_with_its_places(tmp_path):
    same = [Finding(f"faq/c{n}/index.html", 7, 3, gate="accessibility", message="連結沒有文字",
                    hint="加上 aria-label") for n in range(15)]
    json_path, html_path = _write(tmp_path, findings=same + FINDINGS,
                                  gates_run=["validate", "layout", "accessibility"])
    html = html_path.read_text(encoding="utf-8")
    assert html.count("連結沒有文字") == 1 and "出現在 15 處" in html
    assert "faq/c0/index.html:7:3、" in html and " 等" in html  # 12 named, the rest in the JSON
    assert "<h3><span class=\"loc\">faq/c0/index.html" not in html  # not again file by file
    assert "<h3><span class=\"loc\">faq/id-card.yml" in html        # single findings as before
    assert len(json.loads(json_path.read_text("utf-8"))["findings"]) == 18


@pytest.mark.browser
def test_report_page_itself_passes_the_accessibility_gate(tmp_path):
    """Staff read report.html: it meets the rules it reports on (pa11y htmlcs + axe, WCAG2AA)."""
    from hrosite.checks.accessibility import check_accessibility
    from hrosite.findings import errors

    same = [Finding(f"faq/c{n}/index.html", 7, 3, gate="accessibility", message="連結沒有文字")
            for n in range(4)]
    _, html_path = _write(tmp_path, findings=same + FINDINGS, checked={
        "mode": "quick", "pages": ["index.html"], "site_url": "https://www.example.gov.tw/"})
    assert errors(check_accessibility(html_path.parent, ["report.html"])) == []


def test_norm_findings_are_listed_by_code(tmp_path):
    """網站無障礙規範 codes are what an auditor reads: one heading per code, places under it."""
    norm = [Finding("news/index.html", 12, 3, "HM1130100C", "標題須依層級正確巢狀（h2 之後是 h4「x」）",
                    gate="norm"),
            Finding("about/index.html", 7, 1, "HM1110100C", "圖片須提供替代文字（<img src=\"a.png\">）",
                    gate="norm"),
            Finding("assets/site.css", 2, 5, "CS2140401C", "字級須使用相對單位（p { font-size: 12px }）",
                    gate="norm")]
    _, html_path = _write(tmp_path, norm, gates_run=["norm"], durations={"norm": 1.0})
    html = html_path.read_text(encoding="utf-8")
    section = html[html.index('id="gate-norm"'):]
    assert "網站無障礙規範 115.11（norm）：3 個錯誤" in section
    assert re.findall(r"<h3><code>(\w+)</code></h3>", section) == ["CS2140401C", "HM1110100C", "HM1130100C"]
    assert '<span class="loc">about/index.html:7:1</span>：圖片須提供替代文字' in section
