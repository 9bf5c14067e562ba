"""Every finding carries a stable code; cross-field rules are written once and all reported.

In-process, on small YAML fixtures: each test feeds one broken document to the real loader
path (`parse_yaml` + `validate`) and asserts the code, the field and its line and column.
The Chinese wording of each rule is asserted once here; other tests refer to codes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import hrosite.content  # noqa: F401  every model module registered, as the loader sees them
from hrosite.findings import Finding
from hrosite.model.disclosure import DisclosureItem, NotApplicable
from hrosite.model.form import FormRegistry
from hrosite.model.news import NewsMeta
from hrosite.model.validation import validate
from hrosite.report import write_report
from hrosite.sources import parse_yaml

DOCS = Path(__file__).resolve().parent.parent / "docs" / "finding-codes.md"

DISCLOSURE = """\
id: x
category: 4
published: 2026-01-01
updated: 2026-02-01
review_by: 2026-08-01
title: 行政指導
summary: 說明
page: contact.md
"""


def check(text: str, model, rel: str = "content/disclosures/x.yml") -> list[Finding]:
    doc, problems = parse_yaml(text, rel)
    assert doc is not None and not problems, problems
    value, findings = validate(doc, model)
    assert (value is None) == bool(findings)
    return findings


def spots(findings: list[Finding]) -> list[tuple]:
    return [(f.code, f.field, f.line, f.col) for f in findings]


def test_a_valid_disclosure_has_no_findings():
    assert check(DISCLOSURE, DisclosureItem) == []


def test_disclosure_review_by_before_updated_points_at_review_by():
    """It used to be reported at x.yml:1:1 with no field."""
    findings = check(DISCLOSURE.replace("review_by: 2026-08-01", "review_by: 2026-01-15"), DisclosureItem)
    assert spots(findings) == [("date-order", "review_by", 5, 1)]
    assert findings[0].message == "review_by（檢視期限）不可早於 updated（更新日期）"
    assert findings[0].hint == "更新內容時，也把 review_by 改成下次要檢查的日期，例如半年後"


def test_not_applicable_shares_the_date_rules():
    text = ("id: x\ncategory: 9\npublished: 2026-01-01\nupdated: 2025-12-01\nreview_by: 2026-08-01\n"
            "not_applicable: 本所無此業務\n")
    assert spots(check(text, NotApplicable)) == [("date-order", "updated", 4, 1)]


def test_every_broken_rule_of_a_document_is_reported_not_the_first():
    text = (DISCLOSURE.replace("updated: 2026-02-01", "updated: 2025-02-01")
            .replace("page: contact.md", "url: https://law.kcg.gov.tw/"))
    findings = check(text, DisclosureItem)
    assert spots(findings) == [("date-order", "updated", 4, 1), ("url-without-site", "url", 8, 1)]


def test_disclosure_target_rules_have_codes():
    both = check(DISCLOSURE + "generated: contact\n", DisclosureItem)
    assert spots(both) == [("one-target", "generated", 9, 1)]
    assert both[0].message.startswith("page、file、url、generated 必須剛好寫一個（目前：page、generated）")
    site = check(DISCLOSURE + "site: 高雄市法規查詢系統\n", DisclosureItem)
    assert spots(site) == [("site-without-url", "site", 9, 1)]
    wrong = check(DISCLOSURE.replace("page: contact.md", "generated: contact"), DisclosureItem)
    assert spots(wrong) == [("wrong-category", "generated", 8, 1)]
    assert wrong[0].message == "generated: contact 只能用於第3款（category: 3）"


NEWS = "title: 測試\ndate: 2026-11-01\ncategory: 公告\n"


@pytest.mark.parametrize("extra, code, key", [
    ("expiry: 2026-10-01\n", "date-order", "expiry"),
    ("updated: 2026-10-01\n", "date-order", "updated"),
    ("banner: true\n", "banner-without-expiry", "banner"),
])
def test_news_rules_point_at_the_key_to_fix(extra, code, key):
    findings = check(NEWS + extra, NewsMeta, "content/news/x.md")
    assert spots(findings) == [(code, key, 4, 1)]


def test_news_date_order_uses_the_shared_wording():
    (finding,) = check(NEWS + "expiry: 2026-10-01\n", NewsMeta, "content/news/x.md")
    assert finding.message == "expiry（下架日期）不可早於 date（發布日期）"


FORM = """\
  - id: {id}
    title: 委託書
    category: general
    description: 說明
    files:
      {files}
    updated: 2026-11-01
