"""Hostile or careless files and inputs: each is refused with a message at its place, never run,
published or turned into a traceback.

One fixture per class: form paths leaving forms/files, a symlink or an empty folder slipped into
build/site after the check, YAML alias bombs and deep nesting, files too big or not what they
claim (PDF JavaScript, ODF macros, an executable behind %PDF-), NUL bytes, spreadsheet formulas,
personal numbers inside PDF/ODT files and inside messages, a taken preview port. Every case runs
the command on a copy of the example: `hrosite validate`'s main() in this process (as
test_validation.py does; one test there compares it with the real command), publish and serve as
real processes, with the real libraries (pypdf, zipfile, a real socket).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from conftest import ENV, OFFICE, REPO, mkdocs_build, validate

from hrosite.checks.privacy import scan_paths
from hrosite.sources import parse_yaml

ID = "A123456789"          # a national ID with a valid checksum (NORMS §5.1 example)
MASKED = "A12****789"
PDF = "forms/files/birth-registration-form.pdf"
ODT = "forms/files/birth-registration-form.odt"


# --------------------------------------------------------------------------- helpers


def run(root: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hrosite", "--root", str(root), *args],
                          cwd=root, capture_output=True, text=True, env=ENV, timeout=timeout)


def refused(root: Path, *args: str) -> list[str]:
    """The error lines of a run that must fail cleanly: exit code 1, no traceback."""
    result = run(root, *args) if args else validate(root)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output, output
    return result.stderr.splitlines()


def at(lines: list[str], where: str, *words: str) -> str:
    """The one error line starting with `where` (file:line:col:) that says every word."""
    found = [line for line in lines if line.startswith(where) and all(w in line for w in words)]
    assert found, f"no line at {where!r} with {words}; got:\n" + "\n".join(lines)
    return found[0]


def spot(root: Path, rel: str, needle: str, nth: int = 1) -> str:
    """`rel:line:col:` of `needle` on the nth line that has it (columns from 1)."""
    hits = [(n, line.index(needle) + 1)
            for n, line in enumerate((root / rel).read_text("utf-8").splitlines(), 1) if needle in line]
    line, col = hits[nth - 1]
    return f"{rel}:{line}:{col}:"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF showing `text` in Helvetica, written by hand (pypdf reads it for real)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_with(source: Path, change) -> bytes:
    """The example PDF with pypdf's writer applying `change` (add_open_action, add_attachment …)."""
    writer = PdfWriter(clone_from=source)
    change(writer)
    target = source.with_suffix(".new.pdf")
    writer.write(target)
    data = target.read_bytes()
    target.unlink()
    return data


