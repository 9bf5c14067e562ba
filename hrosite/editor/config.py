"""admin/config.yml generated from the content models: one Decap CMS collection per content kind.

Each model field becomes a widget: text for `str`, number with `min`/`max` from `ge`/`le`,
select with Chinese labels for `Literal`, date for `dt.date`, list/object for nested models.
A field is required when the model requires it and does not accept null; `pattern` and
`min_length` become Decap patterns with a Chinese message. Backend settings (which GitHub
repository, OAuth endpoint) come from the administrator's admin/editor.yml, never from here.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import annotated_types
import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..model.disclosure import DisclosureItem, NotApplicable
from ..model.faq import FaqFile
from ..model.form import FormRegistry
from ..model.news import NewsMeta
from ..model.procedure import Procedure
from ..model.site import Office
from ..model.validation import ID_PATTERN
from .labels import LONG_TEXT, VALUES, label

CONFIG = Path("admin") / "config.yml"
SETTINGS = Path("admin") / "editor.yml"
HEADER = ("# 由 hrosite editor-config 依內容模型（hrosite/model/）產生，請勿手動修改。\n"
          "# Generated from the content models by `hrosite editor-config`; do not edit by hand.\n"
          "# Backend settings come from admin/editor.yml (docs/editor.md).\n")
DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
        "time_format": False, "picker_utc": True}
PATTERN_MESSAGES = {
    ID_PATTERN: "只能用小寫英文字母、數字與連字號，例如 birth-registration",
    r"^https?://": "網址請以 https:// 開頭",
    r"^https://": "網址請以 https:// 開頭",
    r"^https?://\S+$": "網址請以 https:// 開頭，不可有空白",
    r"^\d{11}$": "請寫 11 位數字",
    r"^[a-z0-9][a-z0-9/_-]*\.md(#[A-Za-z0-9_-]+)?$": "本站頁面的 .md 路徑，例如 contact.md",
    r"^files/[^/\\]+$": "寫成 files/檔名，例如 files/budget-2026.pdf",
}
DISCLOSURE_ORDER = ("id", "category", "title", "summary", "details", "page", "file", "url", "site",
                    "generated", "not_applicable", "published", "updated", "review_by")


def _optional(annotation: Any) -> tuple[Any, bool]:
    """(the type without None, whether None is accepted)."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) < len(get_args(annotation)):
            return (args[0] if len(args) == 1 else Union[tuple(args)]), True
    return annotation, False


def _constraints(info: FieldInfo) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in info.metadata:
        for name in ("ge", "le", "gt", "lt", "min_length", "max_length", "pattern"):
            value = getattr(item, name, None)
            if value is not None:
                found[name] = value
    return found


def _pattern(regex: str) -> list[str]:
    message = PATTERN_MESSAGES.get(regex)
    if message is None:
        raise KeyError(f"pattern {regex}: 編輯器沒有這個格式的中文說明，請在 hrosite/editor/config.py"
                       " 的 PATTERN_MESSAGES 補上")
    return [regex, message]


def field_widget(model: str, name: str, info: FieldInfo) -> dict[str, Any]:
    """The Decap field for one pydantic field."""
    text, hint = label(model, name)
    kind, nullable = _optional(info.annotation)
    limits = _constraints(info)
    field: dict[str, Any] = {"label": text, "name": name}
    field["required"] = info.is_required() and not nullable
    hint = info.description or hint
    if get_origin(kind) is Literal:
        values = list(get_args(kind))
        names = VALUES.get(f"{model}.{name}", {})
        field.update(widget="select", options=[{"label": names.get(v, str(v)), "value": v} for v in values])
        hint = hint or "可選：" + "、".join(names.get(v, str(v)) for v in values)
    elif kind is bool:
        field.update(widget="boolean", default=bool(info.default))
    elif kind is int:
        field.update(widget="number", value_type="int", step=1)
        for key, decap in (("ge", "min"), ("le", "max")):
            if key in limits:
                field[decap] = limits[key]
        if not info.is_required() and isinstance(info.default, int):
            field["default"] = info.default
    elif kind is dt.date:
        field.update(DATE)
        hint = hint or "日期，例如 2026-11-26"
    elif kind is str:
        field["widget"] = "text" if f"{model}.{name}" in LONG_TEXT else "string"
        if "pattern" in limits:
            field["pattern"] = _pattern(limits["pattern"])
        elif limits.get("min_length", 0) > 1:
            field["pattern"] = [f"^[\\s\\S]{{{limits['min_length']},}}$", f"至少 {limits['min_length']} 個字"]
    elif get_origin(kind) is list:
        (item,) = get_args(kind)
        field["widget"] = "list"
        if isinstance(item, type) and issubclass(item, BaseModel):
            field["fields"] = model_fields(item)
            field["collapsed"] = False
        else:
            field["field"] = {"label": text, "name": "item", "widget": "string"}
        if "min_length" in limits:
            field["min"] = limits["min_length"]
    elif isinstance(kind, type) and issubclass(kind, BaseModel):
        inner = model_fields(kind)
        if not field["required"]:
            # Decap checks an absent optional object's required fields too, refusing every
            # step without a decision; `hrosite validate` still checks them when it is given.
            for sub in inner:
                sub["required"] = False
        field.update(widget="object", fields=inner, collapsed=False)
    else:
        raise TypeError(f"{model}.{name}: 編輯器不支援的型別 {kind!r}")
    if hint:
        field["hint"] = hint
    return field


