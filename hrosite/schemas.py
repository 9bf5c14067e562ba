"""JSON Schemas of the YAML content kinds, so editors can autocomplete and underline mistakes.

Generated from the same pydantic models the build validates with; a test keeps the
committed copies in schemas/ up to date. The list is written out here, one line per content
kind, so `SCHEMAS` is complete whatever was imported before (no registration by import). In VS Code, the YAML extension picks them up from a
`# yaml-language-server: $schema=...` comment at the top of a file.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .model.disclosure import DisclosureFile
from .model.english_page import EnglishPageMeta
from .model.faq import FaqFile
from .model.form import FormRegistry
from .model.news import NewsMeta
from .model.page import PageMeta
from .model.procedure import Procedure
from .model.site import Office
from .model.stats import DatasetsFile

# schemas/<name>.schema.json → the model that validates those files
SCHEMAS: dict[str, type[BaseModel]] = {
    "site": Office,                      # site.yml
    "page": PageMeta,                    # content/*.md front matter
    "english-page": EnglishPageMeta,     # content/en/*.md front matter
    "procedure": Procedure,              # content/procedures/*.yml
    "faq": FaqFile,                      # faq/*.yml
    "forms": FormRegistry,               # forms/forms.yml
    "news": NewsMeta,                    # content/news/*.md front matter
    "disclosure": DisclosureFile,        # content/disclosures/*.yml
    "stats": DatasetsFile,               # stats/datasets.yml
}


def schema_text(model: type[BaseModel]) -> str:
    return json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in sorted(SCHEMAS.items()):
        path = out_dir / f"{name}.schema.json"
        path.write_text(schema_text(model), encoding="utf-8")
        written.append(path)
    return written
