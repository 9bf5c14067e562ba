"""The registry of content kinds (hrosite/kinds.py) is complete and every name in it resolves."""

from __future__ import annotations

import dataclasses

import pytest

from test_layers import layer_of

from hrosite import urls
from hrosite.compile import compile_site
from hrosite.content import SiteContent, load_site
from hrosite.kinds import KINDS, Kind, extensions, kind, resolve
from hrosite.search.vocabulary import keywords_by_location

# Which layer may hold each kind of reference: the layer that resolves and runs it.
REFERENCE_LAYERS = {"compile": "compile", "freshness": "checks", "bench": "publish"}


def reference_problems(kinds) -> list[str]:
    """`kind.field: reference: why` for every reference that does not resolve in its layer."""
    problems = []
    for k in kinds:
        for field_name, layer in REFERENCE_LAYERS.items():
            reference = getattr(k, field_name)
            if reference is None:
                continue
            try:
                target = resolve(reference)
            except (ImportError, AttributeError) as exc:
                problems.append(f"{k.name}.{field_name}: {reference}: {type(exc).__name__}")
                continue
            module = reference.partition(":")[0]
            if not callable(target):
                problems.append(f"{k.name}.{field_name}: {reference}: not callable")
            elif layer_of(module) != layer:
                problems.append(f"{k.name}.{field_name}: {reference}: in layer {layer_of(module)}, "
                                f"not {layer}")
    return problems


def test_every_reference_resolves_in_the_layer_that_runs_it():
    assert reference_problems(KINDS) == []


def test_a_broken_reference_is_named():
    broken = (Kind("notices", "公告", "content/notices", compile="hrosite.compile.notices:compile_notices"),
              Kind("memos", "備忘", "content/memos", freshness="hrosite.compile.faq:compile_faq"),
              Kind("letters", "信函", "content/letters", bench="hrosite.urls:NO_SUCH"))
    assert reference_problems(broken) == [
        "notices.compile: hrosite.compile.notices:compile_notices: ModuleNotFoundError",
        "memos.freshness: hrosite.compile.faq:compile_faq: in layer compile, not checks",
        "letters.bench: hrosite.urls:NO_SUCH: AttributeError"]


def test_every_kind_is_an_attribute_of_the_loaded_site():
    fields = {f.name for f in dataclasses.fields(SiteContent)}
    assert [k.name for k in KINDS if k.name not in fields] == []
    assert len({k.name for k in KINDS}) == len(KINDS)


def test_menu_places_are_distinct_and_compile_steps_have_one():
    places = [k.menu for k in KINDS if k.menu is not None]
    assert len(places) == len(set(places))
    assert [k.name for k in KINDS if k.compile and k.menu is None] == []


def test_the_folders_read_by_extension():
    assert extensions() == {"content": ".md", "content/procedures": ".yml", "faq": ".yml",
                            "content/news": ".md", "content/disclosures": ".yml", "content/en": ".md"}


def test_faq_goes_through_the_registry_end_to_end(example):
    """FAQ is loaded, cited, documented, compiled, placed in the menu, indexed and topic-linked
    from its registry entry alone."""
    (example / "faq" / "notes.yaml").write_text("category: x\n", encoding="utf-8")
    content, findings = load_site(example)
    (misnamed,) = [f for f in findings if f.file == "faq/notes.yaml"]
    assert (misnamed.line, misnamed.message) == (
        1, "副檔名不對（wrong extension）：faq/ 只讀取 .yml 檔，這個檔案不會出現在網站上")
    faq = kind("faq")
    assert content.faq and all(f"faq:{f.category}" in content.documents for f in content.faq)
    compiled = compile_site(content)
    pages = compiled.output.pages
    assert urls.FAQ in pages and all(urls.faq_path(f.category) in pages for f in content.faq)
    sections = [item.path for item in compiled.nav]
    assert sections.index(urls.FAQ) == sections.index(urls.FORMS) + 1   # menu place 30, after forms
    entry = next(e for f in content.faq for e in f.entries if e.keywords)
    category = next(f.category for f in content.faq if entry in f.entries)
    key = urls.location(urls.faq_path(category)) + f"#{entry.id}"
    assert keywords_by_location(content)[key][:len(entry.keywords)] == entry.keywords
    assert faq.topics(content.faq[0]) == [(content.faq[0].category, urls.faq_path(content.faq[0].category))]


@pytest.mark.parametrize("name", [k.name for k in KINDS])
def test_each_kind_names_its_pages_with_urls(name):
    """A kind with pages names them through urls.py, never a path of its own."""
    k = kind(name)
    if k.url is not None:
        assert k.url.__module__ == "hrosite.urls"


def test_the_preview_watches_the_folder_of_every_kind():
    from hrosite.build import SOURCE_DIRS

    assert SOURCE_DIRS == ("site.yml", "content", "faq", "forms", "stats")
