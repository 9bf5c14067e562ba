"""書表下載: forms/forms.yml plus the files; ODF for editing, text PDF for printing.

National policy (NORMS.md §2.4, ME1320200C): downloads are ODF or PDF, never .doc/.docx.
Each file is checked for what it claims to be and measured (size, SHA-256).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, model_validator

from ..findings import Finding
from ..sources import Document, load_yaml_file
from .validation import ID_PATTERN, Strict, validate

OFFICE_FORMATS = {".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx"}
ODF_MIMETYPES = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}
FORMAT_LABELS = {".odt": "ODT", ".ods": "ODS", ".pdf": "PDF"}


class FormFiles(Strict):
    odt: str | None = None
    ods: str | None = None
    pdf: str

    @model_validator(mode="before")
    @classmethod
    def _no_office_formats(cls, data):
        if isinstance(data, dict):
            bad = sorted(k for k in data if f".{k}" in OFFICE_FORMATS)
            if bad:
                raise ValueError(f"不可提供 {'、'.join(bad)} 檔（office format）：政府網站下載檔須為"
                                 " ODF（odt/ods）或 PDF；請用 LibreOffice 另存為 .odt 與 .pdf")
        return data


class Form(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str
    number: str | None = None
    category: str
    description: str
    files: FormFiles
    sample: bool = False
    updated: dt.date


class FormRegistry(Strict):
    forms: list[Form] = Field(min_length=1)


@dataclass(frozen=True)
class FileInfo:
    """A checked download: where it is, what it is and how big."""

    source: Path
    name: str          # file name in the built site
    label: str         # ODT / ODS / PDF
    size: int
    sha256: str

    @property
    def size_text(self) -> str:
        return f"{max(1, round(self.size / 1024))} KB" if self.size < 1024 * 1024 \
            else f"{self.size / 1024 / 1024:.1f} MB"


def check_file(path: Path) -> str | None:
    """Why a file is not what its extension says, or None when it is."""
    suffix = path.suffix.lower()
    head = path.read_bytes()[:8]
    if suffix == ".pdf":
        return None if head.startswith(b"%PDF-") else "不是 PDF 檔（missing %PDF header）"
    if suffix in ODF_MIMETYPES:
        try:
            with zipfile.ZipFile(path) as archive:
                first = archive.infolist()[0] if archive.infolist() else None
                if first is None or first.filename != "mimetype":
                    return "不是 ODF 檔（mimetype 不是第一個項目）"
                if archive.read("mimetype").decode("ascii", "replace").strip() != ODF_MIMETYPES[suffix]:
                    return f"ODF 類型不符（mimetype 應為 {ODF_MIMETYPES[suffix]}）"
        except zipfile.BadZipFile:
            return "不是 ODF 檔（not a zip archive）"
        return None
    return f"不支援的檔案格式 {suffix}"


def file_info(path: Path) -> FileInfo:
    data = path.read_bytes()
    return FileInfo(path, path.name, FORMAT_LABELS[path.suffix.lower()], len(data),
                    hashlib.sha256(data).hexdigest())


def check_download(doc: Document, field_path: tuple, base: Path, rel_value: str,
                   expected: str) -> tuple[FileInfo | None, list[Finding]]:
    """Validate one referenced download file (shared by forms and disclosures)."""
    suffix = Path(rel_value).suffix.lower()
    if suffix in OFFICE_FORMATS:
        return None, [doc.finding(field_path,
                                  f"不可提供 {suffix} 檔（office format）：政府網站下載檔須為 ODF 或 PDF",
                                  "用 LibreOffice 另存為 .odt（可編輯）與 .pdf（列印用）")]
    if expected and suffix != expected:
        return None, [doc.finding(field_path, f"副檔名應為 {expected}（目前是 {suffix or '無'}）")]
    path = (base / rel_value)
    if not path.is_file():
        return None, [doc.finding(field_path, f"找不到檔案 {Path(doc.file).parent.as_posix()}/{rel_value}"
                                              "（file not found）",
                                  "確認檔名大小寫與資料夾是否正確")]
    problem = check_file(path)
    if problem:
        return None, [doc.finding(field_path, problem)]
    return file_info(path), []


def load_forms(root: Path) -> tuple[list[tuple[Form, dict[str, FileInfo]]], Document | None,
                                    list[Finding]]:
    doc, findings = load_yaml_file(root / "forms" / "forms.yml", "forms/forms.yml")
    if doc is None:
        return [], None, findings
    registry, problems = validate(doc, FormRegistry)
    findings += problems
    if registry is None:
        return [], doc, findings
    result = []
    seen: set[str] = set()
    for index, form in enumerate(registry.forms):
        if form.id in seen:
            findings.append(doc.finding(("forms", index, "id"), f"書表 id「{form.id}」重複（duplicate id）"))
            continue
        seen.add(form.id)
        files: dict[str, FileInfo] = {}
        for kind in ("odt", "ods", "pdf"):
            value = getattr(form.files, kind)
            if value is None:
                continue
            info, problems = check_download(doc, ("forms", index, "files", kind), root / "forms",
                                            value, f".{kind}")
            findings += problems
            if info:
                files[kind] = info
        if not (form.files.odt or form.files.ods):
            findings.append(doc.finding(("forms", index, "files"),
                                        "每份書表都要有可編輯的 ODF 檔（odt 或 ods）與 PDF 檔"))
        result.append((form, files))
    return result, doc, findings
