"""Gate "placeholders": every 「待確認」 left in the sources, as a to-do list for the office.

Facts the reference material lacks (address, phone, hours, documents not yet supplied) are
written as a visible 「待確認」 instead of being made up. That is right for citizens, but each
one is a fact the office still owes; the report lists them with file and line so staff can
work through them. Always warnings: a missing fact must not stop the nightly publish.

Two kinds of line count: any text line with the marker (YAML comment-only lines explain the
convention and are skipped), and `key: null` in site.yml, which the site shows as 待確認.
"""

from __future__ import annotations

import re
from pathlib import Path

from hrosite.findings import Finding

GATE = "placeholders"
MARKER = "待確認"
_SUFFIXES = {".yml", ".yaml", ".md", ".csv"}
_SHOWN = 60
_NULL_VALUE = re.compile(r"^\s*(?:-\s+)?[\w-]+:\s*(null|~)\s*(?:#.*)?$")  # `key: null  # …`


def scan_placeholders(paths: list[Path], root: Path) -> list[Finding]:
    """One warning per source line that contains the marker."""
    findings = []
    for path in paths:
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.suffix not in _SUFFIXES or not file.is_file():
                continue
            text = file.read_text(encoding="utf-8", errors="replace")
            is_yaml = file.suffix in (".yml", ".yaml")
            office_nulls = file.name == "site.yml"
            for number, line in enumerate(text.splitlines(), start=1):
                if is_yaml and line.lstrip().startswith("#"):
                    continue
                col = line.find(MARKER)
                null = _NULL_VALUE.match(line) if col < 0 and office_nulls else None
                if null:
                    col = null.start(1)
                elif col < 0:
                    continue
                shown = line.strip()
                if len(shown) > _SHOWN:
                    shown = shown[: _SHOWN - 1] + "…"
                findings.append(Finding(
                    file=file.relative_to(root).as_posix(), line=number, col=col + 1,
                    message=f"待確認的資料（placeholder）: {shown}",
                    hint="取得正式資料後改寫這一行並刪除「待確認」；資料不適用時寫明理由",
                    gate=GATE, severity="warning"))
    return findings

