"""admin/config.yml is generated from the content models and agrees with them.

Regenerating gives the committed file byte for byte; specific rules are checked on the result
(a fee cannot be negative, required fields are required, allowed values are shown in Chinese);
a model field without a Chinese label stops the generator with a message naming it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pydantic import Field

from conftest import ENV, REPO
from hrosite.editor import labels
from hrosite.editor.config import CONFIG, config_text, editor_config, model_fields
from hrosite.editor.install import EditorMissing, install_editor
from hrosite.model.procedure import Procedure
from hrosite.model.validation import Strict


def config() -> dict:
    return editor_config(REPO)


def collection(name: str) -> dict:
    found = {c["name"]: c for c in config()["collections"]}
    return found[name]


def field(fields: list[dict], *path: str) -> dict:
    for name in path:
        match = next(f for f in fields if f["name"] == name)
        fields = match.get("fields", [])
    return match


def test_committed_config_is_current():
    committed = (REPO / CONFIG).read_text(encoding="utf-8")
    assert committed == config_text(REPO), "admin/config.yml 過期：請執行 hrosite editor-config"


def test_every_model_field_reaches_the_form():
    """Same field names, same order as the models (the order Decap writes keys back in)."""
    def names(model) -> list[str]:
        return list(model.model_fields)
    procedures = collection("procedures")["fields"]
    assert [f["name"] for f in procedures] == names(Procedure)
    fees = field(procedures, "fees")
    assert [f["name"] for f in fees["fields"]] == ["item", "amount", "basis", "note"]
    faq = collection("faq")["fields"]
    assert [f["name"] for f in field(faq, "entries")["fields"]] == [
        "id", "question", "answer", "procedures", "forms", "keywords", "updated", "source"]


def test_fee_cannot_be_negative_and_may_be_unknown():
    amount = field(collection("procedures")["fields"], "fees", "amount")
    assert amount["widget"] == "number" and amount["value_type"] == "int"
    assert amount["min"] == 0
    assert amount["required"] is False       # null = 待確認
    assert "待確認" in amount["hint"]


def test_required_fields_are_required():
    procedures = collection("procedures")["fields"]
    required = {f["name"] for f in procedures if f["required"]}
    assert required == {"id", "title", "category", "summary", "applicants", "where", "documents",
                        "steps", "updated", "review_by"}
    steps = field(procedures, "steps")
    assert steps["min"] == 2
    assert field(procedures, "id")["pattern"][0] == r"^[a-z0-9]+(-[a-z0-9]+)*$"
    question = field(collection("faq")["fields"], "entries", "question")
    assert question["required"] is True
    assert question["pattern"] == ["^[\\s\\S]{2,}$", "至少 2 個字"]
    # An optional object's fields are not forced: Decap would otherwise refuse every step
    # without a decision. hrosite validate still requires them when the object is written.
    assert field(procedures, "steps", "decision", "question")["required"] is False


def test_allowed_values_in_chinese():
    kind = field(collection("procedures")["fields"], "documents", "kind")
    assert kind["widget"] == "select"
    assert kind["options"] == [{"label": "必備", "value": "required"},
                               {"label": "視情況需要", "value": "optional"},
                               {"label": "擇一", "value": "choice"}]
    news = collection("news")["fields"]
    assert [o["value"] for o in field(news, "category")["options"]] == ["公告", "活動", "新聞稿"]
    assert field(news, "body")["widget"] == "markdown"


def test_disclosure_limits_and_dates():
    fields = collection("disclosures")["fields"]
    category = field(fields, "category")
    assert (category["min"], category["max"]) == (1, 10)
    published = field(fields, "published")
    assert published["widget"] == "datetime" and published["format"] == "YYYY-MM-DD"
    assert published["time_format"] is False


def test_forms_upload_into_forms_files():
    pdf = field(collection("registries")["files"][0]["fields"], "forms", "files", "pdf")
    assert pdf["widget"] == "file" and pdf["media_folder"] == "/forms/files"
    assert pdf["public_folder"] == "files"


def test_backend_from_administrator_settings(tmp_path):
    (tmp_path / "admin").mkdir()
    (tmp_path / "admin" / "editor.yml").write_text(
        "backend: {name: github, repo: office/site, branch: main, base_url: null}\n", encoding="utf-8")
    generated = editor_config(tmp_path, local_backend="http://127.0.0.1:9/api/v1")
    assert generated["backend"] == {"name": "github", "repo": "office/site", "branch": "main"}
    assert generated["publish_mode"] == "editorial_workflow"
    assert generated["local_backend"] == {"url": "http://127.0.0.1:9/api/v1"}

    def keys(node) -> set[str]:
        if isinstance(node, dict):
            return set(node) | {k for v in node.values() for k in keys(v)}
        return {k for v in node for k in keys(v)} if isinstance(node, list) else set()
    committed = yaml.safe_load((REPO / CONFIG).read_text(encoding="utf-8"))
    assert not {k for k in keys(committed) if "secret" in k or "token" in k}


def test_field_without_label_is_refused(monkeypatch):
    class Broken(Strict):
        title: str
        fax_hours: str | None = Field(default=None)

    monkeypatch.setitem(labels.FIELDS, "Broken", {"title": ("標題", None)})
    with pytest.raises(KeyError) as raised:
        model_fields(Broken)
    assert raised.value.args[0] == ("Broken.fax_hours: 編輯器沒有這個欄位的中文名稱（missing label），"
                                    "請在 hrosite/editor/labels.py 補上")


def test_field_description_is_the_help_text(monkeypatch):
    class Described(Strict):
        code: str | None = Field(description="機關代碼 (DC.Identifier)")

    monkeypatch.setitem(labels.FIELDS, "Described", {"code": ("代碼", "寫在 labels 的說明")})
    (code,) = model_fields(Described)
    assert code["hint"] == "機關代碼 (DC.Identifier)"


def test_install_copies_the_editor(tmp_path):
    target = install_editor(REPO, tmp_path)
    names = {p.name for p in target.iterdir()}
    assert {"index.html", "preview.js", "config.yml", "decap-cms.js"} <= names
    assert not any(name.endswith(".map") for name in names)
    assert yaml.safe_load((target / "config.yml").read_text(encoding="utf-8"))["locale"] == "zh_Hant"


def test_install_without_node_modules_says_what_to_run(tmp_path):
    with pytest.raises(EditorMissing) as raised:
        install_editor(REPO, tmp_path / "site", tools=tmp_path)
    assert str(raised.value) == ("找不到 node_modules/decap-cms/dist/decap-cms.js（editor not installed）："
                                 "請執行 npm ci")


def test_cli_writes_the_config(tmp_path):
    result = subprocess.run([sys.executable, "-m", "hrosite", "--root", str(tmp_path), "editor-config"],
                            env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "admin/config.yml"
    assert (tmp_path / "admin" / "config.yml").read_text(encoding="utf-8") == config_text(tmp_path)
    assert "Traceback" not in result.stderr


def test_public_gates_skip_the_editor(tmp_path):
    from hrosite.checks.run import all_pages
    for page in ("index.html", "faq/index.html", "admin/index.html", "404.html"):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text("<!doctype html>", encoding="utf-8")
    assert all_pages(tmp_path) == ["faq/index.html", "index.html"]


def test_editor_weight(tmp_path):
    from hrosite.editor.weight import editor_weight
    install_editor(REPO, tmp_path)
    weight = editor_weight(tmp_path)
    assert weight["startup"]["files"] == 4
    assert weight["startup"]["raw"] > weight["startup"]["gzip"] > 0
    assert weight["on_demand"]["files"] > 0
    with pytest.raises(FileNotFoundError) as raised:
        editor_weight(tmp_path / "nothing")
    assert str(raised.value) == (f"{tmp_path / 'nothing' / 'admin'} 缺少 index.html、decap-cms.js、preview.js、"
                                 "config.yml：請先執行 make site")
