"""人口統計 sources: each planted fault fails with file:line:col, the example passes.

Every test copies the fixture office's stats/ (tests/fixtures/office-a/, 6 villages with data
plus 北端里) into tmp_path, breaks one thing, and calls load_stats with that office's site.yml
(villages and their validity dates).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hrosite.findings import errors
from hrosite.model.site import load_office
from hrosite.model.stats import load_stats, one_line
from hrosite.stats.csvpos import scan
from hrosite.stats.months import Month, parse_month

from conftest import OFFICE as ROOT
POP = "stats/population.csv"
MOI = "stats/moi/vital-events-11401-11506.csv"
VITAL = "stats/vital-events.csv"
VILLAGES = 6   # villages with statistics in the fixture office (北端里 has none yet)


@pytest.fixture(scope="module")
def office():
    office, findings = load_office(ROOT)
    assert office is not None, findings
    return office


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "stats", tmp_path / "stats")
    return tmp_path


def lines(root: Path, rel: str) -> list[str]:
    return (root / rel).read_text(encoding="utf-8").split("\n")


def write(root: Path, rel: str, rows: list[str]) -> None:
    (root / rel).write_text("\n".join(rows), encoding="utf-8")


def set_cell(root: Path, rel: str, line: int, col_index: int, value: str) -> int:
    """Replace cell `col_index` (0-based) on 1-based `line`; returns the cell's character column."""
    rows = lines(root, rel)
    cells = rows[line - 1].split(",")
    cells[col_index] = value
    rows[line - 1] = ",".join(cells)
    write(root, rel, rows)
    return len(",".join(cells[:col_index])) + (1 if col_index else 0) + 1


def find_line(root: Path, rel: str, prefix: str) -> int:
    return next(n for n, text in enumerate(lines(root, rel), 1) if text.startswith(prefix))


def load(root: Path, office):
    data, findings = load_stats(root, office)
    return data, errors(findings), findings


def located(findings, file: str, line: int, col: int | None = None, text: str = ""):
    hits = [f for f in findings if f.file == file and f.line == line
            and (col is None or f.col == col) and text in f.message]
    assert hits, "\n".join(f.format_text() for f in findings) or "no findings"
    return hits[0]


# --- the example ---------------------------------------------------------------------------

def test_example_sources_load_without_findings(office):
    data, errs, findings = load(ROOT, office)
    assert findings == []
    population, vital = data.dataset("population"), data.dataset("vital-events")
    assert (population.months[0], population.latest) == (Month(2014, 4), Month(2021, 3))
    assert (vital.months[0], vital.latest) == (Month(2014, 4), Month(2026, 6))
    assert len(population.rows) == 84 * VILLAGES and len(vital.rows) == 147 * VILLAGES


def test_moi_layout_is_normalised_and_merged(office):
    """11401 → 2025-01; 結婚 = 異性 + 同性; both files feed one dataset (the district sums of the MOI data)."""
    data, _, _ = load(ROOT, office)
    vital = data.dataset("vital-events")
    assert vital.files == [VITAL, MOI]
    in_2025 = [r for r in vital.rows if r.month.year == 2025]
    assert {r.source.file for r in in_2025} == {MOI}
    totals = {k: sum(r.values[k] for r in in_2025) for k in ("births", "deaths", "marriages", "divorces")}
    assert totals == {"births": 17, "deaths": 69, "marriages": 26, "divorces": 9}


def test_district_population_matches_the_moi_sum(office):
    data, _, _ = load(ROOT, office)
    march = [r for r in data.dataset("population").rows if r.month == Month(2021, 3)]
    assert sum(r.values["households"] for r in march) == 2586
    assert sum(r.values["population"] for r in march) == 5575


def test_no_stats_folder_means_no_statistics(tmp_path, office):
    assert load_stats(tmp_path, office) == (None, [])


# --- planted faults: each names file:line(:col) -------------------------------------------

def test_wrong_sum_male_plus_female(root, office):
    line = find_line(root, POP, "2014-04,64000010009,")
    col = set_cell(root, POP, line, 5, "9999")  # male
    _, errs, _ = load(root, office)
    finding = located(errs, POP, line, None, "wrong sum")
    assert finding.field == "population" and finding.col == len("2014-04,64000010009,光明里,773,") + 1
    assert col > 1


def test_households_must_not_exceed_population(root, office):
    set_cell(root, POP, 3, 3, "5000")
    _, errs, _ = load(root, office)
    located(errs, POP, 3, len("2014-04,64000010001,藍橋里,") + 1, "大於")


