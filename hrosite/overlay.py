"""Compose one office's source tree from the shared layer (common/) and its own folder.

Rule (docs/offices.md "Shared content with per-office overlays"): the composed tree is
common/ with every file of offices/<id>/ laid over it (same path = replaced whole, new path =
added), then the item-level overlay files of the office applied:

- faq/overlay.yml and forms/overlay.yml: `replace:` (entries by id), `remove:` (ids) and
  `add:` (file name → entries);
- content/procedures/overlay.yml: `remove:` (procedure ids) and `steps:` (one step of one
  procedure, by number from 1 or by step id: `replace:`, `remove: true`, or `add:` after it).

Entries are spliced as text, so every line of the composed tree keeps the file and line it
came from (a `SourceMap`): a finding about the composed tree is reported at the ORIGINAL
file:line. Problems of the overlay itself (an id the shared layer lacks, one id twice) are
Findings at the overlay's own line; overlaychecks.py checks the composed whole (an id in two
files, a removed item still linked).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .findings import Finding
from .sources import load_yaml_file

OVERLAY = "overlay.yml"
GATE = "overlay"
MAP_FILE = "sourcemap.json"


@dataclass(frozen=True)
class Kind:
    """A content kind whose items an overlay can address by id."""

    name: str          # for messages
    folder: str        # relative to an office's source root
    list_key: str      # the key holding the list of items in each file
    pattern: str       # which files of the folder hold items


FAQ = Kind("常見問答（FAQ）", "faq", "entries", "*.yml")
FORMS = Kind("書表（form）", "forms", "forms", "forms.yml")
PROCEDURES = "content/procedures"


@dataclass(frozen=True)
class Line:
    """One line of a composed file and where it came from (shift: columns added on the way)."""

    text: str
    file: str
    line: int
    shift: int = 0


@dataclass
class SourceMap:
    """Composed path → original path (whole files) or one origin per line (spliced files)."""

    files: dict[str, str] = field(default_factory=dict)
    lines: dict[str, list[list]] = field(default_factory=dict)

    def origin(self, rel: str, line: int | None, col: int | None) -> tuple[str, int | None, int | None]:
        if rel in self.lines and line is not None and 1 <= line <= len(self.lines[rel]):
            file, orig, shift = self.lines[rel][line - 1]
            return file, orig, (max(1, col - shift) if col is not None else None)
        if rel in self.lines:   # a line past the end (a parser's end mark): the file's last origin
            file = self.lines[rel][-1][0] if self.lines[rel] else rel
            return file, line, col
        return self.files.get(rel, rel), line, col

    def remap(self, finding: Finding) -> Finding:
        file, line, col = self.origin(finding.file, finding.line, finding.col)
        return replace(finding, file=file, line=line, col=col)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({"files": self.files, "lines": self.lines}, ensure_ascii=False),
                        encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "SourceMap":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["files"], data["lines"])


@dataclass
class Composed:
    """A composed tree in memory: text files as Lines, other files as their source path."""

    texts: dict[str, list[Line]] = field(default_factory=dict)
    binaries: dict[str, tuple[Path, str]] = field(default_factory=dict)   # rel -> (path, origin)
    findings: list[Finding] = field(default_factory=list)
    removed: list[tuple[str, str, Finding]] = field(default_factory=list)  # (what, id, where)

    def text(self, rel: str) -> str:
        return "".join(line.text for line in self.texts[rel])


TEXT_SUFFIXES = {".yml", ".yaml", ".md", ".csv", ".txt", ".json", ".html", ".css", ".js", ".svg"}


def _layer(repo: Path, folder: Path, out: Composed) -> None:
    """Lay every file of `folder` over `out` (same relative path replaces), overlays excepted."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.is_symlink() or path.name == OVERLAY:
            continue
        rel = path.relative_to(folder).as_posix()
        if rel.startswith("build/") or any(part.startswith(".") for part in Path(rel).parts):
            continue
        origin = path.relative_to(repo).as_posix()
        out.texts.pop(rel, None)
        out.binaries.pop(rel, None)
        if path.suffix.lower() in TEXT_SUFFIXES:
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):   # the loaders report it at the original path
                out.binaries[rel] = (path, origin)
                continue
            out.texts[rel] = [Line(t, origin, n) for n, t in enumerate(text.splitlines(True), 1)]
        else:
            out.binaries[rel] = (path, origin)


# --- finding items in a composed YAML file -------------------------------------------------

@dataclass
class Item:
    """One list item of a composed file: its id and its lines [start, end) (0-based)."""

    id: str
    start: int
    end: int
    dash_col: int


