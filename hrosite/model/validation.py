"""Turn pydantic validation errors into messages office staff can act on.

Pydantic gives a location tuple and an error type; we look the location up in the YAML
positions and translate the type into Traditional Chinese with the English term.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, RootModel, ValidationError

from ..findings import Finding
from ..sources import Document, load_yaml_file

M = TypeVar("M", bound=BaseModel)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class Strict(BaseModel):
    """Base for every content model: unknown keys are errors, so a typo is never ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class FieldError(ValueError):
    """A broken rule whose fix is in one field: a stable code, the field's path, the message, a hint.

    The one way a content rule reports: raised inside a pydantic validator (one per value) or
    yielded by a cross-field rule registered with `rule` (every one is collected). `validate`
    turns either into a Finding at the field's file:line:col, carrying the code.
    `field` is relative to the model the rule belongs to: a key, a path tuple, or () for the
    object itself.
    """

    def __init__(self, code: str, field: str | tuple, message: str, hint: str | None = None):
        super().__init__(message)
        self.code = code
        self.field = (field,) if isinstance(field, (str, int)) else tuple(field)
        self.message = message
        self.hint = hint


Rule = Callable[[Any, dict], Iterable[FieldError]]
_RULES: dict[type, list[Rule]] = {}


def rule(model: type[BaseModel]) -> Callable[[Rule], Rule]:
    """Register `check(instance, context)` as a cross-field rule of `model` and its subclasses.

    The rule yields a FieldError per problem, so staff see them all at once; it runs after
    the model's own fields validated, wherever the model occurs in a document.
    """
    def register(check: Rule) -> Rule:
        _RULES.setdefault(model, []).append(check)
        return check
    return register


def broken_rules(value: Any, context: dict | None = None,
                 at: tuple = ()) -> list[tuple[tuple, FieldError]]:
    """Every registered rule over a validated value and all models inside it: (full path, error)."""
    context = context or {}
    found: list[tuple[tuple, FieldError]] = []
    if isinstance(value, RootModel):
        return broken_rules(value.root, context, at)
    if isinstance(value, BaseModel):
        for cls in type(value).__mro__:
            for check in _RULES.get(cls, ()):
                found += [(at + error.field, error) for error in check(value, context)]
        for name in type(value).model_fields:
            found += broken_rules(getattr(value, name), context, at + (name,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found += broken_rules(item, context, at + (index,))
    elif isinstance(value, dict):
        for key, item in value.items():
            found += broken_rules(item, context, at + (key,))
    return found


def not_before(model: BaseModel, later: str, earlier: str, hint: str | None = None) -> list[FieldError]:
    """The date rule every kind shares: `later` (if written) is not before `earlier`; points at `later`."""
    first, second = getattr(model, earlier), getattr(model, later)
    if first is None or second is None or second >= first:
        return []
    return [FieldError("date-order", later,
                       f"{later}（{DATE_NAMES.get(later, later)}）不可早於 {earlier}（{DATE_NAMES.get(earlier, earlier)}）",
                       hint)]


DATE_NAMES = {"date": "發布日期", "published": "發布日期", "updated": "更新日期", "expiry": "下架日期",
              "review_by": "檢視期限", "valid_from": "生效日期", "valid_until": "失效日期"}
REVIEW_HINT = "更新內容時，也把 review_by 改成下次要檢查的日期，例如半年後"


def review_rule(model: BaseModel, context: dict) -> list[FieldError]:
    """Content is reviewed after its last update: review_by is not before updated (every kind)."""
    return not_before(model, "review_by", "updated", REVIEW_HINT)


def duplicates(items: list, key: str, path: str, what: str) -> list[FieldError]:
    """An id written twice in one list: each repeat, at its own id (code `duplicate-id`)."""
    seen: set = set()
    found = []
    for index, item in enumerate(items):
        value = getattr(item, key)
        if value in seen:
            found.append(FieldError("duplicate-id", (path, index, key),
                                    f"{what} id「{value}」重複（duplicate id）", "每個 id 都要不同"))
        seen.add(value)
    return found


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
        value = model.model_validate(payload, context=context)
    except ValidationError as exc:
        findings = []
        for error in exc.errors(include_url=False):
            loc = tuple(part for part in error["loc"]
                        if not (isinstance(part, str) and part.startswith(("function-", "tagged-union"))))
            cause = (error.get("ctx") or {}).get("error")
            if isinstance(cause, FieldError):
                loc += cause.field
            message, hint = _message(error, model, loc, doc.written.get(loc))
            if isinstance(cause, FieldError):
                hint = cause.hint
            if error["type"] == "extra_forbidden":
                allowed = _allowed_keys(model, loc)
                if allowed:
                    hint = "可用的欄位：" + "、".join(allowed)
            code = cause.code if isinstance(cause, FieldError) else error_code(error)
            findings.append(doc.finding(loc, message, hint, code=code))
        return None, findings
    findings = sorted((doc.finding(path, error.message, error.hint, code=error.code)
                       for path, error in broken_rules(value, context)),
                      key=lambda f: (f.line or 0, f.col or 0))
    return (None, findings) if findings else (value, [])


# pydantic's error types → the finding codes of docs/finding-codes.md
_CODES = {"missing": "missing-field", "extra_forbidden": "unknown-key",
          "literal_error": "not-allowed", "enum": "not-allowed",
          "too_short": "too-few", "too_long": "too-many", "string_too_short": "empty",
          "greater_than_equal": "too-small", "greater_than": "too-small",
          "less_than_equal": "too-large", "less_than": "too-large"}


def error_code(error: dict) -> str:
    """The finding code of one pydantic error (field-level rules; cross-field rules bring their own)."""
    kind = error["type"]
    if kind in _CODES:
        return _CODES[kind]
    if kind.startswith(("date", "datetime")):
        return "invalid-date"
    if kind.startswith("url") or (kind == "string_pattern_mismatch"
                                  and str((error.get("ctx") or {}).get("pattern", "")).startswith("^http")):
        return "invalid-url"
    if kind == "string_pattern_mismatch":
        return "pattern"
    if kind.endswith(("_type", "_parsing", "_from_float")):
        return "wrong-type"
    return "invalid-value"


def load_valid_files(root: Path, folder: str,
                     model: type[M]) -> tuple[list[tuple[Path, Document, M]], list[Finding]]:
    """Every <folder>/*.yml read and validated against `model`, in file-name order: the files
    that passed, with their document, and the findings of the ones that did not."""
    valid, findings = [], []
    for path in sorted((root / folder).glob("*.yml")):
        doc, problems = load_yaml_file(path, path.relative_to(root).as_posix())
        findings += problems
        if doc is None:
            continue
        value, problems = validate(doc, model)
        findings += problems
        if value is not None:
            valid.append((path, doc, value))
    return valid, findings
