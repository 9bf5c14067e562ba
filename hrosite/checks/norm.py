"""Gate "norm": the machine-checkable (C) codes of 網站無障礙規範 115.11 at levels A and AA.

Each rule reads the built HTML (BeautifulSoup, html.parser) or the site's own CSS (tinycss2) the
way the code's check describes it (docs/accessibility-norm.md lists the codes, their wording and
how each is checked). A finding's `field` is the code, its message the norm's wording plus where,
its hint what to change and, when editing content cannot fix it, who can.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import tinycss2
from bs4 import BeautifulSoup, Comment, Tag

from hrosite.findings import Finding

GATE = "norm"
PROGRAMMER = "這不是內容錯誤，同仁無法修改內容修正；請轉給維護網站程式的人員（樣板或樣式表）"


@dataclass(frozen=True)
class Code:
    wording: str      # the norm's check, zh-TW
    hint: str         # what to change
    template: bool    # True: usually caused by the theme/templates, not by content


CODES = {
    "HM1110100C": Code("圖片須提供替代文字（img 要有 alt）", "為圖片加上 alt 替代文字；純裝飾圖片寫 alt=\"\"", False),
    "HM1110101C": Code("影像地圖的區域須提供替代文字（area 要有 alt）", "為每個 <area> 加上說明連結目的的 alt", False),
    "HM1110103C": Code("有意義的符號、表情符號或 ASCII 圖須提供文字說明", "在符號旁寫出文字，或為其所在元素加上 title／aria-label；純裝飾的符號加 aria-hidden=\"true\"", False),
    "HM1110104C": Code("圖片按鈕須提供替代文字（input type=image 要有 alt）", "為圖片按鈕加上說明其功能的 alt", False),
    "HM1110105C": Code("object 元素須提供替代內容", "在 <object> 與 </object> 之間寫出替代文字或下載連結", False),
    "HM1110106C": Code("裝飾性圖片（alt=\"\"）不可有 title", "移除裝飾性圖片的 title；若圖片有意義，請把說明寫在 alt", False),
    "HM1130100C": Code("標題須依層級正確巢狀（不可跳級）", "標題層級不可跳級：## 之後用 ###，不要直接用 ####", False),
    "HM1130101C": Code("資料表格的標題儲存格須以 th 標示並指定 scope", "在 <th> 加上 scope=\"col\"（欄標題）或 scope=\"row\"（列標題）", False),
    "HM1130102C": Code("複雜表格須以 headers 與 id 關聯資料與標題儲存格", "為每個 <th> 加上 id，並在每個 <td> 以 headers 列出其標題的 id；或把表格拆成幾個簡單表格", False),
    "HM1130103C": Code("選單選項多且可分類時須以 optgroup 分組", "以 <optgroup label=\"…\"> 把選項分組", False),
    "HM1130104C": Code("表單控制項須有 label 或 title，且不可為空", "為欄位加上有文字的 <label for=\"欄位 id\">，或非空的 title；空的 <label> 要寫出文字", True),
    "HM1130105C": Code("相關的表單控制項（同組的選項按鈕或核取方塊）須以 fieldset 與 legend 分組", "把同一組選項放進 <fieldset>，並以 <legend> 寫出這組選項的名稱", True),
    "HM1130200C": Code("不同書寫方向的文字須以 dir 標示", "為右至左書寫的文字（阿拉伯文、希伯來文）所在元素加上 dir=\"rtl\"", False),
    "HM1240102C": Code("連結群組須放在 nav 內，且 nav 不可為空", "移除空的 <nav>，或把這組連結放進它", True),
    "HM1240200C": Code("網頁須有非空且能說明內容的 <title>", "在頁面的 front matter 寫出 title", False),
    "HM1240400C": Code("相鄰且連到同一處的圖片連結與文字連結須合併", "把圖片與文字放進同一個 <a>，圖片寫 alt=\"\"", False),
    "HM1240401C": Code("連結須有非空的文字", "在連結中寫出說明目的的文字；只有圖示的連結，圖片要有 alt 或連結要有 aria-label", False),
    "HM1310100C": Code("網頁須以 <html lang> 指定有效的主要語言（如 zh-Hant、zh-TW）", "在 <html> 加上 lang=\"zh-TW\"", True),
    "ME1320200C": Code("供下載的文件須提供開放格式", "同時提供 ODF（.odt、.ods、.odp）或 PDF 版本，並連結它", False),
    "HM1410200C": Code("控制項須提供名稱、角色與值（name, role, value）", "按鈕與自訂控制項要有文字或 aria-label；核取類角色要有 aria-checked", True),
    "HM1410201C": Code("iframe 須有非空的 title", "為 <iframe> 加上說明其內容的 title", False),
    "CS2140401C": Code("字級須使用相對單位（em、rem、%）或關鍵字，不可用 px、pt 等絕對單位", "把 font-size 的 px／pt 改成 rem 或 em（1rem = 瀏覽器預設字級）", True),
    "HM2310200C": Code("內容中其他語言的段落須以 lang 標示", "為外語段落所在元素加上 lang，例如在 Markdown 中寫 <span lang=\"en\">English text</span>", False),
}

_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?(-[A-Za-z0-9]{5,8})*$")
_ABSOLUTE = {"px", "pt", "pc", "cm", "mm", "in", "q"}
_PROPRIETARY = {".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx"}
_OPEN = {".odt", ".ods", ".odp", ".pdf", ".csv", ".txt", ".html"}
_CONTROL_ROLES = {"button", "checkbox", "radio", "switch", "tab", "menuitem", "link", "textbox",
                  "combobox", "slider", "spinbutton", "option", "menuitemcheckbox", "menuitemradio"}
_CHECKED_ROLES = {"checkbox", "radio", "switch", "menuitemcheckbox", "menuitemradio"}
_NOT_LABELLED = {"hidden", "submit", "reset", "button", "image"}
_ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,.;:]+[A-Za-z][A-Za-z'’-]*){4,}")
_RTL = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")
_OPTGROUP_MIN = 20  # a select this long without optgroup is reported (warning only)


def check_norm(site_dir: Path, pages: list[str] | None = None) -> list[Finding]:
    """Every page in `pages` (site-relative; None = all, 404.html included) and the site's CSS."""
    site_dir = Path(site_dir)
    if pages is None:
        pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))
    findings: list[Finding] = []
    stylesheets: set[Path] = set()
    for page in pages:
        path = site_dir / page
        text = path.read_text(encoding="utf-8")
        findings += check_html(page, text)
        stylesheets |= _local_stylesheets(site_dir, path, text)
    for sheet in sorted(stylesheets):
        findings += check_css(sheet.relative_to(site_dir).as_posix(), sheet.read_text(encoding="utf-8"))
    return findings


