"""Download links that say format and size, e.g. 「出生登記申請書（ODT，24 KB）」 (docs/sources.md)."""

from __future__ import annotations

from ..model.form import FileInfo, Form
from .nav import page_url

FILES_DIR = "forms/files"


def download_links(form: Form, files: dict[str, FileInfo], from_page: str) -> list[dict]:
    return [{"text": f"{form.title}（{info.label}，{info.size_text}）",
             "href": page_url(f"{FILES_DIR}/{info.name}", from_page),
             "label": info.label, "size": info.size_text}
            for kind, info in sorted(files.items(), key=lambda kv: ["odt", "ods", "pdf"].index(kv[0]))]