def rewrite_odt(path: Path, edit_part=None, add: dict[str, bytes] | None = None,
                drop: tuple[str, ...] = ()) -> None:
    """Rewrite an ODT in place: mimetype first and stored, as LibreOffice writes it."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for info, data in parts:
            if info.filename in drop:
                continue
            if edit_part:
                data = edit_part(info.filename, data)
            target.writestr(info, data)
        for name, data in (add or {}).items():
            target.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)


# --------------------------------------------------------------------------- files stay inside


@pytest.mark.parametrize("kind", ["climb", "absolute", "symlink"])
def test_form_path_outside_forms_files_is_refused_at_its_line(example, tmp_path, kind):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(tiny_pdf("build machine file"))
    registry = example / "forms/forms.yml"
    where = spot(example, "forms/forms.yml", "pdf: files/birth-registration-form.pdf")
    if kind == "climb":
        value = os.path.relpath(secret, example / "forms")
    elif kind == "absolute":
        value = str(secret)
    else:
        (example / "forms/files/outside.pdf").symlink_to(secret)
        value = "files/outside.pdf"
    edit(registry, "pdf: files/birth-registration-form.pdf", f"pdf: {value}")
    at(refused(example), where, "檔案必須放在 forms/files/ 裡（file outside its folder）", value)


def test_disclosure_file_outside_its_folder_is_refused(example, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(tiny_pdf("build machine file"))
    rel = "content/disclosures/subsidies.yml"
    where = spot(example, rel, "file: null")
    (example / "content/disclosures/files").mkdir(exist_ok=True)
    (example / "content/disclosures/files/plan.pdf").symlink_to(secret)   # `..` fails its pattern
    edit(example / rel, "file: null", "file: files/plan.pdf")
    at(refused(example), where, "content/disclosures/files/", "file outside its folder")


def test_source_symlinked_out_of_the_repository_is_not_read(example, tmp_path):
    outside = tmp_path / "outside.yml"
    outside.write_text((example / "faq/seal.yml").read_text("utf-8"), encoding="utf-8")
    (example / "faq/seal.yml").unlink()
    (example / "faq/seal.yml").symlink_to(outside)
    at(refused(example), "faq/seal.yml:", "檔案指到儲存庫以外（file outside the repository）")


def test_stats_path_climbing_out_is_refused(example):
    where = spot(example, "stats/datasets.yml", "- path: population.csv")
    edit(example / "stats/datasets.yml", "- path: population.csv", "- path: ../../population.csv")
    line, _col = where.split(":")[1:3]
    at(refused(example), f"stats/datasets.yml:{line}:", "file outside its folder")


def test_hostile_sources_leave_no_site_behind(example, tmp_path):
    """A build of sources with a symlinked form, a NUL byte in a page and a formula village
    stops before MkDocs writes anything: nothing from the build machine reaches build/site."""
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(tiny_pdf("build machine file"))
    (example / "forms/files/birth-registration-form.pdf").unlink()
    (example / "forms/files/birth-registration-form.pdf").symlink_to(secret)
    with (example / "content/about.md").open("ab") as page:
        page.write(b"\n\x00\n")
    site = example / "build" / "site"
    result = mkdocs_build(example, site)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "file outside its folder" in result.stderr and "NUL byte" in result.stderr
    assert not site.exists() or not list(site.rglob("*.pdf"))


# --------------------------------------------------------------------------- publish


def checked_site(tmp_path: Path) -> Path:
    """A repository whose build/site passed a full check (the report `hrosite check` writes)."""
    from hrosite.publish import site_fingerprint
    from hrosite.report import write_report

    root = tmp_path / "repo"
    site = root / "build" / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<h1>首頁</h1>", encoding="utf-8")
    (site / "assets" / "site.css").write_text("main {}", encoding="utf-8")
    write_report([], root / "build" / "reports", gates_run=["links"], durations={"links": 1.0},
                 checked={"mode": "full", "pages": ["index.html"],
                          "site_url": "https://www.example.gov.tw/",
                          "site_fingerprint": site_fingerprint(site)})
    return root


def live_tree(target: Path) -> dict[str, bytes]:
    base = target.resolve()
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("added", ["symlinked-folder", "empty-folder"])
def test_publish_refuses_what_was_added_after_the_check(tmp_path, added):
    root = checked_site(tmp_path)
    live = tmp_path / "www" / "site"
    assert run(root, "publish", "--to-dir", str(live)).returncode == 0
    before = live_tree(live)
    system = tmp_path / "system"
    (system / "secrets").mkdir(parents=True)
    (system / "secrets" / "key").write_text("private", encoding="utf-8")
    if added == "symlinked-folder":
        (root / "build/site/system").symlink_to(system, target_is_directory=True)
    else:
        (root / "build/site/empty").mkdir()

    lines = refused(root, "publish", "--to-dir", str(live))
    said = "\n".join(lines)
    assert "不發布（not published）" in said and "原本的網站保持不變" in said
    assert ("system" in said and "symlink" in said) if added == "symlinked-folder" \
        else "site changed since it was checked" in said
    assert live_tree(live) == before
    assert not list(live.resolve().rglob("key"))


def test_publish_refuses_a_symlink_even_with_force(tmp_path):
    root = checked_site(tmp_path)
    live = tmp_path / "www" / "site"
    (root / "build/site/etc").symlink_to(tmp_path, target_is_directory=True)
    lines = refused(root, "publish", "--to-dir", str(live), "--force")
    assert any("發布失敗（publish failed）" in line and "symlink" in line for line in lines), lines
    assert not live.exists()


def test_disk_full_publish_error_is_one_short_line(tmp_path, monkeypatch, capsys):
    from hrosite.cli import main

    root = checked_site(tmp_path)
    for n in range(300):   # many files: shutil.copytree once listed every failed file
        (root / f"build/site/p{n:03}.html").write_text("<p>x</p>", encoding="utf-8")
    (root / "build/reports/report.json").unlink()

    def no_space(src, dst, **kw):
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(shutil, "copy2", no_space)
    assert main(["--root", str(root), "publish", "--to-dir", str(tmp_path / "www"), "--force"]) == 1
    failed = [line for line in capsys.readouterr().err.splitlines() if "發布失敗" in line]
    assert len(failed) == 1 and len(failed[0]) < 400, failed
    assert "磁碟空間不足（No space left on device）" in failed[0]


# --------------------------------------------------------------------------- YAML


def bomb(levels: int = 7) -> str:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, levels + 1):
        lines.append(f"{chr(97 + n)}: &{chr(97 + n)} [" + ", ".join([f"*{chr(96 + n)}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_in_under_two_seconds(example):
    (example / "faq/seal.yml").write_text(bomb(7), encoding="utf-8")
    started = time.perf_counter()
    document, findings = parse_yaml(bomb(7), "faq/seal.yml")
    assert time.perf_counter() - started < 2
    assert document is None
    assert [(f.line, f.col) for f in findings] == [(1, 4)]
    at(refused(example), "faq/seal.yml:1:4:", "不可使用 YAML 錨點（anchor）「&a」")


@pytest.mark.parametrize(("text", "where", "words"), [
    ("answer: *nothing\n", "1:9", "不可使用 YAML 別名（alias）「*nothing」"),
    ("a: &a [*a]\n", "1:4", "不可使用 YAML 錨點（anchor）"),
    ("a: " + "[" * 990 + "]" * 990 + "\n", "1:23", "巢狀層數太多（nesting too deep）"),
    ("- id: x\n  updated: !!python/object/apply:os.system [id]\n", "2:12",
     "不可使用 YAML 標籤（tags are not allowed）「!!python/object/apply:os.system」"),
])
def test_yaml_shapes_content_never_needs_are_refused(example, text, where, words):
    (example / "faq/seal.yml").write_text(text, encoding="utf-8")
    line = at(refused(example), f"faq/seal.yml:{where}:", words)
    assert "日期" not in line   # a tag is not a date problem


@pytest.mark.parametrize(("rel", "before", "where"), [
    ("faq/seal.yml", "category: seal", "faq/seal.yml:{line}:{col}:"),
    ("content/about.md", "## 機關簡介", "content/about.md:{line}:{col}:"),
])
def test_nul_byte_is_refused_at_its_line_and_column(example, rel, before, where):
    path = example / rel
    text = path.read_text("utf-8")
    assert before in text
    line = text[:text.index(before)].count("\n") + 1
    path.write_bytes(text.replace(before, before[:3] + "\x00" + before[3:], 1).encode("utf-8"))
    at(refused(example), where.format(line=line, col=4), "檔案含有 NUL 字元（NUL byte）")


# --------------------------------------------------------------------------- size and kind


def test_oversized_faq_file_is_refused(example):
    path = example / "faq/seal.yml"
    path.write_text(path.read_text("utf-8") + "# " + "填" * 400_000 + "\n", encoding="utf-8")
    at(refused(example), "faq/seal.yml:", "檔案太大（file too large）", "上限 1.0 MB")


def test_oversized_pdf_is_refused_at_its_line(example):
    with (example / PDF).open("r+b") as pdf:
        pdf.truncate(11 * 1024 * 1024)   # sparse: 11 MB without writing them
    where = spot(example, "forms/forms.yml", "pdf: files/birth-registration-form.pdf")
    at(refused(example), where, "檔案太大（file too large）", "11.0 MB", "上限 10.0 MB")


@pytest.mark.parametrize(("rel", "make", "words"), [
    (PDF, lambda p: b"%PDF-1.7\n" + b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "不是 PDF 檔，或檔案已損壞"),
    (PDF, lambda p: pdf_with(p, lambda w: w.add_open_action(JavaScript("app.alert('x');"))),
     "PDF 含有JavaScript"),
    (PDF, lambda p: pdf_with(p, lambda w: w.add_attachment("run.exe", b"MZ")), "內嵌檔案（embedded file）"),
])
def test_pdf_is_parsed_for_real(example, rel, make, words):
    path = example / rel
    path.write_bytes(make(path))
    where = spot(example, "forms/forms.yml", "pdf: files/birth-registration-form.pdf")
    at(refused(example), where, words)


@pytest.mark.parametrize(("change", "words"), [
    ({"add": {"Basic/Standard/Module1.xml": b"<script/>"}}, "ODF 檔含有巨集（macros）：Basic/Standard/Module1.xml"),
    ({"add": {"Scripts/python/run.py": b"import os"}}, "ODF 檔含有巨集（macros）"),
    ({"drop": ("META-INF/manifest.xml",)}, "缺少 META-INF/manifest.xml"),
    ({"edit_part": lambda name, data: b"<office:document" if name == "content.xml" else data},
     "ODF 檔內容無法解讀"),
])
def test_odt_is_checked_as_the_zip_it_is(example, change, words):
    rewrite_odt(example / ODT, **change)
    where = spot(example, "forms/forms.yml", "odt: files/birth-registration-form.odt")
    at(refused(example), where, words)


# --------------------------------------------------------------------------- no tracebacks


def test_two_forms_pointing_at_one_file_is_a_message(example):
    registry = example / "forms/forms.yml"
    first = spot(example, "forms/forms.yml", "pdf: files/birth-registration-form.pdf")
    edit(registry, "pdf: files/acknowledgement-registration-form.pdf",
         "pdf: files/birth-registration-form.pdf")
    second = spot(example, "forms/forms.yml", "pdf: files/birth-registration-form.pdf", nth=2)
    at(refused(example), second, "檔名「birth-registration-form.pdf」已用於第 "
       f"{first.split(':')[1]} 行（file used twice）")


def test_serve_on_a_taken_port_is_a_message(example):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with (example / "mkdocs.yml").open("a", encoding="utf-8") as config:
            config.write(f"dev_addr: 127.0.0.1:{port}\n")
        result = run(example, "serve", timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"無法啟動預覽（cannot serve）：127.0.0.1:{port} 已被其他程式使用" in result.stderr


def test_personal_number_is_masked_in_a_validation_message(example):
    where = spot(example, "forms/forms.yml", "updated: 2026-11-26")
    edit(example / "forms/forms.yml", "updated: 2026-11-26", f"updated: {ID}")
    result = run(example, "validate")
    assert result.returncode == 1 and ID not in result.stdout + result.stderr
    at(result.stderr.splitlines(), where, f"日期格式錯誤（invalid date）（目前是「{MASKED}」）")


def test_link_to_a_missing_page_is_reported_at_the_source_line(example):
    page = example / "content/about.md"
    page.write_text(page.read_text("utf-8") + "\n請看[沒有這頁](no-such-page.md)與[目錄](/services/)。\n",
                    encoding="utf-8")
    lines = refused(example)
    at(lines, spot(example, "content/about.md", "no-such-page.md"),
       "連結的頁面或檔案不存在（link target not found）：「no-such-page.md」")
    at(lines, spot(example, "content/about.md", "/services/"), "連結不可用「/」開頭（absolute link）")


# --------------------------------------------------------------------------- spreadsheets


@pytest.mark.parametrize("value", ['"=HYPERLINK(""http://x"")"', "+1+1", "-2-3", "@SUM(A1)"])
def test_formula_in_a_csv_text_cell_is_refused(example, value):
    rel = "stats/moi/vital-events-11401-11506.csv"
    path = example / rel
    lines = path.read_text("utf-8").split("\n")
    lines[1] = lines[1].replace(",藍橋里,", f",{value},", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    col = lines[1].index(value) + 1
    at(refused(example), f"{rel}:2:{col}:", "文字不可以", "（spreadsheet formula）")


def test_formula_in_a_village_name_is_refused(example):
    where = spot(example, "site.yml", "name: 藍橋里")
    edit(example / "site.yml", "name: 藍橋里", "name: '=HYPERLINK(\"http://x\",\"藍橋里\")'")
    at(refused(example), where, "villages 第 1 項的 name", "文字不可以「=」開頭（spreadsheet formula）")


def test_unpublished_count_column_is_typed(example):
    rel = "stats/moi/vital-events-11401-11506.csv"
    path = example / rel
    lines = path.read_text("utf-8").split("\n")
    header = lines[0].split(",")
    cells = lines[1].split(",")
    index = header.index("結婚對數_同性_男")
    cells[index] = "abc"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    col = len(",".join(cells[:index])) + 2
    at(refused(example), f"{rel}:2:{col}:", "結婚對數_同性_男", "應為整數（integer），目前是「abc」")


# --------------------------------------------------------------------------- privacy in documents


def test_privacy_gate_reads_pdf_and_odt_text(tmp_path):
    forms = tmp_path / "forms" / "files"
    site = tmp_path / "build" / "site" / "forms" / "files"
    forms.mkdir(parents=True)
    site.mkdir(parents=True)
    (forms / "filled.pdf").write_bytes(tiny_pdf(f"Applicant ID {ID}"))
    shutil.copy(OFFICE / ODT, forms / "filled.odt")
    rewrite_odt(forms / "filled.odt", edit_part=lambda name, data: data.replace(
        b"</office:text>", f"<text:p>{ID}</text:p></office:text>".encode())
        if name == "content.xml" else data)
    shutil.copy(forms / "filled.pdf", site / "filled.pdf")
    shutil.copy(OFFICE / PDF, forms / "clean.pdf")   # the example forms carry no numbers

    found = scan_paths([tmp_path / "forms", tmp_path / "build"], tmp_path)
    assert [(f.file, f.line, f.message.split("：", 1)[0]) for f in found] == [
        ("build/site/forms/files/filled.pdf", None, "PDF 第 1 頁"),
        ("forms/files/filled.odt", None, "ODT content.xml"),
        ("forms/files/filled.pdf", None, "PDF 第 1 頁"),
    ]
    assert all(f.severity == "error" and MASKED in f.message and ID not in f.message for f in found)


# --------------------------------------------------------------------------- the staff guide


GUIDE_MESSAGES = [
    "file outside its folder", "file outside the repository", "file used twice",
    "file too large", "NUL byte", "anchor", "alias", "tags are not allowed", "nesting too deep",
    "spreadsheet formula", "不是 PDF 檔，或檔案已損壞", "active content", "macros",
    "link target not found", "absolute link", "symlink or special file", "cannot serve",
]


def test_staff_guide_explains_the_refused_inputs():
    """CONTRIBUTING.zh-TW.md §5.9 names each message these refusals print."""
    guide = (REPO / "CONTRIBUTING.zh-TW.md").read_text("utf-8").split("### 5.9", 1)[1].split("\n## ", 1)[0]
    code = "".join(p.read_text("utf-8") for p in (REPO / "hrosite").rglob("*.py"))
    for message in GUIDE_MESSAGES:
        assert message in guide, f"guide §5.9 lacks {message!r}"
        assert message in code, f"no code prints {message!r} any more"
