"""Download documents (PDF, ODT, ODS) opened for real: what they are, and the text they carry.

A file is what its extension says only if its library can read it: pypdf parses the PDF
(its header alone let an executable through), and an ODF file is a zip whose first entry is
`mimetype` with the right type, with META-INF/manifest.xml and a content.xml that parse.
Active content is refused: PDF JavaScript, launch actions and embedded files; ODF macros
(Basic/, Scripts/). The text is what the privacy gate scans, page by page.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterator
from pathlib import Path

from defusedxml import ElementTree
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

ODF_MIMETYPES = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}
# Unpacked ODF size: a zip of 10 MB that unpacks to gigabytes is a zip bomb, not a form.
MAX_ODF_UNPACKED = 100 * 1024 * 1024
# PDF names that make a reader run something or carry another file.
_ACTIVE_PDF = {"/JS": "JavaScript", "/JavaScript": "JavaScript", "/Launch": "啟動程式動作（launch action）",
               "/EmbeddedFiles": "內嵌檔案（embedded file）", "/EmbeddedFile": "內嵌檔案（embedded file）",
               "/RichMedia": "多媒體內容（rich media）", "/XFA": "XFA 表單（XFA form）"}
_ODF_TEXT_PARTS = ("content.xml", "styles.xml", "meta.xml")   # body, headers/footers, properties

logging.getLogger("pypdf").setLevel(logging.ERROR)   # its repair notes are not staff messages


def check_document(path: Path) -> str | None:
    """Why `path` is not a safe document of its kind (None when it is)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return check_pdf(path)
    if suffix in ODF_MIMETYPES:
        return check_odf(path, ODF_MIMETYPES[suffix])
    return f"不支援的檔案格式 {suffix}"


def check_pdf(path: Path) -> str | None:
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            return "PDF 有密碼保護（encrypted PDF）：請存成沒有密碼的 PDF"
        if len(reader.pages) == 0:
            return "PDF 沒有任何頁面（no pages）"
        active = _active_pdf_content(reader)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError,
            OSError) as exc:
        return f"不是 PDF 檔，或檔案已損壞（cannot read PDF: {type(exc).__name__}）：請用 LibreOffice 重新匯出 PDF"
    if active:
        return f"PDF 含有{active}，不可發布（active content）：請用 LibreOffice 重新匯出為一般 PDF"
    return None


_CONTAINERS = (IndirectObject, DictionaryObject, ArrayObject)
# Drawing resources, page streams and the structure tree (tagged PDF) hold no actions (the
# annotations a structure element points at are reached from the page); skipping them keeps
# the walk to a few dozen objects per form.
_INERT = frozenset({"/Resources", "/Contents", "/Parent", "/Font", "/FontDescriptor",
                    "/StructTreeRoot", "/StructParents", "/StructParent"})  # tags: reading order


def _active_pdf_content(reader: PdfReader) -> str | None:
    """The first active-content name anywhere in the object graph (walked without recursion)."""
    stack, seen = [reader.trailer], set()
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            for name, value in obj.items():
                if name in _ACTIVE_PDF:
                    return _ACTIVE_PDF[name]
                if name == "/S" and value in ("/JavaScript", "/Launch"):
                    return _ACTIVE_PDF[str(value)]
                if isinstance(value, _CONTAINERS) and name not in _INERT:
                    stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(v for v in obj if isinstance(v, _CONTAINERS))
    return None


def check_odf(path: Path, mimetype: str) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if not entries or entries[0].filename != "mimetype":
                return "不是 ODF 檔（mimetype 不是第一個項目）"
            if archive.read("mimetype").decode("ascii", "replace").strip() != mimetype:
                return f"ODF 類型不符（mimetype 應為 {mimetype}）"
            names = {e.filename for e in entries}
            if sum(e.file_size for e in entries) > MAX_ODF_UNPACKED:
                return "ODF 檔解壓後太大（unpacked size over 100 MB）"
            macros = sorted(n for n in names if n.startswith(("Basic/", "Scripts/")))
            if macros:
                return f"ODF 檔含有巨集（macros）：{macros[0]}；請刪除巨集後另存新檔"
            for part in ("META-INF/manifest.xml", "content.xml"):
                if part not in names:
                    return f"不是完整的 ODF 檔（缺少 {part}）"
                ElementTree.fromstring(archive.read(part))
    except zipfile.BadZipFile:
        return "不是 ODF 檔（not a zip archive）"
    except (ElementTree.ParseError, ValueError) as exc:  # defusedxml's refusals are ValueErrors
        return f"ODF 檔內容無法解讀（invalid XML: {type(exc).__name__}）：請用 LibreOffice 重新另存"
    except (OSError, RuntimeError, NotImplementedError) as exc:   # encrypted entry, bad compression
        return f"ODF 檔無法讀取（cannot read: {type(exc).__name__}）"
    return None


def document_text(path: Path) -> Iterator[tuple[str, str]]:
    """(where, text) pieces of a checked document: 「第 2 頁」 for a PDF, the part for ODF.

    A document that cannot be read yields nothing here; check_document reports it."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        try:
            reader = PdfReader(path, strict=False)
            for number, page in enumerate(reader.pages, start=1):
                yield f"PDF 第 {number} 頁", page.extract_text() or ""
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError):
            return
    elif suffix in ODF_MIMETYPES:
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                for part in _ODF_TEXT_PARTS:
                    if part in names:
                        yield f"{suffix[1:].upper()} {part}", _xml_text(archive.read(part))
        except (zipfile.BadZipFile, ElementTree.ParseError, ValueError, OSError, RuntimeError):
            return


def _xml_text(data: bytes) -> str:
    """Each paragraph, heading or cell of an ODF part on its own line."""
    root = ElementTree.fromstring(data)
    lines = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ("p", "h") or (tag not in ("span", "s", "tab", "line-break", "a")
                                 and element.text and element.text.strip() and len(element) == 0):
            lines.append("".join(element.itertext()))
    return "\n".join(lines)
