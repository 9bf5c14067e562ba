"""A city repository: the office list, the offices a change touches, the CLI and the city index.

Small 範例 fixtures in tmp_path; git is the real git, the gates are the real gates.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from hrosite import cli
from hrosite.checks import norm, selfcontained
from hrosite.cityindex import city_name, render_index, write_index
from hrosite.offices import Office, changed_paths, discover, touched


def office(root: Path, ident: str, name: str, district: str = "範例市甲區") -> Path:
    folder = root / "offices" / ident
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.yml").write_text(f"# 範例\nname: {name}\ndistrict: {district}\n", encoding="utf-8")
    return folder


@pytest.fixture
def city(tmp_path: Path) -> Path:
    (tmp_path / "common" / "faq").mkdir(parents=True)
    (tmp_path / "common" / "faq" / "general.yml").write_text("entries: []\n", encoding="utf-8")
    office(tmp_path, "jia", "範例市甲區戶政事務所")
    office(tmp_path, "yi", "範例市乙區戶政事務所", "範例市乙區")
    office(tmp_path, "bing", "範例市丙區戶政事務所", "範例市丙區")
    return tmp_path


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@localhost", *args],
                          cwd=root, check=True, capture_output=True, text=True).stdout


# --- the office list -----------------------------------------------------------------------

def test_discover_lists_offices_by_id(city):
    offices, findings = discover(city)
    assert findings == []
    assert [(o.id, o.name, o.district) for o in offices] == [
        ("bing", "範例市丙區戶政事務所", "範例市丙區"), ("jia", "範例市甲區戶政事務所", "範例市甲區"),
        ("yi", "範例市乙區戶政事務所", "範例市乙區")]


def test_two_offices_with_one_name(city):
    office(city, "jia2", "範例市甲區戶政事務所")
    offices, findings = discover(city)
    assert [o.id for o in offices] == ["bing", "jia", "yi"]
    assert [(f.file, f.line, f.col, f.message) for f in findings] == [
        ("offices/jia2/site.yml", 2, 1, "「範例市甲區戶政事務所」已經是 offices/jia/site.yml:2 的名稱："
                                       "兩個事務所不能是同一個機關（duplicate office）")]


def test_invalid_office_ids_and_folders_without_site_yml(city):
    office(city, "Jia", "範例市丁區戶政事務所")
    office(city, "wu_1", "範例市戊區戶政事務所")
    (city / "offices" / "empty").mkdir()
    _, findings = discover(city)
    assert sorted((f.file, f.message) for f in findings) == [
        ("offices/Jia/site.yml", "事務所代號「Jia」只能用小寫英文字母、數字與 -（invalid office id）"),
        ("offices/empty/", "事務所資料夾「empty」沒有 site.yml（missing site.yml）"),
        ("offices/wu_1/site.yml", "事務所代號「wu_1」只能用小寫英文字母、數字與 -（invalid office id）"),
    ]


# --- which offices a change touches ----------------------------------------------------------

def test_touched_by_office_common_code_and_docs(city):
    offices, _ = discover(city)
    ids = lambda paths: [o.id for o in touched(paths, offices)]   # noqa: E731
    assert ids(["offices/yi/faq/overlay.yml"]) == ["yi"]
    assert ids(["offices/yi/site.yml", "offices/jia/stats/population.csv", "docs/offices.md"]) == ["jia", "yi"]
    assert ids(["docs/offices.md", "README.md", "CONTRIBUTING.zh-TW.md"]) == []
    assert ids(["offices/gone/site.yml"]) == []          # an office that no longer exists
    for shared in ("common/faq/general.yml", "hrosite/build.py", "requirements.lock",
                   ".github/workflows/nightly.yml", "mkdocs.yml", "overrides/main.html"):
        assert ids([shared, "offices/yi/site.yml"]) == ["bing", "jia", "yi"], shared


def test_changed_since_a_git_ref_on_the_command_line(city, capsys):
    git(city, "init", "-q", "-b", "main")
    git(city, "add", "-A")
    git(city, "commit", "-qm", "範例")
    git(city, "checkout", "-qb", "change")
    (city / "offices" / "yi" / "site.yml").write_text("name: 範例市乙區戶政事務所\ndistrict: 範例市乙區\n"
                                                      "description: 改\n", encoding="utf-8")
    git(city, "commit", "-qam", "乙區")
    (city / "offices" / "jia" / "note.md").write_text("未提交的新檔\n", encoding="utf-8")
    assert changed_paths(city, "main") == ["offices/jia/note.md", "offices/yi/site.yml"]
    assert cli.main(["--root", str(city), "offices", "--changed-since", "main", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == ["jia", "yi"]
    (city / "common" / "faq" / "general.yml").write_text("entries: []\n# 改\n", encoding="utf-8")
    assert cli.main(["--root", str(city), "offices", "--changed-since", "main"]) == 0
    assert capsys.readouterr().out.split() == ["bing", "jia", "yi"]


def test_changed_since_an_unknown_ref_is_one_line(city, capsys):
    git(city, "init", "-q", "-b", "main")
    assert cli.main(["--root", str(city), "offices", "--changed-since", "no-such-ref"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("無法比較變更（cannot compare）：git rev-parse 失敗（failed）：")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_the_matrix_list_is_every_office_as_json(city, capsys):
    assert cli.main(["--root", str(city), "offices", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == ["bing", "jia", "yi"]


# --- the CLI refuses clearly ----------------------------------------------------------------

def test_all_in_a_single_office_repository(tmp_path, capsys):
    (tmp_path / "site.yml").write_text("name: 範例\n", encoding="utf-8")
    assert cli.main(["--root", str(tmp_path), "build", "--all"]) == 2
    assert capsys.readouterr().err == ("找不到任何事務所（no offices/<id>/site.yml）："
                                       "單一事務所的儲存庫請不加 --all 執行。\n")


def test_plain_validate_in_a_city_repository_means_all(city, capsys):
    assert cli.main(["--root", str(city), "validate", "--jobs", "1"]) == 1   # 範例 offices: no content
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "多事務所的儲存庫（city repository）：處理 offices/ 下的每個事務所（等於 --all）。"
    assert err[-1] == "3 個事務所，0 個通過，未通過：bing、jia、yi。"


def test_unknown_office_and_broken_office_list(city, capsys):
    assert cli.main(["--root", str(city), "validate", "--office", "zz"]) == 2
    assert capsys.readouterr().err == "沒有這個事務所（unknown office）：zz；可用：bing、jia、yi\n"
    office(city, "jia2", "範例市甲區戶政事務所")
    assert cli.main(["--root", str(city), "build", "--all"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("offices/jia2/site.yml:2:1: name: 「範例市甲區戶政事務所」已經是")
    assert err[-1] == "offices/ 有 1 個錯誤（errors），請先修正。"


def test_validate_all_reports_overlay_errors_at_the_overlay(city, capsys):
    """An office whose overlay is wrong fails at its own file:line; the others still run."""
    (city / "offices" / "yi" / "faq").mkdir()
    (city / "offices" / "yi" / "faq" / "overlay.yml").write_text("remove: [no-such]\n", encoding="utf-8")
    assert cli.main(["--root", str(city), "validate", "--office", "yi", "--jobs", "1"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == ("offices/yi/faq/overlay.yml:1:10: remove: 共用層（common/faq/）沒有 id 為「no-such」"
                      "的常見問答（FAQ），無法刪除（unknown item）（建議：核對 id 的拼字）")
    assert err[-2].startswith("  yi\t範例市乙區戶政事務所\t未通過（failed）：1 個錯誤")
    assert err[-1] == "1 個事務所，0 個通過，未通過：yi。"


# --- the city index --------------------------------------------------------------------------

def test_city_index_lists_every_office_and_links_the_built_ones(city, tmp_path):
    offices, _ = discover(city)
    out = tmp_path / "out"
    (out / "jia" / "site").mkdir(parents=True)
    (out / "jia" / "site" / "index.html").write_text("<!doctype html>", encoding="utf-8")
    html = write_index(out, offices).read_text(encoding="utf-8")
    assert '<html lang="zh-Hant-TW">' in html and "<title>範例市戶政事務所網站</title>" in html
    assert '<li><a href="jia/site/">範例市甲區戶政事務所</a>' in html
    assert "<li>範例市乙區戶政事務所<span class=\"note\">（範例市乙區）</span><span class=\"note\">" \
           "：本次建置未完成，網站暫不提供連結</span></li>" in html
    assert html.count("<li>") == 3
    # the gates an office page passes, without a browser
    assert norm.check_norm(out, ["index.html"]) == []
    assert selfcontained.scan_site(out) == []


def test_city_name_and_a_missing_office_name():
    assert city_name([Office("a", Path("."), "x", "高雄市鹽埕區"), Office("b", Path("."), "y", "高雄市前金區")]) == "高雄市"
    assert city_name([Office("a", Path("."), "x", "高雄市鹽埕區"), Office("b", Path("."), "y", "臺南市安平區")]) is None
    html = render_index([Office("a", Path("."), None, None)], {"a": True})
    assert '<a href="a/site/">a（名稱待確認）</a>' in html and "<title>戶政事務所網站</title>" in html


@pytest.mark.browser
def test_city_index_passes_axe_and_wcag22_in_chromium(city, tmp_path):
    from hrosite.citycli import check_index

    offices, _ = discover(city)
    out = tmp_path / "out"
    for o in offices:
        (out / o.id / "site").mkdir(parents=True)
        (out / o.id / "site" / "index.html").write_text("<!doctype html>", encoding="utf-8")
    write_index(out, offices)
    assert check_index(out, offices) == []
    (out / "yi" / "site" / "index.html").unlink()      # a link to a site that is not there
    (out / "index.html").write_text((out / "index.html").read_text(encoding="utf-8")
                                    .replace('<html lang="zh-Hant-TW">', "<html>"), encoding="utf-8")
    problems = check_index(out, offices)
    assert "連結到不存在的網站（broken link）：yi/site/" in [p.message for p in problems]
    assert any(p.gate == "accessibility" and "html-has-lang" in (p.message + (p.hint or ""))
               for p in problems), [p.format_text() for p in problems]
