"""Broken content must give staff a `path:line` message and exit code 1, never a traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, mkdocs_build

from hrosite.build import compile_to
from hrosite.sources import _YAML_PROBLEMS, parse_yaml


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def messages(root: Path) -> list[str]:
    result = compile_to(root, root / "build" / "docs")
    return [f.format_text() for f in result.findings if f.severity == "error"]


def assert_reported(root: Path, prefix: str, *words: str) -> None:
    found = [m for m in messages(root) if m.startswith(prefix)]
    assert found, f"no message starting with {prefix!r}; got:\n" + "\n".join(messages(root))
    for word in words:
        assert any(word in m for m in found), f"{word!r} not in {found}"


def test_example_content_is_valid(example):
    assert messages(example) == []


def test_malformed_yaml(example):
    path = example / "faq" / "death.yml"
    text = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, l in enumerate(text, 1) if l.strip().startswith("question:"))
    text[line - 1] = text[line - 1].replace("question:", "question: [unclosed", 1)
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    assert_reported(example, "faq/death.yml:", "YAML 格式錯誤")


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
    guide = (Path(__file__).resolve().parent.parent / "CONTRIBUTING.zh-TW.md").read_text("utf-8")
    quoted = re.findall(r"YAML 格式錯誤（invalid YAML）：(.+?)（([^（）]*)）（建議", guide)
    assert len(quoted) >= 5
    known = dict((english, chinese) for english, chinese in _YAML_PROBLEMS)
    for chinese, english in quoted:
        match = [k for k in known if k.replace("\\\\", "\\") in english.replace("\\\\", "\\")]
        assert match and known[match[0]] == chinese, (chinese, english)


def test_wrong_type(example):
    path = example / "content" / "procedures" / "birth-registration.yml"
    replace(path, "amount: 30", "amount: 三十元")
    assert_reported(example, f"content/procedures/birth-registration.yml:{line_of(path, 'amount: 三十元')}:",
                    "fees[0].amount", "應為整數")


def test_unknown_key_is_not_ignored(example):
    path = example / "faq" / "death.yml"
    replace(path, "    answer:", "    anwser:")
    assert_reported(example, f"faq/death.yml:{line_of(path, 'anwser:')}:", "未知的欄位", "answer")


def test_duplicate_id(example):
    path = example / "faq" / "seal.yml"
    text = path.read_text(encoding="utf-8")
    ids = [l.split("id:", 1)[1].strip() for l in text.splitlines() if l.strip().startswith("- id:")]
    replace(path, f"- id: {ids[1]}", f"- id: {ids[0]}")
    second = [n for n, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if l.strip() == f"- id: {ids[0]}"][1]
    assert_reported(example, f"faq/seal.yml:{second}:", "重複")


def test_invalid_date(example):
    path = example / "content" / "procedures" / "death-registration.yml"
    replace(path, "updated: 2026-11-26", "updated: 2026-13-01")
    assert_reported(example, "content/procedures/death-registration.yml:", "日期")


def test_missing_file(example):
    (example / "forms" / "files" / "seal-certificate-form.pdf").unlink()
    path = example / "forms" / "forms.yml"
    assert_reported(example, f"forms/forms.yml:{line_of(path, 'pdf: files/seal-certificate-form.pdf')}:7:",
                    "找不到檔案 forms/files/seal-certificate-form.pdf")


def test_not_utf8(example):
    path = example / "faq" / "doorplate.yml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("big5", errors="replace"))
    assert_reported(example, "faq/doorplate.yml:", "UTF-8")


def test_reference_to_unknown_procedure(example):
    path = example / "faq" / "death.yml"
    text = path.read_text(encoding="utf-8")
    replace(path, "procedures: [death-registration]", "procedures: [death-registraton]")
    assert "death-registraton" in path.read_text(encoding="utf-8"), text[:200]
    assert_reported(example, f"faq/death.yml:{line_of(path, 'death-registraton')}:",
                    "找不到申辦項目「death-registraton」")


def test_missing_required_field(example):
    path = example / "content" / "procedures" / "doorplate.yml"
    replace(path, "title: ", "titel: ")
    assert_reported(example, "content/procedures/doorplate.yml:1:1: title:", "缺少必填欄位")


def test_negative_fee(example):
    path = example / "content" / "procedures" / "household-transcript.yml"
    text = path.read_text(encoding="utf-8")
    amount = next(l for l in text.splitlines() if "amount:" in l and "null" not in l)
    replace(path, amount, amount.split("amount:")[0] + "amount: -15")
    assert_reported(example, f"content/procedures/household-transcript.yml:{line_of(path, 'amount: -15')}:",
                    "不可小於 0")


def test_unknown_step_logic(example):
    path = example / "content" / "procedures" / "birth-registration.yml"
    replace(path, "logic: or", "logic: xor")
    assert_reported(example, f"content/procedures/birth-registration.yml:{line_of(path, 'logic: xor')}:",
                    "steps[2].logic", "'and' or 'or'")


def test_office_format_rejected(example):
    path = example / "forms" / "forms.yml"
    replace(path, "odt: files/power-of-attorney.odt", "odt: files/power-of-attorney.docx")
    assert_reported(example, f"forms/forms.yml:{line_of(path, 'power-of-attorney.docx')}:",
                    ".docx", "ODF")


def test_duplicate_yaml_key(example):
    path = example / "site.yml"
    replace(path, "short_name:", "name: 重複的名稱\nshort_name:")
    assert_reported(example, f"site.yml:{line_of(path, '重複的名稱')}:1: name:", "欄位重複")


def test_goto_unknown_step(example):
    path = example / "content" / "procedures" / "birth-registration.yml"
    replace(path, "goto: prepare", "goto: prepair")
    assert_reported(example, "content/procedures/birth-registration.yml:", "prepair")


def test_undefined_template_field(example):
    path = example / "content" / "contact.md"
    replace(path, "{{ office.transport }}", "{{ office.transprot }}")
    assert_reported(example, "content/contact.md", "transprot")


def test_unknown_form_in_procedure(example):
    path = example / "content" / "procedures" / "birth-registration.yml"
    replace(path, "forms: [birth-registration-form,", "forms: [birth-form,")
    assert_reported(example, f"content/procedures/birth-registration.yml:{line_of(path, '[birth-form,')}:",
                    "找不到書表「birth-form」")


def test_all_faults_reported_together(example):
    replace(example / "faq" / "death.yml", "    answer:", "    anwser:")
    replace(example / "content" / "procedures" / "birth-registration.yml", "logic: or", "logic: xor")
    replace(example / "site.yml", "postal_code: \"803\"", "postal_code: 803")
    (example / "forms" / "files" / "seal-certificate-form.pdf").unlink()
    found = messages(example)
    for prefix in ("faq/death.yml:", "content/procedures/birth-registration.yml:", "site.yml:",
                   "forms/forms.yml:"):
        assert any(m.startswith(prefix) for m in found), (prefix, found)


def test_cli_exit_code_and_no_traceback(example):
    replace(example / "faq" / "death.yml", "    answer:", "    anwser:")
    result = subprocess.run([sys.executable, "-m", "hrosite", "--root", str(example), "validate"],
                            capture_output=True, text=True, env=ENV)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "faq/death.yml:" in result.stderr


def test_github_annotations(example):
    replace(example / "faq" / "death.yml", "    answer:", "    anwser:")
    result = subprocess.run([sys.executable, "-m", "hrosite", "--root", str(example), "--format",
                             "github", "validate"], capture_output=True, text=True, env=ENV)
    assert result.returncode == 1
    assert any(line.startswith("::error file=faq/death.yml,line=") for line in result.stdout.splitlines())


def test_mkdocs_build_reports_without_traceback(example, tmp_path):
    replace(example / "faq" / "death.yml", "    answer:", "    anwser:")
    result = mkdocs_build(example, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "faq/death.yml:" in result.stderr