def _items(lines: list[Line], list_key: str) -> list[Item] | None:
    """The items of the top-level `list_key` sequence, or None if the file has none."""
    text = "".join(line.text for line in lines)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    seq = next((v for k, v in root.value if getattr(k, "value", None) == list_key), None)
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style:
        return None
    out: list[Item] = []
    for node in seq.value:
        if not isinstance(node, yaml.MappingNode):
            return None
        ident = next((str(v.value) for k, v in node.value
                      if getattr(k, "value", None) == "id" and isinstance(v, yaml.ScalarNode)), "")
        start = node.start_mark.line
        dash = lines[start].text.find("-")
        out.append(Item(ident, start, 0, max(dash, 0)))
    for this, after in zip(out, out[1:]):
        this.end = after.start
    if out:
        end = seq.end_mark.line + (1 if seq.end_mark.column else 0)
        out[-1].end = min(end, len(lines))
    for item in out:   # trailing blank lines and comments stay where they are
        while item.end > item.start + 1 and _blank_or_comment(lines[item.end - 1].text):
            item.end -= 1
    return out


def _blank_or_comment(text: str) -> bool:
    return not text.strip() or text.lstrip().startswith("#")


def _block(doc_lines: list[str], node: yaml.Node, file: str, dash_col: int) -> list[Line]:
    """The lines of a mapping node of an overlay file, as a list item at `dash_col`."""
    first, col = node.start_mark.line, node.start_mark.column
    last = first + 1
    for n in range(first + 1, len(doc_lines)):   # the node ends where a line is less indented
        raw = doc_lines[n]
        if not _blank_or_comment(raw) and len(raw) - len(raw.lstrip(" ")) < col:
            break
        last = n + 1
    out: list[Line] = []
    for n in range(first, max(last, first + 1)):
        raw = doc_lines[n] if n < len(doc_lines) else "\n"
        body = raw[col:] if n == first else (raw[col:] if raw[:col].strip() == "" else raw.lstrip())
        if n != first and not body.strip():
            out.append(Line("\n", file, n + 1))
            continue
        prefix = " " * dash_col + ("- " if n == first else "  ")
        text = prefix + body if body.endswith("\n") else prefix + body + "\n"
        out.append(Line(text, file, n + 1, len(prefix) - col))
    while len(out) > 1 and not out[-1].text.strip():
        out.pop()
    return out


# --- the overlay files ---------------------------------------------------------------------

@dataclass
class OverlayDoc:
    rel: str                 # path relative to the repository, for findings
    data: dict
    nodes: yaml.MappingNode
    lines: list[str]
    positions: dict

    def at(self, path: tuple, message: str, hint: str | None = None) -> Finding:
        line, col = self.positions.get(tuple(path), self.positions.get((), (1, 1)))
        field_name = ".".join(str(p) for p in path if not isinstance(p, int)) or None
        return Finding(self.rel, line, col, field_name, message, hint, gate=GATE)

    def node(self, *path) -> yaml.Node | None:
        node: yaml.Node | None = self.nodes
        for part in path:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
            else:
                return None
        return node


ALLOWED = {FAQ.folder: {"replace", "remove", "add"}, FORMS.folder: {"replace", "remove", "add"},
           PROCEDURES: {"remove", "steps"}}


def _load_overlay(repo: Path, path: Path, folder: str, out: Composed) -> OverlayDoc | None:
    rel = path.relative_to(repo).as_posix()
    doc, findings = load_yaml_file(path, rel)
    out.findings += [replace(f, gate=GATE) for f in findings]
    if doc is None:
        return None
    if doc.data is None:
        return None
    text = path.read_text(encoding="utf-8")
    allowed = ALLOWED.get(folder, set())
    if not isinstance(doc.data, dict):
        out.findings.append(Finding(rel, 1, 1, None, "overlay.yml 必須是「鍵: 值」的對照表（mapping）",
                                    f"可用的鍵：{'、'.join(sorted(allowed))}", gate=GATE))
        return None
    for key in doc.data:
        if key not in allowed:
            line, col = doc.positions.get((key,), (1, 1))
            out.findings.append(Finding(rel, line, col, str(key), f"不認得的鍵「{key}」（unknown key）",
                                        f"這個資料夾的 overlay.yml 可用：{'、'.join(sorted(allowed))}",
                                        gate=GATE))
    return OverlayDoc(rel, doc.data, yaml.compose(text, Loader=yaml.SafeLoader),
                      text.splitlines(True), doc.positions)


