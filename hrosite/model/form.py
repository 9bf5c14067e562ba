"""書表下載: forms/forms.yml plus the files; ODF for editing, text PDF for printing.

National policy (docs/sources.md, ME1320200C): downloads are ODF or PDF, never .doc/.docx.
Each file is checked for what it claims to be and measured (size, SHA-256).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, model_validator

from ..documents import check_document
from ..findings import Finding
from ..limits import too_big
from ..sources import Document, load_yaml_file
from .validation import ID_PATTERN, FieldError, Strict, duplicates, rule, validate

OFFICE_FORMATS = {".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx"}
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
                raise FieldError("office-format", bad[0], f"不可提供 {'、'.join(bad)} 檔（office format）："
                                 "政府網站下載檔須為 ODF（odt/ods）或 PDF；請用 LibreOffice 另存為 .odt 與 .pdf")
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


@rule(FormRegistry)
def _unique_forms(registry: FormRegistry, context: dict) -> list[FieldError]:
    return duplicates(registry.forms, "id", "forms", "書表")


@rule(FormFiles)
def _editable_and_pdf(files: FormFiles, context: dict) -> list[FieldError]:
    """Every form has an editable ODF file beside its PDF."""
    if files.odt or files.ods:
        return []
    return [FieldError("missing-odf", (), "每份書表都要有可編輯的 ODF 檔（odt 或 ods）與 PDF 檔",
                       "加上 odt: 或 ods: 一行，寫出 files/ 裡的 ODF 檔")]


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
    """Why a file is not what its extension says, or is too big (None when it is fine)."""
    return too_big(path, path.stat().st_size) or check_document(path)


def file_info(path: Path) -> FileInfo:
    data = path.read_bytes()
    return FileInfo(path, path.name, FORMAT_LABELS[path.suffix.lower()], len(data),
                    hashlib.sha256(data).hexdigest())


def check_download(doc: Document, field_path: tuple, base: Path, rel_value: str,
                   expected: str, allowed: Path | None = None) -> tuple[FileInfo | None, list[Finding]]:
    """Validate one referenced download file (shared by forms and disclosures).

    The path is relative to `base` and, once every `..` and symlink is resolved, must lie
    inside `allowed` (default `base`/files): no file of the build machine can be published.
    """
    suffix = Path(rel_value).suffix.lower()
    if suffix in OFFICE_FORMATS:
        return None, [doc.finding(field_path,
                                  f"不可提供 {suffix} 檔（office format）：政府網站下載檔須為 ODF 或 PDF",
                                  "用 LibreOffice 另存為 .odt（可編輯）與 .pdf（列印用）", code="office-format")]
    if expected and suffix != expected:
        return None, [doc.finding(field_path, f"副檔名應為 {expected}（目前是 {suffix or '無'}）",
                                  code="wrong-extension")]
    allowed = allowed or base / "files"
    shown = f"{Path(doc.file).parent.as_posix()}/{rel_value}"
    where = f"{Path(doc.file).parent.as_posix()}/{allowed.relative_to(base).as_posix()}/"
    path = base / rel_value
    if os.path.isabs(rel_value) or not _inside(path, allowed):
        return None, [doc.finding(field_path, f"檔案必須放在 {where} 裡（file outside its folder）："
                                              f"「{rel_value}」指到資料夾以外",
                                  f"把檔案放進 {where}，寫成 files/檔名；不可用 ..、絕對路徑或捷徑（symlink）",
                                  code="outside-folder")]
    if not path.is_file():
        return None, [doc.finding(field_path, f"找不到檔案 {shown}（file not found）",
                                  "確認檔名大小寫與資料夾是否正確", code="file-not-found")]
    problem = check_file(path)
    if problem:
        return None, [doc.finding(field_path, problem, code="bad-file")]
    return file_info(path), []


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path` is in `folder` after resolving `..` and symlinks (of both)."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):   # outside, or a symlink loop
        return False
    return True


def claim_name(claimed: dict[str, tuple[str, int]], doc: Document, field_path: tuple,
               info: FileInfo) -> Finding | None:
    """Two entries whose files would land on one name in the site: the second is an error
    (a copy-paste mistake, or two folders holding files of the same name)."""
    if info.name not in claimed:
        claimed[info.name] = (doc.file, doc.where(field_path)[0])
        return None
    file, line = claimed[info.name]
    where = f"第 {line} 行" if file == doc.file else f"{file} 第 {line} 行"
    return doc.finding(field_path, f"檔名「{info.name}」已用於{where}（file used twice）",
                       "每個項目用自己的檔案；確認是否複製貼上後忘了改檔名", code="file-used-twice")


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
    claimed: dict[str, tuple[str, int]] = {}   # file name in the site → (file, line) using it
    for index, form in enumerate(registry.forms):
        files: dict[str, FileInfo] = {}
        for kind in ("odt", "ods", "pdf"):
            value = getattr(form.files, kind)
            if value is None:
                continue
            info, problems = check_download(doc, ("forms", index, "files", kind), root / "forms",
                                            value, f".{kind}")
            findings += problems
            clash = info and claim_name(claimed, doc, ("forms", index, "files", kind), info)
            if clash:
                findings.append(clash)
            elif info:
                files[kind] = info
        result.append((form, files))
    return result, doc, findings