def check_html(page: str, text: str) -> list[Finding]:
    """The HTML codes on one page; `page` names the file in the findings."""
    soup = BeautifulSoup(text, "html.parser")
    out: list[Finding] = []
    framed = soup.find(class_="md-content") is not None  # a page in the site's frame

    def report(code: str, node, what: str = "", severity: str = "error") -> None:
        line = getattr(node, "sourceline", None)
        col = getattr(node, "sourcepos", None)
        where = what or _snippet(node)
        spec = CODES[code]
        theme = _from_theme(node) if framed else spec.template
        hint = f"{spec.hint}；{PROGRAMMER}" if theme else spec.hint
        out.append(Finding(file=page, line=line, col=col + 1 if col is not None else None,
                           field=code, message=f"{spec.wording}（{where}）", hint=hint,
                           gate=GATE, severity=severity))

    for img in soup.find_all("img"):
        if not img.has_attr("alt"):
            report("HM1110100C", img)
        elif img["alt"].strip() == "" and img.get("title", "").strip():
            report("HM1110106C", img)
    for area in soup.find_all("area"):
        if area.has_attr("href") and not area.get("alt", "").strip():
            report("HM1110101C", area)
    for element in soup.find_all(["a", "button", "span"]):
        _symbols_only(element, report)
    for image in soup.find_all("input", type=lambda t: (t or "").lower() == "image"):
        if not image.get("alt", "").strip():
            report("HM1110104C", image)
    for obj in soup.find_all("object"):
        if not obj.get_text(strip=True) and not obj.find(["img", "a"]):
            report("HM1110105C", obj)
    _headings(soup, report)
    _tables(soup, report)
    for select in soup.find_all("select"):
        if len(select.find_all("option")) >= _OPTGROUP_MIN and not select.find("optgroup"):
            report("HM1130103C", select, severity="warning")
    _form_labels(soup, report)
    _groups(soup, report)
    for node in soup.find_all(string=_RTL):
        if not isinstance(node, Comment) and not _inherited(node.parent, "dir"):
            report("HM1130200C", node.parent)
    for nav in soup.find_all("nav"):
        if not nav.find("a", href=True):
            report("HM1240102C", nav, f"空的 <nav>：{_snippet(nav)}")
    title = soup.find("title")
    if title is None or not title.get_text(strip=True):
        report("HM1240200C", title or soup, "<title> 不存在或為空")
    _links(soup, report)
    html = soup.find("html")
    lang = html.get("lang", "").strip() if html else ""
    if not _LANG.match(lang):
        report("HM1310100C", html or soup, f"<html lang=\"{lang}\">")
    _downloads(soup, report)
    _controls(soup, report)
    for frame in soup.find_all(["iframe", "frame"]):
        if not frame.get("title", "").strip():
            report("HM1410201C", frame)
    _other_language(soup, report)
    for styled in soup.find_all(style=True):
        for _, value in _absolute_font_sizes(tinycss2.parse_blocks_contents(styled["style"])):
            report("CS2140401C", styled, f"style 屬性 font-size: {value}")
    for style in soup.find_all("style"):
        out += check_css(page, style.get_text(), line_offset=(style.sourceline or 1) - 1)
    return out


