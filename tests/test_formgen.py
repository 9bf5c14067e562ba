"""Sample-form generator (tools/forms/): YAML → ODT (odfpy) → PDF (LibreOffice)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import OFFICE as OFFICE_A   # the frozen fixture office (tests/fixtures/office-a/)

from tools.forms import SAMPLE_BANNER, FormSourceError, OfficeFacts, build_forms, load_source, odt_bytes

ROOT = Path(__file__).resolve().parents[1]
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# 範例 (made-up) offices: the tests never use the live example's identity.
OFFICE = OfficeFacts(name="範例市甲區戶政事務所", district="範例市甲區")
# The PDF tests run wherever `make test-deps` ran (it installs LibreOffice); CI must never skip them.
# Starting LibreOffice takes seconds: these tests are `slow` (make test, not make test-fast).
_skip_without_soffice = pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"),
                                           reason="LibreOffice (soffice) not installed: run make test-deps")


def needs_soffice(test):
    return pytest.mark.slow(_skip_without_soffice(test))

SOURCE = """\
id: test-form
title: 測試登記申請書
number: null
updated: 2026-11-26
intro: 測試用表單。
sections:
  - title: 申請人
    fields:
      - {label: 姓名, kind: text}
      - {label: 性別, kind: checkbox, options: [男, 女]}
      - {label: 身分證統一編號, kind: idno}
      - {label: 出生日期, kind: date}
      - {label: 申請人簽章, kind: signature, width: full}
  - title: 人員
    table: {columns: [姓名, 出生日期], rows: 2}
notes:
  - 測試注意事項。
