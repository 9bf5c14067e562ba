"""Build the example site's blank application forms: YAML source → ODT (odfpy) → PDF (LibreOffice).

Each `forms/src/<form-id>.yml` describes one blank form (title, optional official number,
an intro line, sections of fields, notes). `build_forms()` writes `<form-id>.odt` (a real ODF
text document made with odfpy) and `<form-id>.pdf` (the ODT converted by LibreOffice headless:
text-based, tagged, CJK fonts embedded as subsets, A4).

Every generated form carries the 「範例」 banner: these are placeholders until the office
supplies its own forms (see forms/README.md).

Office identity comes from the office's site.yml (`OfficeFacts.from_site`), never from this
module or the form sources: the header prints the office name, address and phone (null →
「待確認」), and any source string may cite `{{ office.name }}`, `{{ office.district }}`,
`{{ office.address }}` or `{{ office.phone }}` (e.g. the address line of a 住址 field).

Determinism
-----------
* ODT: byte-stable for a given source, odfpy version and zlib build. Zip entry times and the
  document dates (meta:creation-date, dc:date) come from the source's `updated`.
* PDF: LibreOffice stamps the conversion time (/CreationDate) and a time-based trailer /ID
  and /DocChecksum; `normalise_pdf()` overwrites them in place (same byte length) with
  `updated` at 00:00 UTC and an MD5 of the ODT. qpdf (optional, used when installed) then
  packs objects into object streams with a content-derived /ID. Two runs on the same machine
  give identical PDFs. Across machines the PDF is byte-stable only with the same LibreOffice
  build, the same fonts (fonts-noto-cjk version) and the same qpdf/zlib; layout may shift
  with other LibreOffice versions.

Source format: forms/README.md (「原始檔格式」) and `_check_source()` below.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from odf import dc, meta
from odf.element import Element
from odf.opendocument import OpenDocumentText
from odf.style import (
    DefaultStyle,
    FontFace,
    Footer,
    FooterStyle,
    HeaderFooterProperties,
    ListLevelProperties,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TableRowProperties,
    TextProperties,
)
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
from odf.text import H, List, ListItem, ListLevelStyleNumber, ListStyle, P, PageCount, PageNumber, Span

PLACEHOLDER = "待確認"
SAMPLE_BANNER = "範例表單：正式表單請以本所提供者為準"
DEFAULT_PRIVACY = "本表所填個人資料，僅供本所辦理本項戶政業務使用。"
FONT = "Noto Sans CJK TC"
ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"

# Page geometry (cm): A4 portrait, 2 cm side margins → 17 cm text width.
PAGE_W, PAGE_H = 21.0, 29.7
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = 2.0, 1.2, 1.0
TEXT_W = PAGE_W - 2 * MARGIN_SIDE
LABEL_W = 3.0
CELL_PAD = 0.1
ROW_H = 0.75

KINDS = {"text", "checkbox", "date", "idno", "signature", "lines", "photo"}
TOP_KEYS = {"id", "title", "number", "category", "updated", "intro", "sections", "notes", "office_use", "privacy"}
SECTION_KEYS = {"title", "text", "parties", "fields", "table"}
FIELD_KEYS = {"label", "kind", "width", "options", "other", "template", "hint", "lines", "height", "time"}
TABLE_KEYS = {"columns", "rows", "widths"}

# Sample forms must never carry real personal data (the ID checksum: docs/sources.md §4): checked on every string.
_PII_PATTERNS = [
    (re.compile(r"[A-Z][1289]\d{8}"), "身分證統一編號／居留證號"),
    (re.compile(r"[A-Z]{2}\d{8}"), "舊式居留證號"),
    (re.compile(r"09\d{2}-?\d{3}-?\d{3}"), "行動電話"),
    (re.compile(r"0\d{1,2}-?\d{6,8}"), "市話"),
    (re.compile(r"\d+號"), "門牌號碼"),
]


class FormSourceError(ValueError):
    """A form source file is invalid; the message starts with `file: field:`."""


@dataclass(frozen=True)
class OfficeFacts:
    """What a form says about the office that issues it; None = not confirmed (「待確認」)."""

    name: str
    district: str
    address: str | None = None
    phone: str | None = None

    @classmethod
    def from_site(cls, site_yml: Path) -> "OfficeFacts":
        """Read name, district, contact.address and contact.phone from an office's site.yml."""
        try:
            with Path(site_yml).open(encoding="utf-8") as fh:
                data = yaml.safe_load(fh)
        except OSError as exc:
            raise FormSourceError(f"{site_yml}: 讀不到本所基本資料（site.yml）：{exc.strerror}") from None
        except yaml.YAMLError as exc:
            raise FormSourceError(f"{site_yml}: YAML 格式錯誤（syntax error）：{exc}") from None
        data = data if isinstance(data, dict) else {}
        contact = data.get("contact") if isinstance(data.get("contact"), dict) else {}
        for key in ("name", "district"):
            if not isinstance(data.get(key), str) or not data[key].strip():
                raise FormSourceError(f"{site_yml}: {key}: 必填（required），表單要印出本所{'名稱' if key == 'name' else '轄區'}")
        return cls(name=data["name"], district=data["district"],
                   address=contact.get("address"), phone=contact.get("phone"))

    def shown(self, key: str) -> str:
        value = getattr(self, key)
        return value if value else PLACEHOLDER

    def contact_line(self) -> str:
        return f"地址：{self.shown('address')}｜電話：{self.shown('phone')}"