def check_css(name: str, css: str, line_offset: int = 0) -> list[Finding]:
    """CS2140401C: font-size (and the font shorthand) only in relative units or keywords."""
    out = []
    spec = CODES["CS2140401C"]
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        for selector, decl_line, decl_col, value in _font_declarations(rule):
            out.append(Finding(
                file=name, line=decl_line + line_offset, col=decl_col, field="CS2140401C",
                message=f"{spec.wording}（{selector} {{ {value} }}）",
                hint=f"{spec.hint}；{PROGRAMMER}", gate=GATE))
    return out


def _font_declarations(rule, prefix: str = ""):
    """(selector, line, column, declaration) of every absolute font size, nested @media too."""
    if rule.type == "qualified-rule":
        selector = prefix + tinycss2.serialize(rule.prelude).strip()
        for decl in tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                   skip_whitespace=True):
            for _, value in _absolute_font_sizes([decl]):
                yield selector, decl.source_line, decl.source_column, value
    elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in (
            "media", "supports", "layer", "container", "document"):
        inner = f"@{rule.at_keyword} {tinycss2.serialize(rule.prelude).strip()} "
        for child in tinycss2.parse_stylesheet(rule.content, skip_comments=True,
                                               skip_whitespace=True):
            yield from _font_declarations(child, prefix + inner)


def _absolute_font_sizes(declarations):
    for decl in declarations:
        if getattr(decl, "type", None) != "declaration":
            continue
        if decl.lower_name not in ("font-size", "font"):
            continue
        for token in decl.value:
            if token.type == "dimension" and token.lower_unit in _ABSOLUTE and token.value != 0:
                yield token.lower_unit, f"{decl.name}: {tinycss2.serialize(decl.value).strip()}"
                break


def _headings(soup, report) -> None:
    previous = 0
    for heading in soup.find_all(re.compile(r"^h[1-6]$")):
        level = int(heading.name[1])
        if previous and level > previous + 1:
            report("HM1130100C", heading,
                   f"h{previous} 之後是 h{level}「{heading.get_text(' ', strip=True)[:30]}」")
        previous = level