"""


def write_source(tmp_path: Path, text: str = SOURCE, name: str = "test-form") -> Path:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / f"{name}.yml").write_text(text, encoding="utf-8")
    return src


def test_odt_is_odf_with_title(tmp_path):
    src = write_source(tmp_path)
    written = build_forms(src, tmp_path / "out", office=OFFICE, pdf=False)
    odt = tmp_path / "out" / "test-form.odt"
    assert written == [odt]
    with zipfile.ZipFile(odt) as z:
        first = z.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert z.read("mimetype") == ODT_MIMETYPE
        content = z.read("content.xml").decode("utf-8")
        styles = z.read("styles.xml").decode("utf-8")
        meta = z.read("meta.xml").decode("utf-8")
    assert "測試登記申請書" in content
    assert SAMPLE_BANNER in content
    assert "<table:table " in content
    assert "Noto Sans CJK TC" in styles and 'style:font-family-generic="swiss"' in styles
    assert "<dc:title>測試登記申請書</dc:title>" in meta
    assert "<dc:language>zh-TW</dc:language>" in meta
    assert "2026-11-26T00:00:00" in meta


def test_odt_is_deterministic(tmp_path):
    src = load_source(write_source(tmp_path) / "test-form.yml")
    assert odt_bytes(src, OFFICE) == odt_bytes(src, OFFICE)


@pytest.mark.parametrize("bad, message", [
    ("      - {label: 身分證統一編號, kind: text, template: A123456789}\n", "身分證"),
    ("      - {label: 電話, kind: text, template: 0912-345-678}\n", "電話"),
    ("      - {label: 姓名, kind: texts}\n", "kind"),
    ("      - {label: 姓名, kind: text, colour: red}\n", "unknown"),
])
def test_rejects_bad_sources(tmp_path, bad, message):
    text = SOURCE.replace("      - {label: 姓名, kind: text}\n", bad)
    src = write_source(tmp_path, text)
    with pytest.raises(FormSourceError, match=message):
        build_forms(src, tmp_path / "out", office=OFFICE, pdf=False)
    assert not (tmp_path / "out" / "test-form.odt").exists()


def test_repository_sources_match_committed_files(tmp_path):
    """Every forms/src/*.yml builds, and forms/files holds an up-to-date ODT + PDF for it."""
    sources = sorted((OFFICE_A / "forms" / "src").glob("*.yml"))
    assert sources, "forms/src is empty"
    build_forms(OFFICE_A / "forms" / "src", tmp_path, office=OfficeFacts.from_site(OFFICE_A / "site.yml"),
                pdf=False)
    for path in sources:
        form_id = path.stem
        committed = OFFICE_A / "forms" / "files" / f"{form_id}.odt"
        assert committed.is_file(), f"{committed} missing: run scripts/make-forms"
        assert (OFFICE_A / "forms" / "files" / f"{form_id}.pdf").is_file()
        with zipfile.ZipFile(committed) as old, zipfile.ZipFile(tmp_path / f"{form_id}.odt") as new:
            for name in ("content.xml", "styles.xml", "meta.xml"):
                assert old.read(name) == new.read(name), \
                    f"{committed.name} is stale ({name}): run scripts/make-forms"


@needs_soffice
def test_pdf_conversion(tmp_path):
    src = write_source(tmp_path)
    written = build_forms(src, tmp_path / "out", office=OFFICE)
    pdf = tmp_path / "out" / "test-form.pdf"
    assert pdf in written
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) < 150_000
    text = pdf_text(pdf)
    assert "測試登記申請書" in text
    assert SAMPLE_BANNER in text
    # Volatile metadata is pinned: a second build gives the same bytes.
    build_forms(src, tmp_path / "again", office=OFFICE)
    assert (tmp_path / "again" / "test-form.pdf").read_bytes() == data


# --------------------------------------------------------------------------- office identity

def odt_text(path: Path) -> str:
    """Every paragraph, heading and span of an ODT (odfpy), footer and metadata included."""
    from odf import teletype
    from odf.opendocument import load
    from odf.text import H, P

    doc = load(str(path))
    parts = [teletype.extractText(el) for root in (doc.text, doc.masterstyles)
             for kind in (P, H) for el in root.getElementsByType(kind)]
    with zipfile.ZipFile(path) as z:
        parts.append(z.read("meta.xml").decode("utf-8"))
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    """The text layer of every page (pypdf) plus the document information."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    info = " ".join(str(v) for v in (reader.metadata or {}).values())
    return "\n".join(page.extract_text() for page in reader.pages) + "\n" + info


ADDRESS_SOURCE = SOURCE.replace(
    "      - {label: 姓名, kind: text}\n",
    "      - {label: 姓名, kind: text}\n"
    "      - {label: 戶籍地址, kind: text, width: full, template: \"{{ office.district }}　　里　　鄰\"}\n")


def write_office(folder: Path, site_yml: str) -> Path:
    (folder / "forms").mkdir(parents=True)
    (folder / "site.yml").write_text(site_yml, encoding="utf-8")
    write_source(folder / "forms", ADDRESS_SOURCE)
    return folder


def test_header_and_address_line_come_from_site_yml(tmp_path):
    site = ("name: 範例市甲區戶政事務所\ndistrict: 範例市甲區\n"
            "contact: {address: null, phone: null}\n")
    office = write_office(tmp_path / "a", site)
    facts = OfficeFacts.from_site(office / "site.yml")
    assert facts == OfficeFacts(name="範例市甲區戶政事務所", district="範例市甲區")
    build_forms(office / "forms" / "src", office / "out", office=facts, pdf=False)
    text = odt_text(office / "out" / "test-form.odt")
    assert "範例市甲區戶政事務所　地址：待確認｜電話：待確認" in text
    assert "範例市甲區　　里　　鄰" in text
    assert "範例表單｜範例市甲區戶政事務所｜版本日期" in text
    assert "{{" not in text


def test_unknown_office_fact_is_refused_before_writing(tmp_path):
    src = write_source(tmp_path, SOURCE.replace("intro: 測試用表單。", "intro: 傳真 {{ office.fax }}"))
    with pytest.raises(FormSourceError) as err:
        build_forms(src, tmp_path / "out", office=OFFICE, pdf=False)
    assert str(err.value) == (f"{src / 'test-form.yml'}: (text): 不認得的本所資料（unknown fact）："
                              "{{ office.fax }}；可用 office.name、office.district、office.address、office.phone")
    assert not (tmp_path / "out").exists()


def test_site_yml_without_name_is_an_error(tmp_path):
    (tmp_path / "site.yml").write_text("district: 範例市甲區\n", encoding="utf-8")
    with pytest.raises(FormSourceError) as err:
        OfficeFacts.from_site(tmp_path / "site.yml")
    assert str(err.value) == f"{tmp_path / 'site.yml'}: name: 必填（required），表單要印出本所名稱"


def test_forms_command_reports_missing_site_yml_without_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "hrosite", "--root", str(tmp_path), "forms", "--no-pdf"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"錯誤（error）：{tmp_path / 'site.yml'}: 讀不到本所基本資料（site.yml）")
    assert "Traceback" not in proc.stderr


@needs_soffice
def test_second_office_forms_name_only_that_office(tmp_path):
    """`hrosite forms` for two offices: each ODT and PDF names its own office and not the other."""
    first = write_office(tmp_path / "first", "name: 範例市甲區戶政事務所\ndistrict: 範例市甲區\n"
                                             "contact: {address: null, phone: null}\n")
    second = write_office(tmp_path / "second", "name: 範例縣乙鄉戶政事務所\ndistrict: 範例縣乙鄉\n"
                                               "contact: {address: 範例縣乙鄉範例路, phone: null}\n")
    for office in (first, second):
        proc = subprocess.run([sys.executable, "-m", "hrosite", "--root", str(office), "forms"],
                              capture_output=True, text=True, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr
    odt = odt_text(second / "forms" / "files" / "test-form.odt")
    pdf = pdf_text(second / "forms" / "files" / "test-form.pdf")
    for text in (odt, pdf):
        assert "範例縣乙鄉戶政事務所" in text
        assert "地址：範例縣乙鄉範例路｜電話：待確認" in text
        assert "範例縣乙鄉　　里　　鄰" in text
        assert "甲區" not in text
    assert "甲區戶政事務所" in pdf_text(first / "forms" / "files" / "test-form.pdf")
