"""The ODT writer: one checked form source and the office issuing it → a deterministic ODF text.

A real ODF text document made with odfpy: A4, CJK font, header with the office's name,
address and phone (「待確認」 when unknown), the 「範例」 banner, sections of labelled fields,
tables and notes. Byte-stable for a given source, odfpy version and zlib build: zip entry
times and the document dates come from the source's `updated`.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

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

from hrosite.dates import roc_date

from .source import OfficeFacts, fill_office, updated_date

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


def _cm(x: float) -> str:
    return f"{x:.2f}cm"


class _FormWriter:
    """Builds one OpenDocumentText from a checked source."""

    def __init__(self, src: dict[str, Any], office: OfficeFacts):
        self.src = src
        self.office = office
        self.updated = updated_date(src)
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
    return _normalise_zip(raw.getvalue(), updated_date(src))


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

