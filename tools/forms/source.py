"""Reading a form source: forms/src/<id>.yml, the office facts it cites, its date.

A source is parsed with hrosite's YAML reader (positions kept, anchors and tags refused)
and checked by tools/forms/checks.py; every problem is reported at once, each at its
file:line:col with a code, in a FormSourceError. Office identity comes from the office's
site.yml (`OfficeFacts.from_site`), never from the form sources.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from hrosite.findings import Finding
from hrosite.model.site import PLACEHOLDER
from hrosite.sources import for_staff, parse_yaml

from .checks import source_problems

FACTS = ("name", "district", "address", "phone")


class FormSourceError(ValueError):
    """A form source (or the office's site.yml) is invalid: one line per problem, `file:…: field: message`."""

    def __init__(self, problem: str | list[Finding]):
        self.findings = [] if isinstance(problem, str) else list(problem)
        super().__init__(problem if isinstance(problem, str)
                         else "\n".join(for_staff(f).format_text() for f in self.findings))


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
                if m.group(1) not in FACTS:
                    raise FormSourceError(f"{path or src.get('id', '?')}: (text): "
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


def load_source(path: Path) -> dict[str, Any]:
    """Read and check one form source file; every problem of it in one FormSourceError."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FormSourceError(f"{path}: 無法讀取（cannot read）：{exc}") from None
    doc, problems = parse_yaml(text, str(path))
    if doc is None or problems:
        raise FormSourceError(problems)
    problems = [doc.finding(error.field, error.message, error.hint, code=error.code)
                for error in source_problems(doc.data, Path(path).stem)]
    if problems:
        raise FormSourceError(problems)
    return doc.data


def updated_date(data: dict[str, Any]) -> dt.date:
    """The checked source's `updated` as a date (a datetime or an ISO string is accepted)."""
    value = data["updated"]
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
