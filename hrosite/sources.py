"""Read content files for staff: UTF-8 only, YAML with line numbers, no tracebacks.

Every reader returns a value (or None) plus Findings that name the file, line and
column, so that one run can report every mistake at once (README.md "Conventions").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .findings import Finding
from .limits import MAX_YAML_DEPTH, too_big


@dataclass
class Document:
    """A parsed YAML (or front matter) document and where each key and item sits."""

    file: str
    data: Any
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    line_offset: int = 0
    written: dict[tuple, str] = field(default_factory=dict)  # path -> the value's text in the file

    def where(self, path: tuple) -> tuple[int, int]:
        """Line and column of `path`, falling back to its nearest known parent."""
        path = tuple(path)
        while path:
            if path in self.positions:
                line, col = self.positions[path]
                return line + self.line_offset, col
            path = path[:-1]
        return self.positions.get((), (1, 1))[0] + self.line_offset, 1

    def finding(self, path: tuple, message: str, hint: str | None = None,
                severity: str = "error", code: str = "") -> Finding:
        line, col = self.where(path)
        return Finding(self.file, line, col, dotted(path) or None, message, hint,
                       severity=severity, code=code)


def dotted(path: tuple) -> str:
    """("steps", 2, "logic") -> "steps[2].logic": the field of a Finding, stable for tools and tests."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


_INDEX = re.compile(r"\[(\d+)\](\.)?")


def spoken(field: str) -> str:
    """"steps[2].logic" -> "steps 第 3 項的 logic": how staff count list items, from 1."""
    return _INDEX.sub(lambda m: f" 第 {int(m[1]) + 1} 項" + ("的 " if m[2] else ""), field).strip()


def for_staff(finding: Finding) -> Finding:
    """The finding with its field path spoken (steps 第 3 項), as every output shows it."""
    return replace(finding, field=spoken(finding.field)) if finding.field else finding


def stems(folder: Path) -> set[str]:
    """Names of the files in a content folder, whatever their extension and whether they load."""
    return {p.stem for p in folder.glob("*") if p.is_file() and not p.name.startswith(".")}


