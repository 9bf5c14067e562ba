"""Sample-form generator (hrosite/tools/formgen.py): YAML → ODT (odfpy) → PDF (LibreOffice)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from hrosite.tools.formgen import SAMPLE_BANNER, FormSourceError, build_forms, load_source, odt_bytes

ROOT = Path(__file__).resolve().parents[1]
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

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
    written = build_forms(src, tmp_path / "out", pdf=False)
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
    assert odt_bytes(src) == odt_bytes(src)


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
        build_forms(src, tmp_path / "out", pdf=False)
    assert not (tmp_path / "out" / "test-form.odt").exists()


def test_repository_sources_match_committed_files(tmp_path):
    """Every forms/src/*.yml builds, and forms/files holds an up-to-date ODT + PDF for it."""
    sources = sorted((ROOT / "forms" / "src").glob("*.yml"))
    assert sources, "forms/src is empty"
    build_forms(ROOT / "forms" / "src", tmp_path, pdf=False)
    for path in sources:
        form_id = path.stem
        committed = ROOT / "forms" / "files" / f"{form_id}.odt"
        assert committed.is_file(), f"{committed} missing: run scripts/make-forms"
        assert (ROOT / "forms" / "files" / f"{form_id}.pdf").is_file()
        with zipfile.ZipFile(committed) as old, zipfile.ZipFile(tmp_path / f"{form_id}.odt") as new:
            for name in ("content.xml", "styles.xml", "meta.xml"):
                assert old.read(name) == new.read(name), \
                    f"{committed.name} is stale ({name}): run scripts/make-forms"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_pdf_conversion(tmp_path):
    src = write_source(tmp_path)
    written = build_forms(src, tmp_path / "out")
    pdf = tmp_path / "out" / "test-form.pdf"
    assert pdf in written
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) < 150_000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "測試登記申請書" in text
        assert SAMPLE_BANNER in text
    # Volatile metadata is pinned: a second build gives the same bytes.
    build_forms(src, tmp_path / "again")
    assert (tmp_path / "again" / "test-form.pdf").read_bytes() == data
