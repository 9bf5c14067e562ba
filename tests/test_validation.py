"""Broken content must give staff a `path:line:col:` message and exit code 1, never a traceback.

Every fixture runs the command (`hrosite validate`'s main(), in this process; one test runs the
real `python -m hrosite validate` and compares) in a copy of the example site, as CI does, and
looks for its message at the exact spot: the line, and the column of the key or
value to fix. Field paths count list items from 1 (「steps 第 3 項」), as staff do.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ENV, REPO, errors_of, mkdocs_build, validate

from hrosite.sources import _YAML_PROBLEMS, parse_yaml

GUIDE = REPO / "CONTRIBUTING.zh-TW.md"


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def replace_in_entry(path: Path, number: int, old: str, new: str) -> None:
    """Replace `old` inside the nth (from 1) `  - id:` item of a FAQ file."""
    parts = re.split(r"(?m)^(?=  - id: )", path.read_text(encoding="utf-8"))
    assert old in parts[number], f"{old!r} not in entry {number} of {path}"
    parts[number] = parts[number].replace(old, new, 1)
    path.write_text("".join(parts), encoding="utf-8")


def item(root: Path, rel: str, key: str, test) -> int:
    """The number (from 1) of the first item of the list `key` for which `test(item)` holds."""
    items = yaml.safe_load((root / rel).read_text(encoding="utf-8"))[key]
    return next(number for number, value in enumerate(items, 1) if test(value))


def spot(root: Path, rel: str, needle: str, nth: int = 1) -> str:
    """`rel:line:col:` of `needle` on the nth line that has it (columns count characters from 1)."""
    hits = [(number, line.index(needle) + 1)
            for number, line in enumerate((root / rel).read_text(encoding="utf-8").splitlines(), 1)
            if needle in line]
    line, col = hits[nth - 1]
    return f"{rel}:{line}:{col}:"


def test_the_command_line_entry_point_validates(example):
    shown = validate(example)
    real = subprocess.run([sys.executable, "-m", "hrosite", "validate"], cwd=example,
                          capture_output=True, text=True, env=ENV)
    assert (real.returncode, real.stdout, real.stderr) == (shown.returncode, shown.stdout, shown.stderr)
    assert real.returncode == 0 and "內容檢查通過" in real.stderr


def assert_reported(root: Path, where: str, *words: str) -> list[str]:
    """An error starts with `where` (`path:line:col:`) and says every one of `words`."""
    lines = errors_of(root)
    found = [line for line in lines if line.startswith(where)]
    assert found, f"nothing at {where!r}; got:\n" + "\n".join(lines)
    for word in words:
        assert any(word in line for line in found), f"{word!r} not in {found}"
    return lines


def test_example_content_is_valid(example):
    result = validate(example)
    assert result.returncode == 0, result.stderr
    assert "內容檢查通過" in result.stderr


@pytest.mark.parametrize("text, where, advice", [
    ("title: 出生登記\n\tsummary: x\n", (2, 1), "不可用 Tab 鍵縮排"),
    ("title: 出生: 登記\n", (1, 10), "請改用全形「：」"),
    ("title: 出生登記\nsummary: [未完\nid: x\n", (3, 3), "沒有成對"),
    ("title: 出生登記\n  summary: x\n", (2, 10), "冒號"),
])
def test_yaml_mistakes_are_explained_in_chinese(text, where, advice):
    """libyaml's and PyYAML's wordings differ; staff get the same advice, at the right spot."""
    doc, findings = parse_yaml(text, "faq/x.yml")
    assert doc is None and len(findings) == 1
    finding = findings[0]
    assert (finding.line, finding.col) == where, finding.format_text()
    assert advice in finding.message, finding.message


def test_staff_guide_quotes_the_yaml_messages_the_tool_prints():
    """CONTRIBUTING.zh-TW.md §5.1 shows staff the messages they will see; keep them current."""
    quoted = re.findall(r"YAML 格式錯誤（invalid YAML）：(.+?)（([^（）]*)）（建議", GUIDE.read_text("utf-8"))
    assert len(quoted) >= 5
    known = dict((english, chinese) for english, chinese in _YAML_PROBLEMS)
    for chinese, english in quoted:
        match = [k for k in known if k.replace("\\\\", "\\") in english.replace("\\\\", "\\")]
        assert match and known[match[0]] == chinese, (chinese, english)


def test_staff_guide_quotes_the_messages_the_tool_prints(example):
    """§3.5 and §5.2–5.6 quote real output: the same faults must print the same words (the place
    in the file aside), and no quote may show a list position counted from 0 (`entries[0]`)."""
    blocks = re.findall(r"```text\n(.*?)```", GUIDE.read_text("utf-8"), re.S)
    location = re.compile(r"^[\w./-]+\.(?:yml|yaml|md|csv):\d+(?::\d+)?: ")
    quoted = {location.sub("", line) for block in blocks for line in block.splitlines()}
    assert not [q for q in quoted if re.search(r"\w\[\d+\]", q)]
    replace_in_entry(example / "faq/id-card.yml", 1, "    answer: |", "    anwser: |")
    replace_in_entry(example / "faq/death.yml", 1, "procedures: [death-registration]", "procedures: [id-cards]")
    replace_in_entry(example / "faq/death.yml", 2, "forms: [death-registration-form]", "forms: [id-card-form]")
    replace_in_entry(example / "faq/name.yml", 3, "  - id: ", "  - id: 身分證找到了  # ")
    replace(example / "content/procedures/id-card.yml", "amount: 200", "amount: 200元")
    replace(example / "content/procedures/death-registration.yml", "updated: 2026-11-26\nreview_by",
            "updated: 115-11-26\nreview_by")
    replace(example / "content/procedures/birth-registration.yml", "updated: 2026-11-26\nreview_by",
            "updated: 2027-06-01\nreview_by")
    replace(example / "forms/forms.yml", "    sample: true", "    sample: 是")
    seal = example / "faq/seal.yml"
    seal.write_bytes(seal.read_text(encoding="utf-8").encode("big5", errors="replace"))
    (example / "faq/general.yml").rename(example / "faq/general.yaml")
    printed = [location.sub("", line) for line in errors_of(example)]
    assert len(printed) >= 11
    assert [p for p in printed if p not in quoted] == []


def test_malformed_yaml(example):
    path = example / "faq/death.yml"
    replace(path, "question: 家人過世，", "question: 家人過世: ")
    assert_reported(example, spot(example, "faq/death.yml", ": 誰可以"), "YAML 格式錯誤", "全形「：」")


def test_wrong_type(example):
    rel = "content/procedures/birth-registration.yml"
    number = item(example, rel, "fees", lambda fee: fee["amount"] == 30)
    replace(example / rel, "amount: 30", "amount: 三十元")
    assert_reported(example, spot(example, rel, "amount: 三十元"),
                    f"fees 第 {number} 項的 amount:", "應為整數", "目前是「三十元」")


def test_unknown_key_is_not_ignored(example):
    replace(example / "faq/death.yml", "    answer:", "    anwser:")
    assert_reported(example, spot(example, "faq/death.yml", "anwser:"),
                    "entries 第 1 項的 anwser:", "未知的欄位", "answer")


def test_duplicate_id(example):
    path = example / "faq/seal.yml"
    ids = re.findall(r"^  - id: (\S+)", path.read_text(encoding="utf-8"), re.M)
    replace(path, f"- id: {ids[1]}", f"- id: {ids[0]}")
    first = spot(example, "faq/seal.yml", f"id: {ids[0]}").split(":")[1]
    assert_reported(example, spot(example, "faq/seal.yml", f"id: {ids[0]}", nth=2),
                    "entries 第 2 項的 id:", "重複", f"faq/seal.yml:{first} 已使用")


def test_impossible_date(example):
    replace(example / "content/procedures/death-registration.yml", "updated: 2026-11-26", "updated: 2026-13-01")
    assert_reported(example, spot(example, "content/procedures/death-registration.yml", "2026-13-01"),
                    "updated:", "不存在的日期「2026-13-01」")


def test_yes_where_a_date_belongs_is_shown_as_written(example):
    replace(example / "faq/death.yml", "updated: 2026-11-26", "updated: yes")
    lines = assert_reported(example, spot(example, "faq/death.yml", "updated: yes"),
                            "日期格式錯誤", "目前是「yes」")
    assert not any("True" in line for line in lines)


def test_missing_file(example):
    (example / "forms/files/seal-certificate-form.pdf").unlink()
    assert_reported(example, spot(example, "forms/forms.yml", "pdf: files/seal-certificate-form.pdf"),
                    "找不到檔案 forms/files/seal-certificate-form.pdf")


def test_not_utf8(example):
    path = example / "faq/doorplate.yml"
    text = path.read_text(encoding="utf-8")
    first = re.search(r"[^\x00-\x7f]", text).start()
    line, col = text.count("\n", 0, first) + 1, first - text.rfind("\n", 0, first)
    path.write_bytes(text.encode("big5", errors="replace"))
    assert_reported(example, f"faq/doorplate.yml:{line}:{col}:", "不是 UTF-8")


def test_typo_in_an_id_gets_a_suggestion(example):
    replace(example / "faq/death.yml", "procedures: [death-registration]", "procedures: [death-registraton]")
    assert_reported(example, spot(example, "faq/death.yml", "death-registraton"),
                    "entries 第 1 項的 procedures 第 1 項:", "找不到申辦項目「death-registraton」",
                    "是不是要寫 death-registration？")


def test_far_unknown_id_says_where_the_ids_are(example):
    replace(example / "faq/death.yml", "forms: [death-registration-form]", "forms: [no-such-form]")
    lines = assert_reported(example, spot(example, "faq/death.yml", "no-such-form"),
                            "找不到書表「no-such-form」", "forms/forms.yml")
    assert not any("是不是要寫" in line for line in lines)


def test_unknown_form_in_procedure(example):
    replace(example / "content/procedures/birth-registration.yml", "forms: [birth-registration-form,",
            "forms: [birth-form,")
    assert_reported(example, spot(example, "content/procedures/birth-registration.yml", "birth-form,"),
                    "forms 第 1 項:", "找不到書表「birth-form」")


def test_missing_required_field(example):
    replace(example / "content/procedures/doorplate.yml", "title: ", "titel: ")
    lines = assert_reported(example, "content/procedures/doorplate.yml:1:1: title:", "缺少必填欄位")
    assert any(line.startswith(spot(example, "content/procedures/doorplate.yml", "titel:")) for line in lines)


def test_negative_fee(example):
    path = example / "content/procedures/household-transcript.yml"
    replace(path, "amount: 15", "amount: -15")
    assert_reported(example, spot(example, "content/procedures/household-transcript.yml", "amount: -15"),
                    "不可小於 0", "目前是「-15」")


def test_unknown_step_logic(example):
    rel = "content/procedures/birth-registration.yml"
    number = item(example, rel, "steps", lambda step: step.get("logic") == "or")
    replace(example / rel, "logic: or", "logic: xor")
    assert_reported(example, spot(example, rel, "logic: xor"),
                    f"steps 第 {number} 項的 logic:", "目前是「xor」", "只能是 and 或 or")


def test_goto_unknown_step(example):
    rel = "content/procedures/birth-registration.yml"
    number = item(example, rel, "steps", lambda step: (step.get("decision") or {}).get("goto") == "prepare")
    replace(example / rel, "goto: prepare", "goto: prepair")
    assert_reported(example, spot(example, rel, "goto: prepair"),
                    f"steps 第 {number} 項的 decision.goto:", "prepair", "prepare")


def test_office_format_rejected(example):
    replace(example / "forms/forms.yml", "odt: files/power-of-attorney.odt", "odt: files/power-of-attorney.docx")
    assert_reported(example, spot(example, "forms/forms.yml", "odt: files/power-of-attorney.docx"),
                    ".docx", "ODF")


def test_duplicate_yaml_key(example):
    replace(example / "site.yml", "short_name:", "name: 重複的名稱\nshort_name:")
    assert_reported(example, spot(example, "site.yml", "name: 重複的名稱") + " name:", "欄位重複")


def test_undefined_template_field(example):
    replace(example / "content/contact.md", "{{ office.transport }}", "{{ office.transprot }}")
    assert_reported(example, spot(example, "content/contact.md", "office.transprot"),
                    "office.transprot", "是不是要寫 office.transport？")


def test_level_one_heading_in_a_page_body_points_at_its_line(example):
    replace(example / "content/about.md", "## 機關簡介", "# 機關簡介")
    assert_reported(example, spot(example, "content/about.md", "# 機關簡介"), "一級標題", "把 # 改成 ##")


def test_news_expiry_before_its_date_points_at_expiry(example):
    replace(example / "content/news/website-trial.md", "expiry: 2027-02-28", "expiry: 2026-01-01")
    assert_reported(example, spot(example, "content/news/website-trial.md", "expiry:") + " expiry:",
                    "不可早於 date")


def test_file_with_the_wrong_extension_is_reported_not_skipped(example):
    """A page must not vanish silently; a misnamed procedure is not also 「unknown」 where cited."""
    (example / "faq/seal.yml").rename(example / "faq/seal.yaml")
    (example / "content/procedures/doorplate.yml").rename(example / "content/procedures/doorplate.yaml")
    (example / "content/news/website-trial.md").rename(example / "content/news/website-trial.markdown")
    lines = errors_of(example)
    assert sorted(lines) == [
        "content/news/website-trial.markdown:1: 副檔名不對（wrong extension）：content/news/ 只讀取 .md 檔，"
        "這個檔案不會出現在網站上（建議：請把副檔名改成 .md（檔名改為 website-trial.md））",
        "content/procedures/doorplate.yaml:1: 副檔名不對（wrong extension）：content/procedures/ 只讀取 .yml 檔，"
        "這個檔案不會出現在網站上（建議：請把副檔名改成 .yml（檔名改為 doorplate.yml））",
        "faq/seal.yaml:1: 副檔名不對（wrong extension）：faq/ 只讀取 .yml 檔，"
        "這個檔案不會出現在網站上（建議：請把副檔名改成 .yml（檔名改為 seal.yml））"]


def test_a_file_that_fails_to_load_is_reported_once(example):
    """A YAML error in a procedure must not also make the disclosure that links its page fail."""
    replace(example / "content/procedures/birth-registration.yml", "title: 出生登記", "title: 出生: 登記")
    assert "procedures/birth-registration.md" in (
        example / "content/disclosures/household-fine-standards.yml").read_text(encoding="utf-8")
    (line,) = errors_of(example)
    assert line.startswith(spot(example, "content/procedures/birth-registration.yml", ": 登記"))


def test_broken_forms_yml_does_not_make_every_form_reference_fail(example):
    replace(example / "forms/forms.yml", "  - id: birth-registration-form", "  - id: birth-registration-form\n\tx: 1")
    (line,) = errors_of(example)
    assert line.startswith("forms/forms.yml:") and "YAML 格式錯誤" in line


def test_all_faults_reported_together(example):
    replace(example / "faq/death.yml", "    answer:", "    anwser:")
    replace(example / "content/procedures/birth-registration.yml", "logic: or", "logic: xor")
    replace(example / "content/news/website-trial.md", "expiry: 2027-02-28", "expiry: 2026-01-01")
    replace(example / "content/contact.md", "{{ office.transport }}", "{{ office.transprot }}")
    (example / "forms/files/seal-certificate-form.pdf").unlink()
    (example / "faq/general.yml").rename(example / "faq/general.yaml")
    lines = errors_of(example)
    expected = [spot(example, "faq/death.yml", "anwser:"),
                spot(example, "faq/death.yml", "id:"),   # the entry that lacks `answer`
                spot(example, "content/procedures/birth-registration.yml", "logic: xor"),
                spot(example, "content/news/website-trial.md", "expiry:"),
                spot(example, "content/contact.md", "office.transprot"),
                spot(example, "forms/forms.yml", "pdf: files/seal-certificate-form.pdf"),
                "faq/general.yaml:1:"]
    for where in expected:
        assert any(line.startswith(where) for line in lines), (where, lines)
    assert len(lines) == len(expected), lines


def test_github_annotations(example):
    replace(example / "faq/death.yml", "    answer:", "    anwser:")
    result = validate(example, "--format", "github")
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    line, col = spot(example, "faq/death.yml", "anwser:").split(":")[1:3]
    assert any(out.startswith(f"::error file=faq/death.yml,line={line},col={col},")
               and "entries 第 1 項的 anwser" in out for out in result.stdout.splitlines()), result.stdout


def test_mkdocs_build_reports_without_traceback(example, tmp_path):
    replace(example / "faq/death.yml", "    answer:", "    anwser:")
    result = mkdocs_build(example, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert spot(example, "faq/death.yml", "anwser:") in result.stderr
    assert "entries 第 1 項" in result.stderr and "entries[0]" not in result.stderr  # as the CLI says it
