"""PDF conversion: ODT → PDF with LibreOffice headless, made reproducible.

LibreOffice stamps the conversion time (/CreationDate) and a time-based trailer /ID and
/DocChecksum; `normalise_pdf()` overwrites them in place (same byte length) with `updated`
at 00:00 UTC and an MD5 of the ODT. qpdf (optional, used when installed) then packs objects
into object streams with a content-derived /ID. Two runs on the same machine give identical
PDFs; across machines only with the same LibreOffice build, fonts and qpdf/zlib.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import queue
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PDF_FILTER = (
    'pdf:writer_pdf_Export:{'
    '"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"DisplayPDFDocumentTitle":{"type":"boolean","value":"true"},'
    '"ExportFormFields":{"type":"boolean","value":"false"},'
    '"ExportBookmarks":{"type":"boolean","value":"true"},'
    '"EmbedStandardFonts":{"type":"boolean","value":"false"}'
    '}'
)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(odts: list[Path], out_dir: Path, soffice: str | None = None,
                   jobs: int | None = None) -> list[Path]:
    """Convert ODT files to PDF with LibreOffice headless, one process per file.

    One process per file on purpose: within a process LibreOffice numbers the embedded Type 1
    font subsets (/UniqueID 4100001, 4100037, ...), so a batch conversion would make each PDF
    depend on the files converted before it. Up to `jobs` conversions run at once, each with
    its own throwaway profile (which also keeps the user's LibreOffice settings out).
    """
    soffice = soffice or find_soffice()
    if not soffice:
        raise RuntimeError("找不到 LibreOffice（soffice）：請安裝 libreoffice-writer-nogui")
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = max(1, min(jobs or os.cpu_count() or 1, 4, len(odts)))
    with tempfile.TemporaryDirectory(prefix="forms-lo-") as tmp:
        profiles: queue.SimpleQueue[Path] = queue.SimpleQueue()
        for i in range(jobs):
            profiles.put(Path(tmp, f"profile{i}"))

        def convert(odt: Path) -> Path:
            profile = profiles.get()
            try:
                env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(profile),
                       "LANG": "C.UTF-8", "TZ": "UTC"}
                cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                       "--nologo", "--convert-to", PDF_FILTER, "--outdir", str(out_dir), str(odt)]
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)
            finally:
                profiles.put(profile)
            pdf = out_dir / (odt.stem + ".pdf")
            if proc.returncode != 0 or not pdf.exists():
                raise RuntimeError(f"LibreOffice 轉檔失敗（{odt.name}，{proc.returncode}）：\n"
                                   f"{proc.stdout}\n{proc.stderr}")
            return pdf

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            return list(pool.map(convert, odts))


_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)\d{14}")
_PDF_ID = re.compile(rb"(/ID\s*\[\s*<)[0-9A-Fa-f]{32}(>\s*<)[0-9A-Fa-f]{32}(>)")
_PDF_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)[0-9A-Fa-f]{32}")


def normalise_pdf(data: bytes, day: dt.date, seed: bytes) -> bytes:
    """Replace LibreOffice's volatile PDF metadata by fixed values of the same byte length.

    LibreOffice writes the conversion time as /CreationDate (D:YYYYMMDDHHmmSS, UTC because
    we run it with TZ=UTC) and a time-based trailer /ID and /DocChecksum. They become the
    source's `updated` date at 00:00 and an MD5 of the ODT bytes. Same-length replacements
    of uncompressed tokens keep the xref offsets valid.
    """
    stamp = day.strftime("%Y%m%d000000").encode()
    digest = hashlib.md5(seed).hexdigest().upper().encode()
    data = _PDF_DATE.sub(lambda m: m.group(1) + stamp, data)
    data = _PDF_ID.sub(lambda m: m.group(1) + digest + m.group(2) + digest + m.group(3), data)
    return _PDF_CHECKSUM.sub(lambda m: m.group(1) + digest, data)


def compact_pdf(path: Path, qpdf: str) -> None:
    """Pack the tagged-PDF structure objects into compressed object streams (qpdf).

    LibreOffice 7.4 writes every structure element as a separate uncompressed object, which
    roughly doubles a tagged form's size. qpdf's output is deterministic (--deterministic-id).
    """
    tmp = path.with_suffix(".qpdf.pdf")
    cmd = [qpdf, "--object-streams=generate", "--recompress-flate", "--compression-level=9",
           "--deterministic-id", str(path), str(tmp)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 3):  # 3 = succeeded with warnings
        raise RuntimeError(f"qpdf 失敗（{proc.returncode}）：{proc.stderr}")
    tmp.replace(path)
