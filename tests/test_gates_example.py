"""The fixture office's site passes every quality gate on one page of every kind; the report is
written for people.

This is the `hrosite check --quick` run that `make test` promises, on the frozen fixture office
(tests/fixtures/office-a/): links with anchors on every page, privacy, self-containment and
scripts on every file, and pa11y (htmlcs + axe, WCAG 2.1 AA), the axe WCAG 2.2 pass, the norm
and layout at 320/768/1280 px on one page of each page kind. Pages of one kind share their
template, so a fault in the code or the theme shows on that page; what differs between them is
content, and the live office's content is checked on every page by `hrosite check` in CI. The
report lands in a temporary folder, never in the repository.
"""

from __future__ import annotations

import json

import pytest

from hrosite.checks.run import all_pages, one_page_per_kind, run_checks
from hrosite.findings import errors
from hrosite.report import write_report


@pytest.mark.browser
@pytest.mark.slow
def test_example_site_passes_all_gates(built_site, tmp_path):
    root = built_site.parent.parent          # the copy the site was built from
    reports = tmp_path / "reports"
    run = run_checks(root, built_site, reports, quick=True)
    assert run.pages == one_page_per_kind(all_pages(built_site)) and len(run.pages) >= 20
    json_path, html_path = write_report(run.findings, reports, gates_run=list(run.durations),
                                        durations=run.durations, screenshots=run.screenshots)
    report = json.loads(json_path.read_text("utf-8"))
    assert set(run.durations) >= {"links", "accessibility", "wcag22", "layout", "privacy",
                                  "self-contained", "scripts", "requests", "csp"}
    assert html_path.is_file() and run.screenshots
    failed = [f.format_text() for f in errors(run.findings)]
    assert failed == [], f"{len(failed)} errors, see {html_path}:\n" + "\n".join(failed[:40])
    assert report["passed"] is True