def _tables(soup, report) -> None:
    for table in soup.find_all("table"):
        if table.get("role") in ("presentation", "none"):
            continue  # a layout table: FA1130114E (an E code) forbids th there
        cells = [c for c in table.find_all(["th", "td"]) if c.find_parent("table") is table]
        headers = [c for c in cells if c.name == "th"]
        complex_ = (any(int(h.get("colspan", 1) or 1) > 1 or int(h.get("rowspan", 1) or 1) > 1
                        for h in headers)
                    or len([r for r in table.find_all("tr") if r.find_parent("table") is table
                            and r.find("th") and not r.find("td")]) > 1)
        if complex_:
            ids = {h.get("id") for h in headers if h.get("id")}
            for cell in cells:
                if cell.name == "td" and not (set(cell.get("headers", "").split()) & ids):
                    report("HM1130102C", cell)
                    break
        else:
            for header in headers:
                if header.get("scope", "").lower() not in ("col", "row", "colgroup", "rowgroup"):
                    report("HM1130101C", header)


def _form_labels(soup, report) -> None:
    labels = soup.find_all("label")
    named = {label.get("for") for label in labels if _text(label)}
    for label in labels:
        if not _text(label) and not label.get("title", "").strip():
            report("HM1130104C", label, f"空的 <label>：{_snippet(label)}")
    for control in soup.find_all(["input", "select", "textarea"]):
        if control.name == "input" and control.get("type", "text").lower() in _NOT_LABELLED:
            continue
        wrapped = control.find_parent("label")
        if control.get("title", "").strip() or (control.get("id") in named if control.get("id") else False) \
                or (wrapped is not None and _text(wrapped)):
            continue
        report("HM1130104C", control)


def _groups(soup, report) -> None:
    groups: dict[tuple, list[Tag]] = {}
    for control in soup.find_all("input", type=lambda t: (t or "").lower() in ("radio", "checkbox")):
        if control.get("name"):
            form = control.find_parent("form")
            groups.setdefault((id(form), control["type"].lower(), control["name"]), []).append(control)
    for controls in groups.values():
        if len(controls) < 2:
            continue
        fieldset = controls[0].find_parent("fieldset")
        legend = fieldset.find("legend") if fieldset else None
        if (fieldset is None or legend is None or not _text(legend)
                or any(c.find_parent("fieldset") is not fieldset for c in controls)):
            report("HM1130105C", controls[0],
                   f"name=\"{controls[0]['name']}\" 的 {len(controls)} 個 {controls[0]['type']} 不在有 legend 的 fieldset 內")


def _links(soup, report) -> None:
    anchors = soup.find_all("a", href=True)
    for link in anchors:
        if not _accessible_name(link):
            report("HM1240401C", link)
    for link in anchors:
        following = link.next_sibling
        while following is not None and not isinstance(following, Tag) and not str(following).strip():
            following = following.next_sibling
        if (isinstance(following, Tag) and following.name == "a" and following.get("href") == link["href"]
                and (link.find("img") is not None) != (following.find("img") is not None)):
            report("HM1240400C", link, f"{_snippet(link)} 與 {_snippet(following)}")


def _downloads(soup, report) -> None:
    links = [(a, Path(urlsplit(a["href"]).path)) for a in soup.find_all("a", href=True)]
    open_stems = {p.with_suffix("").name for _, p in links if p.suffix.lower() in _OPEN}
    for link, path in links:
        if path.suffix.lower() in _PROPRIETARY and path.with_suffix("").name not in open_stems:
            report("ME1320200C", link)


def _controls(soup, report) -> None:
    for button in soup.find_all("button"):
        if button.has_attr("hidden") and button.get("type") == "submit":
            continue  # not rendered: an implicit-submission helper
        if not _accessible_name(button):
            report("HM1410200C", button, f"按鈕沒有名稱：{_snippet(button)}")
    for element in soup.find_all(role=True):
        role = element["role"].split()[0].lower()
        if role not in _CONTROL_ROLES or element.name in ("a", "button", "input", "select", "textarea"):
            continue
        if not _accessible_name(element):
            report("HM1410200C", element, f"role=\"{role}\" 沒有名稱：{_snippet(element)}")
        elif role in _CHECKED_ROLES and not element.has_attr("aria-checked"):
            report("HM1410200C", element, f"role=\"{role}\" 沒有 aria-checked：{_snippet(element)}")


