"""The city bench: its synthetic city is a valid city repository, and its report section
replaces itself in BENCHMARKS.md. Timing is measured by the bench, never asserted here."""

from __future__ import annotations

from pathlib import Path

from tools.bench.city import SECTION, make_city, section, write_section
from hrosite.offices import discover
from hrosite.overlay import compose

from conftest import copy_sources

RESULT = {"offices": 38, "jobs": 2, "cores": 2, "one_office_seconds": 10.0, "all_seconds": 200.0,
          "ideal_seconds": 190.0, "ratio": 1.053, "built": 38, "exit_one": 0, "exit_all": 0,
          "load": [2.0, 2.0, 2.0], "errors": ""}


def test_make_city_gives_distinct_offices_over_one_common_layer(tmp_path):
    ids = make_city(copy_sources(tmp_path / "office"), tmp_path / "city", 3)
    assert ids == ["o01", "o02", "o03"]
    offices, findings = discover(tmp_path / "city")
    assert findings == []
    assert [(o.id, o.name, o.district) for o in offices] == [
        (f"o0{n}", f"範例市第{n}區戶政事務所", f"範例市第{n}區") for n in (1, 2, 3)]
    composed = compose(tmp_path / "city", offices[1].folder)
    assert composed.findings == []
    assert {"site.yml", "mkdocs.yml", "faq/general.yml", "stats/datasets.yml"} <= set(composed.texts)
    assert composed.texts["site.yml"][0].file == "offices/o02/site.yml"
    assert composed.texts["faq/general.yml"][0].file == "common/faq/general.yml"


def test_section_states_targets_and_replaces_itself(tmp_path):
    text = section(RESULT)
    assert "| all offices, `--jobs 2` | 200.0 s (38 of 38 sites built) | ≤ 300 s met |" in text
    assert "| ratio to 38 × one ÷ 2 = 190.0 s | 1.053× | ≤ 1.2× met |" in text
    report = tmp_path / "BENCHMARKS.md"
    report.write_text("# Benchmarks\n\n## Other\n\nkept\n", encoding="utf-8")
    write_section(report, RESULT)
    write_section(report, {**RESULT, "all_seconds": 400.0, "ratio": 2.1})
    out = report.read_text(encoding="utf-8")
    assert out.count(SECTION) == 1 and "## Other\n\nkept\n" in out
    assert "400.0 s (38 of 38 sites built) | ≤ 300 s NOT met" in out and "2.1× | ≤ 1.2× NOT met" in out


@__import__("pytest").mark.slow
def test_validate_all_on_a_city_of_the_example(tmp_path, capsys):
    """Two offices of the example's size over one common layer: one passes, the other's
    overlay error is reported at the overlay's own line, the shared warnings once."""
    from hrosite import cli

    city = tmp_path / "city"
    make_city(copy_sources(tmp_path / "office"), city, 2)
    overlay = city / "offices" / "o02" / "faq" / "overlay.yml"
    overlay.parent.mkdir(parents=True)
    overlay.write_text("replace:\n  - id: newborn-documents\n    question: 本所：新生兒報戶口？\n"
                       "    answer: 範例。\n    updated: 2026-12-01\n    colour: 紅\n", encoding="utf-8")
    assert cli.main(["--root", str(city), "validate", "--all", "--jobs", "2"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if line.startswith("offices/")] == [
        "offices/o02/faq/overlay.yml:6:5: entries 第 1 項的 colour: 未知的欄位（unknown key），可能是拼錯了"
        "（建議：可用的欄位：answer、forms、id、keywords、procedures、question、source、updated）"]
    assert len(err) == len(set(err))                       # common/ warnings once, not per office
    assert err[-3].startswith("  o01\t範例市第1區戶政事務所\t通過（passed）")
    assert err[-2].startswith("  o02\t範例市第2區戶政事務所\t未通過（failed）：1 個錯誤")
    assert err[-1] == "2 個事務所，1 個通過，未通過：o02。"