def _index(out: Composed, kind: Kind) -> dict[str, tuple[str, Item]]:
    """id → (composed file, item) over every file of the kind."""
    found: dict[str, tuple[str, Item]] = {}
    for rel in sorted(out.texts):
        folder, _, name = rel.rpartition("/")
        if folder != kind.folder or not Path(name).match(kind.pattern):
            continue
        for item in _items(out.texts[rel], kind.list_key) or []:
            found.setdefault(item.id, (rel, item))
    return found


def _shared_name(kind_folder: str) -> str:
    return f"共用層（common/{kind_folder}/）"


def _apply_items(ov: OverlayDoc, kind: Kind, out: Composed) -> None:
    """replace / remove / add entries of one kind, each checked against what exists."""
    named: dict[str, tuple] = {}

    def claim(ident: str, path: tuple) -> bool:
        if ident in named:
            first = ov.positions.get(named[ident], (None, None))[0]
            out.findings.append(ov.at(path, f"同一個 id「{ident}」在這個 overlay 出現兩次（duplicate id），"
                                            f"第一次在第 {first} 行", "每個項目只寫一次：取代、刪除或新增擇一"))
            return False
        named[ident] = path
        return True

    for i, entry in enumerate(ov.data.get("replace") or []):
        ident = str(entry.get("id", "")) if isinstance(entry, dict) else ""
        if not ident:
            out.findings.append(ov.at(("replace", i), "replace 的每一項都要有 id（missing id）",
                                      "寫出要取代的項目 id"))
            continue
        if not claim(ident, ("replace", i, "id")):
            continue
        where = _index(out, kind).get(ident)
        if where is None:
            out.findings.append(ov.at(("replace", i, "id"),
                                      f"{_shared_name(kind.folder)}沒有 id 為「{ident}」的{kind.name}，無法取代"
                                      "（unknown item）", "核對 id 的拼字；要新增項目請寫在 add:"))
            continue
        rel, item = where
        block = _block(ov.lines, ov.node("replace", i), ov.rel, item.dash_col)
        out.texts[rel][item.start:item.end] = block

    removes = ov.data.get("remove") or []
    for i, ident in enumerate(removes if isinstance(removes, list) else []):
        ident = str(ident)
        if not claim(ident, ("remove", i)):
            continue
        where = _index(out, kind).get(ident)
        if where is None:
            out.findings.append(ov.at(("remove", i), f"{_shared_name(kind.folder)}沒有 id 為「{ident}」"
                                      f"的{kind.name}，無法刪除（unknown item）", "核對 id 的拼字"))
            continue
        rel, item = where
        del out.texts[rel][item.start:item.end]
        out.removed.append((kind.folder, ident, ov.at(("remove", i), "")))

    adds = ov.data.get("add") or {}
    if not isinstance(adds, dict):
        out.findings.append(ov.at(("add",), "add 要寫成「檔名: 項目清單」（mapping of file → entries）",
                                  f"例如 add:\\n  {kind.pattern.replace('*', 'general')}:\\n    - id: …"))
        return
    for name, entries in adds.items():
        rel = f"{kind.folder}/{name}"
        if rel not in out.texts or _items(out.texts[rel], kind.list_key) is None:
            out.findings.append(ov.at(("add", name), f"{kind.folder}/ 沒有檔案「{name}」可加入項目"
                                      "（file not found）", f"寫 {kind.folder}/ 裡已有的檔名"))
            continue
        existing = _index(out, kind)
        for i, entry in enumerate(entries or []):
            ident = str(entry.get("id", "")) if isinstance(entry, dict) else ""
            if not ident or not claim(ident, ("add", name, i, "id")):
                continue
            if ident in existing:
                other_rel, other = existing[ident]
                origin = out.texts[other_rel][other.start]
                out.findings.append(ov.at(("add", name, i, "id"),
                                          f"id「{ident}」已經用在 {origin.file}:{origin.line}（duplicate id）",
                                          "新增的項目要用新的 id；要改寫原有項目請寫在 replace:"))
                continue
            items = _items(out.texts[rel], kind.list_key) or []
            at = items[-1].end if items else len(out.texts[rel])
            dash = items[-1].dash_col if items else 2
            block = _block(ov.lines, ov.node("add", name, i), ov.rel, dash)
            out.texts[rel][at:at] = block