"""


def test_duplicate_ids_are_each_reported_at_the_repeat():
    text = "forms:\n" + "".join(FORM.format(id=i, files="pdf: files/a.pdf\n      odt: files/a.odt")
                                for i in ("a", "b", "a", "a"))
    findings = check(text, FormRegistry, "forms/forms.yml")
    assert spots(findings) == [("duplicate-id", "forms[2].id", 18, 5), ("duplicate-id", "forms[3].id", 26, 5)]
    assert findings[0].message == "書表 id「a」重複（duplicate id）"


def test_a_rule_on_a_nested_model_points_inside_the_list():
    text = "forms:\n" + FORM.format(id="a", files="pdf: files/a.pdf")
    assert spots(check(text, FormRegistry, "forms/forms.yml")) == [("missing-odf", "forms[0].files", 6, 5)]


def test_an_error_raised_in_a_validator_keeps_its_code_and_key():
    text = "forms:\n" + FORM.format(id="a", files="pdf: files/a.pdf\n      docx: files/a.docx")
    findings = check(text, FormRegistry, "forms/forms.yml")
    assert spots(findings) == [("office-format", "forms[0].files.docx", 8, 7)]


def test_field_errors_get_codes_from_their_pydantic_type():
    text = DISCLOSURE.replace("title: 行政指導\n", "").replace("category: 4", "category: 11") + "titel: x\n"
    findings = check(text, DisclosureItem)
    assert sorted((f.code, f.field) for f in findings) == [
        ("missing-field", "title"), ("too-large", "category"), ("unknown-key", "titel")]


def test_a_finding_without_a_code_takes_its_gate_as_code():
    assert Finding("a.html", gate="links").code == "links"
    assert Finding("x.yml", 1, 1).code == "invalid-content"
    assert Finding("x.yml", code="date-order").code == "date-order"


def test_github_annotation_names_gate_and_code():
    finding = Finding("x.yml", 5, 1, "review_by", "m", code="date-order")
    assert finding.format_github() == "::error file=x.yml,line=5,col=1,title=validate date-order::review_by: m"


def test_report_shows_and_stores_the_code(tmp_path):
    finding = Finding("x.yml", 5, 1, "review_by", "review_by 不可早於 updated", code="date-order")
    write_report([finding], tmp_path, gates_run=["validate"], durations={})
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "（代碼 <code>date-order</code>）" in html
    assert '"code": "date-order"' in (tmp_path / "report.json").read_text(encoding="utf-8")


def test_privacy_findings_name_what_was_found():
    from hrosite.checks.privacy import scan_text

    text = "A123456789\nA123456788\nAB12345678901234\n0912-345-678\n"
    assert [(f.code, f.line, f.severity) for f in scan_text(text, "x.md")] == [
        ("national-id", 1, "error"), ("checksum-invalid", 2, "warning"), ("cert", 3, "error"),
        ("mobile", 4, "error")]


def test_every_code_used_in_the_model_is_documented():
    """docs/finding-codes.md lists every code a content rule can give."""
    import re

    first_cells = re.findall(r"^\| (`[^|]+) \|", DOCS.read_text(encoding="utf-8"), re.M)
    documented = {code for cell in first_cells for code in re.findall(r"`([a-z0-9-]+)`", cell)}
    repo = Path(hrosite.content.__file__).parent.parent
    source = "".join(p.read_text(encoding="utf-8")
                     for p in [*(repo / "hrosite" / "model").glob("*.py"), *(repo / "tools" / "forms").glob("*.py"),
                               repo / "hrosite" / "checks" / "privacy.py"])
    used = set(re.findall(r'FieldError\(\s*"([a-z0-9-]+)"', source))
    used |= set(re.findall(r'code="([a-z0-9-]+)"', source)) | {"national-id", "arc"}
    from hrosite.model.validation import _CODES
    used |= set(_CODES.values()) | {"invalid-date", "invalid-url", "pattern", "wrong-type", "invalid-value",
                                    "invalid-content"}
    assert used - documented == set()
