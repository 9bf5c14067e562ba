"""The example site passes every quality gate, on every page; the report is written for people.

This is the full `hrosite check` run that `make test` promises: links with anchors,
pa11y (htmlcs + axe, WCAG 2.1 AA), the axe WCAG 2.2 pass, layout at 320/768/1280 px, privacy
and self-containment. The report lands in build/reports/ of the repository.
"""

from __future__ import annotations

import json

import pytest

from conftest import REPO

from hrosite.checks.run import run_checks
from hrosite.findings import errors
from hrosite.report import write_report


@pytest.mark.browser
@pytest.mark.slow
def test_example_site_passes_all_gates(built_site):
    reports = REPO / "build" / "reports"
    run = run_checks(REPO, built_site, reports)
    json_path, html_path = write_report(run.findings, reports, gates_run=list(run.durations),
                                        durations=run.durations, screenshots=run.screenshots)
    report = json.loads(json_path.read_text("utf-8"))
    assert set(run.durations) >= {"links", "accessibility", "wcag22", "layout", "privacy",
                                  "self-contained", "scripts"}
    assert html_path.is_file() and run.screenshots
    failed = [f.format_text() for f in errors(run.findings)]
    assert failed == [], f"{len(failed)} errors, see {html_path}:\n" + "\n".join(failed[:40])
    assert report["passed"] is True