def _apply_procedures(ov: OverlayDoc, out: Composed) -> None:
    """remove whole procedures; replace, remove or add one step of one procedure."""
    for i, ident in enumerate(ov.data.get("remove") or []):
        rel = f"{PROCEDURES}/{ident}.yml"
        if rel not in out.texts:
            out.findings.append(ov.at(("remove", i), f"{_shared_name(PROCEDURES)}沒有申辦須知「{ident}」，"
                                      "無法刪除（unknown item）", "寫 content/procedures/ 的檔名（不含 .yml）"))
            continue
        del out.texts[rel]
        out.removed.append(("procedures", str(ident), ov.at(("remove", i), "")))
    for i, edit in enumerate(ov.data.get("steps") or []):
        if not isinstance(edit, dict):
            continue
        ident = str(edit.get("procedure", ""))
        rel = f"{PROCEDURES}/{ident}.yml"
        if rel not in out.texts:
            out.findings.append(ov.at(("steps", i, "procedure"), f"{_shared_name(PROCEDURES)}沒有申辦須知"
                                      f"「{ident}」（unknown item）", "寫 content/procedures/ 的檔名（不含 .yml）"))
            continue
        steps = _items(out.texts[rel], "steps") or []
        ops = [op for op in ("replace", "remove", "add") if op in edit]
        anchor_key = "after" if "add" in edit else "step"
        anchor = edit.get(anchor_key)
        if len(ops) != 1:
            out.findings.append(ov.at(("steps", i), "每一項要寫 replace:、remove: true 或 add: 其中一個",
                                      "例如 step: 3 加上 replace: {…}"))
            continue
        if isinstance(anchor, int) and not isinstance(anchor, bool):
            index = anchor - 1 if 1 <= anchor <= len(steps) else None
        else:
            index = next((n for n, s in enumerate(steps) if s.id == str(anchor)), None)
        if index is None:
            out.findings.append(ov.at(("steps", i, anchor_key),
                                      f"申辦須知「{ident}」沒有第「{anchor}」步（unknown step）：共 {len(steps)} 步，"
                                      f"id 有 {'、'.join(s.id for s in steps)}",
                                      "寫步驟的序號（從 1 起）或步驟的 id"))
            continue
        step = steps[index]
        if ops == ["remove"]:
            del out.texts[rel][step.start:step.end]
            out.removed.append((f"steps:{ident}", step.id, ov.at(("steps", i, "step"), "")))
        elif ops == ["replace"]:
            out.texts[rel][step.start:step.end] = _block(ov.lines, ov.node("steps", i, "replace"),
                                                         ov.rel, step.dash_col)
        else:
            out.texts[rel][step.end:step.end] = _block(ov.lines, ov.node("steps", i, "add"),
                                                       ov.rel, step.dash_col)


# --- the whole composition ----------------------------------------------------------------

def compose(repo: Path, office_dir: Path, common: Path | None = None) -> Composed:
    """common/ + offices/<id>/ + its overlays, in memory, with findings at original lines."""
    out = Composed()
    common = repo / "common" if common is None else common
    _layer(repo, common, out)
    _layer(repo, office_dir, out)
    for folder, apply in ((FAQ.folder, lambda ov: _apply_items(ov, FAQ, out)),
                          (FORMS.folder, lambda ov: _apply_items(ov, FORMS, out)),
                          (PROCEDURES, lambda ov: _apply_procedures(ov, out))):
        path = office_dir / folder / OVERLAY
        if path.is_file():
            ov = _load_overlay(repo, path, folder, out)
            if ov is not None:
                apply(ov)
    from .overlaychecks import duplicates, still_linked   # they read Composed: imported late
    out.findings += duplicates(out, FAQ) + duplicates(out, FORMS)
    out.findings += still_linked(out)
    return out


def write_tree(composed: Composed, dest: Path) -> SourceMap:
    """Write the composed tree to `dest` (only files whose bytes changed; stale files removed,
    dest/build/ kept) and return its source map."""
    dest.mkdir(parents=True, exist_ok=True)
    smap = SourceMap()
    wanted: set[str] = set()
    for rel, lines in composed.texts.items():
        wanted.add(rel)
        data = "".join(line.text for line in lines).encode("utf-8")
        origins = {line.file for line in lines}
        whole = len(origins) == 1 and all(line.line == n and not line.shift
                                          for n, line in enumerate(lines, 1))
        if whole or not lines:
            smap.files[rel] = lines[0].file if lines else rel
        else:
            smap.lines[rel] = [[line.file, line.line, line.shift] for line in lines]
        _write_if_changed(dest / rel, data)
    for rel, (source, origin) in composed.binaries.items():
        wanted.add(rel)
        smap.files[rel] = origin
        _link_or_copy(source, dest / rel)
    for path in sorted(dest.rglob("*"), reverse=True):
        rel = path.relative_to(dest).as_posix()
        if rel == "build" or rel.startswith("build/") or rel == MAP_FILE:
            continue
        if path.is_file() and rel not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return smap


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link to the source file (no bytes copied for 38 offices' forms), else a copy."""
    if target.is_file() and target.samefile(source):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:   # another file system, or links not allowed
        shutil.copyfile(source, target)


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
