"""Form sources (tools/forms/checks.py): every problem at once, each with a code and file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.forms import FormSourceError, OfficeFacts, build_forms, load_source

OFFICE = OfficeFacts(name="範例市甲區戶政事務所", district="範例市甲區")
GOOD = """\
id: test-form
title: 測試登記申請書
updated: 2026-11-26
sections:
  - title: 申請人
    fields:
      - {label: 姓名, kind: text}
      - {label: 身分證統一編號, kind: idno}
"""


def write(folder: Path, text: str, name: str = "test-form") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[tuple]:
    with pytest.raises(FormSourceError) as err:
        load_source(path)
    return [(f.code, f.field, f.line, f.col) for f in err.value.findings]


def test_a_good_source_loads(tmp_path):
    assert load_source(write(tmp_path, GOOD))["id"] == "test-form"


def test_every_problem_is_reported_not_the_first(tmp_path):
    text = (GOOD.replace("kind: text}", "kind: texts}")
                .replace("updated: 2026-11-26", "updated: 2026-11-26\ncolour: red")
                .replace("kind: idno}", "kind: idno, width: wide}"))
    path = write(tmp_path, text)
    assert problems(path) == [
        ("unknown-key", "colour", 4, 1),
        ("not-allowed", "sections[0].fields[0].kind", 8, 21),
        ("not-allowed", "sections[0].fields[1].width", 9, 38),
    ]
    with pytest.raises(FormSourceError) as err:
        load_source(path)
    lines = str(err.value).splitlines()
    assert lines[0] == (f"{path}:4:1: colour: 不認得的欄位（unknown key）：colour"
                        "（建議：可用的欄位：category、id、intro、notes、number、office_use、privacy、"
                        "sections、title、updated）")
    assert lines[1] == (f"{path}:8:21: sections 第 1 項的 fields 第 1 項的 kind: "
                        "不是允許的值（not allowed），應為 checkbox、date、idno、lines、photo、signature 或 text 之一")


def test_a_real_id_number_is_refused_with_the_privacy_checksum(tmp_path):
    """A123456789 has a valid checksum: personal data. A123456780 does not: another number."""
    real = GOOD.replace("kind: text}", "kind: text, template: A123456789}")
    assert problems(write(tmp_path / "a", real)) == [
        ("personal-data", "sections[0].fields[0].template", 7, 33)]
    with pytest.raises(FormSourceError) as err:
        load_source(write(tmp_path / "a", real))
    assert "範例表單不得預填國民身分證統一編號（national ID）：A12****789" in str(err.value)
    assert "A123456789" not in str(err.value)
    fake = GOOD.replace("kind: text}", "kind: text, template: A123456780}")
    assert load_source(write(tmp_path / "b", fake))


def test_id_must_be_the_file_name(tmp_path):
    assert problems(write(tmp_path, GOOD, "other-form")) == [("id-not-file-name", "id", 1, 1)]


def test_problems_of_every_source_before_anything_is_written(tmp_path):
    src = tmp_path / "src"
    write(src, GOOD.replace("title: 測試登記申請書\n", ""), "test-form")
    write(src, GOOD.replace("test-form", "second-form").replace("updated: 2026-11-26", "updated: 11/26"),
          "second-form")
    with pytest.raises(FormSourceError) as err:
        build_forms(src, tmp_path / "out", office=OFFICE, pdf=False)
    text = str(err.value)
    assert "second-form.yml:3:1: updated: 日期格式應為 YYYY-MM-DD" in text
    assert "test-form.yml:1:1: title: 必填（required）" in text
    assert not (tmp_path / "out").exists()


def test_yaml_errors_are_reported_at_their_line(tmp_path):
    assert problems(write(tmp_path, GOOD + "sections: []\n"))[0][2] == 9
