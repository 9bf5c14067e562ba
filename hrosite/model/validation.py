"""Turn pydantic validation errors into messages office staff can act on.

Pydantic gives a location tuple and an error type; we look the location up in the YAML
positions and translate the type into Traditional Chinese with the English term.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from ..findings import Finding
from ..sources import Document

M = TypeVar("M", bound=BaseModel)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class Strict(BaseModel):
    """Base for every content model: unknown keys are errors, so a typo is never ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class FieldError(ValueError):
    """A check across fields whose fix is in one of them: the message points at that key's line."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def choices(values: list) -> str:
    """["and", "or"] -> "and 或 or"; ["公告", "活動", "新聞稿"] -> "公告、活動 或 新聞稿"."""
    values = [str(v) for v in values]
    return values[0] if len(values) == 1 else "、".join(values[:-1]) + " 或 " + values[-1]


def _shown(value: Any, written: str | None = None) -> str:
    """What staff wrote, as YAML text (`yes`, `[a, b]`), never a Python repr (`True`, `['a', 'b']`)."""
    if written is None:
        written = value if isinstance(value, str) else yaml.safe_dump(
            value, allow_unicode=True, default_flow_style=True, width=10**6).strip().removesuffix("...")
    text = " ".join(written.split())
    return text if len(text) <= 40 else text[:37] + "…"


def _literals(annotation: Any) -> list:
    if get_origin(annotation) is Literal:
        return list(get_args(annotation))
    return [value for arg in get_args(annotation) for value in _literals(arg)]


def _allowed_values(model: type[BaseModel], loc: tuple, ctx: dict) -> str:
    """The values a field accepts as a Chinese list, not pydantic's "'and' or 'or'"."""
    info = _field_info(model, loc)
    values = _literals(info.annotation) if info is not None else []
    if values:
        return choices(values)
    return str(ctx.get("expected", "")).replace("'", "").replace(" or ", " 或 ").replace(", ", "、")


def _message(error: dict, model: type[BaseModel], loc: tuple,
             written: str | None) -> tuple[str, str | None]:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    found = f"（目前是「{_shown(value, written)}」）" if value is not None and kind != "missing" else ""
    if kind == "missing":
        if _accepts_null(model, loc):
            return "缺少必填欄位（required）", "請加上這個欄位；還不知道的值請寫 null，網站會顯示「待確認」"
        return "缺少必填欄位（required）", "請加上這個欄位"
    if kind == "extra_forbidden":
        return "未知的欄位（unknown key），可能是拼錯了", None
    if kind in ("string_type",):
        return f"應為文字（string）{found}", "文字若以數字或特殊符號開頭，請加上引號"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"應為整數（integer）{found}", "只寫數字，例如 50"
    if kind in ("bool_type", "bool_parsing"):
        return f"應為 true 或 false（boolean）{found}", None
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"日期格式錯誤（invalid date）{found}", "請寫成 YYYY-MM-DD，例如 2026-11-26"
    if kind in ("literal_error", "enum"):
        return f"不是允許的值（not allowed）{found}", f"只能是 {_allowed_values(model, loc, ctx)}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern.startswith("^http"):  # the hint names the scheme the field accepts
            scheme = "http:// 或 https://" if pattern.startswith("^https?") else "https://"
            return f"網址格式錯誤（invalid URL）{found}", f"網址請以 {scheme} 開頭"
        if pattern == ID_PATTERN:
            return (f"格式不符（pattern）{found}",
                    "id 只能用小寫英文字母、數字與連字號，例如 birth-registration")
        return f"格式不符（pattern）{found}", None
    if kind in ("list_type", "tuple_type", "set_type"):
        return f"應為清單（list）{found}", "每一項前面加「- 」"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"應為欄位對應（mapping）{found}", "檢查縮排"
    if kind == "too_short":
        return f"項目太少（too short），至少需要 {ctx.get('min_length')} 項", None
    if kind == "too_long":
        return f"項目太多（too long），最多 {ctx.get('max_length')} 項", None
    if kind == "string_too_short":
        return "不可為空白（empty）", "請寫上文字內容，不可只有空白或 ''"
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt"))
        return f"數值太小（too small）{found}，不可小於 {limit}", None
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt"))
        return f"數值太大（too large）{found}，不可大於 {limit}", None
    if kind.startswith("url"):
        return f"網址格式錯誤（invalid URL）{found}", "網址請以 https:// 開頭"
    if kind in ("value_error", "assertion_error"):
        msg = str(ctx.get("error", error.get("msg", "")))
        return msg.removeprefix("Value error, "), None
    return f"{error.get('msg')}{found}", None


def _field_info(model: type[BaseModel], loc: tuple):
    current: Any = model
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return None
        info = fields[part]
        current = _inner_model(info.annotation)
    return info


def _accepts_null(model: type[BaseModel], loc: tuple) -> bool:
    info = _field_info(model, loc)
    return info is not None and type(None) in getattr(info.annotation, "__args__", ())


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names valid at a location, to suggest them when a key is unknown."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        fields = getattr(current, "model_fields", {})
        info = fields.get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return sorted(getattr(current, "model_fields", {}).keys()) if current else []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def validate(doc: Document, model: type[M], data: Any = None,
             context: dict | None = None) -> tuple[M | None, list[Finding]]:
    """Validate a document's data against a model; all problems become findings."""
    payload = doc.data if data is None else data
    if payload is None:
        payload = {}
    try:
        return model.model_validate(payload, context=context), []
    except ValidationError as exc:
        findings = []
        for error in exc.errors(include_url=False):
            loc = tuple(part for part in error["loc"]
                        if not (isinstance(part, str) and part.startswith(("function-", "tagged-union"))))
            cause = (error.get("ctx") or {}).get("error")
            if isinstance(cause, FieldError):
                loc += (cause.field,)
            message, hint = _message(error, model, loc, doc.written.get(loc))
            if error["type"] == "extra_forbidden":
                allowed = _allowed_keys(model, loc)
                if allowed:
                    hint = "可用的欄位：" + "、".join(allowed)
            findings.append(doc.finding(loc, message, hint))
        return None, findings