def test_wrong_district_total_row(root, office):
    """A district total row (code 64000010) is checked against the sum and not published."""
    rows = lines(root, VITAL)

    def total(month: str, first: int, extra_deaths: int = 0) -> str:
        cells = [r.split(",") for r in rows[first:first + VILLAGES]]
        assert {c[0] for c in cells} == {month}
        sums = [sum(int(c[k]) for c in cells) for k in range(3, 11)]
        sums[3] += extra_deaths
        sums[4] += extra_deaths  # keep deaths = male + female: only the district sum is wrong
        return ",".join([month, "64000010", ""] + [str(v) for v in sums])

    n = VILLAGES
    good, bad = total("2014-04", 1), total("2014-05", n + 1, extra_deaths=1)
    write(root, VITAL, rows[:n + 1] + [good] + rows[n + 1:2 * n + 1] + [bad] + rows[2 * n + 1:])
    data, errs, _ = load(root, office)
    assert {f.line for f in errs} == {2 * n + 3}
    finding = located(errs, VITAL, 2 * n + 3, None, "wrong district total")
    assert finding.field == "deaths" and "各里合計 2，" in finding.message
    assert not [f for f in errs if f.line == n + 2]  # the correct total row passes
    assert all(r.village.id != "district" for r in data.dataset("vital-events").rows)


def test_retired_village_after_its_last_day(root, office):
    """慈愛里 ends 2026-06-30: a row for 2026-07 is an error at its village-code cell."""
    line = find_line(root, MOI, "11506,64000010002,")
    set_cell(root, MOI, line, 0, "11507")
    _, errs, _ = load(root, office)
    finding = located(errs, MOI, line, len("11507,") + 1, "retired village")
    assert finding.field == "區域別代碼" and "北端里" in finding.message


def test_village_before_it_existed(root, office, monkeypatch):
    """The same rule from the other side: a village is valid from the 1st of its first month."""
    import datetime as dt
    lanqiao = next(v for v in office.villages if v.id == "lanqiao")
    later = office.model_copy(update={"villages": [
        lanqiao.model_copy(update={"valid_from": dt.date(2014, 5, 1)}) if v.id == "lanqiao" else v
        for v in office.villages]})
    _, errs, _ = load(root, later)
    located(errs, POP, 2, len("2014-04,") + 1, "not yet valid")
    assert not [f for f in errs if "lanqiao" in f.message or (f.line == 23 and f.file == POP)]


def test_unknown_village_code(root, office):
    col = set_cell(root, POP, 7, 1, "64000010099")
    _, errs, _ = load(root, office)
    assert located(errs, POP, 7, col, "unknown village code").field == "village_code"


def test_village_name_must_match_code(root, office):
    col = set_cell(root, POP, 2, 2, "博愛里")
    _, errs, _ = load(root, office)
    located(errs, POP, 2, col, "name does not match code")


def test_duplicate_row_across_sources(root, office):
    """The MOI file's 2025-01 row for 藍橋里 repeated in the history file: one (month, village)."""
    rows = lines(root, VITAL)
    write(root, VITAL, rows[:-1] + ["2025-01,64000010001,藍橋里,0,0,0,1,0,1,3,0", rows[-1]])
    _, errs, _ = load(root, office)
    duplicate_line = find_line(root, MOI, "11401,64000010001,")
    finding = located(errs, MOI, duplicate_line, None, "duplicate row")
    assert f"{VITAL}:{len(rows)}" in finding.message


def test_duplicate_row_in_one_file(root, office):
    rows = lines(root, POP)
    write(root, POP, rows[:30] + [rows[29]] + rows[30:])
    _, errs, _ = load(root, office)
    located(errs, POP, 31, None, "duplicate row")


@pytest.mark.parametrize("month", ["2014-13", "2014/04", "202504", "11413", "民國103年4月", "2014-4"])
def test_bad_month(root, office, month):
    set_cell(root, POP, 5, 0, month)
    _, errs, _ = load(root, office)
    assert located(errs, POP, 5, 1, "invalid month").field == "month"


def test_negative_count(root, office):
    col = set_cell(root, POP, 8, 4, "-12")
    _, errs, _ = load(root, office)
    assert located(errs, POP, 8, col, "negative count").field == "population"


def test_thousands_separator_and_empty_cell(root, office):
    set_cell(root, VITAL, 4, 3, "1,0")     # a thousands separator: one cell too many
    col = set_cell(root, VITAL, 6, 6, "")
    _, errs, _ = load(root, office)
    located(errs, VITAL, 6, col, "required")
    located(errs, VITAL, 4, len(lines(root, VITAL)[3]), "extra cell")


def test_type_error_in_moi_file(root, office):
    line = find_line(root, MOI, "11403,64000010009,")
    col = set_cell(root, MOI, line, 7, "兩")
    _, errs, _ = load(root, office)
    assert located(errs, MOI, line, col, "integer").field == "死亡數"


def test_missing_village_in_a_month(root, office):
    rows = lines(root, POP)
    line = find_line(root, POP, "2016-02,64000010010,")
    write(root, POP, rows[:line - 1] + rows[line:])
    _, errs, _ = load(root, office)
    finding = located(errs, POP, find_line(root, POP, "2016-02,"), 1, "missing village")
    assert "育仁里" in finding.message


