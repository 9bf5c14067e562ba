"""Shared content with per-office overlays: composition, source map and every overlay error.

Small 範例 fixtures in tmp_path (text only: composition does not need a whole office).
Each error is planted in a broken overlay and asserted at its exact file:line:col.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from hrosite.overlay import compose, write_tree
from hrosite.sources import parse_yaml

FAQ = """\
category: general
updated: 2026-11-26
entries:
  - id: hours
    question: 範例：服務時間？
    answer: |
      範例答案第一行。

      範例答案第二段。
    procedures: [move-in]
    updated: 2026-11-26

  - id: parking
    question: 範例：可以停車嗎？
    answer: 範例。
    forms: [move-in-form]
    updated: 2026-11-26
"""

FORMS = """\
forms:
  - id: move-in-form
    title: 範例遷入申請書
  - id: seal-form
    title: 範例印鑑申請書
"""

PROCEDURE = """\
id: move-in
title: 範例遷入登記
forms: [move-in-form]
steps:
  - id: prepare
    title: 準備文件
    text: 範例。
  - id: apply
    title: 臨櫃申請
    text: 範例：到任一戶政事務所。
    goto: done
  - id: done
    title: 完成
    text: 範例。
"""

PAGE = """\
---
title: 範例首頁
---
請看[遷入](procedures/move-in.md)。
"""


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def city(tmp_path: Path) -> Path:
    write(tmp_path, "common/faq/general.yml", FAQ)
    write(tmp_path, "common/forms/forms.yml", FORMS)
    write(tmp_path, "common/content/procedures/move-in.yml", PROCEDURE)
    write(tmp_path, "common/content/index.md", PAGE)
    (tmp_path / "common/forms/files").mkdir(parents=True)
    (tmp_path / "common/forms/files/move-in-form.pdf").write_bytes(b"%PDF-1.4 example")
    write(tmp_path, "offices/a/site.yml", "name: 範例市甲區戶政事務所\ndistrict: 範例市甲區\n")
    return tmp_path


def line_of(path: Path, needle: str) -> int:
    return next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in text)


def col_of(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8").splitlines()[line_of(path, needle) - 1]
    return text.index(needle) + 1


def entries(composed, rel: str, key: str = "entries") -> list[dict]:
    return yaml.safe_load(composed.text(rel))[key]


def only(findings, file: str):
    hits = [f for f in findings if f.file == file]
    assert len(hits) == 1, "\n".join(f.format_text() for f in findings) or "no findings"
    return hits[0]


# --- composition ---------------------------------------------------------------------------

def test_office_files_replace_and_add_whole_files(city):
    write(city, "offices/a/content/index.md", "---\ntitle: 甲區首頁\n---\n本所首頁。\n")
    composed = compose(city, city / "offices/a")
    assert "本所首頁" in composed.text("content/index.md")
    assert composed.text("site.yml").startswith("name: 範例市甲區")
    assert composed.binaries["forms/files/move-in-form.pdf"][1] == "common/forms/files/move-in-form.pdf"
    assert composed.findings == []


def test_replace_remove_add_faq_entries_keep_their_origin(city):
    overlay = write(city, "offices/a/faq/overlay.yml", """\
        replace:
          - id: hours
            question: 甲區：服務時間？
            answer: |
              甲區答案。
            updated: 2026-12-01
        add:
          general.yml:
            - id: elevator
              question: 甲區：有電梯嗎？
              answer: 待確認
              updated: 2026-12-01
        """)
    composed = compose(city, city / "offices/a")
    assert composed.findings == []
    got = entries(composed, "faq/general.yml")
    assert [e["id"] for e in got] == ["hours", "parking", "elevator"]
    assert got[0] == {"id": "hours", "question": "甲區：服務時間？", "answer": "甲區答案。\n",
                      "updated": __import__("datetime").date(2026, 12, 1)}
    # every composed line knows where it came from
    smap = write_tree(composed, city / "build/offices/a/src")
    composed_file = city / "build/offices/a/src/faq/general.yml"
    assert smap.origin("faq/general.yml", line_of(composed_file, "甲區：有電梯嗎"),
                       col_of(composed_file, "甲區：有電梯嗎")) == (
        "offices/a/faq/overlay.yml", line_of(overlay, "甲區：有電梯嗎"), col_of(overlay, "甲區：有電梯嗎"))
    assert smap.origin("faq/general.yml", line_of(composed_file, "範例：可以停車嗎"), 15) == (
        "common/faq/general.yml", line_of(city / "common/faq/general.yml", "範例：可以停車嗎"), 15)
    assert smap.files["forms/forms.yml"] == "common/forms/forms.yml"


def test_a_validation_error_in_an_overlay_points_at_the_overlay_line(city):
    """The composed tree goes through the real YAML reader; its finding is mapped back."""
    overlay = write(city, "offices/a/faq/overlay.yml", """\
        replace:
          - id: parking
            question: 甲區：可以停車嗎？
            answer: [不是文字]
            updated: 2026-12-01
        """)
    composed = compose(city, city / "offices/a")
    smap = write_tree(composed, city / "build/offices/a/src")
    doc, _ = parse_yaml(composed.text("faq/general.yml"), "faq/general.yml")
    line, col = doc.where(("entries", 1, "answer"))
    file, orig_line, orig_col = smap.origin("faq/general.yml", line, col)
    assert (file, orig_line, orig_col) == ("offices/a/faq/overlay.yml", line_of(overlay, "answer:"),
                                           col_of(overlay, "answer:"))


def test_forms_overlay_and_procedure_steps(city):
    write(city, "offices/a/forms/overlay.yml", """\
        remove: [seal-form]
        add:
          forms.yml:
            - id: doorplate-form
              title: 甲區門牌申請書
        """)
    write(city, "offices/a/content/procedures/overlay.yml", """\
        steps:
          - procedure: move-in
            step: 2
            replace:
              id: apply
              title: 臨櫃申請
              text: 請到甲區戶政事務所。
              goto: done
          - procedure: move-in
            after: prepare
            add:
              id: book
              title: 線上預約
              text: 待確認
        """)
    composed = compose(city, city / "offices/a")
    assert composed.findings == []
    assert [f["id"] for f in entries(composed, "forms/forms.yml", "forms")] == ["move-in-form", "doorplate-form"]
    steps = yaml.safe_load(composed.text("content/procedures/move-in.yml"))["steps"]
    assert [s["id"] for s in steps] == ["prepare", "book", "apply", "done"]
    assert steps[2]["text"] == "請到甲區戶政事務所。"


def test_remove_a_procedure_step(city):
    write(city, "offices/a/content/procedures/overlay.yml", """\
        steps:
          - procedure: move-in
            step: prepare
            remove: true
        """)
    composed = compose(city, city / "offices/a")
    assert composed.findings == []
    steps = yaml.safe_load(composed.text("content/procedures/move-in.yml"))["steps"]
    assert [s["id"] for s in steps] == ["apply", "done"]


# --- errors at the overlay's own file:line:col ----------------------------------------------

def test_overlay_naming_an_item_the_common_layer_lacks(city):
    overlay = write(city, "offices/a/faq/overlay.yml", """\
        replace:
          - id: hourz
            question: 甲區
            answer: 甲區
        """)
    finding = only(compose(city, city / "offices/a").findings, "offices/a/faq/overlay.yml")
    assert (finding.line, finding.col, finding.gate) == (2, col_of(overlay, "id: hourz"), "overlay")
    assert finding.message == ("共用層（common/faq/）沒有 id 為「hourz」的常見問答（FAQ），無法取代"
                               "（unknown item）")
    assert finding.hint == "核對 id 的拼字；要新增項目請寫在 add:"
    assert "Traceback" not in finding.format_text()


def test_removing_an_unknown_form_and_an_unknown_step(city):
    write(city, "offices/a/forms/overlay.yml", "remove: [no-such-form]\n")
    write(city, "offices/a/content/procedures/overlay.yml", """\
        steps:
          - procedure: move-in
            step: 9
            remove: true
        """)
    findings = compose(city, city / "offices/a").findings
    form = only(findings, "offices/a/forms/overlay.yml")
    assert (form.line, form.col) == (1, 10)
    assert "沒有 id 為「no-such-form」的書表（form），無法刪除（unknown item）" in form.message
    step = only(findings, "offices/a/content/procedures/overlay.yml")
    assert (step.line, step.col) == (3, 5)
    assert step.message == ("申辦須知「move-in」沒有第「9」步（unknown step）：共 3 步，"
                            "id 有 prepare、apply、done")


def test_adding_an_id_that_exists_and_one_id_twice_in_an_overlay(city):
    overlay = write(city, "offices/a/faq/overlay.yml", """\
        remove: [parking]
        add:
          general.yml:
            - id: hours
              question: 甲區
              answer: 甲區
            - id: parking
              question: 甲區
              answer: 甲區
        """)
    findings = compose(city, city / "offices/a").findings
    assert sorted((f.line, f.message) for f in findings if f.file == "offices/a/faq/overlay.yml") == [
        (4, "id「hours」已經用在 common/faq/general.yml:4（duplicate id）"),
        (7, "同一個 id「parking」在這個 overlay 出現兩次（duplicate id），第一次在第 1 行"),
    ]
    assert line_of(overlay, "- id: hours") == 4


def test_two_files_with_one_id(city):
    """An office file that adds an entry whose id an overlay of the same office adds too."""
    write(city, "offices/a/faq/local.yml", """\
        category: general
        updated: 2026-11-26
        entries:
          - id: elevator
            question: 甲區：有電梯嗎？
            answer: 待確認
        """)
    write(city, "offices/a/faq/overlay.yml", """\
        add:
          general.yml:
            - id: elevator
              question: 甲區：電梯？
              answer: 待確認
        """)
    finding = only(compose(city, city / "offices/a").findings, "offices/a/faq/overlay.yml")
    assert (finding.line, finding.col) == (3, 7)
    assert finding.message == "id「elevator」已經用在 offices/a/faq/local.yml:4（duplicate id）"


def test_an_office_file_reusing_a_common_id(city):
    write(city, "offices/a/faq/local.yml", """\
        category: general
        updated: 2026-11-26
        entries:
          - id: hours
            question: 甲區：服務時間？
            answer: 待確認
        """)
    finding = only(compose(city, city / "offices/a").findings, "offices/a/faq/local.yml")
    assert (finding.line, finding.field) == (4, "id")
    assert finding.message == ("id「hours」在 common/faq/general.yml:4 已經有了（duplicate id）："
                               "兩個檔案或 overlay 不可用同一個 id")


def test_a_removed_item_still_linked_from_elsewhere(city):
    write(city, "offices/a/forms/overlay.yml", "remove:\n  - move-in-form\n")
    write(city, "offices/a/content/procedures/overlay.yml", "remove: [move-in]\n")
    findings = compose(city, city / "offices/a").findings
    form = sorted((f.line, f.col, f.message) for f in findings if f.file == "offices/a/forms/overlay.yml")
    assert form == [(2, 5, "「move-in-form」已在這裡刪除，但 common/faq/general.yml:16"
                           "仍連到它（removed item still linked）")]
    procedure = sorted((f.line, f.message) for f in findings
                       if f.file == "offices/a/content/procedures/overlay.yml")
    assert procedure == [
        (1, "「move-in」已在這裡刪除，但 common/content/index.md:4仍連到它（removed item still linked）"),
        (1, "「move-in」已在這裡刪除，但 common/faq/general.yml:10仍連到它（removed item still linked）"),
    ]
    assert all(f.hint == "一併修改那個地方（用 overlay 取代那個項目），或不要刪除這一項" for f in findings)


def test_a_removed_step_still_the_target_of_a_goto(city):
    write(city, "offices/a/content/procedures/overlay.yml", """\
        steps:
          - procedure: move-in
            step: 3
            remove: true
        """)
    finding = only(compose(city, city / "offices/a").findings, "offices/a/content/procedures/overlay.yml")
    assert (finding.line, finding.col) == (3, 5)
    assert finding.message == ("「done」已在這裡刪除，但 common/content/procedures/move-in.yml:11"
                               "仍連到它（removed item still linked）")


def test_unknown_key_and_broken_yaml_in_an_overlay(city):
    write(city, "offices/a/faq/overlay.yml", "replce: []\n")
    finding = only(compose(city, city / "offices/a").findings, "offices/a/faq/overlay.yml")
    assert (finding.line, finding.col, finding.message) == (1, 1, "不認得的鍵「replce」（unknown key）")
    write(city, "offices/a/faq/overlay.yml", "remove: [a\n")
    finding = only(compose(city, city / "offices/a").findings, "offices/a/faq/overlay.yml")
    assert finding.message.startswith("YAML 格式錯誤（invalid YAML）") and finding.line is not None


def test_write_tree_keeps_build_and_removes_stale_files(city):
    dest = city / "build/offices/a/src"
    write(dest, "build/docs/keep.md", "x")
    write(dest, "faq/old.yml", "x")
    write_tree(compose(city, city / "offices/a"), dest)
    assert (dest / "build/docs/keep.md").is_file() and not (dest / "faq/old.yml").exists()
    assert (dest / "forms/files/move-in-form.pdf").read_bytes() == b"%PDF-1.4 example"
