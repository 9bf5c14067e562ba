"""The JSON Schemas in schemas/ are the ones the models give today (editors autocomplete from them)."""

from __future__ import annotations

from conftest import REPO

import hrosite.content  # noqa: F401  (loads every model, so each registers its schema)
from hrosite.schemas import SCHEMAS, schema_text


def test_committed_schemas_match_the_models():
    committed = {p.name for p in (REPO / "schemas").glob("*.schema.json")}
    assert committed == {f"{name}.schema.json" for name in SCHEMAS}
    stale = [name for name, model in SCHEMAS.items()
             if (REPO / "schemas" / f"{name}.schema.json").read_text("utf-8") != schema_text(model)]
    assert stale == [], f"run `make schema` and commit: {stale}"