_FACT = re.compile(r"\{\{\s*office\.([a-z_]+)\s*\}\}")


def fill_office(src: dict[str, Any], office: OfficeFacts, path: Path | None = None) -> dict[str, Any]:
    """A copy of a checked source with every `{{ office.X }}` replaced by the office's fact."""
    def fill(obj: Any) -> Any:
        if isinstance(obj, str):
            def one(m: re.Match) -> str:
                if m.group(1) not in {"name", "district", "address", "phone"}:
                    _fail(path or Path(str(src.get("id", "?"))), "(text)",
                          f"不認得的本所資料（unknown fact）：{m.group(0)}；"
                          "可用 office.name、office.district、office.address、office.phone")
                return office.shown(m.group(1))
            return _FACT.sub(one, obj)
        if isinstance(obj, dict):
            return {k: fill(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [fill(v) for v in obj]
        return obj
    return fill(src)


# --------------------------------------------------------------------------- source


def load_source(path: Path) -> dict[str, Any]:
    """Read and check one form source file."""
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    _check_source(data, path)
    return data


def _fail(path: Path, field: str, msg: str) -> None:
    raise FormSourceError(f"{path}: {field}: {msg}")


def _check_keys(obj: Any, allowed: set[str], path: Path, where: str) -> None:
    if not isinstance(obj, dict):
        _fail(path, where, "應為對應表（mapping）")
    unknown = sorted(set(obj) - allowed)
    if unknown:
        _fail(path, where, f"不認得的欄位（unknown keys）：{', '.join(unknown)}")


def _check_source(data: Any, path: Path) -> None:
    _check_keys(data, TOP_KEYS, path, "(top)")
    for key in ("id", "title", "updated", "sections"):
        if key not in data or data[key] in (None, "", []):
            _fail(path, key, "必填（required）")
    if data["id"] != path.stem:
        _fail(path, "id", f"應與檔名相同：{path.stem}")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", data["id"]):
        _fail(path, "id", "只能用小寫英文、數字與連字號")
    _updated(data, path)
    for i, sec in enumerate(data["sections"]):
        where = f"sections[{i}]"
        _check_keys(sec, SECTION_KEYS, path, where)
        if not any(k in sec for k in ("text", "fields", "table")):
            _fail(path, where, "需要 text、fields 或 table 其中之一")
        if "parties" in sec and "fields" not in sec:
            _fail(path, where, "parties 需搭配 fields")
        if "table" in sec:
            _check_keys(sec["table"], TABLE_KEYS, path, f"{where}.table")
            cols = sec["table"].get("columns") or []
            if not cols:
                _fail(path, f"{where}.table.columns", "必填（required）")
            widths = sec["table"].get("widths")
            if widths is not None and len(widths) != len(cols):
                _fail(path, f"{where}.table.widths", "數量須與 columns 相同")
        for j, f in enumerate(sec.get("fields") or []):
            fw = f"{where}.fields[{j}]"
            _check_keys(f, FIELD_KEYS, path, fw)
            if not f.get("label"):
                _fail(path, f"{fw}.label", "必填（required）")
            if f.get("kind") not in KINDS:
                _fail(path, f"{fw}.kind", f"應為 {', '.join(sorted(KINDS))} 之一")
            if f["kind"] == "checkbox" and not f.get("options"):
                _fail(path, f"{fw}.options", "checkbox 需要 options")
            if f.get("width", "half") not in ("half", "full"):
                _fail(path, f"{fw}.width", "應為 half 或 full")
    for text in _strings(data):
        norm = unicodedata.normalize("NFKC", text)
        for pattern, what in _PII_PATTERNS:
            if pattern.search(norm):
                _fail(path, "(text)", f"範例表單不得預填{what}：{text!r}")


def _strings(obj: Any):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def _updated(data: dict[str, Any], path: Path | None = None) -> dt.date:
    value = data["updated"]
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        _fail(path or Path("?"), "updated", "日期格式應為 YYYY-MM-DD")
        raise  # unreachable


def roc_date(d: dt.date) -> str:
    return f"民國{d.year - 1911}年{d.month}月{d.day}日"


# --------------------------------------------------------------------------- ODT


def _cm(x: float) -> str:
    return f"{x:.2f}cm"


class _FormWriter:
    """Builds one OpenDocumentText from a checked source."""

    def __init__(self, src: dict[str, Any], office: OfficeFacts):
        self.src = src
        self.office = office
        self.updated = _updated(src)
        self.doc = OpenDocumentText()
        self._auto: dict[str, Style] = {}
        self._tables = 0
        self._styles()
        self._meta()

    # ---- styles
    def _styles(self) -> None:
        d = self.doc
        d.fontfacedecls.addElement(
            FontFace(name=FONT, fontfamily=f"'{FONT}'", fontfamilygeneric="swiss", fontpitch="variable")
        )

        def text_props(size: str | None = None, bold: bool = False, color: str | None = None, **kw):
            a: dict[str, str] = dict(kw)
            if size:
                a.update(fontsize=size, fontsizeasian=size, fontsizecomplex=size)
            if bold:
                a.update(fontweight="bold", fontweightasian="bold", fontweightcomplex="bold")
            if color:
                a["color"] = color
            return TextProperties(**a)

        default = DefaultStyle(family="paragraph")
        default.addElement(ParagraphProperties(punctuationwrap="hanging", linebreak="strict", writingmode="lr-tb"))
        default.addElement(
            TextProperties(
                fontname=FONT, fontnameasian=FONT, fontnamecomplex=FONT,
                fontsize="10.5pt", fontsizeasian="10.5pt", fontsizecomplex="10.5pt",
                language="zh", country="TW", languageasian="zh", countryasian="TW",
                color="#000000",
            )
        )
        d.styles.addElement(default)

        def para(name, display, parent=None, pp=None, tp=None, cls="text", **extra):
            st = Style(name=name, displayname=display, family="paragraph", attributes={"class": cls}, **extra)
            if parent:
                st.setAttribute("parentstylename", parent)
            if pp:
                st.addElement(ParagraphProperties(**pp))
            if tp is not None:
                st.addElement(tp)
            d.styles.addElement(st)

        para("Standard", "Standard", pp=dict(margintop="0cm", marginbottom="0cm"))
        para(
            "Heading_20_1", "Heading 1", "Standard", cls="text", defaultoutlinelevel="1",
            pp=dict(textalign="center", margintop="0.1cm", marginbottom="0.15cm", keepwithnext="always"),
            tp=text_props("18pt", bold=True),
        )
        para(
            "Heading_20_2", "Heading 2", "Standard", defaultoutlinelevel="2",
            pp=dict(margintop="0.25cm", marginbottom="0.08cm", keepwithnext="always",
                    borderbottom="0.5pt solid #000000", paddingbottom="0.03cm"),
            tp=text_props("11pt", bold=True),
        )
        para(
            "Sample_20_Banner", "Sample Banner", "Standard",
            pp=dict(textalign="center", border="1pt solid #9b1c1c", padding="0.08cm",
                    marginbottom="0.2cm", backgroundcolor="#fdecec"),
            tp=text_props("10.5pt", bold=True, color="#9b1c1c"),
        )
        para("Office", "Office Name", "Standard", pp=dict(textalign="center"), tp=text_props("11pt"))
        contact = Style(name="Office_20_Contact", displayname="Office Contact", family="text")
        contact.addElement(text_props("9pt"))
        d.styles.addElement(contact)
        para("Form_20_Number", "Form Number", "Standard", pp=dict(textalign="end"), tp=text_props("10pt"))
        para("Intro", "Intro", "Standard", pp=dict(marginbottom="0.1cm"), tp=text_props("10pt"))
        para("Body", "Body Text", "Standard", pp=dict(marginbottom="0.12cm", lineheight="150%"), tp=text_props("11pt"))
        para("Label", "Field Label", "Standard", tp=text_props("10pt"))
        para("Value", "Field Value", "Standard", tp=text_props("10.5pt"))
        para("Center", "Centered", "Value", pp=dict(textalign="center"))
        para("Hint", "Field Hint", "Standard", tp=text_props("8.5pt", color="#444444"))
        para("Hint_20_Center", "Field Hint Centered", "Hint", pp=dict(textalign="center"))
        para("Table_20_Heading", "Table Heading", "Standard", pp=dict(textalign="center"),
             tp=text_props("10pt"))
        para("Note", "Note", "Standard", pp=dict(marginbottom="0.04cm"), tp=text_props("9pt"))
        para("Privacy", "Privacy Notice", "Standard", pp=dict(margintop="0.12cm"),
             tp=text_props("8.5pt", color="#444444"))
        para("Footer", "Footer", "Standard", cls="extra", pp=dict(textalign="center"),
             tp=text_props("8pt", color="#444444"))

        notes = ListStyle(name="Notes", displayname="Notes")
        lvl = ListLevelStyleNumber(level=1, numformat="1", numsuffix=".", stylename=None)
        lvl.addElement(ListLevelProperties(spacebefore="0cm", minlabelwidth="0.6cm"))
        notes.addElement(lvl)
        d.styles.addElement(notes)

        layout = PageLayout(name="A4")
        layout.addElement(
            PageLayoutProperties(
                pagewidth=_cm(PAGE_W), pageheight=_cm(PAGE_H), printorientation="portrait",
                margintop=_cm(MARGIN_TOP), marginbottom=_cm(MARGIN_BOTTOM),
                marginleft=_cm(MARGIN_SIDE), marginright=_cm(MARGIN_SIDE), writingmode="lr-tb",
            )
        )
        fs = FooterStyle()
        fs.addElement(HeaderFooterProperties(minheight="0.5cm", margintop="0.25cm"))
        layout.addElement(fs)
        d.automaticstyles.addElement(layout)

        master = MasterPage(name="Standard", pagelayoutname=layout)
        footer = Footer()
        fp = P(stylename="Footer", text=f"範例表單｜{self.office.name}｜版本日期：{roc_date(self.updated)}｜第 ")
        fp.addElement(PageNumber(selectpage="current", numformat="1", text="1"))
        fp.addText(" 頁，共 ")
        fp.addElement(PageCount(text="1"))
        fp.addText(" 頁")
        footer.addElement(fp)
        master.addElement(footer)
        d.masterstyles.addElement(master)

    def _auto_style(self, key: str, family: str, props) -> str:
        if key not in self._auto:
            st = Style(name=key, family=family)
            st.addElement(props)
            self.doc.automaticstyles.addElement(st)
            self._auto[key] = st
        return key

    def table_style(self, width: float) -> str:
        return self._auto_style(
            f"Tbl{int(round(width * 100))}", "table",
            TableProperties(width=_cm(width), align="left", margintop="0cm", marginbottom="0cm"),
        )

    def col_style(self, width: float) -> str:
        return self._auto_style(
            f"Col{int(round(width * 100))}", "table-column", TableColumnProperties(columnwidth=_cm(width))
        )

    def row_style(self, height: float) -> str:
        return self._auto_style(
            f"Row{int(round(height * 100))}", "table-row",
            TableRowProperties(minrowheight=_cm(height), keeptogether="always"),
        )

    def cell_style(self, kind: str) -> str:
        """label/head: shaded; value: text; top: signature/lines; holder: wraps a nested table; box: one ID box."""
        attrs = dict(border="0.5pt solid #000000", padding=_cm(CELL_PAD), verticalalign="middle")
        if kind in ("label", "head"):
            attrs["backgroundcolor"] = "#eeeeee"
        elif kind == "box":
            attrs["padding"] = "0cm"
        elif kind == "holder":
            attrs["padding"] = "0.06cm"
        elif kind == "top":
            attrs["verticalalign"] = "top"
        return self._auto_style(f"Cell{kind.capitalize()}", "table-cell", TableCellProperties(**attrs))

    # ---- metadata
    def _meta(self) -> None:
        m = self.doc.meta
        stamp = f"{self.updated.isoformat()}T00:00:00"
        m.addElement(dc.Title(text=self.src["title"]))
        m.addElement(dc.Subject(text=f"{self.office.name} 範例表單"))
        if self.src.get("intro"):
            m.addElement(dc.Description(text=self.src["intro"]))
        for kw in ("範例", "申請書", self.office.name):
            m.addElement(meta.Keyword(text=kw))
        m.addElement(dc.Language(text="zh-TW"))
        m.addElement(meta.CreationDate(text=stamp))
        m.addElement(dc.Date(text=stamp))

    # ---- building blocks
    def new_table(self, widths: list[float]) -> Table:
        self._tables += 1
        t = Table(name=f"表{self._tables}", stylename=self.table_style(sum(widths)))
        for w in widths:
            t.addElement(TableColumn(stylename=self.col_style(w)))
        return t

    def cell(self, style: str, *paras, span: int = 1) -> TableCell:
        c = TableCell(stylename=self.cell_style(style), valuetype="string")
        if span > 1:
            c.setAttribute("numbercolumnsspanned", span)
        for p in paras or (P(stylename="Value"),):
            c.addElement(p)
        return c

    def label_cell(self, label: str) -> TableCell:
        return self.cell("label", P(stylename="Label", text=label))

    def value_paras(self, f: dict[str, Any], width: float) -> tuple[list, str, float]:
        """Paragraphs for a field's value cell, the cell style and the row's minimum height."""
        kind = f["kind"]
        hint = [P(stylename="Hint", text=f["hint"])] if f.get("hint") else []
        if kind == "text":
            lines = str(f.get("template", "")).split("\n")
            return [P(stylename="Value", text=t) for t in lines] + hint, "value", ROW_H
        if kind == "checkbox":
            opts = [f"□ {o}" for o in f["options"]]
            if f.get("other"):
                opts.append("□ 其他：＿＿＿＿＿＿")
            return [P(stylename="Value", text="　".join(opts))] + hint, "value", ROW_H
        if kind == "date":
            text = "民國　　　年　　　月　　　日"
            if f.get("time"):
                text += "　　　時　　　分"
            return [P(stylename="Value", text=text)] + hint, "value", ROW_H
        if kind == "idno":
            return [self.id_boxes(width - 2 * 0.06)] + hint, "holder", ROW_H
        if kind == "signature":
            h = float(f.get("height", 1.6))
            return [P(stylename="Hint", text=f.get("hint", "（簽名或蓋章）"))], "top", h
        if kind == "lines":
            n = int(f.get("lines", 2))
            return hint or [P(stylename="Value")], "top", max(ROW_H, 0.75 * n)
        if kind == "photo":
            return [self.photo_box(f.get("hint"))], "holder", 4.7
        raise AssertionError(kind)

    def id_boxes(self, avail: float) -> Table:
        """Ten empty boxes for a 身分證統一編號 (never pre-filled)."""
        w = min(0.6, int(avail / 10 * 100) / 100)
        t = self.new_table([w] * 10)
        row = TableRow(stylename=self.row_style(0.62))
        for _ in range(10):
            row.addElement(self.cell("box", P(stylename="Center")))
        t.addElement(row)
        return t

    def photo_box(self, hint: str | None) -> Table:
        t = self.new_table([3.5])
        row = TableRow(stylename=self.row_style(4.5))
        paras = [P(stylename="Hint_20_Center", text="相片黏貼處"), P(stylename="Hint_20_Center", text="4.5 × 3.5 公分")]
        if hint:
            paras.append(P(stylename="Hint_20_Center", text=hint))
        row.addElement(self.cell("value", *paras))
        t.addElement(row)
        return t

    # ---- sections
    def field_grid(self, fields: list[dict[str, Any]]) -> Table:
        value_w = (TEXT_W - 2 * LABEL_W) / 2
        t = self.new_table([LABEL_W, value_w, LABEL_W, value_w])
        rows: list[list[dict[str, Any]]] = []
        for f in fields:
            full = f.get("width", "half") == "full"
            if full:
                rows.append([f])
            elif rows and len(rows[-1]) == 1 and rows[-1][0].get("_half"):
                rows[-1].append(f)
            else:
                rows.append([dict(f, _half=True)])
        for group in rows:
            cells, height = [], ROW_H
            if len(group) == 2:
                for f in group:
                    paras, style, h = self.value_paras(f, value_w)
                    cells += [self.label_cell(f["label"]), self.cell(style, *paras)]
                    height = max(height, h)
            else:
                f = group[0]
                span_w = TEXT_W - LABEL_W
                paras, style, h = self.value_paras(f, value_w if f["kind"] == "idno" else span_w)
                cells += [self.label_cell(f["label"]), self.cell(style, *paras, span=3),
                          CoveredTableCell(), CoveredTableCell()]
                height = max(height, h)
            row = TableRow(stylename=self.row_style(height))
            for c in cells:
                row.addElement(c)
            t.addElement(row)
        return t

    def party_grid(self, parties: list[str], fields: list[dict[str, Any]]) -> Table:
        col_w = (TEXT_W - LABEL_W) / len(parties)
        t = self.new_table([LABEL_W] + [col_w] * len(parties))
        head = TableRow(stylename=self.row_style(0.7))
        head.addElement(self.cell("head", P(stylename="Table_20_Heading", text="項目")))
        for p in parties:
            head.addElement(self.cell("head", P(stylename="Table_20_Heading", text=p)))
        t.addElement(head)
        for f in fields:
            height, cells = ROW_H, []
            for _ in parties:
                paras, style, h = self.value_paras(f, col_w)
                cells.append(self.cell(style, *paras))
                height = max(height, h)
            row = TableRow(stylename=self.row_style(height))
            row.addElement(self.label_cell(f["label"]))
            for c in cells:
                row.addElement(c)
            t.addElement(row)
        return t

    def list_table(self, spec: dict[str, Any]) -> Table:
        cols = spec["columns"]
        weights = spec.get("widths") or [1] * len(cols)
        total = float(sum(weights))
        widths = [round(TEXT_W * w / total, 2) for w in weights]
        widths[-1] = round(TEXT_W - sum(widths[:-1]), 2)
        t = self.new_table(widths)
        head = TableRow(stylename=self.row_style(0.7))
        for c in cols:
            head.addElement(self.cell("head", P(stylename="Table_20_Heading", text=c)))
        t.addElement(head)
        for _ in range(int(spec.get("rows", 3))):
            row = TableRow(stylename=self.row_style(ROW_H))
            for _c in cols:
                row.addElement(self.cell("value"))
            t.addElement(row)
        return t

    # ---- document
    def build(self) -> OpenDocumentText:
        src, body = self.src, self.doc.text
        body.addElement(P(stylename="Sample_20_Banner", text=SAMPLE_BANNER))
        if src.get("number"):
            body.addElement(P(stylename="Form_20_Number", text=f"表號：{src['number']}"))
        # One line (name, then address and phone in small type) so a full one-page form stays one page.
        office = P(stylename="Office", text=self.office.name)
        office.addElement(Span(stylename="Office_20_Contact", text=f"　{self.office.contact_line()}"))
        body.addElement(office)
        body.addElement(H(outlinelevel=1, stylename="Heading_20_1", text=src["title"]))
        if src.get("intro"):
            body.addElement(P(stylename="Intro", text=src["intro"]))
        for sec in src["sections"]:
            if sec.get("title"):
                body.addElement(H(outlinelevel=2, stylename="Heading_20_2", text=sec["title"]))
            texts = sec.get("text") or []
            for text in [texts] if isinstance(texts, str) else texts:
                body.addElement(P(stylename="Body", text=text))
            if sec.get("fields"):
                if sec.get("parties"):
                    body.addElement(self.party_grid(sec["parties"], sec["fields"]))
                else:
                    body.addElement(self.field_grid(sec["fields"]))
            if sec.get("table"):
                body.addElement(self.list_table(sec["table"]))
        if src.get("notes"):
            body.addElement(H(outlinelevel=2, stylename="Heading_20_2", text="注意事項"))
            lst = List(stylename="Notes")
            for note in src["notes"]:
                item = ListItem()
                item.addElement(P(stylename="Note", text=note))
                lst.addElement(item)
            body.addElement(lst)
        if src.get("office_use", True):
            body.addElement(H(outlinelevel=2, stylename="Heading_20_2", text="以下由戶政事務所填寫"))
            body.addElement(self.field_grid([
                {"label": "收件編號", "kind": "text"}, {"label": "收件日期", "kind": "date"},
                {"label": "承辦人", "kind": "text"}, {"label": "審核", "kind": "text"},
            ]))
        privacy = src.get("privacy", DEFAULT_PRIVACY)
        if privacy:
            body.addElement(P(stylename="Privacy", text=privacy))
        return self.doc


def odt_bytes(src: dict[str, Any], office: OfficeFacts) -> bytes:
    """The ODT for a checked source and the office issuing it, as deterministic zip bytes."""
    # odfpy collects the xmlns declarations it writes on each root element in one
    # process-wide dict (Element.namespaces), so a document's XML would depend on what was
    # built before it in the same process. Start every form from the fresh-process state.
    Element.namespaces.clear()
    doc = _FormWriter(fill_office(src, office), office).build()
    raw = io.BytesIO()
    doc.write(raw)
    return _normalise_zip(raw.getvalue(), _updated(src))


def _normalise_zip(data: bytes, day: dt.date) -> bytes:
    """Re-pack a zip with fixed entry times/attributes; `mimetype` first and stored (ODF 1.2 §3.3)."""
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        if zin.read("mimetype") != ODT_MIMETYPE.encode():
            raise AssertionError("odfpy wrote an unexpected mimetype")
        names = zin.namelist()
        names.sort(key=lambda n: n != "mimetype")  # stable: keeps odfpy's order otherwise
        for name in names:
            info = zipfile.ZipInfo(name, stamp)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            zout.writestr(info, zin.read(name), compresslevel=9 if name != "mimetype" else None)
    return out.getvalue()


# --------------------------------------------------------------------------- PDF

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
    with tempfile.TemporaryDirectory(prefix="formgen-lo-") as tmp:
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


# --------------------------------------------------------------------------- driver


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
    # check everything (sources and the office facts they cite) before writing anything
    loaded = [(p, fill_office(load_source(p), office, p)) for p in sources]
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
        with tempfile.TemporaryDirectory(prefix="formgen-pdf-") as tmp:
            raw_pdfs = convert_to_pdf([t for t, _, _ in odts], Path(tmp))
            qpdf = shutil.which("qpdf")
            if not qpdf:
                print("warning: qpdf not found; PDFs are written uncompacted (about 1.5 × larger)",
                      file=sys.stderr)
            for (odt, src, data), raw in zip(odts, raw_pdfs):
                target = out_dir / f"{src['id']}.pdf"
                target.write_bytes(normalise_pdf(raw.read_bytes(), _updated(src), data))
                if qpdf:
                    compact_pdf(target, qpdf)
                written += [odt, target]
    else:
        written = [t for t, _, _ in odts]
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build sample forms (ODT + PDF) from forms/src/*.yml")
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


if __name__ == "__main__":
    sys.exit(main())