def _other_language(soup, report) -> None:
    body = soup.find("body") or soup
    for node in body.find_all(string=_ENGLISH_RUN):
        if isinstance(node, Comment) or node.find_parent(["script", "style", "code", "pre", "kbd",
                                                          "samp", "var", "template"]):
            continue
        lang = _inherited(node.parent, "lang") or ""
        if lang and not lang.lower().startswith("zh"):
            continue
        if any(re.fullmatch(r"(https?://|www\.)\S+", m.group(0)) for m in _ENGLISH_RUN.finditer(node)):
            continue
        run = _ENGLISH_RUN.search(node).group(0)
        report("HM2310200C", node.parent, f"「{run[:50]}」")


def _symbols_only(element: Tag, report) -> None:
    """A link, button or span whose whole content is symbols (e.g. ":::", "→"), with no text
    equivalent. Table cells and paragraphs are left alone: "-" in a cell means "no data"."""
    text = _text(element)
    if not text or any(unicodedata.category(ch)[0] in "LN" for ch in text):
        return
    if not any(unicodedata.category(ch) in ("So", "Sk", "Sm") or ch in ":.*=~-_|/\\<>^"
               for ch in text):
        return
    if element.find(True) is not None and element.name not in ("a", "button"):
        return  # judged at the innermost element
    for node in [element, *element.parents]:
        if not isinstance(node, Tag) or node.name in ("body", "html"):
            break
        if (node.get("title", "").strip() or node.get("aria-label", "").strip()
                or node.get("aria-labelledby") or node.get("aria-hidden") == "true"
                or node.get("role") == "img"):
            return
        if node.name not in ("span", "a", "button", "abbr", "strong", "em", "b", "i"):
            break
    report("HM1110103C", element)


def _accessible_name(element: Tag) -> bool:
    if _text(element) or element.get("aria-label", "").strip() or element.get("aria-labelledby") \
            or element.get("title", "").strip():
        return True
    return any(img.get("alt", "").strip() for img in element.find_all("img")) or any(
        svg.find("title") and svg.find("title").get_text(strip=True) for svg in element.find_all("svg"))


def _text(element: Tag) -> str:
    """Text a reader gets: visible text, less what aria-hidden hides and svg/script bodies."""
    parts = []
    for node in element.find_all(string=True):
        if isinstance(node, Comment):
            continue
        if any(p.name in ("script", "style", "svg", "template") or p.get("aria-hidden") == "true"
               for p in node.parents if isinstance(p, Tag) and p is not element.parent):
            continue
        parts.append(str(node))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _inherited(element, attribute: str) -> str | None:
    for node in [element, *element.parents] if element is not None else []:
        if isinstance(node, Tag) and node.get(attribute):
            return node[attribute]
    return None


def _from_theme(node) -> bool:
    """Outside the page's own article (`.md-content`): header, menu, footer come from templates."""
    return not isinstance(node, Tag) or node.find_parent(class_="md-content") is None


def _snippet(node) -> str:
    if not isinstance(node, Tag):
        return ""
    clone = BeautifulSoup(str(node), "html.parser")
    for svg in clone.find_all("svg"):
        svg.clear()
    text = re.sub(r"\s+", " ", str(clone)).strip()
    return text[:117] + "..." if len(text) > 120 else text


def _local_stylesheets(site_dir: Path, page: Path, text: str) -> set[Path]:
    """The site's own stylesheets a page links (other hosts are the self-contained gate's)."""
    found = set()
    for href in re.findall(r'<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"', text) + \
            re.findall(r'<link[^>]+href="([^"]+)"[^>]*rel="stylesheet"', text):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue
        target = (page.parent / parts.path).resolve()
        if target.is_file() and target.is_relative_to(site_dir.resolve()):
            found.add(target)
    return {Path(site_dir) / t.relative_to(site_dir.resolve()) for t in found}
