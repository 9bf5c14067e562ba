"""Checks on a composed office tree: one id once, nothing removed still linked.

Rule (docs/offices.md "Overlay files"): an id of a FAQ entry or form appears once in the
composed kind (an overlay and a whole office file may not both bring it); an item an overlay
removed (form, procedure, FAQ entry, step) is named nowhere else: not in a `forms:` or
`procedures:` list, a step's `goto`, a Markdown link or the start page's procedure list. The
finding is at the overlay's remove line and names the ORIGINAL file:line that still links.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from .findings import Finding
from .overlay import GATE, PROCEDURES, Composed, Kind, Line, _items
from .sources import parse_yaml


def duplicates(out: Composed, kind: Kind) -> list[Finding]:
    """The same id twice in the composed kind (e.g. an overlay and a whole file of the office)."""
    seen: dict[str, Line] = {}
    found: list[Finding] = []
    for rel in sorted(out.texts):
        folder, _, name = rel.rpartition("/")
        if folder != kind.folder or not Path(name).match(kind.pattern):
            continue
        for item in _items(out.texts[rel], kind.list_key) or []:
            line = out.texts[rel][item.start]
            if item.id in seen:
                first = seen[item.id]
                found.append(Finding(line.file, line.line, None, "id",
                                     f"id「{item.id}」在 {first.file}:{first.line} 已經有了（duplicate id）："
                                     "兩個檔案或 overlay 不可用同一個 id", "改用新的 id，或刪掉其中一個",
                                     gate=GATE))
            else:
                seen[item.id] = line
    return found


REFERENCE_KEYS = {"forms": "forms", "procedures": "procedures"}
_MD_LINK = r"(?<![\w-])(?:\.\./)*{folder}/{id}(?:\.md|/)"


def still_linked(out: Composed) -> list[Finding]:
    """A removed form, procedure, FAQ entry or step that some composed file still names."""
    found: list[Finding] = []
    if not out.removed:
        return found
    for rel in sorted(out.texts):
        lines = out.texts[rel]
        text = "".join(line.text for line in lines)
        if rel.endswith((".yml", ".yaml")):
            doc, _ = parse_yaml(text, rel)
            refs = _yaml_refs(doc) if doc is not None else []
        elif rel.endswith(".md"):
            refs = _md_refs(text, out.removed)
        else:
            continue
        for what, ident, line_no in refs:
            for kind, removed_id, where in out.removed:
                if (kind, removed_id) != (what, ident) and not (
                        kind.startswith("steps:") and what == "goto" and removed_id == ident
                        and rel == f"{PROCEDURES}/{kind[6:]}.yml"):
                    continue
                origin = lines[line_no - 1] if 0 < line_no <= len(lines) else lines[-1]
                found.append(replace(where, message=f"「{ident}」已在這裡刪除，但 {origin.file}:{origin.line}"
                                                    "仍連到它（removed item still linked）",
                                     hint="一併修改那個地方（用 overlay 取代那個項目），或不要刪除這一項"))
    return found


def _yaml_refs(doc) -> list[tuple[str, str, int]]:
    """(kind, id, line) for every id listed under forms:, procedures: or goto: in a YAML file."""
    out = []
    for path, (line, _) in doc.positions.items():
        if len(path) >= 2 and isinstance(path[-1], int) and path[-2] in REFERENCE_KEYS:
            value = _get(doc.data, path)
            if isinstance(value, str):
                out.append((REFERENCE_KEYS[path[-2]], value, line))
        elif path and path[-1] == "goto":
            value = _get(doc.data, path)
            if isinstance(value, str):
                out.append(("goto", value, line))
    return out


def _get(data, path):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _md_refs(text: str, removed) -> list[tuple[str, str, int]]:
    out = []
    for kind, ident, _ in removed:
        if kind == "procedures":
            pattern = re.compile(_MD_LINK.format(folder="procedures", id=re.escape(ident)))
        elif kind == "faq":
            pattern = re.compile(r"faq/[\w-]+(?:\.md|/)#" + re.escape(ident) + r"(?![\w-])")
        elif kind == "forms":
            pattern = re.compile(r"forms/(?:files/)?" + re.escape(ident) + r"(?:\.odt|\.pdf|\.ods)")
        else:
            continue
        for match in pattern.finditer(text):
            out.append((kind, ident, text.count("\n", 0, match.start()) + 1))
        if kind == "procedures":   # front matter lists of procedure ids (the start page)
            for n, line in enumerate(text.splitlines(), 1):
                if re.match(r"\s*-\s*['\"]?" + re.escape(ident) + r"['\"]?\s*(#.*)?$", line):
                    out.append((kind, ident, n))
    return out
