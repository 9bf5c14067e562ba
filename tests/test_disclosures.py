"""主動公開資訊 (政府資訊公開法第7條, docs/sources.md): the gate, freshness, files and derived items."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from hrosite.build import compile_to
from hrosite.checks.freshness import disclosure_review
from hrosite.checks.run import _as_error
from hrosite.content import load_site
from hrosite.findings import errors
from hrosite.model.disclosure import CATEGORIES

DISCLOSURES = Path("content") / "disclosures"


def errors_of(root: Path) -> list[str]:
    _, findings = load_site(root)
    return [f.format_text() for f in findings if f.severity == "error"]


def compiled(root: Path, page: str, site_url: str | None = None) -> str:
    result = compile_to(root, root / "build" / "docs", site_url)
    assert result.ok, "\n".join(f.format_text() for f in result.findings)
    return (root / "build" / "docs" / page).read_text(encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in line)


def set_field(path: Path, key: str, value: str) -> None:
    """Replace a top-level `key:` line (or add it) in a disclosure file."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"^{key}:.*$", re.M)
    text = pattern.sub(f"{key}: {value}", text) if pattern.search(text) else text + f"{key}: {value}\n"
    path.write_text(text, encoding="utf-8")


def files_of_category(root: Path, number: int) -> list[Path]:
    return [p for p in sorted((root / DISCLOSURES).glob("*.yml"))
            if re.search(rf"^category: {number}$", p.read_text(encoding="utf-8"), re.M)]


def test_example_content_fills_or_declares_all_ten_categories(example):
    assert errors_of(example) == []
    content, _ = load_site(example)
    assert {d.entry.category for d in content.disclosures} == set(range(1, 11))
    index = compiled(example, "disclosures/index.md")
    anchors = re.findall(r"^## (\S+) \{#(category-\d+)\}$", index, re.M)
    assert [a for _, a in anchors] == [f"category-{n}" for n in range(1, 11)]  # statutory order
    assert [h for h, _ in anchors] == [c.heading for c in CATEGORIES]       # statutory text
    assert "**本款不適用本所**：本所由主任綜理所務" in index
    assert index.count("發布日期：") == index.count("；更新日期：") == len(content.disclosures)


@pytest.mark.parametrize("number", [4, 10])
def test_removing_all_items_of_a_category_fails_naming_it(example, number):
    for path in files_of_category(example, number):
        path.unlink()
    found = [m for m in errors_of(example) if "missing disclosure category" in m]
    assert len(found) == 1
    assert found[0].startswith("content/disclosures/:")
    assert f"第{number}款" in found[0] and CATEGORIES[number - 1].text in found[0]
    assert not compile_to(example, example / "build" / "docs").ok  # the build fails on it


def test_a_category_cannot_be_both_filled_and_not_applicable(example):
    path = example / DISCLOSURES / "collegial-meeting-minutes.yml"
    set_field(path, "category", "9")
    (message,) = [m for m in errors_of(example) if "不可同時宣告不適用" in m]
    assert message.startswith(f"{path.relative_to(example).as_posix()}:{line_of(path, 'not_applicable:')}:")
    assert "subsidies" in message


def test_past_review_by_warns_and_fails_when_strict(example):
    path = example / DISCLOSURES / "subsidies.yml"
    set_field(path, "review_by", "2027-01-31")
    content, findings = load_site(example)
    assert not [f for f in findings if f.severity == "error"]
    assert disclosure_review(content, dt.date(2027, 1, 31)) == []  # due today is not late

    late = [f for f in disclosure_review(content, dt.date(2027, 2, 1)) if f.file.endswith("subsidies.yml")]
    (warning,) = late
    assert (warning.severity, warning.gate, warning.field) == ("warning", "freshness", "review_by")
    assert warning.line == line_of(path, "review_by:")
    assert "支付或接受之補助" in warning.message and "2027-01-31" in warning.message

    # check --strict-freshness (nightly) runs the same findings through the gate runner as errors
    strict = [_as_error(f) for f in late]
    assert errors(strict) == strict


def test_freshness_never_changes_the_build(example):
    """The build has no clock: freshness is a separate check that the CLI calls."""
    first = compiled(example, "disclosures/index.md")
    assert compiled(example, "disclosures/index.md") == first


