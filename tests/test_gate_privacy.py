"""Privacy gate (個資法 §2; NORMS §5): planted identifiers fail, clean and masked text passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrosite.checks.privacy import is_valid_id, scan_paths, scan_text
from hrosite.findings import errors


def _write(root: Path, rel: str, text: str, encoding: str = "utf-8") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)
    return path


@pytest.mark.parametrize(
    "value, valid",
    [
        ("A123456789", True),  # NORMS §5.1
        ("F131104093", True),
        ("E222222221", True),
        ("A123456788", False),
        ("A800000014", True),  # new ARC, NORMS §5.2
        ("AC01234567", True),  # old ARC, second letter -> units digit
        ("A300000001", False),  # wrong second digit is not an ID at all
    ],
)
def test_checksum_vectors_norms_5(value, valid):
    assert is_valid_id(value) is valid


def test_valid_id_in_faq_answer_is_error_with_line_and_col(tmp_path):
    answer = "    answer: 請填寫申請書，例如 A123456789 的欄位。"
    _write(tmp_path, "faq/id-card.yml", (
        "category: id-card\n"
        "entries:\n"
        "  - question: 申請身分證要帶什麼？\n"
        f"{answer}\n"
    ))
    findings = scan_paths([tmp_path / "faq"], tmp_path)
    assert len(findings) == 1
    f = findings[0]
    assert answer.index("A123456789") + 1 == 23  # columns count characters, 1-based
    assert (f.file, f.line, f.col) == ("faq/id-card.yml", 4, 23)
    assert f.severity == "error" and f.gate == "privacy"
    assert "國民身分證統一編號（national ID）" in f.message
    assert f.hint == "請刪除或遮蔽，例如 A12****789"
    assert "A123456789" not in f.message + f.hint  # the report must not republish it


@pytest.mark.parametrize(
    "variant",
    [
        "ａ１２３４５６７８９",  # full-width, lower case
        "Ａ１２３４５６７８９",
        "a123456789",
        "A 123 456 789",
        "A123-456-789",
        "Ａ１２３－４５６－７８９",
        "F131104093",
        "E222222221",
    ],
)
def test_full_width_spaced_and_lower_case_ids_are_caught(variant):
    findings = scan_text(f"聯絡人身分證：{variant}。", "content/a.md")
    assert [(f.severity, f.col) for f in findings] == [("error", 8)]


@pytest.mark.parametrize(
    "value, label",
    [
        ("A800000014", "居留證"),
        ("AC01234567", "居留證"),
        ("AB12345678901234", "自然人憑證"),
    ],
)
def test_arc_and_citizen_certificate_are_errors(value, label):
    (f,) = scan_text(f"號碼 {value}", "x.md")
    assert f.severity == "error" and label in f.message and f.col == 4


@pytest.mark.parametrize("masked", ["A12****789", "A123***789", "a12＊＊＊＊789", "0912-***-678"])
def test_masked_forms_pass(masked):
    assert scan_text(f"範例：{masked}", "x.md") == []


def test_invalid_checksum_is_warning_only():
    findings = scan_text("answer: A123456788\n", "faq/x.yml")
    assert [(f.line, f.col, f.severity) for f in findings] == [(1, 9, "warning")]
    assert errors(findings) == []


@pytest.mark.parametrize(
    "text",
    [
        "village_code: 64000010001",  # MOI village code
        "sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "sha256: 3a1234567890b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6",
        "id: xA123456789y",  # inside a longer run
        "count: 0912345678901",  # a longer number
        "ratio: 10.0940151622",  # a decimal fraction
        "spaced table: 1 0912 345 678 9",
        '<path d="M12 2A10 10 0 0 0 2 12a10 10 0 0 0 10 10"/>',  # SVG arc data
        "電話：07-5511234，傳真：07-5517890",  # office landlines
    ],
)
def test_codes_hashes_and_numbers_are_not_flagged(text):
    assert scan_text(text, "x.md") == []


@pytest.mark.parametrize(
    "phone", ["0912-345-678", "0912345678", "0912 345 678", "0912-345678", "+886 912 345 678",
              "０９１２－３４５－６７８"],
)
def test_mobile_number_is_error(phone):
    (f,) = scan_text(f"承辦人手機 {phone}", "content/contact.md")
    assert f.severity == "error" and "mobile phone number" in f.message and f.col == 7


def test_mobile_allowlist_matches_any_spelling(tmp_path):
    _write(tmp_path, "site.yml", "duty_phone: 0912 345 678\nother: 0987654321\n")
    findings = scan_paths([tmp_path / "site.yml"], tmp_path, allow=["0912-345-678"])
    assert [(f.line, f.col) for f in findings] == [(2, 8)]


def test_two_hits_on_one_line_get_their_own_columns():
    findings = scan_text("A123456789、F131104093", "x.csv")
    assert [f.col for f in findings] == [1, 12]


def test_scan_paths_reads_text_kinds_and_skips_binaries(tmp_path):
    _write(tmp_path, "stats/people.csv", "里,身分證\n大公里,F131104093\n")
    _write(tmp_path, "stats/big5.csv", "姓名,電話\n王,0912345678\n", encoding="cp950")
    _write(tmp_path, "site/index.html", "<html>\n<p>A123456789</p>\n</html>\n")
    _write(tmp_path, "notes.py", "A123456789\n")  # not a content kind
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "blank.json").write_bytes(b"\x00\x01A123456789")
    findings = scan_paths([tmp_path], tmp_path)
    assert [(f.file, f.line, f.col) for f in findings] == [
        ("site/index.html", 2, 4),
        ("stats/big5.csv", 2, 3),
        ("stats/people.csv", 2, 5),
    ]


def test_clean_content_passes(tmp_path):
    _write(tmp_path, "faq/general.yml", (
        "- question: 辦理時間？\n"
        "  answer: 週一至週五 08:00–17:00，電話 07-5511234。\n"
        "  updated: 2024-09-12\n"
    ))
    assert scan_paths([tmp_path], tmp_path) == []


def test_official_document_numbers_are_not_phone_numbers():
    text = "依內政部 99 年 9 月 17 日台內戶字第0990186657號令辦理；聯絡 0912-345-678"
    found = scan_text(text, "content/disclosures/x.yml")
    assert [f.message for f in found if "0990186657" in f.message or "099****657" in f.message] == []
    assert len(found) == 1 and found[0].col == text.index("0912") + 1
    segmented = "\u200b".join(["台", "內戶", "字", "第", "0990186657", "號令"])  # the search index
    assert scan_text(segmented, "search/search_index.json") == []
    assert len(scan_text("\u200b".join(["電話", "0912345678"]), "search/search_index.json")) == 1
