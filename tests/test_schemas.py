"""The JSON Schemas in schemas/ are the ones the models give today (editors autocomplete from them)."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

from hrosite.schemas import SCHEMAS, schema_text

KINDS = {"site", "page", "english-page", "procedure", "faq", "forms", "news", "disclosure", "stats"}


def test_committed_schemas_match_the_models():
    committed = {p.name for p in (REPO / "schemas").glob("*.schema.json")}
    assert committed == {f"{name}.schema.json" for name in SCHEMAS}
    stale = [name for name, model in SCHEMAS.items()
             if (REPO / "schemas" / f"{name}.schema.json").read_text("utf-8") != schema_text(model)]
    assert stale == [], f"run `make schema` and commit: {stale}"


def test_the_schema_list_is_complete_whatever_was_imported_before():
    """A fresh interpreter that imports nothing else first still gets every schema."""
    code = "from hrosite.schemas import SCHEMAS; print(' '.join(sorted(SCHEMAS)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=REPO).stdout.split()
    assert set(out) == KINDS and len(out) == 9