def test_missing_file_fails_with_path_and_line(example):
    path = example / DISCLOSURES / "administrative-guidance.yml"
    set_field(path, "file", "files/guidance-2026.pdf")
    (message,) = [m for m in errors_of(example) if "administrative-guidance.yml" in m]
    assert message.startswith(f"content/disclosures/administrative-guidance.yml:{line_of(path, 'file:')}:")
    assert "找不到檔案 content/disclosures/files/guidance-2026.pdf" in message


def test_docx_fails_with_path_and_line(example):
    path = example / DISCLOSURES / "administrative-guidance.yml"
    (example / DISCLOSURES / "files").mkdir()
    (example / DISCLOSURES / "files" / "guidance.docx").write_bytes(b"PK\x03\x04")
    set_field(path, "file", "files/guidance.docx")
    (message,) = [m for m in errors_of(example) if "administrative-guidance.yml" in m]
    assert message.startswith(f"content/disclosures/administrative-guidance.yml:{line_of(path, 'file:')}:")
    assert ".docx" in message and "office format" in message


def test_fake_pdf_fails(example):
    path = example / DISCLOSURES / "subsidies.yml"
    (example / DISCLOSURES / "files").mkdir()
    (example / DISCLOSURES / "files" / "subsidies.pdf").write_bytes(b"not a pdf")
    set_field(path, "file", "files/subsidies.pdf")
    (message,) = [m for m in errors_of(example) if "subsidies.yml" in m]
    assert "不是 PDF" in message


def test_file_is_copied_and_linked_with_format_and_size(example):
    (example / DISCLOSURES / "files").mkdir()
    pdf = (example / "forms/files/birth-registration-form.pdf").read_bytes()  # a real PDF: it is parsed
    (example / DISCLOSURES / "files" / "subsidies-2026.pdf").write_bytes(pdf)
    set_field(example / DISCLOSURES / "subsidies.yml", "file", "files/subsidies-2026.pdf")
    page = compiled(example, "disclosures/subsidies.md")
    size = f"{round(len(pdf) / 1024)} KB"
    assert f"[支付或接受之補助（PDF，{size}）](files/subsidies-2026.pdf)" in page
    assert (example / "build" / "docs" / "disclosures" / "files" / "subsidies-2026.pdf").read_bytes() == pdf
    index = compiled(example, "disclosures/index.md")
    subsidies = index[index.index("{#category-9}"):index.index("{#category-10}")]
    assert "資料位置" not in subsidies  # no longer 待確認


def test_category_3_follows_site_yml(example):
    page = compiled(example, "disclosures/organisation-and-contact.md")
    assert '<th scope="row">電話</th><td>待確認</td>' in page
    site = example / "site.yml"
    text = site.read_text(encoding="utf-8")
    text = text.replace("  phone: null", '  phone: "(07) 000-0000"').replace(
        "updated: 2026-11-26", "updated: 2026-12-01", 1)
    site.write_text(text, encoding="utf-8")
    page = compiled(example, "disclosures/organisation-and-contact.md")
    assert '<th scope="row">電話</th><td>(07) 000-0000</td>' in page
    assert "更新日期</dt><dd><time datetime=\"2026-12-01\">" in page  # as new as site.yml


def test_category_3_cannot_be_retyped_by_hand(example):
    path = example / DISCLOSURES / "organisation-and-contact.yml"
    text = path.read_text(encoding="utf-8").replace("generated: contact", "page: contact.md")
    path.write_text(text, encoding="utf-8")
    assert any("generated: contact" in m and "第3款" in m for m in errors_of(example))


def test_every_law_a_procedure_cites_is_listed(example):
    procedure = example / "content" / "procedures" / "seal-registration.yml"
    text = procedure.read_text(encoding="utf-8").replace(
        "  - law: 印鑑登記辦法", "  - law: 測試用法規\n    article: 第1條\n  - law: 印鑑登記辦法")
    procedure.write_text(text, encoding="utf-8")
    page = compiled(example, "disclosures/household-laws.md")
    assert "- **測試用法規**：全文網址" in page
    assert "[印鑑登記與印鑑證明](../procedures/seal-registration.md)（第1條）" in page
    assert "[戶籍法全文（全國法規資料庫）](https://law.moj.gov.tw/LawClass/LawAll.aspx?pcode=D0030006)" in page
    index = compiled(example, "disclosures/index.md")
    assert "測試用法規" in index

    (example / DISCLOSURES / "household-laws.yml").unlink()
    (message,) = [m for m in errors_of(example) if "generated: laws" in m]
    assert "測試用法規" in message and "戶籍法" in message


