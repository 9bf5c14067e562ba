"""The rules of a form source (format: forms/README.md 「原始檔格式」), all reported at once.

Each rule yields a FieldError (hrosite/model/validation.py) with a stable code and the
path of the key to fix, the same idiom as the content models; tools/forms/source.py turns
them into findings at file:line:col. Sample forms never carry personal data: every string
is checked with the privacy gate's own test (national ID with its checksum, mobile, 自然人
憑證) and for the form-only cases of a landline number or a house number.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from hrosite.checks.privacy import personal_numbers
from hrosite.model.validation import ID_PATTERN, FieldError, choices

KINDS = ("checkbox", "date", "idno", "lines", "photo", "signature", "text")
TOP_KEYS = {"id", "title", "number", "category", "updated", "intro", "sections", "notes", "office_use", "privacy"}
SECTION_KEYS = {"title", "text", "parties", "fields", "table"}
FIELD_KEYS = {"label", "kind", "width", "options", "other", "template", "hint", "lines", "height", "time"}
TABLE_KEYS = {"columns", "rows", "widths"}

# What a blank sample form must not show beside personal numbers (hrosite/checks/privacy.py).
_PREFILLED = [
    (re.compile(r"0\d{1,2}-?\d{6,8}"), "市話"),
    (re.compile(r"\d+號"), "門牌號碼"),
]


def source_problems(data: Any, stem: str) -> list[FieldError]:
    """Every problem of one parsed form source whose file is named `<stem>.yml`."""
    if not isinstance(data, dict):
        return [FieldError("wrong-type", (), "應為對應表（mapping）", "每一行寫成「欄位: 值」")]
    problems = _keys(data, TOP_KEYS, ())
    for key in ("id", "title", "updated", "sections"):
        if data.get(key) in (None, "", []):
            problems.append(FieldError("missing-field", key, "必填（required）"))
    form_id = data.get("id")
    if isinstance(form_id, str) and form_id:
        if not re.fullmatch(ID_PATTERN, form_id):
            problems.append(FieldError("pattern", "id", "只能用小寫英文、數字與連字號"))
        elif form_id != stem:
            problems.append(FieldError("id-not-file-name", "id", f"應與檔名相同：{stem}"))
    if data.get("updated") not in (None, "") and not _is_date(data["updated"]):
        problems.append(FieldError("invalid-date", "updated", "日期格式應為 YYYY-MM-DD"))
    sections = data.get("sections") or []
    if not isinstance(sections, list):
        problems.append(FieldError("wrong-type", "sections", "應為清單（list）", "每一項前面加「- 」"))
        sections = []
    for i, section in enumerate(sections):
        problems += _section(section, ("sections", i))
    for path, text in _strings(data, ()):
        problems += _personal(path, text)
    return problems


def _keys(obj: dict, allowed: set[str], at: tuple) -> list[FieldError]:
    return [FieldError("unknown-key", at + (key,), f"不認得的欄位（unknown key）：{key}",
                       "可用的欄位：" + "、".join(sorted(allowed)))
            for key in obj if key not in allowed]


def _section(section: Any, at: tuple) -> list[FieldError]:
    if not isinstance(section, dict):
        return [FieldError("wrong-type", at, "應為對應表（mapping）")]
    problems = _keys(section, SECTION_KEYS, at)
    if not any(k in section for k in ("text", "fields", "table")):
        problems.append(FieldError("section-empty", at, "需要 text、fields 或 table 其中之一"))
    if "parties" in section and "fields" not in section:
        problems.append(FieldError("parties-without-fields", at + ("parties",), "parties 需搭配 fields"))
    if "table" in section:
        problems += _table(section["table"], at + ("table",))
    fields = section.get("fields") or []
    for j, field in enumerate(fields if isinstance(fields, list) else []):
        problems += _field(field, at + ("fields", j))
    return problems


def _table(table: Any, at: tuple) -> list[FieldError]:
    if not isinstance(table, dict):
        return [FieldError("wrong-type", at, "應為對應表（mapping）")]
    problems = _keys(table, TABLE_KEYS, at)
    columns = table.get("columns") or []
    if not columns:
        problems.append(FieldError("missing-field", at + ("columns",), "必填（required）"))
    widths = table.get("widths")
    if widths is not None and len(widths) != len(columns):
        problems.append(FieldError("widths-count", at + ("widths",), "數量須與 columns 相同"))
    return problems


def _field(field: Any, at: tuple) -> list[FieldError]:
    if not isinstance(field, dict):
        return [FieldError("wrong-type", at, "應為對應表（mapping）")]
    problems = _keys(field, FIELD_KEYS, at)
    if not field.get("label"):
        problems.append(FieldError("missing-field", at + ("label",), "必填（required）"))
    if field.get("kind") not in KINDS:
        problems.append(FieldError("not-allowed", at + ("kind",), f"不是允許的值（not allowed），應為 {choices(list(KINDS))} 之一"))
    elif field["kind"] == "checkbox" and not field.get("options"):
        problems.append(FieldError("missing-field", at + ("options",), "checkbox 需要 options"))
    if field.get("width", "half") not in ("half", "full"):
        problems.append(FieldError("not-allowed", at + ("width",), "不是允許的值（not allowed），應為 half 或 full"))
    return problems


def _personal(path: tuple, text: str) -> list[FieldError]:
    """At most one problem per string: the first personal number, else a landline or house number."""
    for label, masked in personal_numbers(text):
        return [FieldError("personal-data", path, f"範例表單不得預填{label}：{masked}", "請留空，讓填表人自己寫")]
    normalised = unicodedata.normalize("NFKC", text)
    for pattern, what in _PREFILLED:
        if pattern.search(normalised):
            return [FieldError("personal-data", path, f"範例表單不得預填{what}：{text}", "請留空，讓填表人自己寫")]
    return []


def _strings(obj: Any, at: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(obj, str):
        yield at, obj
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from _strings(value, at + (key,))
    elif isinstance(obj, list):
        for index, value in enumerate(obj):
            yield from _strings(value, at + (index,))


def _is_date(value: Any) -> bool:
    if isinstance(value, dt.date):
        return True
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True