def read_text(path: Path, rel: str) -> tuple[str | None, list[Finding]]:
    """Read a file as UTF-8; a wrong encoding, a NUL byte or a file over its size limit
    (hrosite/limits.py) is a content error, not a crash."""
    outside = _outside_repository(path, rel)
    if outside:
        return None, [Finding(rel, None, None, None, outside,
                              "把檔案本身放進儲存庫，不要用捷徑（symlink）指到其他地方")]
    try:
        big = too_big(path, path.stat().st_size)
        if big:
            return None, [Finding(rel, None, None, None, big, "請拆成幾個檔案，或確認放對了檔案")]
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Finding(rel, None, None, None, "找不到檔案（file not found）")]
    except OSError as exc:
        return None, [Finding(rel, None, None, None, f"無法讀取檔案（cannot read）：{exc.strerror}")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\0")
    if nul >= 0:  # not text; Markdown would publish it, YAML reported it at 1:1 in English
        line, col = _line_col(raw, nul)
        return None, [Finding(rel, line, col, None, "檔案含有 NUL 字元（NUL byte）：不是純文字檔",
                              "刪除這個看不見的字元；若檔案是從其他程式匯出的，請改存成 UTF-8 純文字")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        return None, [Finding(rel, line, col, None,
                              "檔案不是 UTF-8 編碼（not UTF-8）",
                              "請用文字編輯器以 UTF-8 另存新檔")]


def _outside_repository(path: Path, rel: str) -> str | None:
    """A source that is a symlink to a file outside the repository is not read: the build
    would publish a file of the build machine. (The repository is `path` less `rel`.)"""
    parts = Path(rel).parts
    if not parts or Path(path).parts[-len(parts):] != parts:
        return None
    root = Path(*Path(path).parts[:-len(parts)]) if len(Path(path).parts) > len(parts) else Path(".")
    try:
        Path(path).resolve().relative_to(root.resolve())
    except ValueError:
        return "檔案指到儲存庫以外（file outside the repository）"
    except (OSError, RuntimeError):
        return "檔案是無法解析的捷徑（symlink loop）"
    return None


def _line_col(raw: bytes, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    start = raw.rfind(b"\n", 0, index) + 1
    return raw[:index].count(b"\n") + 1, len(raw[start:index].decode("utf-8", "replace")) + 1


# The parser's messages, said the way staff can act on them (the English stays in brackets).
# Both wordings are listed: libyaml (used when installed) and PyYAML's pure-Python parser.
_YAML_PROBLEMS = [
    ("found character '\\t'", "不可用 Tab 鍵縮排，請改用空格"),
    ("found a tab character", "不可用 Tab 鍵縮排，請改用空格"),
    ("mapping values are not allowed", "文字裡有「: 」（半形冒號加空格），被當成另一個欄位：請改用全形「：」"
                                       "或用引號把整段文字包起來；也可能是這一行縮排多了空格"),
    ("could not find expected ':'", "這一行或上一行少了冒號「:」，或引號沒有成對"),
    ("expected <block end>", "縮排不一致：這一行的縮排和同一層的其他行不同"),
    ("did not find expected key", "縮排不一致（這一行前面的空格數和同一層的其他行不同），"
                                  "或上面有引號沒有成對，或清單項目前少了「- 」"),
    ("did not find expected '-' indicator", "縮排不一致：清單每一項的「- 」要對齊，同一項裡的欄位也要對齊"),
    ("expected ',' or", "方括號 [ ] 或大括號 { } 沒有成對，或項目之間少了逗號"),
    ("found unexpected end of stream", "引號或括號沒有成對"),
    ("found undefined alias", "「*」開頭的文字請用引號包起來"),
    ("cannot start any token", "這個位置的字元不能放在開頭（例如 @ 或 `），請用引號把整段文字包起來"),
    ("control characters are not allowed", "檔案含有看不見的控制字元，請刪除（通常是從其他程式複製來的）"),
    ("special characters are not allowed", "檔案含有看不見的控制字元，請刪除（通常是從其他程式複製來的）"),
]


# libyaml (PyYAML's C parser) when the wheel has it: the same nodes and marks, about 10× faster.
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Loader(yaml.SafeLoader):
    """SafeLoader that reports an impossible date (2026-13-01) at its line, not as a crash."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            raise yaml.constructor.ConstructorError(
                None, None, f"不存在的日期「{node.value}」（invalid date）", node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _explain(problem: str, text: str = "", mark=None) -> str:
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        problem = "found character '\\t' that cannot start any token"   # libyaml does not name it
    for english, chinese in _YAML_PROBLEMS:
        if english in problem:
            return f"{chinese}（{problem}）"
    return problem


def _shape_problem(text: str, rel: str, line_offset: int) -> Finding | None:
    """The first anchor, alias, tag or too-deep nesting, read from the parser's events.

    Content never needs them, and they are how a small file explodes: an alias repeats a
    whole subtree (seven levels of ten aliases are ten million copies, "billion laughs"),
    a recursive alias or thousands of nested brackets exhaust the recursion limit, and a tag
    (!!python/object) asks for a constructor. The event stream is flat, so this check itself
    is linear in the file and cannot recurse.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_Parser):
        mark = event.start_mark
        at = (mark.line + 1 + line_offset, mark.column + 1)
        if isinstance(event, yaml.AliasEvent):
            return Finding(rel, *at, None, f"不可使用 YAML 別名（alias）「*{event.anchor}」",
                           "把要重複的內容直接寫出來；若「*」是文字的一部分，請用引號把整段文字包起來")
        if getattr(event, "anchor", None):
            return Finding(rel, *at, None, f"不可使用 YAML 錨點（anchor）「&{event.anchor}」",
                           "刪除「&名稱」；若「&」是文字的一部分，請用引號把整段文字包起來")
        if getattr(event, "tag", None):
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            return Finding(rel, *at, None, f"不可使用 YAML 標籤（tags are not allowed）「{tag}」",
                           "刪除「!」或「!!」開頭的標籤，只寫值本身；若是文字，請用引號包起來")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return Finding(rel, *at, None,
                               f"巢狀層數太多（nesting too deep）：超過 {MAX_YAML_DEPTH} 層",
                               "檢查縮排或括號 [ ] { } 是否成對；內容不需要這麼多層")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def parse_yaml(text: str, rel: str, line_offset: int = 0) -> tuple[Document | None, list[Finding]]:
    """Parse YAML safely, recording positions; duplicate keys are errors, not silent overwrites.

    Anchors, aliases, tags and nesting deeper than MAX_YAML_DEPTH are refused before anything
    is built from the file (see _shape_problem)."""
    try:
        shape = _shape_problem(text, rel, line_offset)
        if shape:
            return None, [shape]
        node = yaml.compose(text, Loader=_Parser)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else None
        col = (mark.column + 1) if mark else None
        problem = _explain(exc.problem or "格式錯誤", text, exc.problem_mark)
        return None, [Finding(rel, line, col, None,
                              f"YAML 格式錯誤（invalid YAML）：{problem}",
                              "檢查這一行與上一行：縮排是否對齊、冒號後是否有空格、引號是否成對")]
    except yaml.reader.ReaderError as exc:  # a control character (NUL, ESC …) in the text
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return None, [Finding(rel, line, col, None,
                              f"檔案含有控制字元 U+{exc.character:04X}（control character）：不是純文字",
                              "刪除這個看不見的字元（通常是從其他程式複製來的）")]
    except yaml.YAMLError as exc:  # pragma: no cover - non-marked errors are rare
        return None, [Finding(rel, 1 + line_offset, 1, None, f"YAML 格式錯誤（invalid YAML）：{exc}")]
    doc = Document(rel, None, line_offset=line_offset)
    if node is None:
        doc.data = None
        doc.positions[()] = (1, 1)
        return doc, []
    findings: list[Finding] = []
    _walk(node, (), doc, findings, text)
    try:
        doc.data = _Loader("").construct_document(node)   # from the nodes already parsed
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        field = _path_on_line(doc.positions, line)
        return None, findings + [Finding(rel, line + line_offset if line else None,
                                         mark.column + 1 if mark else None, field,
                                         f"無法解讀的值：{exc.problem}",
                                         "日期請寫成 YYYY-MM-DD，且須為存在的日期，例如 2026-11-26")]
    return doc, findings


def dump_yaml(data: Any) -> str:
    """YAML for generated front matter: sorted keys, Chinese as it is (deterministic)."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=True)


def _path_on_line(positions: dict, line: int | None) -> str | None:
    """The deepest key written on a line, to name the field of a value that failed to load."""
    paths = [p for p, (l, _) in positions.items() if l == line and p]
    return dotted(max(paths, key=len)) if paths else None


def _walk(node: yaml.Node, path: tuple, doc: Document, findings: list, text: str) -> None:
    """Record where each key and item sits, and the text of scalars and [flow, lists] as written."""
    positions, rel, line_offset = doc.positions, doc.file, doc.line_offset
    positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.ScalarNode):
        doc.written[path] = node.value
    elif node.flow_style:
        doc.written[path] = text[node.start_mark.index:node.end_mark.index]
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                findings.append(Finding(rel, line + line_offset, key_node.start_mark.column + 1,
                                        dotted(path + (key,)),
                                        f"欄位重複（duplicate key），第 {seen[key] + line_offset} 行已經寫過",
                                        "刪除其中一個"))
                continue
            seen[key] = line
            positions[path + (key,)] = (line, key_node.start_mark.column + 1)
            _walk(value_node, path + (key,), doc, findings, text)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), doc, findings, text)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split `---` front matter from Markdown; returns (yaml, body, line where yaml starts)."""
    if not text.startswith("---"):
        return None, text, 0
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None, text, 0
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), 1
    return None, text, 0


def load_yaml_file(path: Path, rel: str) -> tuple[Document | None, list[Finding]]:
    text, findings = read_text(path, rel)
    if text is None:
        return None, findings
    return parse_yaml(text, rel)