def first_error(root: Path, path: Path) -> str:
    rel = path.relative_to(root).as_posix()
    found = [m for m in errors_of(root) if m.startswith(rel + ":")]
    assert found, errors_of(root)
    return found[0]


def test_two_targets_fail_at_the_second(example):
    path = example / DISCLOSURES / "business-statistics.yml"
    set_field(path, "url", "https://example.gov.tw/statistics")
    set_field(path, "site", "測試網站")
    message = first_error(example, path)
    assert f"business-statistics.yml:{line_of(path, 'generated:')}:" in message
    assert "url、generated" in message
    _, findings = load_site(example)
    assert [f.code for f in findings if f.file.endswith("business-statistics.yml")] == ["one-target"]


def test_site_without_url_fails(example):
    path = example / DISCLOSURES / "subsidies.yml"
    set_field(path, "site", "測試網站")
    message = first_error(example, path)
    assert f"subsidies.yml:{line_of(path, 'site:')}:" in message and "url" in message


def test_generated_item_stays_in_its_category(example):
    path = example / DISCLOSURES / "business-statistics.yml"
    set_field(path, "category", "2")
    message = first_error(example, path)
    assert f"business-statistics.yml:{line_of(path, 'generated:')}:" in message and "第5款" in message


def test_url_without_site_name_fails(example):
    path = example / DISCLOSURES / "procurement-contracts.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^site:.*\n", "", text, flags=re.M), encoding="utf-8")
    (message,) = [m for m in errors_of(example) if "procurement-contracts.yml" in m]
    assert message.startswith(f"content/disclosures/procurement-contracts.yml:{line_of(path, 'url:')}:")
    assert "網站名稱" in message


def test_unknown_internal_page_fails(example):
    path = example / DISCLOSURES / "household-fine-standards.yml"
    set_field(path, "page", "procedures/no-such-procedure.md#late-fine")
    (message,) = [m for m in errors_of(example) if "household-fine-standards.yml" in m]
    assert message.startswith(f"content/disclosures/household-fine-standards.yml:{line_of(path, 'page:')}:")
    assert "procedures/no-such-procedure.md" in message


def test_external_link_names_its_site_and_pending_shows_tbc(example):
    page = compiled(example, "disclosures/freedom-of-government-information-act.md")
    assert "[政府資訊公開法（法務部主管法規查詢系統）](https://mojlaw.moj.gov.tw/" in page
    assert "另開新視窗" not in page  # same window, so it must not say otherwise
    page = compiled(example, "disclosures/budget-and-final-accounts.md")
    assert '刊載於高雄市政府網站，網址<span class="hro-tbc">待確認</span>' in page


def test_item_page_shows_both_dates_and_category(example):
    page = compiled(example, "disclosures/household-fine-standards.md")
    assert "<dt>發布日期</dt>" in page and "<dt>更新日期</dt>" in page
    assert "政府資訊公開法第7條第1項第2款" in page
    assert "[出生登記](../procedures/birth-registration.md#late-fine)" in page


def test_sitemap_and_navigation_link_the_disclosures(example):
    result = compile_to(example, example / "build" / "docs")
    titles = {item.title: item for item in result.nav}
    assert titles["政府資訊公開"].path == "disclosures/index.md"
    sitemap = (example / "build" / "docs" / "sitemap.md").read_text(encoding="utf-8")
    assert "[政府資訊公開](disclosures/index.md)" in sitemap


def test_category_5_links_the_statistics_section_when_there_is_one(example):
    page = compiled(example, "disclosures/business-statistics.md")
    assert "](../stats/index.md)" in page
    shutil.rmtree(example / "stats")
    page = compiled(example, "disclosures/business-statistics.md")
    assert '網址<span class="hro-tbc">待確認</span>' in page and "stats/index.md" not in page


def test_procedures_past_review_by_are_stale_too():
    import datetime as dt

    from hrosite.checks.freshness import freshness_findings
    from hrosite.content import load_site

    from conftest import OFFICE

    content, _ = load_site(OFFICE)
    late = freshness_findings(content, dt.date(2099, 1, 1))
    assert any(f.file == "content/procedures/birth-registration.yml" and f.field == "review_by"
               and f.severity == "warning" for f in late)
    assert [f for f in freshness_findings(content, dt.date(2026, 11, 26))
            if f.file.startswith("content/procedures/")] == []
