"""The driver: check every form source, then write `<id>.odt` and `<id>.pdf` for each."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from .odt import odt_bytes
from .pdf import compact_pdf, convert_to_pdf, find_soffice, normalise_pdf
from .source import FormSourceError, OfficeFacts, fill_office, load_source, updated_date

def build_forms(src_dir: Path, out_dir: Path, *, office: OfficeFacts, pdf: bool = True,
                only: list[str] | None = None) -> list[Path]:
    """Build `<id>.odt` (and `<id>.pdf` unless pdf=False) for every `<id>.yml` in src_dir.

    `office` (usually `OfficeFacts.from_site(root / "site.yml")`) names the issuing office.

    PDFs need LibreOffice (`soffice`); `qpdf`, when installed, compacts them.

    Returns the written paths, ODT then PDF per form, in source-name order.
    """
    src_dir, out_dir = Path(src_dir), Path(out_dir)
    sources = sorted(src_dir.glob("*.yml"))
    if only:
        sources = [p for p in sources if p.stem in set(only)]
        unknown = set(only) - {p.stem for p in sources}
        if unknown:
            raise FormSourceError(f"找不到表單來源：{', '.join(sorted(unknown))}")
    if not sources:
        raise FormSourceError(f"{src_dir}: 沒有 *.yml 表單來源")
    # check everything (sources and the office facts they cite) before writing anything,
    # and report the problems of every source, not only the first one's
    loaded, problems = [], []
    for path in sources:
        try:
            loaded.append((path, fill_office(load_source(path), office, path)))
        except FormSourceError as exc:
            problems.append(exc)
    if problems:
        raise FormSourceError("\n".join(map(str, problems)))
    if pdf and not find_soffice():
        raise RuntimeError("找不到 LibreOffice（soffice）：請安裝 libreoffice-writer-nogui，"
                           "或加 --no-pdf 只產生 ODT")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    odts: list[tuple[Path, dict[str, Any], bytes]] = []
    for path, src in loaded:
        data = odt_bytes(src, office)
        target = out_dir / f"{src['id']}.odt"
        target.write_bytes(data)
        odts.append((target, src, data))
    if pdf:
        with tempfile.TemporaryDirectory(prefix="forms-pdf-") as tmp:
            raw_pdfs = convert_to_pdf([t for t, _, _ in odts], Path(tmp))
            qpdf = shutil.which("qpdf")
            if not qpdf:
                print("warning: qpdf not found; PDFs are written uncompacted (about 1.5 × larger)",
                      file=sys.stderr)
            for (odt, src, data), raw in zip(odts, raw_pdfs):
                target = out_dir / f"{src['id']}.pdf"
                target.write_bytes(normalise_pdf(raw.read_bytes(), updated_date(src), data))
                if qpdf:
                    compact_pdf(target, qpdf)
                written += [odt, target]
    else:
        written = [t for t, _, _ in odts]
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.forms",
                                 description="Build sample forms (ODT + PDF) from forms/src/*.yml")
    ap.add_argument("src_dir", nargs="?", default="forms/src", type=Path)
    ap.add_argument("out_dir", nargs="?", default="forms/files", type=Path)
    ap.add_argument("--site", default="site.yml", type=Path,
                    help="the office's site.yml: name, district, address and phone on every form")
    ap.add_argument("--no-pdf", action="store_true", help="only write ODT files (no LibreOffice needed)")
    ap.add_argument("--only", action="append", metavar="FORM_ID", help="build just this form (repeatable)")
    args = ap.parse_args(argv)
    try:
        office = OfficeFacts.from_site(args.site)
        paths = build_forms(args.src_dir, args.out_dir, office=office, pdf=not args.no_pdf, only=args.only)
    except (FormSourceError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for p in paths:
        print(f"{p}\t{p.stat().st_size // 1024 + 1} KB")
    return 0

