"""`hrosite check` itself: which pages a quick run takes, and a crashing gate still reports."""

from __future__ import annotations

import json
import subprocess

import pytest

from hrosite.checks.run import EDITOR_DIR, CheckRun, file_gates, one_page_per_kind
from hrosite.findings import errors


def test_quick_run_takes_one_page_of_each_template():
    pages = ["index.html", "about/index.html", "contact/index.html",
             "procedures/index.html", "procedures/birth-registration/index.html",
             "procedures/death-registration/index.html", "procedures/id-card/index.html",
             "stats/index.html", "stats/dataset-population/index.html",
             "stats/dataset-vital-events/index.html", "stats/village-beiduan/index.html",
             "stats/village-boai/index.html", "stats/villages/index.html"]
    assert one_page_per_kind(pages) == [
        "about/index.html", "contact/index.html", "index.html",
        "procedures/birth-registration/index.html", "procedures/index.html",
        "stats/dataset-population/index.html", "stats/index.html",
        "stats/village-beiduan/index.html", "stats/villages/index.html"]


def test_a_gate_that_crashes_is_an_error_finding_and_the_next_gate_runs():
    def crashing_gate():
        raise FileNotFoundError("chromium")

    run = CheckRun()
    run.gate("layout", crashing_gate)
    run.gate("privacy", lambda: [])
    (found,) = errors(run.findings)
    assert found.gate == "layout" and "gate crashed" in found.message
    assert "FileNotFoundError: chromium" in found.message
    assert set(run.durations) == {"layout", "privacy"}


def test_the_scripts_gate_leaves_the_staff_editor_to_its_own_tests(tmp_path):
    """admin/ is Decap CMS's page (its own scripts, no public policy): as for the browser gates,
    it is not a public page. The same page anywhere else fails."""
    site = tmp_path / "site"
    editor = '<!doctype html><html><head></head><body><script src="decap-cms.js"></script></body></html>'
    for folder in (EDITOR_DIR, "news/"):
        (site / folder).mkdir(parents=True)
        (site / folder / "index.html").write_text(editor, encoding="utf-8")
    gate = next(g for g in file_gates(tmp_path, site, "http://127.0.0.1:8000/") if g.name == "scripts")
    assert sorted({(f.file, f.message) for f in gate.run()}) == [
        ("news/index.html", "網頁沒有內容安全政策（missing CSP meta tag）"),
        ("news/index.html", "網頁載入本站 assets/ 以外的程式（foreign script）：decap-cms.js")]


def test_every_placeholder_is_listed_as_a_warning_with_its_line(tmp_path):
    from hrosite.checks.placeholders import scan_placeholders

    (tmp_path / "content").mkdir()
    (tmp_path / "site.yml").write_text(
        "# null 表示待確認（a comment explaining the convention is not a to-do）\n"
        "office:\n  name: 範例區戶政事務所\n  phone: null\n  fax: ~\n", encoding="utf-8")
    (tmp_path / "content" / "contact.md").write_text("# 聯絡\n\n地址：待確認\n", encoding="utf-8")
    found = scan_placeholders([tmp_path / "site.yml", tmp_path / "content"], tmp_path)
    assert [(f.file, f.line, f.col) for f in found] == [
        ("site.yml", 4, 10), ("site.yml", 5, 8), ("content/contact.md", 3, 4)]
    assert {f.severity for f in found} == {"warning"} and {f.gate for f in found} == {"placeholders"}


GUIDE_MESSAGES = [
    "個人資料：疑似", "連結失效（broken link）", "錨點不存在（missing anchor）",
    "載入外部網站資源（third-party host）", "連結到非開放格式文件（office format）",
    "頁面需要水平捲動", "文字被截斷", "已超過檢視期限", "但網站仍顯示",
    "待確認的資料（placeholder）", "檢查程式無法完成（gate crashed）",
    "頁面載入時的請求失敗（failed request）",
    "網頁含有事件處理屬性（inline event handler）", "網頁含有不安全的網址（unsafe URL scheme）",
    "網頁含有不認得的內嵌程式（unknown inline script）", "網頁載入本站 assets/ 以外的程式（foreign script）",
    "網頁載入的程式檔不存在（missing script）", "網頁含有不允許的元素（embedded or base element）",
    "網頁沒有內容安全政策（missing CSP meta tag）",
    "（badge expired）", "這不是內容錯誤", "在每頁共用的區塊（頁首、選單、頁尾）",
]


