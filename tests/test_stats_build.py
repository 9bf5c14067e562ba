"""人口統計 pages and open data: what the example builds into.

Compiled in-process (fast) for the pages and files; the `slow` tests look at the real
MkDocs build and run the `frictionless validate` command on the published datapackage.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hrosite import fragments
from hrosite.compile import compile_site
from hrosite.content import load_site
from hrosite.findings import errors
from hrosite.stats.months import Month

from conftest import OFFICE as ROOT
FRICTIONLESS = Path(sys.executable).parent / "frictionless"
SVG = re.compile(r"<svg\b.*?</svg>", re.S)
NS = {"s": "http://www.w3.org/2000/svg"}


@pytest.fixture(scope="module")
def site():
    content, findings = load_site(ROOT)
    assert content is not None and not errors(findings), [f.format_text() for f in findings]
    return content, compile_site(content)


@pytest.fixture(scope="module")
def files(site) -> dict[str, bytes]:
    return site[1].output.files


def page(files, path: str) -> str:
    """The page as a reader gets it: its Markdown with the pre-rendered blocks put back."""
    return fragments.inject(markdown(files, path), files)


def markdown(files, path: str) -> str:
    return files[path].decode("utf-8")


def stats_pages(files) -> list[str]:
    return sorted(p for p in files if p.startswith("stats/") and p.endswith(".md"))


def test_the_example_builds_every_page_and_file(site, files):
    content, compiled = site
    villages = [v.id for v in content.office.villages]
    expected = {"stats/index.md", "stats/villages.md",
                "stats/dataset-population.md", "stats/dataset-vital-events.md",
                *[f"stats/village-{v}.md" for v in villages]}
    assert set(stats_pages(files)) == expected
    assert {p for p in files if p.startswith("stats/data/")} == {
        f"stats/data/{name}" for name in ("population.csv", "population.json", "vital-events.csv",
                                          "vital-events.json", "datapackage.json", "README.txt")}
    section = next(n for n in compiled.nav if n.title == "人口統計")
    assert section.path == "stats/index.md"
    assert [c.title for c in section.children] == ["各里統計表", "各里歷年資料", "開放資料下載"]
    assert len(section.children[1].children) == len(villages)


def test_same_sources_same_bytes(files):
    content, _ = load_site(ROOT)
    again = compile_site(content).output.files
    assert {k: v for k, v in again.items() if k.startswith("stats/")} == \
           {k: v for k, v in files.items() if k.startswith("stats/")}


# --- open data -----------------------------------------------------------------------------

def test_csv_is_utf8_with_bom_and_matches_the_json(files):
    for name in ("population", "vital-events"):
        raw = files[f"stats/data/{name}.csv"]
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        records = json.loads(files[f"stats/data/{name}.json"])
        assert not files[f"stats/data/{name}.json"].startswith(b"\xef\xbb\xbf")
        assert len(rows) == len(records)
        assert [{k: str(v) for k, v in r.items()} for r in records] == rows
        assert all(re.fullmatch(r"\d{4}-\d{2}", r["month"]) for r in rows)
        assert all(re.fullmatch(r"\d{11}", r["village_code"]) for r in rows)


def test_published_rows_have_no_totals_and_the_moi_file_is_normalised(files):
    rows = list(csv.DictReader(io.StringIO(files["stats/data/vital-events.csv"].decode("utf-8-sig"))))
    assert len(rows) == 147 * 6   # the fixture office's 6 villages with statistics
    assert rows[-1]["month"] == "2026-06" and rows[-1]["village"] == "江南里"
    assert sum(int(r["births"]) for r in rows if r["month"].startswith("2025")) == 17
    assert list(rows[0]) == ["month", "village_code", "village", "births", "births_male",
                             "births_female", "deaths", "deaths_male", "deaths_female",
                             "marriages", "divorces"]


def test_datapackage_describes_every_column(files):
    package = json.loads(files["stats/data/datapackage.json"])
    assert package["licenses"][0]["name"] == "OGDL-Taiwan-1.0"
    for resource in package["resources"]:
        data = files[f"stats/data/{resource['path']}"]
        assert resource["bytes"] == len(data) and resource["hash"].startswith("sha256:")
        fields = resource["schema"]["fields"]
        header = data.decode("utf-8-sig").split("\r\n")[0].split(",")
        assert [f["name"] for f in fields] == header
        assert all(f["title"] and f["description"] for f in fields)
        assert all(f.get("unit") for f in fields if f["type"] == "integer")
        assert resource["schema"]["primaryKey"] == ["month", "village_code"]


@pytest.mark.slow
def test_frictionless_validate_accepts_the_datapackage(files, tmp_path):
    for path, data in files.items():
        if path.startswith("stats/data/"):
            (tmp_path / Path(path).name).write_bytes(data)
    result = subprocess.run([str(FRICTIONLESS), "validate", "--json", "datapackage.json"],
                            cwd=tmp_path, capture_output=True, text=True)
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["valid"], result.stdout[-3000:]
    # and it is not a rubber stamp: a changed byte breaks the declared hash and size
    (tmp_path / "population.csv").write_bytes(files["stats/data/population.csv"] + b"x")
    result = subprocess.run([str(FRICTIONLESS), "validate", "--json", "datapackage.json"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode != 0


def test_readme_says_why_there_is_a_bom(files):
    readme = files["stats/data/README.txt"].decode("utf-8")
    assert "BOM" in readme and "Excel" in readme and "utf-8-sig" in readme
    assert "https://data.gov.tw/license" in readme


def test_dataset_pages_have_downloads_attribution_and_metadata(files):
    text = page(files, "stats/dataset-population.md")
    assert "](data/population.csv)" in text and "](data/population.json)" in text
    assert "](data/datapackage.json)" in text
    assert re.search(r"\[高雄市鹽埕區各里戶數及人口數（CSV，UTF-8 含 BOM，\d+ KB）\]", text)
    assert "> 內政部 2026 高雄市鹽埕區各里戶數及人口數（資料版本 2021-03）" in text
    assert "此開放資料依政府資料開放授權條款 (Open Government Data License) 進行公眾釋出" in text
    assert "<https://data.gov.tw/license>" in text
    for label in ("資料集名稱", "資料集描述", "主要欄位說明", "提供機關", "提供機關聯絡人", "更新頻率",
                  "授權方式", "授權說明網址", "計費方式", "上架日期", "詮釋資料更新時間", "關鍵字",
                  "時間範圍", "空間範圍", "備註", "檔案格式", "編碼", "資料量", "資源網址",
                  "資料資源更新時間"):
        assert label in text, label


# --- pages ---------------------------------------------------------------------------------

def test_every_stats_page_says_only_aggregates_are_published(files):
    for path in stats_pages(files):
        assert "不公布任何個人資料或個別登記紀錄" in page(files, path) or \
               "不含任何個人資料或個別登記紀錄" in page(files, path), path


def test_headings_do_not_skip_levels(files):
    for path in stats_pages(files):
        body = page(files, path).split("\n---\n", 1)[1]
        levels = [len(m.group(1)) for m in re.finditer(r"^(#{1,6}) ", body, re.M)]
        assert levels[0] == 1 and levels.count(1) == 1, path
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (path, levels)


def test_tables_have_captions_scopes_and_right_aligned_numbers(files):
    for path in stats_pages(files):
        for table in re.findall(r"<table>.*?</table>", page(files, path), re.S):
            assert re.search(r"<caption>[^<]+</caption>", table), path
            assert "<th>" not in table, path
            for cell in re.findall(r'<td class="hro-num">([^<]*)</td>', table):
                assert re.fullmatch(r"—|\d{1,3}(,\d{3})*", cell), (path, cell)
            assert all(th.startswith(('<th scope="col"', '<th scope="row"'))
                       for th in re.findall(r"<th\b[^>]*>", table)), path


def test_overview_shows_each_datasets_own_latest_month_and_changes(files):
    text = page(files, "stats/index.md")
    assert "**2021年3月（民國110年3月）**" in text and "**2026年6月（民國115年6月）**" in text
    assert "不推估" in text
    latest = re.search(r"<caption>高雄市鹽埕區戶數與人口數：2021年3月.*?</table>", text, re.S).group(0)
    assert "較上月（2021年2月）" in latest and "較去年同月（2020年3月）" in latest
    assert re.search(r'<th scope="row">人口數</th><td class="hro-num">5,575</td>'
                     r"<td>減少 1 人（−0.0%）</td><td>減少 100 人（−1.8%）</td>", latest)
    vital = re.search(r"<caption>高雄市鹽埕區出生、死亡、結婚、離婚：2026年6月.*?</table>", text, re.S)
    assert vital and "較去年同月（2025年6月）" in vital.group(0)


def test_village_table_has_one_row_per_valid_village(site, files):
    content, _ = site
    text = page(files, "stats/villages.md")
    tables = re.findall(r"<caption>(.*?)</caption>.*?<tbody>(.*?)</tbody>", text, re.S)
    assert len(tables) == 2
    months = {"戶數與人口數": Month(2021, 3), "出生、死亡、結婚、離婚": Month(2026, 6)}
    for caption, body in tables:
        month = next(m for label, m in months.items() if label in caption)
        valid = [v.name for v in content.office.villages if v.valid_on(month.first_day())]
        rows = re.findall(r'<tr><th scope="row">([^<]+)</th>', body)
        assert rows == valid and len(rows) == 6
        assert "北端里" not in rows
    assert "全區合計" in text and "5,575" in text


def test_every_village_has_its_history_page(site, files):
    content, _ = site
    for village in content.office.villages:
        text = page(files, f"stats/village-{village.id}.md")
        assert f"# {village.name}戶口統計" in text
    lanqiao = page(files, "stats/village-lanqiao.md")
    assert "2014年4月（民國103年4月）到2021年3月（民國110年3月）" in lanqiao
    assert lanqiao.count("<svg") == 2


def test_merger_is_shown_on_both_sides(files):
    beiduan = page(files, "stats/village-beiduan.md")
    assert "2026-07-01（民國115年7月1日）起設立" in beiduan
    assert "[慈愛里](village-ciai.md)與[博愛里](village-boai.md)合併而成" in beiduan
    assert "本里的歷史從 2026年7月（民國115年7月）開始" in beiduan
    assert "目前還沒有北端里已公布的統計資料" in beiduan and "<svg" not in beiduan
    ciai = page(files, "stats/village-ciai.md")
    assert "本里存續至 2026-06-30（民國115年6月30日）" in ciai
    assert "[博愛里](village-boai.md)合併為[北端里](village-beiduan.md)" in ciai


# --- charts --------------------------------------------------------------------------------

def charts(files) -> list[tuple[str, str]]:
    return [(path, svg) for path in stats_pages(files) for svg in SVG.findall(page(files, path))]


def test_each_chart_has_title_desc_and_is_small(files):
    found = charts(files)
    assert len(found) == 4 + 2 * 6  # overview 4; each village with data: population + events
    for path, svg in found:
        assert len(svg.encode("utf-8")) < 30 * 1024, path
        root = ET.fromstring(svg)
        assert root.get("role") == "img"
        title = root.find("s:title", NS).text
        desc = root.find("s:desc", NS).text
        assert title and desc and len(desc) > 20, (path, title)
        assert "script" not in svg and "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_chart_desc_states_the_trend_in_words(files):
    text = page(files, "stats/index.md")
    population = ET.fromstring(SVG.findall(text)[0])
    assert population.find("s:desc", NS).text.startswith(
        "人口數由2014年4月的 6,")
    assert "減少到2021年3月的 5,575 人" in population.find("s:desc", NS).text
    births = ET.fromstring(SVG.findall(text)[2]).find("s:desc", NS).text
    assert "出生數" in births and "全年合計2015年 35 人，2025年 17 人（減少 18 人）" in births


def test_each_chart_has_its_data_table_right_after_it(files):
    for path in stats_pages(files):
        for block in re.findall(r'<div class="hro-chart".*?</svg>.*?</table>', page(files, path), re.S):
            after = block.split("</svg>", 1)[1]
            assert "<figcaption>" in after and "<caption>" in after, path
            assert after.index("<table>") < 400, path  # nothing but the caption in between


# --- off the Markdown path -----------------------------------------------------------------

def test_charts_and_tables_are_fragments_not_markdown(files):
    for path in stats_pages(files):
        if path.startswith("stats/dataset-"):
            continue  # two small pages whose tables (metadata, columns) are words to search
        text = markdown(files, path)
        assert "<svg" not in text and "<table" not in text and "<tr" not in text, path
        cited = re.findall(r"<!-- hrosite-fragment (\S+) [0-9a-f]{12} -->", text)
        assert all(fragments.is_fragment(c) and c in files for c in cited), path
        assert cited or path == "stats/village-beiduan.md", path   # 北端里 has no data yet
    village = markdown(files, "stats/village-boai.md")
    assert len(village.encode("utf-8")) < 6 * 1024   # 88 KB with the SVG and tables inline
    assert "最新數字：戶數 328 戶、人口數 678 人、男性人口數 329 人、女性人口數 349 人。" in village


def test_a_missing_or_changed_fragment_is_an_error_not_a_silent_gap(files):
    text = markdown(files, "stats/village-boai.md")
    cited = re.findall(r"<!-- hrosite-fragment (\S+) ", text)[0]
    with pytest.raises(fragments.Missing, match=f"^{re.escape(cited)} not found$"):
        fragments.inject(text, {k: v for k, v in files.items() if k != cited})
    with pytest.raises(fragments.Missing, match=f"^{re.escape(cited)} does not match its placeholder$"):
        fragments.inject(text, {**files, cited: files[cited] + b" "})


# --- the real build ------------------------------------------------------------------------

@pytest.mark.slow
def test_built_site_publishes_a_valid_datapackage(built_site):
    data = built_site / "stats" / "data"
    result = subprocess.run([str(FRICTIONLESS), "validate", "datapackage.json"], cwd=data,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    index = (built_site / "stats" / "index.html").read_text(encoding="utf-8")
    assert index.count('role="img"') == 4 and "<script" not in index.split("<article")[1].split("</article>")[0]
    dataset = (built_site / "stats" / "dataset-population" / "index.html").read_text(encoding="utf-8")
    assert 'href="../data/population.csv"' in dataset
    assert not (built_site / "stats" / fragments.FOLDER).exists()  # fragments are not published


@pytest.mark.slow
def test_built_village_page_has_its_charts_and_the_index_only_its_words(built_site):
    html = (built_site / "stats" / "village-boai" / "index.html").read_text(encoding="utf-8")
    article = html.split("<article")[1].split("</article>")[0]
    assert article.count('role="img"') == 2 and article.count("<table>") == 6
    assert "hrosite-fragment" not in html
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [d for d in index["docs"] if d["location"].startswith("stats/village-boai/")]
    text = "".join(d["text"] for d in entries).replace("\u200b", "")
    assert "最新數字：戶數 328 戶" in text and "博愛里" in "".join(d["title"] for d in entries) + text
    assert "較上月" not in text and "<svg" not in text and "每月數字（共" not in text
