"""Post-process Material's search/search_index.json.

Material's lunr search matches a query word only as the *prefix* of an indexed word,
so 謄本 misses a section indexed as 戶籍謄本, and a citizen's 身份證 misses
the site's 身分證. After the search plugin has written the index, every section gets two
extra fields that lunr indexes but Material never displays (its result list shows only
title, text and tags):

* ``keywords`` (boosted): the words inside the section title's compounds, the words of the
  keywords staff wrote for the page or FAQ answer, and the synonyms and spellings
  (variants.py) of terms found in either.
* ``expansions`` (weight of the body text): the words inside the text's compounds and the
  synonyms of terms found in the text.

Material cuts a Chinese query greedily into the longest words its index knows
(query/segment/index.ts), never lets the query's last character be part of a known word,
and drops the rest of the query at the first position where no known word starts. Five
rules keep that working: a keyword is indexed as its words, never as one long phrase token
that would capture the query; every boosted word of three or more characters is also
indexed without its last character (`_truncated`); the first character of a two-character
boosted word is indexed once (`_first_characters`); a word known anywhere is indexed wherever
its characters occur (`_contained`); and question words (怎麼辦, 嗎) are given to every section,
so that their inverse document frequency is about zero (`STOP_WORDS`).

So 謄本 finds 戶籍謄本, 事務所 finds the contact page (its keyword 戶政事務所), 報戶口 finds
出生登記, 換身分證 is searched as 換* 身分* and finds the id-card page, 戶政事務所電話 as
戶政* 事務所* 電*, and 補發身分證要多少錢 as 補發* 身分證* 要* 多少* with the first two deciding
the ranking.

The output is deterministic: sorted word lists, compact JSON, the same bytes for the same
sources. It is written as UTF-8 rather than \\u escapes, which alone shrinks the raw file.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .synonyms import Synonym
from .vocabulary import HAN_RUN

KEYWORDS_FIELD = "keywords"
EXPANSIONS_FIELD = "expansions"
# title 1000 and text 1 are Material's defaults; a keyword or synonym in the title ranks just
# below the title word itself, far above any body-text hit.
FIELD_BOOSTS = {KEYWORDS_FIELD: 500.0, EXPANSIONS_FIELD: 1.0}

_TAG = re.compile(r"<[^>]+>")

# Words that make a question a question. lunr has no Chinese stop-word filter, so 怎麼辦 in
# the title of every FAQ answer outweighs 戶籍謄本 in 戶籍謄本怎麼申請. Giving every section these
# words drives their inverse document frequency to about zero: they still match, but no
# longer decide the ranking.
STOP_WORDS = ("了", "什麼", "可以", "呢", "哪裡", "嗎", "如何", "怎樣", "怎麼", "怎麼辦", "我",
              "是", "甚麼", "的", "要", "請問", "需要")


@dataclass
class IndexSize:
    raw: int
    gzip: int
    docs: int

    def to_dict(self) -> dict:
        return {"raw_bytes": self.raw, "gzip_bytes": self.gzip, "docs": self.docs}

    def __str__(self) -> str:
        return (f"{self.raw / 1024:.1f} KiB raw, {self.gzip / 1024:.1f} KiB gzip, "
                f"{self.docs} sections")


def measure(data: bytes) -> IndexSize:
    """Raw and gzip size (level 9, mtime 0: what a static server's gzip would send, roughly)."""
    docs = len(json.loads(data)["docs"])
    return IndexSize(len(data), len(gzip.compress(data, compresslevel=9, mtime=0)), docs)


class Words:
    """Dictionary look-ups for the expansions, from a configured jieba tokenizer."""

    def __init__(self, is_word: Callable[[str], bool], cut: Callable[[str], Iterable[str]]):
        self.is_word = is_word
        self.cut = cut
        self._cache: dict[str, tuple[str, ...]] = {}

    def parts(self, token: str) -> tuple[str, ...]:
        """Dictionary words of two or more characters inside a Han token, the token excluded."""
        if token not in self._cache:
            found = {token[i:j] for i in range(len(token))
                     for j in range(i + 2, len(token) + 1)
                     if j - i < len(token) and self.is_word(token[i:j])}
            self._cache[token] = tuple(sorted(found))
        return self._cache[token]


def enrich(index: dict, synonyms: list[Synonym], keywords: dict[str, list[str]],
           words: Words) -> dict:
    """Add the hidden fields to every section of a parsed search_index.json (in place)."""
    separator = re.compile(index["config"]["separator"])
    fields = index["config"].setdefault("fields", {})
    for name, boost in FIELD_BOOSTS.items():
        fields[name] = {"boost": boost}
    index["docs"] = _without_empty_sections(index["docs"])
    sections = [_Section.of(doc, keywords.get(doc["location"], []), synonyms, words, separator)
                for doc in index["docs"]]

    known = set().union(*(s.words() for s in sections))
    for section in sections:   # each missing first character once, in the first section using it
        section.expanded |= section.starts - known
        known |= section.starts

    # Substring closure: Material turns a query into prefix queries of the longest words the
    # index knows, so a word known anywhere must be indexed everywhere its characters occur.
    # Otherwise 死亡證明 (a keyword) would hide the 死亡證明書 in text cut as 死亡 / 證明書.
    vocabulary = {w for w in known if len(w) >= 2 and HAN_RUN.fullmatch(w)}
    stop_words = [w for w in STOP_WORDS if w in known]  # never add a word the site lacks
    longest = max((len(w) for w in vocabulary), default=0)
    for section in sections:
        section.boosted |= _contained(section.title_plain + "\n" + section.keyword_plain,
                                      vocabulary, longest)
        section.boosted -= section.title_tokens
        section.expanded |= _contained(section.text_plain, vocabulary, longest)
        section.expanded -= section.title_tokens | section.text_tokens | section.boosted
        section.expanded.update(w for w in stop_words if w not in section.words())
        for name, values in ((KEYWORDS_FIELD, section.boosted), (EXPANSIONS_FIELD, section.expanded)):
            if values:
                section.doc[name] = " ".join(sorted(values))
            else:
                section.doc.pop(name, None)
    return index


def _without_empty_sections(docs: list[dict]) -> list[dict]:
    """Drop sections with no text that only repeat their page's title.

    Material gives a heading inside a `data-search-exclude` block such an entry (the title
    falls back to the page title): it can only ever duplicate the page in the results.
    """
    titles = {doc["location"]: doc.get("title") for doc in docs if "#" not in doc["location"]}
    return [doc for doc in docs
            if "#" not in doc["location"] or doc.get("text")
            or doc.get("title") != titles.get(doc["location"].split("#")[0])]


@dataclass
class _Section:
    doc: dict
    title_tokens: set[str]
    text_tokens: set[str]
    title_plain: str
    text_plain: str
    keyword_plain: str
    boosted: set[str]
    expanded: set[str]
    starts: set[str]   # first characters of its two-character boosted words, see _first_characters

    @classmethod
    def of(cls, doc: dict, page_words: list[str], synonyms: list[Synonym], words: Words,
           separator: re.Pattern) -> "_Section":
        title_tokens = _tokens(doc.get("title", ""), separator)
        text_tokens = _tokens(doc.get("text", ""), separator)
        # A keyword is indexed as the words jieba cuts it into, not as written: a phrase such as
        # 換身分證 would be one token known only here, and Material's segmenter, which prefers the
        # longest known token, would then send the query 換身分證 to this section alone.
        keyword_tokens: list[str] = []
        for word in page_words:
            for run in _tokens(word, separator):
                keyword_tokens += ([t for t in words.cut(run) if t.strip()]
                                   if HAN_RUN.fullmatch(run) else [run])
        title_plain = _plain(doc.get("title", ""))
        text_plain = _plain(doc.get("text", ""))
        keyword_plain = "\n".join(page_words).lower()

        boosted = set(keyword_tokens)
        for token in title_tokens + keyword_tokens:
            boosted.update(_parts(token, words))
        boosted.update(s.word for s in synonyms if _mentions(s, title_plain, keyword_plain))
        starts = _first_characters(set(title_tokens) | boosted)
        boosted.update(_truncated(set(title_tokens) | boosted))
        boosted = {w.lower() for w in boosted} - set(title_tokens)

        expanded: set[str] = set()
        for token in text_tokens:
            expanded.update(_parts(token, words))
        expanded_synonyms = {s.word for s in synonyms if not s.spelling and _mentions(s, text_plain)}
        expanded.update(expanded_synonyms | _truncated(expanded_synonyms))
        expanded = {w.lower() for w in expanded}
        return cls(doc, set(title_tokens), set(text_tokens), title_plain, text_plain,
                   keyword_plain, boosted, expanded, starts)

    def words(self) -> set[str]:
        return self.title_tokens | self.text_tokens | self.boosted | self.expanded


def dumps(index: dict) -> bytes:
    """Compact UTF-8 JSON; key order as Material writes it, so output is byte-stable."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def postprocess(path: Path, synonyms: list[Synonym], keywords: dict[str, list[str]],
                words: Words) -> tuple[IndexSize, IndexSize, dict]:
    """Rewrite search_index.json in place; returns its size before and after, and the index."""
    before = path.read_bytes()
    index = enrich(json.loads(before), synonyms, keywords, words)
    after = dumps(index)
    path.write_bytes(after)
    return measure(before), measure(after), index


def section_texts(index: dict) -> list[str]:
    """Plain, lower-cased title + text of every section (to tell staff about unused synonyms)."""
    return [_plain(doc.get("title", "")) + "\n" + _plain(doc.get("text", "")) for doc in index["docs"]]


def _plain(value: str) -> str:
    return html.unescape(_TAG.sub(" ", value)).replace("\u200b", "").lower()


def _tokens(value: str, separator: re.Pattern) -> list[str]:
    text = html.unescape(_TAG.sub(" ", value))
    return [t.lower() for t in separator.split(text) if t]


def _parts(token: str, words: Words) -> tuple[str, ...]:
    if len(token) < 3:
        return ()
    found: list[str] = []
    for run in HAN_RUN.findall(token):
        found += words.parts(run) if len(run) >= 3 else ()
        if run != token and len(run) >= 2:
            found.append(run)
    return tuple(found)


def _contained(text: str, vocabulary: set[str], longest: int) -> set[str]:
    """Every vocabulary word that occurs in the text's Han runs."""
    found: set[str] = set()
    for run in HAN_RUN.findall(text):
        for i in range(len(run) - 1):
            for j in range(i + 2, min(i + longest, len(run)) + 1):
                if run[i:j] in vocabulary:
                    found.add(run[i:j])
    return found


def _truncated(words: Iterable[str]) -> set[str]:
    """Each Han word of three or more characters without its last character.

    Material's query segmentation never matches the last character of a query against the
    index vocabulary (query/segment/index.ts checks slices that end before it), so a query
    that is exactly 戶口謄本 becomes the prefix query 戶口* (matching 戶口名簿 too) unless 戶口謄 is
    itself an indexed word; then it becomes 戶口謄*, which matches 戶口謄本 only.
    """
    return {w[:-1] for w in words if len(w) >= 3 and HAN_RUN.fullmatch(w)}


def _first_characters(words: Iterable[str]) -> set[str]:
    """The first character of each two-character Han word (電話 → 電).

    The segmenter stops at the first position where no indexed word starts, and the last
    word of a query loses its last character: without 電 in the index, 戶政事務所電話 is
    searched as 戶政事務所* alone. The segmenter only asks whether 電 is indexed anywhere,
    so a character the index lacks is added once, unboosted, to the first section whose
    title or keywords have such a word; the words themselves rank the sections.
    """
    return {w[0] for w in words if len(w) == 2 and HAN_RUN.fullmatch(w)}


def _mentions(synonym: Synonym, *texts: str) -> bool:
    return any(term.lower() in text for term in synonym.terms for text in texts)