def test_staff_guide_explains_every_check_message_the_tool_prints():
    """CONTRIBUTING.zh-TW.md §5.9 quotes the start of each gate message: rewording one in the
    code without the guide (or the other way round) fails here."""
    from conftest import REPO

    guide = (REPO / "CONTRIBUTING.zh-TW.md").read_text("utf-8").split("### 5.9", 1)[1]
    literals = [text for p in (REPO / "hrosite").rglob("*.py") for text in string_literals(p)]
    for message in GUIDE_MESSAGES:
        assert message in guide, f"guide §5.9 lacks {message!r}"
        assert any(message in text for text in literals), f"no gate prints {message!r} any more"


def string_literals(path) -> list[str]:
    """The strings a module can print: its str constants, f-string parts included. Comments and
    docstrings of modules, classes and functions are not messages, so they do not count."""
    import ast

    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


def test_a_message_only_in_a_comment_or_docstring_is_not_printed(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('"""頁面需要水平捲動"""\n# 文字被截斷\nX = f"連結失效（broken link）: {1}"\n',
                      encoding="utf-8")
    assert string_literals(module) == ["連結失效（broken link）: "]


PAGE = """<!doctype html>
<html lang="zh-TW">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; object-src 'none'">
<title>{title} - 範例區戶政事務所</title>
<link rel="canonical" href="https://www.example.gov.tw/{path}"></head>
<body><main><h1>{title}</h1><p>{body}</p></main></body>
</html>
"""


@pytest.mark.browser
def test_check_then_publish_end_to_end(tmp_path, capsys):
    """`hrosite check` records what it checked; `publish` goes ahead only for that site."""
    from hrosite.cli import main

    site = tmp_path / "build" / "site"
    (site / "about").mkdir(parents=True)
    (site / "index.html").write_text(PAGE.format(
        title="首頁", path="", body='<a href="about/">關於本所</a> <a href="gone/">舊網頁</a>'), "utf-8")
    (site / "about" / "index.html").write_text(PAGE.format(
        title="關於本所", path="about/", body='<a href="../">回首頁</a>'), "utf-8")
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    report = tmp_path / "build" / "reports" / "report.json"

    assert main(["--root", str(tmp_path), "check"]) == 1  # the broken link fails the run
    assert json.loads(report.read_text("utf-8"))["passed"] is False
    assert main(["--root", str(tmp_path), "publish", "--to-git", str(bare)]) == 1
    assert "不發布" in capsys.readouterr().err

    (site / "index.html").write_text(PAGE.format(
        title="首頁", path="", body='<a href="about/">關於本所</a>'), "utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "contact.md").write_text("地址：待確認\n", "utf-8")
    capsys.readouterr()
    assert main(["--root", str(tmp_path), "check"]) == 0
    said = capsys.readouterr().err
    assert "待確認事項 1 項" in said and "待確認的資料" not in said  # the list is in the report
    checked = json.loads(report.read_text("utf-8"))
    assert checked["warnings"] == 1
    assert (checked["passed"], checked["mode"], checked["pages"]) == (
        True, "full", ["about/index.html", "index.html"])
    assert main(["--root", str(tmp_path), "publish", "--to-git", str(bare)]) == 0


def test_mobile_numbers_the_office_publishes_are_let_through(example):
    from hrosite.checks.run import privacy_findings

    site = example / "build" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<p>值班手機 0912-345-678</p>", "utf-8")
    contact = example / "content" / "contact.md"
    contact.write_text(contact.read_text("utf-8") + "\n夜間值班：0912 345 678\n", "utf-8")
    found = [f.file for f in privacy_findings(example, site)]
    assert found == ["content/contact.md", f"{site.relative_to(example).as_posix()}/index.html"]
    text = (example / "site.yml").read_text("utf-8")
    (example / "site.yml").write_text(text + "published_mobiles: [0912345678]\n", "utf-8")
    assert privacy_findings(example, site) == []