def test_header_unknown_and_missing_columns(root, office):
    rows = lines(root, MOI)
    rows[0] = rows[0].replace("出生數-男", "出生數_男").replace(",區域別,", ",區域,")
    write(root, MOI, rows)
    _, errs, _ = load(root, office)
    messages = [f for f in errs if f.file == MOI and f.line == 1]
    assert any("unknown column" in f.message and f.field == "出生數_男" for f in messages)
    assert any("missing column" in f.message and "出生數-男" in f.message for f in messages)


def test_not_utf8(root, office):
    text = (root / POP).read_text(encoding="utf-8")
    (root / POP).write_bytes(text.encode("big5"))
    _, errs, _ = load(root, office)
    assert located(errs, POP, 2, None, "UTF-8")  # the first non-ASCII byte is on line 2


def test_bom_and_crlf_from_excel_are_accepted(root, office):
    text = (root / POP).read_text(encoding="utf-8")
    (root / POP).write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    _, errs, _ = load(root, office)
    assert errs == []


def test_line_numbers_follow_quoted_line_breaks(root, office):
    """A quoted cell with a line break: Frictionless rows are not lines; messages use lines."""
    rows = lines(root, POP)
    rows[1] = rows[1].replace("藍橋里", '"藍橋\n里"')
    line = find_line(root, POP, "2014-04,64000010009,光明里,773,")
    rows[line - 1] = rows[line - 1].replace(",773,", ",-773,")
    write(root, POP, rows)
    _, errs, _ = load(root, office)
    located(errs, POP, line + 1, None, "negative count")


def test_all_problems_are_reported_together(root, office):
    set_cell(root, POP, 8, 4, "-12")
    line = find_line(root, MOI, "11506,64000010002,")
    set_cell(root, MOI, line, 0, "11507")
    (root / "stats/datasets.yml").write_text(
        (root / "stats/datasets.yml").read_text(encoding="utf-8")
        .replace("path: population.csv", "path: population.csv\n      - path: missing.csv"),
        encoding="utf-8")
    _, errs, _ = load(root, office)
    assert {f.file for f in errs} >= {POP, MOI, "stats/datasets.yml"}


def test_datasets_yml_mistakes_are_findings_not_tracebacks(root, office):
    path = root / "stats/datasets.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("licence: OGDL-Taiwan-1.0", "licence: CC0", 1)
                    .replace("summary: [households,", "summary: [houses,"), encoding="utf-8")
    data, errs, _ = load(root, office)
    assert data is None
    assert any(f.field == "datasets[0].licence" for f in errs)
    path.write_text(text.replace("summary: [households,", "summary: [houses,"), encoding="utf-8")
    data, errs, _ = load(root, office)
    finding = located(errs, "stats/datasets.yml", next(
        n for n, t in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if "houses" in t))
    assert "houses" in finding.message
    path.write_text("datasets: [\n", encoding="utf-8")
    data, errs, _ = load(root, office)
    assert data is None and errs and errs[0].line


def test_unused_csv_is_a_warning(root, office):
    (root / "stats/notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    _, errs, findings = load(root, office)
    assert errs == []
    assert [f.file for f in findings if f.severity == "warning"] == ["stats/notes.csv"]


def test_blank_line_is_a_warning_with_its_line(root, office):
    rows = lines(root, POP)
    write(root, POP, rows[:5] + [""] + rows[5:])
    _, errs, findings = load(root, office)
    assert errs == []
    assert [(f.file, f.line) for f in findings if "blank row" in f.message] == [(POP, 6)]


# --- helpers -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, month", [
    ("2026-06", Month(2026, 6)), ("11506", Month(2026, 6)), ("11401", Month(2025, 1)),
    ("9901", Month(2010, 1)), ("115-06", Month(2026, 6)), ("115/6", Month(2026, 6)),
    (" 2026-06 ", Month(2026, 6)),
])
def test_parse_month_western_and_roc(text, month):
    assert parse_month(text) == month


@pytest.mark.parametrize("text", ["", "2026-13", "2026-00", "11500", "2026/06", "202606", "abc", "0001"])
def test_parse_month_rejects(text):
    assert parse_month(text) is None


def test_month_labels_show_both_years():
    m = Month(2026, 6)
    assert (m.iso, m.roc, m.label) == ("2026-06", "11506", "2026年6月（民國115年6月）")
    assert m.shift(-6) == Month(2025, 12) and m.shift(7) == Month(2027, 1)


def test_scan_positions():
    records = scan('a,b,c\r\n1,"x\ny",3\n\n4,5\n')
    assert [r.line for r in records] == [1, 2, 4, 5]
    assert records[1].cells == [(2, 1), (2, 3), (3, 4)]
    assert records[2].cells == [] and records[3].where(5) == (5, 4)


def test_one_line_joins_chinese_without_spaces():
    assert one_line("鹽埕區各里、\n65 歲以上\nand more\n文字\n說明。\n") == "鹽埕區各里、65 歲以上 and more 文字說明。"
