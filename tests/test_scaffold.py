"""`hrosite new-office` (hrosite/scaffold.py): a new office without any trace of the source office."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from hrosite.scaffold import ScaffoldError, new_office
from test_formgen import odt_text, pdf_text

REPO = Path(__file__).resolve().parent.parent
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
# 範例 (made-up) identity for the new office.
NAME, DISTRICT, VILLAGES = "範例市丙區戶政事務所", "範例市丙區", ["甲里", "乙里"]
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"),
                                   reason="LibreOffice (soffice) not installed: run make test-deps")


def hrosite(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hrosite", *args], capture_output=True, text=True,
                          cwd=cwd, env=ENV)


def tiny_source(root: Path) -> Path:
    """A minimal 範例 source office: site.yml and one FAQ file (enough for the identity rules)."""
    root.mkdir(parents=True)
    (root / "site.yml").write_text(
        "name: 範例市甲區戶政事務所\nshort_name: 甲區戶政事務所\nname_en: Example\n"
        "parent_agency: 範例市政府民政局\ndistrict: 範例市甲區\n"
        "categories: [{id: general, title: 綜合服務}]\n"
        "villages: [{id: a, code: null, name: 子里}, {id: b, code: null, name: 丑里}]\n", encoding="utf-8")
    (root / "faq").mkdir()
    (root / "faq" / "general.yml").write_text(
        "category: general\nentries:\n"
        "  - id: one\n    question: 甲區戶政事務所在哪裡？\n    answer: 在甲區。\n"
        "  - id: merger\n    question: 子里和丑里合併了嗎？\n    answer: 範例。\n",
        encoding="utf-8")
    (root / "content").mkdir()
    return root


def test_identity_is_replaced_and_village_items_dropped(tmp_path):
    source = tiny_source(tmp_path / "src")
    new_office(source, tmp_path / "new", name=NAME, district=DISTRICT, villages=VILLAGES, forms=False)
    faq = (tmp_path / "new" / "faq" / "general.yml").read_text(encoding="utf-8")
    assert "丙區戶政事務所在哪裡？" in faq and "在丙區。" in faq
    assert "merger" not in faq and "子里" not in faq
    site = yaml.safe_load((tmp_path / "new" / "site.yml").read_text(encoding="utf-8"))
    assert site["name"] == NAME and site["short_name"] == "丙區戶政事務所"
    assert site["parent_agency"] == "範例市政府民政局"  # same city: the same parent agency
    assert [v["name"] for v in site["villages"]] == VILLAGES
    assert all(v["code"] is None for v in site["villages"])
    assert site["contact"] == dict.fromkeys(
        ["address", "postal_code", "phone", "fax", "email", "website", "hours", "transport"])
    assert site["metadata"]["agency_code"] is None


def test_facts_file_may_give_village_ids_and_codes(tmp_path):
    source = tiny_source(tmp_path / "src")
    (tmp_path / "facts.yml").write_text(
        "name: 範例市丙區戶政事務所\ndistrict: 範例市丙區\n"
        "villages: [{name: 甲里, id: jia, code: '99999990001'}, 乙里]\n", encoding="utf-8")
    new_office(source, tmp_path / "new", facts_file=str(tmp_path / "facts.yml"), forms=False)
    site = yaml.safe_load((tmp_path / "new" / "site.yml").read_text(encoding="utf-8"))
    assert site["villages"] == [{"id": "jia", "code": "99999990001", "name": "甲里"},
                                {"id": "v02", "code": None, "name": "乙里"}]
    (tmp_path / "facts.yml").write_text("name: x\ndistrict: y\nvillages: [{name: 甲里, population: 3}]\n",
                                        encoding="utf-8")
    with pytest.raises(ScaffoldError) as err:
        new_office(source, tmp_path / "other", facts_file=str(tmp_path / "facts.yml"), forms=False)
    assert str(err.value) == ("villages 第 1 項：寫里名，或 {name: 里名, id: 英數代號, code: 村里代碼}；"
                              "不認得的欄位（unknown keys）：population")


def test_another_city_gets_no_parent_agency(tmp_path):
    source = tiny_source(tmp_path / "src")
    new_office(source, tmp_path / "new", name="範例縣丁鄉戶政事務所", district="範例縣丁鄉",
               villages=["戊村"], forms=False)
    site = yaml.safe_load((tmp_path / "new" / "site.yml").read_text(encoding="utf-8"))
    assert site["parent_agency"] == "待確認"


def test_leftover_trace_refuses_the_scaffold(tmp_path):
    """A mention the rules cannot neutralise is reported at file:line and nothing is written."""
    source = tiny_source(tmp_path / "src")
    (source / "content" / "history.md").write_text("# 沿革\n\n本所舊址在子里附近。\n", encoding="utf-8")
    with pytest.raises(ScaffoldError) as err:
        new_office(source, tmp_path / "new", name=NAME, district=DISTRICT, villages=VILLAGES, forms=False)
    assert str(err.value) == ("新事務所的內容仍提到原事務所（source office），未建立任何檔案：\n"
                              "  content/history.md:3: 「子里」")
    assert not (tmp_path / "new").exists()
    assert not list(tmp_path.glob(".new-office-*"))


def test_new_office_command_errors_are_one_line_without_traceback(tmp_path):
    source = tiny_source(tmp_path / "src")
    proc = hrosite("--root", str(source), "new-office", str(tmp_path / "new"), "--name", NAME, "--no-forms")
    assert proc.returncode == 1
    assert proc.stderr == ("錯誤（error）：缺少必填資料（required）：district（轄區，例如 高雄市前金區）、"
                           "villages（至少一個里）；請用 --name、--district、--village 或 --facts 提供\n")
    (tmp_path / "facts.yml").write_text("name: x\ncity: y\n", encoding="utf-8")
    proc = hrosite("--root", str(source), "new-office", str(tmp_path / "new"), "--facts",
                   str(tmp_path / "facts.yml"))
    assert proc.returncode == 1
    assert proc.stderr == (f"錯誤（error）：{tmp_path / 'facts.yml'}: 不認得的欄位（unknown keys）：city；"
                           "可用 name、district、villages、short_name、name_en、parent_agency\n")
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "x").write_text("x")
    proc = hrosite("--root", str(source), "new-office", str(tmp_path / "taken"), "--name", NAME,
                   "--district", DISTRICT, "--village", "甲里", "--no-forms")
    assert proc.returncode == 1
    assert proc.stderr == f"錯誤（error）：{tmp_path / 'taken'} 已存在且不是空的資料夾：請指定新的資料夾\n"


def _site_texts(site: Path):
    """(relative path, text) of every file of a built site a reader or a crawler can see."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".odt":
            yield rel, odt_text(path)
        elif path.suffix == ".pdf":
            yield rel, pdf_text(path)
        elif path.suffix == ".gz":
            yield rel, gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        elif path.suffix == ".json":
            text = path.read_text(encoding="utf-8-sig")
            try:  # search index and datapackage: \\u escapes must not hide a name
                text = json.dumps(json.loads(text), ensure_ascii=False)
            except ValueError:
                pass
            yield rel, text
        elif path.suffix in {".html", ".xml", ".txt", ".csv", ".js", ".svg", ".md"}:
            yield rel, path.read_text(encoding="utf-8-sig", errors="replace")


