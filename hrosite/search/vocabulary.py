"""The project vocabulary, generated from the content rather than typed by hand.

Two products:

* `dictionary_words()`: short household-registration words (procedure, form, category and
  page titles, 服務分類 labels, the site terms of the synonyms) for jieba's user dictionary
  (`user_dictionary()`), so that the index is cut into the words citizens type (出生登記,
  戶籍謄本, 印鑑證明). variants.py spells them in Simplified and variant characters too.
* `keywords_by_location()`: the keywords staff wrote for each page and each FAQ answer,
  keyed by the search-index location they belong to; they are indexed in a hidden field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..content import SiteContent
from ..kinds import KINDS, items
from ..urls import location
from .synonyms import Synonym

HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
HAN_RUN = re.compile(f"[{HAN}]+")
# Joining words split a long title into its parts: 印鑑登記與印鑑證明 → 印鑑登記, 印鑑證明.
_JOINERS = re.compile("[與及和或暨]")
# a long compound becomes one token; keep dictionary words short.
MIN_WORD, MAX_WORD = 2, 4
_ALNUM = re.compile("[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]")


def vocabulary_phrases(content: SiteContent, synonyms: Iterable[Synonym] = (),
                       page_titles: Iterable[str] = ()) -> tuple[list[str], list[str]]:
    """(titles, terms) that name the site's subjects, in a fixed order.

    Titles of procedures, forms, categories and pages (`page_titles`: those of generated
    pages such as 網站導覽), and the site terms the synonyms point to. Not the FAQ and page
    keywords: those are often phrases (要帶什麼, 誰可以辦), and as dictionary words they would
    glue the same phrase in every FAQ title into one token. Keywords are indexed as they are
    written instead (see index.py).
    """
    office = content.office
    titles: list[str] = [office.short_name]
    titles += [c.title for c in office.categories]
    titles += [c.service_class for c in office.categories if c.service_class]
    titles += [p.title for p in content.procedures]
    titles += [f.title for f in content.forms]
    titles += [page.meta.title for page in content.pages]
    titles += sorted(page_titles)
    terms = [term for synonym in synonyms for term in synonym.terms]
    return titles, terms


def dictionary_words(titles: Iterable[str], terms: Iterable[str] = ()) -> list[str]:
    """Han words of 2–4 characters, sorted (deterministic).

    A four-character title word is a compound of two words (出生登記, 戶口名簿), so its halves
    become dictionary words too; then the index finds 名簿 inside 戶口名簿.
    """
    words: set[str] = set()
    for phrase, is_title in [(t, True) for t in titles] + [(k, False) for k in terms]:
        for run in _term_runs(str(phrase)):
            for part in _JOINERS.split(run) if len(run) > MAX_WORD else [run]:
                if MIN_WORD <= len(part) <= MAX_WORD:
                    words.add(part)
                    if is_title and len(part) == 4:
                        words.update((part[:2], part[2:]))
    return sorted(words)


def _term_runs(phrase: str) -> list[str]:
    """The Han runs of a title that can be terms: not those next to a digit or a Latin letter.

    A run cut off by a number is a piece of a sentence, and its ends fall mid-word: the news
    title 慈愛里與博愛里自2026年7月1日起… gives 慈愛里與博愛里自, whose split at 與 would make
    「博愛里自」 (and its half 里自) a dictionary word.
    """
    return [m.group() for m in HAN_RUN.finditer(phrase)
            if not _ALNUM.match(phrase[m.start() - 1:m.start()])
            and not _ALNUM.match(phrase[m.end():m.end() + 1])]


def user_dictionary(words: Iterable[str]) -> str:
    """jieba user-dictionary text: one word a line; jieba picks a frequency that keeps it whole."""
    return "".join(f"{word}\n" for word in words)


def keywords_by_location(content: SiteContent,
                         use_directory_urls: bool = True) -> dict[str, list[str]]:
    """Staff-written keywords for each page (and each FAQ answer's own section)."""
    result: dict[str, list[str]] = {}

    def add(md_path: str, words: Iterable[str], anchor: str = "") -> None:
        key = location(md_path, use_directory_urls) + (f"#{anchor}" if anchor else "")
        merged = result.setdefault(key, [])
        merged += [w for w in words if w and w not in merged]

    for kind in KINDS:  # the kinds whose items carry staff keywords (kinds.py `keywords`)
        if kind.keywords is not None:
            for item in items(content, kind):
                for md_path, words, anchor in kind.keywords(item):
                    add(md_path, words, anchor)
    return {key: words for key, words in sorted(result.items()) if words}
