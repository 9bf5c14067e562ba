"""The city bench: its synthetic city is a valid city repository, and its report section
replaces itself in BENCHMARKS.md. Timing is measured by the bench, never asserted here."""

from __future__ import annotations

from pathlib import Path

from hrosite.bench.city import SECTION, make_city, section, write_section
from hrosite.offices import discover
from hrosite.overlay import compose

REPO = Path(__file__).resolve().parent.parent

RESULT = {"offices": 38, "jobs": 2, "cores": 2, "one_office_seconds": 10.0, "all_seconds": 200.0,
          "ideal_seconds": 190.0, "ratio": 1.053, "built": 38, "exit_one": 0, "exit_all": 0,
          "load": [2.0, 2.0, 2.0], "errors": ""}


def test_make_city_gives_distinct_offices_over_one_common_layer(tmp_path):
    ids = make_city(REPO, tmp_path / "city", 3)
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