@needs_soffice
def test_new_office_builds_without_any_trace_of_the_example(example, tmp_path):
    """From `hrosite new-office` to a valid build whose every page, feed, index and form is the new office's."""
    (tmp_path / "facts.yml").write_text(yaml.safe_dump(
        {"name": NAME, "district": DISTRICT, "villages": VILLAGES}, allow_unicode=True), encoding="utf-8")
    office = tmp_path / "offices" / "c"
    made = hrosite("--root", str(example), "new-office", str(office), "--facts", str(tmp_path / "facts.yml"))
    assert made.returncode == 0, made.stderr
    assert "已建立「範例市丙區戶政事務所」" in made.stderr
    valid = hrosite("--root", str(office), "validate")
    assert valid.returncode == 0, valid.stderr[-3000:]
    built = hrosite("--root", str(office), "build")
    assert built.returncode == 0, built.stderr[-3000:]
    site = office / "build" / "site"
    for must in ("index.html", "rss.xml", "atom.xml", "sitemap.xml", "search/search_index.json"):
        assert (site / must).is_file(), must
    pdfs = sorted(site.rglob("birth-registration-form.pdf"))
    assert pdfs and sorted(site.rglob("birth-registration-form.odt"))
    old = yaml.safe_load((example / "site.yml").read_text(encoding="utf-8"))
    forbidden = ["鹽埕", "Yancheng", old["name"], *(v["name"] for v in old["villages"])]
    assert "高雄市鹽埕區戶政事務所" in forbidden and "北端里" in forbidden
    texts = dict(_site_texts(site))
    kinds = {Path(rel).suffix for rel in texts}
    assert {".html", ".xml", ".json", ".odt", ".pdf"} <= kinds
    hits = [f"{rel}: {word}" for rel, text in texts.items() for word in forbidden if word in text]
    assert hits == []
    assert NAME in texts["index.html"]
    assert NAME in texts[pdfs[0].relative_to(site).as_posix()]
    assert "範例市丙區　　　　里" in texts[pdfs[0].relative_to(site).as_posix()]