def model_fields(model: type[BaseModel], order: tuple[str, ...] | None = None) -> list[dict]:
    """Every field of a model, in the model's order (the order keys are written back in)."""
    names = order or tuple(model.model_fields)
    return [field_widget(model.__name__, name, model.model_fields[name]) for name in names]


def disclosure_fields() -> list[dict]:
    """An item and a not-applicable declaration share one form: only the dates and id are required."""
    infos = dict(DisclosureItem.model_fields) | {"not_applicable": NotApplicable.model_fields["not_applicable"]}
    fields = []
    for name in DISCLOSURE_ORDER:
        field = field_widget("Disclosure", name, infos[name])
        if name not in ("id", "category", "published", "updated", "review_by"):
            field["required"] = False
        fields.append(field)
    return fields


def collections() -> list[dict]:
    news = model_fields(NewsMeta)
    return [
        {"name": "procedures", "label": "申辦須知", "label_singular": "申辦須知",
         "folder": "content/procedures", "extension": "yml", "format": "yaml", "create": True,
         "slug": "{{fields.id}}", "identifier_field": "title", "summary": "{{title}}（{{id}}）",
         "fields": model_fields(Procedure)},
        {"name": "faq", "label": "常見問答", "label_singular": "問答分類",
         "folder": "faq", "extension": "yml", "format": "yaml", "create": True,
         "slug": "{{fields.category}}", "identifier_field": "category",
         "fields": model_fields(FaqFile)},
        {"name": "news", "label": "最新消息", "label_singular": "消息",
         "folder": "content/news", "extension": "md", "format": "frontmatter", "create": True,
         "slug": "news-{{year}}{{month}}{{day}}-{{hour}}{{minute}}", "identifier_field": "title",
         "fields": news + [{"label": "內文", "name": "body", "widget": "markdown",
                            "editor_components": [],   # no image upload: images need a folder and alt text
                            "hint": "消息的內容，不可空白"}]},
        {"name": "disclosures", "label": "政府資訊公開", "label_singular": "公開項目",
         "folder": "content/disclosures", "extension": "yml", "format": "yaml", "create": True,
         "slug": "{{fields.id}}", "identifier_field": "title", "fields": disclosure_fields()},
        {"name": "registries", "label": "書表與機關資料", "files": [
            {"name": "forms", "label": "書表下載清單", "file": "forms/forms.yml",
             "fields": _with_uploads(model_fields(FormRegistry))},
            {"name": "site", "label": "機關資料（site.yml）", "file": "site.yml",
             "fields": model_fields(Office)},
        ]},
    ]


def _with_uploads(fields: list[dict]) -> list[dict]:
    """forms.yml: the ODT/ODS/PDF paths become file uploads into forms/files/."""
    files = next(f for f in fields[0]["fields"] if f["name"] == "files")
    for sub in files["fields"]:
        sub.update(widget="file", media_folder="/forms/files", public_folder="files", choose_url=False)
    return fields


def settings(root: Path) -> dict:
    path = root / SETTINGS
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}


def editor_config(root: Path, local_backend: str | bool | None = None) -> dict:
    """The whole Decap configuration; `local_backend` overrides the proxy URL (tests, local use)."""
    config = {key: value for key, value in settings(root).items() if value is not None}
    config.setdefault("backend", {"name": "github", "branch": "main"})
    config["backend"] = {k: v for k, v in config["backend"].items() if v is not None}
    config.setdefault("publish_mode", "editorial_workflow")
    config.setdefault("locale", "zh_Hant")
    config.setdefault("local_backend", True)
    if local_backend is not None:
        config["local_backend"] = {"url": local_backend} if isinstance(local_backend, str) else local_backend
    config["media_folder"] = "forms/files"
    config["public_folder"] = "/files"
    config["collections"] = collections()
    return config


def config_text(root: Path) -> str:
    return HEADER + yaml.safe_dump(editor_config(root), allow_unicode=True, sort_keys=False, width=100)


def write_config(root: Path) -> Path:
    path = root / CONFIG
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(config_text(root), encoding="utf-8")
    return path
