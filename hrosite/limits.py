"""Size and shape limits for source files: a careless or hostile file is refused, not built.

One place to change them. Each limit is far above what an office writes by hand and far below
what would make a build slow or a page unusable; the reason is beside each number.
"""

from __future__ import annotations

from pathlib import Path

MB = 1024 * 1024

MAX_BYTES = {
    # A hand-written page, FAQ file or registry: the longest example is under 20 KB; 1 MB is a
    # book-length page, already too long to read on a phone (a 50 MB FAQ built a 97 MB page).
    ".yml": 1 * MB,
    ".yaml": 1 * MB,
    ".md": 1 * MB,
    # Monthly statistics: 10 years × 12 months × 30 villages is about 150 KB; 20 MB leaves room
    # for a whole city's villages without letting a dump of another table in.
    ".csv": 20 * MB,
    # Forms and disclosure documents people download on a phone: the example forms are under
    # 100 KB; a scanned multi-page document stays under 10 MB. Bigger belongs on a file server.
    ".pdf": 10 * MB,
    ".odt": 10 * MB,
    ".ods": 10 * MB,
}
DEFAULT_MAX_BYTES = 1 * MB   # any other text source (synonyms, search queries)

# YAML structure: the deepest content file nests 5 levels (steps → item → documents → item);
# 20 is generous and keeps every recursive walk far from Python's recursion limit.
MAX_YAML_DEPTH = 20


def max_bytes(path: Path) -> int:
    """The size limit for a source file, by its extension."""
    return MAX_BYTES.get(Path(path).suffix.lower(), DEFAULT_MAX_BYTES)


def size_text(size: int) -> str:
    """1.5 MB / 20 KB, as staff see sizes in a file manager."""
    return f"{size / MB:.1f} MB" if size >= MB else f"{max(1, round(size / 1024))} KB"


def too_big(path: Path, size: int) -> str | None:
    """Why a file of `size` bytes is refused (None: it is within its limit)."""
    limit = max_bytes(path)
    if size <= limit:
        return None
    return (f"檔案太大（file too large）：{size_text(size)}，上限 {size_text(limit)}"
            f"（{Path(path).suffix.lower() or '無副檔名'} 檔）")
