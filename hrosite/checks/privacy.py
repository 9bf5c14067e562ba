"""Privacy gate: no national IDs, resident certificate numbers, 自然人憑證 or personal mobiles.

個人資料保護法 §2 lists 國民身分證統一編號 and 聯絡方式 as personal data, and 政資法 §18
requires the private parts to be masked before publication. A public office site must not
carry them, neither in the sources (Markdown, YAML, CSV) nor in the built HTML.
Formats and checksum: docs/sources.md §4.

Matching is robust to the ways staff paste numbers: full-width characters (NFKC), lower case,
and spaces or hyphens between digit groups (``A 123 456 789``). A hit must not sit inside a
longer run of letters and digits, so village codes, hashes and long numbers are not flagged.
Masked forms such as ``A12****789`` never match.

PDF and ODF downloads are read too (their text, page by page: hrosite/documents.py): a form
filled in with a real person's number is as public as a page.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from hrosite.findings import Finding

GATE = "privacy"
SUFFIXES = frozenset({".md", ".yml", ".yaml", ".csv", ".json", ".html", ".txt", ".xml"})
DOCUMENTS = frozenset({".pdf", ".odt", ".ods"})
SKIP_DIRS = frozenset({".git", ".venv", "node_modules", "__pycache__"})

# NORMS §5.1: letter order whose index + 10 is the letter's number (I=34, O=35, W=32, Z=33).
_LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO"
_WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)

_S = r"[ \-]?"  # at most one space or hyphen between two characters
# Not inside a longer alphanumeric run, nor the fraction of a decimal number (10.0940151622).
_B, _E = r"(?<![A-Z0-9])(?<!\d\.)", r"(?![A-Z0-9])(?!\.\d)"
_PATTERNS = (  # (kind, regex on the normalised upper-case line); longest kinds first
    ("cert", re.compile(rf"{_B}[A-Z]{{2}}(?:{_S}\d){{14}}{_E}")),
    ("id", re.compile(rf"{_B}[A-Z]{_S}[1289](?:{_S}\d){{8}}{_E}")),
    ("old-arc", re.compile(rf"{_B}[A-Z]{{2}}(?:{_S}\d){{8}}{_E}")),
    ("mobile", re.compile(rf"{_B}(?:09\d\d|\+886{_S}9\d\d){_S}\d{{3}}{_S}\d{{3}}{_E}")),
)
# JSON/JS escapes (\u6236, \n) would glue an ID to a preceding hex digit or letter.
_ESCAPE = re.compile(r"\\(?:U[0-9A-F]{4}|[NTRBF])")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc"})

_LABELS = {
    "national-id": "國民身分證統一編號（national ID）",
    "arc": "居留證統一證號（resident certificate number, ARC）",
    "cert": "自然人憑證號碼（citizen digital certificate number）",
    "mobile": "個人行動電話號碼（mobile phone number）",
}
_HINT_MASK = "請刪除或遮蔽，例如 A12****789"
_HINT_MOBILE = "請刪除，改列機關電話；確需公開的公務手機請寫進 site.yml 的 published_mobiles"


def is_valid_id(value: str) -> bool:
    """Checksum of a national ID, new ARC or old ARC (NORMS §5.1, §5.2), compact upper case."""
    if not re.fullmatch(r"[A-Z][1289]\d{8}|[A-Z]{2}\d{8}", value):
        return False
    first = _LETTERS.index(value[0]) + 10
    second = _LETTERS.index(value[1]) % 10 if value[1].isalpha() else int(value[1])
    digits = [first // 10, first % 10, second, *map(int, value[2:])]
    return sum(d * w for d, w in zip(digits, _WEIGHTS)) % 10 == 0


def personal_numbers(text: str) -> list[tuple[str, str]]:
    """(label, masked value) of every number in `text` that is personal data for certain:
    a national ID or ARC whose checksum is valid, a 自然人憑證 number, a mobile number.

    The one test of "is this a personal number", shared by the gate and the form tools.
    """
    found = []
    for line in text.split("\n"):
        norm, _where = _normalise(line)
        for _start, hit, kind in _hits(norm):
            compact = _key(hit)
            if kind in ("id", "old-arc"):
                if not is_valid_id(compact):
                    continue
                kind = "national-id" if compact[1] in "12" else "arc"
            found.append((_LABELS[kind], _mask(compact)))
    return found


def _mask(compact: str) -> str:
    return compact[:3] + "*" * (len(compact) - 6) + compact[-3:]


def scan_text(text: str, file: str, allow: Iterable[str] = ()) -> list[Finding]:
    """Findings for every identifier in `text`, with 1-based line and column of the hit."""
    allowed = {_key(a) for a in allow}
    findings = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        norm, where = _normalise(line.rstrip("\r"))
        for start, hit, kind in _hits(norm):
            compact = _key(hit)
            if compact in allowed:
                continue
            col = (where[start] if where else start) + 1
            findings.append(_finding(file, lineno, col, kind, compact))
    return findings


def scan_paths(paths: Iterable[Path], root: Path, allow: Iterable[str] = ()) -> list[Finding]:
    """Scan the text files among `paths` (directories are walked); files named relative to root."""
    allow = tuple(allow)
    findings = []
    for path in sorted(set(_files(paths))):
        if path.suffix.lower() in DOCUMENTS:
            findings.extend(scan_document(path, _relative(path, root), allow))
            continue
        text = _read_text(path)
        if text is not None:
            findings.extend(scan_text(text, _relative(path, root), allow))
    return findings


def scan_document(path: Path, file: str, allow: Iterable[str] = ()) -> list[Finding]:
    """Identifiers in the text of a PDF (per page) or ODF file; the message says where
    (「PDF 第 2 頁」), as a line number inside a document means nothing to staff."""
    findings = []
    for where, text in _document_text(path):
        for found in scan_text(text, file, allow):
            findings.append(replace(found, line=None, col=None, message=f"{where}：{found.message}"))
    return findings


_TEXTS: dict[str, list[tuple[str, str]]] = {}   # sha256 → text pieces: the same form is in
                                                 # forms/files and build/site; read it once


def _document_text(path: Path) -> list[tuple[str, str]]:
    from hrosite.documents import document_text   # pypdf is loaded only when a document is scanned

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest not in _TEXTS:
        _TEXTS[digest] = list(document_text(path))
    return _TEXTS[digest]


def mask_personal(text: str) -> str:
    """`text` with every identifier or mobile number masked (A12****789): for messages that
    quote what staff wrote, so that no output repeats a full personal number."""
    if not text or not any(c.isdigit() for c in text):
        return text
    out = []
    for line in text.split("\n"):
        norm, where = _normalise(line)
        pieces, last = [], 0
        for start, hit, _kind in _hits(norm):
            end = start + len(hit)
            s = where[start] if where else start
            e = (where[end - 1] + 1) if where else end
            compact = _key(hit)
            pieces += [line[last:s], compact[:3] + "*" * (len(compact) - 6) + compact[-3:]]
            last = e
        out.append("".join(pieces) + line[last:])
    return "\n".join(out)


def _normalise(line: str) -> tuple[str, list[int] | None]:
    """NFKC + upper case, with a map from each normalised character back to its column."""
    if line.isascii():
        return _ESCAPE.sub(lambda m: "\0" * len(m.group()), line.upper()), None
    chars, where = [], []
    for i, ch in enumerate(line):
        if ch in _ZERO_WIDTH:  # the search index marks word breaks with U+200B: 字\u200b第
            continue
        for c in unicodedata.normalize("NFKC", ch).upper().translate(_DASHES):
            chars.append(c)
            where.append(i)
    norm = _ESCAPE.sub(lambda m: "\0" * len(m.group()), "".join(chars))
    return norm, where


def _hits(norm: str) -> Iterator[tuple[int, str, str]]:
    """Non-overlapping (start, text, kind) hits; a longer kind wins over one inside it."""
    taken: list[tuple[int, int, str]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(norm):
            s, e = m.span()
            if _plausible(norm, s, e) and not any(s < te and ts < e for ts, te, _ in taken):
                taken.append((s, e, kind))
    for s, e, kind in sorted(taken):
        yield s, norm[s:e], kind


def _plausible(norm: str, s: int, e: int) -> bool:
    """A spaced hit needs digit groups of 3+ and must not continue a spaced number;
    a number written as 「…字第N號」 is a government document number, not a person's.

    This keeps SVG path data ("a10 10 0 0 0 2 12") and tables of small numbers out.
    """
    hit = norm[s:e]
    if norm[max(0, s - 2):s] == "字第":  # an official document number: 台內戶字第0990186657號
        return False
    if not re.search(r"[ \-]", hit):
        return True
    if any(len(g) < 3 for g in re.findall(r"\d+", hit)):
        return False
    before, after = norm[max(0, s - 2):s], norm[e:e + 2]
    return not re.fullmatch(r"\d[ \-]", before) and not re.fullmatch(r"[ \-]\d", after)


def _key(value: str) -> str:
    """Compact form for comparing and masking: A123456789, 0912345678."""
    compact = re.sub(r"[^A-Z0-9]", "", unicodedata.normalize("NFKC", value).upper())
    return "0" + compact[3:] if re.fullmatch(r"8869\d{8}", compact) else compact


def _finding(file: str, line: int, col: int, kind: str, compact: str) -> Finding:
    """The finding's code names what was found: national-id, arc, cert, mobile, or checksum-invalid."""
    masked = _mask(compact)
    if kind == "mobile":
        return _make(file, line, col, f"個人資料：疑似{_LABELS['mobile']}：{masked}", _HINT_MOBILE, code="mobile")
    if kind == "cert":
        return _make(file, line, col, f"個人資料：疑似{_LABELS['cert']}：{masked}", _HINT_MASK, code="cert")
    label_key = "national-id" if compact[1] in "12" else "arc"
    label = _LABELS[label_key]
    if is_valid_id(compact):
        return _make(file, line, col, f"個人資料：疑似{label}：{masked}", _HINT_MASK, code=label_key)
    message = f"個人資料：格式像{label}，但檢查碼不符（checksum invalid）：{masked}"
    hint = "若是真實號碼請刪除或遮蔽（例如 A12****789）；若是其他編號可忽略"
    return _make(file, line, col, message, hint, severity="warning", code="checksum-invalid")


def _make(file, line, col, message, hint, severity="error", code="") -> Finding:
    return Finding(file=file, line=line, col=col, message=message, hint=hint,
                   gate=GATE, severity=severity, code=code)


def _files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in map(Path, paths):
        if path.is_dir():
            for sub in path.rglob("*"):
                rel_parts = sub.relative_to(path).parts[:-1]
                if sub.is_file() and sub.suffix.lower() in SUFFIXES | DOCUMENTS and not any(
                    p in SKIP_DIRS or p.startswith(".") for p in rel_parts
                ):
                    yield sub
        elif path.is_file() and path.suffix.lower() in SUFFIXES | DOCUMENTS:
            yield path


def _read_text(path: Path) -> str | None:
    """UTF-8 (with or without BOM), else Big5/CP950 as older office CSVs are; None for binaries."""
    data = path.read_bytes()
    if b"\0" in data[:8192]:
        return None
    for encoding in ("utf-8-sig", "cp950"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    return data.decode("utf-8", errors="replace")


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return path.as_posix()
