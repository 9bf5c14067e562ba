"""content/search/synonyms.yml: what citizens type → the words the site uses.

Staff extend this file; it is applied when the search index is built. Each
line maps one everyday word, variant character or old name to one or more terms used on
the site:

    身份證: 身分證
    搬家: [遷入, 遷出, 住址變更]

Every page section that contains a term on the right also becomes findable by the word
on the left. Problems come back as findings with file:line, like every content error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding
from ..sources import Document, load_yaml_file

SYNONYMS_FILE = "content/search/synonyms.yml"

# The search separator (mkdocs.yml) splits on these: a word containing one would be cut apart.
_SEPARATORS = re.compile(r"[\s\u200b\u3000\-、。，．？！；：「」（）,.?!;:()]")
_HINT = "每一行寫成「民眾輸入的詞: 網站上的詞」，例如 身份證: 身分證；多個詞寫成 [遷入, 遷出]"


@dataclass(frozen=True)
class Synonym:
    """`word` (what citizens type) finds every section containing one of `terms`."""

    word: str
    terms: tuple[str, ...]
    line: int
    # A generated spelling (variants.py: 户籍誊本, 戶藉謄本) is indexed only where a term is in the
    # title or keywords: that is where it ranks, and in every text it would double the index.
    spelling: bool = False


def load_synonyms(root: Path, rel: str = SYNONYMS_FILE) -> tuple[list[Synonym], list[Finding]]:
    """The synonym lines, or findings naming file:line; a missing file means no synonyms."""
    path = root / rel
    if not path.exists():
        return [], []
    doc, findings = load_yaml_file(path, rel)
    if doc is None:
        return [], findings
    synonyms, problems = parse_synonyms(doc, findings)
    return synonyms, findings + problems


def parse_synonyms(doc: Document,
                   yaml_findings: Iterable[Finding] = ()) -> tuple[list[Synonym], list[Finding]]:
    """The synonyms of a parsed file; `yaml_findings` are the YAML reader's, for its duplicates.

    For a word written twice the reader has already reported the second line (duplicate key);
    its data holds the *second* value under the *first* line's position, so that word is
    skipped: checking the value would blame the first, valid line for the second one's mistake.
    """
    if doc.data is None:
        return [], []
    if not isinstance(doc.data, dict):
        return [], [doc.finding((), "應為「詞: 網站上的詞」的對應（mapping）", _HINT)]
    repeated = {f.field for f in yaml_findings if "duplicate key" in f.message}
    synonyms: list[Synonym] = []
    findings: list[Finding] = []
    for key, value in doc.data.items():
        path = (key if isinstance(key, str) else str(key),)  # positions are keyed by the YAML text
        if path[0] in repeated:
            continue
        word = _word(key)
        if word is None:
            findings.append(doc.finding(path, f"左邊應為文字（string），目前是「{key}」", _HINT))
            continue
        problem = _check_word(word)
        if problem:
            findings.append(doc.finding(path, f"「{word}」{problem}", _HINT))
            continue
        values = value if isinstance(value, list) else [value]
        if not values or value is None:
            findings.append(doc.finding(path, f"「{word}」沒有寫網站上的詞（empty）", _HINT))
            continue
        terms: list[str] = []
        for index, item in enumerate(values):
            where = path + (index,) if isinstance(value, list) else path
            term = _word(item)
            if term is None:
                findings.append(doc.finding(where, f"右邊應為文字（string），目前是「{item}」", _HINT))
                continue
            problem = _check_word(term)
            if problem:
                findings.append(doc.finding(where, f"「{term}」{problem}", _HINT))
            elif term == word:
                findings.append(doc.finding(where, f"「{term}」與左邊相同，這一行沒有作用（same word）",
                                            "刪除這一行"))
            elif term in terms:
                findings.append(doc.finding(where, f"「{term}」重複（duplicate）", "刪除其中一個"))
            else:
                terms.append(term)
        if terms:
            line, _ = doc.where(path)
            synonyms.append(Synonym(word, tuple(terms), line))
    return synonyms, findings


def unused_findings(synonyms: list[Synonym], texts: list[str],
                    rel: str = SYNONYMS_FILE) -> list[Finding]:
    """A warning for every term that occurs nowhere on the site: usually a typo."""
    everything = "\n".join(texts).lower()
    findings = []
    for synonym in synonyms:
        missing = [t for t in synonym.terms if t.lower() not in everything]
        if missing:
            findings.append(Finding(
                rel, synonym.line, 1, synonym.word,
                f"網站內容找不到「{'、'.join(missing)}」，搜尋「{synonym.word}」不會因此找到任何網頁"
                "（term not found on the site）",
                "檢查右邊的詞是否與網頁上的寫法完全相同", severity="warning"))
    return findings


def _word(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str):
        return None
    return value.strip()


def _check_word(word: str) -> str | None:
    if not word:
        return "不可為空白（empty）"
    if _SEPARATORS.search(word):
        return "不可含空白或標點符號（no spaces or punctuation）：搜尋會在這些地方把詞切開"
    if len(word) < 2:
        return "至少要兩個字（too short）：單一個字會讓搜尋比對到太多網頁"
    return None
