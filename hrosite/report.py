"""The check stage's report: report.json for machines, report.html for people.

Both are written from the same findings so they cannot disagree. The HTML page is read by
office staff as well as developers, so it follows the site's own rules (README.md "Conventions"): zh-TW,
one self-contained file (inline CSS, no scripts, no other host), tables with captions and
header scopes, relative font sizes, and a verdict that is spelled out, not only coloured.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import jinja2

from hrosite.findings import Finding

# Known gate names in Chinese for staff; an unknown gate is shown by its own name.
GATE_LABELS = {
    "validate": "內容檢查",
    "crosscheck": "交叉檢查",
    "links": "連結",
    "a11y": "無障礙",
    "accessibility": "無障礙",
    "privacy": "個人資料",
    "self-contained": "不連外部主機",
    "scripts": "不執行網站以外的程式",
    "layout": "版面（RWD）",
    "browser": "瀏覽器載入（layout、wcag22、requests、csp 共用）",
    "requests": "頁面請求",
    "csp": "內容安全政策（CSP）",
    "wcag22": "無障礙（WCAG 2.2）",
    "norm": "網站無障礙規範 115.11",
    "freshness": "資料時效",
    "placeholders": "待確認事項",
    "completeness": "政府資訊公開完整性",
}

REPEATED_IN = 3        # files sharing one finding before it is listed once
BY_CODE = {"norm"}     # gates whose findings are listed by their code (field), not by file
MAX_PLACES_SHOWN = 12  # places named for such a finding; the JSON has them all

TEMPLATE = """<!doctype html>
<html lang="zh-TW">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}：{{ verdict_text }}</title>
<style>
body { font-family: system-ui, "Noto Sans CJK TC", "Microsoft JhengHei", sans-serif;
       font-size: 100%; line-height: 1.6; margin: 0 auto; padding: 1em; max-width: 60em;
       color: #1a1a1a; background: #fff; }
h1 { font-size: 1.75em; } h2 { font-size: 1.4em; margin-top: 2em; }
h3 { font-size: 1.1em; overflow-wrap: anywhere; }
.verdict { font-size: 1.3em; font-weight: bold; padding: .6em 1em; border: .2em solid; }
.pass { color: #0b5d1e; background: #e8f5e9; }
.fail { color: #8a1c1c; background: #fdecea; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; min-width: 100%; }
caption { text-align: left; font-weight: bold; padding: .3em 0; }
th, td { border: 1px solid #888; padding: .3em .6em; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
ul.findings { padding-left: 1.2em; }
ul.findings li { margin-bottom: .8em; overflow-wrap: anywhere; }
.loc, code { font-family: ui-monospace, monospace; font-size: .95em; }
.summary td, .summary thead th { white-space: nowrap; }
.sev { font-weight: bold; }
.hint { display: block; }
figure { margin: 1em 0 2em; }
figure img { max-width: 100%; height: auto; border: 1px solid #888; }
</style>
</head>
<body>
<main>
<h1>{{ title }}</h1>
<p class="verdict {{ 'pass' if passed else 'fail' }}">
{{- '✔' if passed else '✘' }} 結果：{{ verdict_text }}</p>
<p>共 {{ n_errors }} 個錯誤（error）、{{ n_warnings }} 個警告（warning）；
執行的檢查：{{ gates | map(attribute='label') | join('、') or '無' }}。
錯誤必須修正後才能發布，警告僅供參考。</p>
{%- if checked.get('mode') %}
<p>檢查範圍：{{ '完整檢查，每一頁' if checked.mode == 'full' else
  ('修改的頁面（自 ' ~ checked.changed_since ~ ' 以來）加上每種頁面一頁') if checked.mode == 'changed'
  else '快速檢查，每種頁面一頁' -}}
（{{ checked.get('pages', []) | length }} 頁）
{%- if checked.get('site_url') %}；網站位址 {{ checked.site_url }}{% endif %}。</p>
{%- if checked.get('reasons') %}
<details><summary>檢查了哪些頁面、為什麼（pages checked and why）</summary><ul>
{%- for page, why in checked.reasons.items() %}
<li>{{ page }}：{{ why | join('；') }}</li>
{%- endfor %}</ul></details>
{%- endif %}
{%- endif %}

<div class="table-wrap">
<table class="summary">
<caption>各項檢查摘要（summary per gate）</caption>
<thead><tr>
<th scope="col">檢查項目</th><th scope="col">結果</th><th scope="col">錯誤</th>
<th scope="col">警告</th><th scope="col">耗時（秒）</th>
</tr></thead>
<tbody>
{% for g in gates %}<tr>
<th scope="row">{{ g.label }}</th>
<td>{{ '通過' if g.errors == 0 else '未通過' }}</td>
<td class="num">{{ g.errors }}</td><td class="num">{{ g.warnings }}</td>
<td class="num">{{ '%.2f' | format(g.duration) if g.duration is not none else '—' }}</td>
</tr>
{% endfor %}</tbody>
</table>
</div>

{% for g in gates if g.files or g.repeated %}
<h2 id="gate-{{ g.gate }}">{{ g.label }}：{{ g.errors }} 個錯誤、{{ g.warnings }} 個警告</h2>
{% if g.repeated %}
<h3>同一個問題出現在許多頁（通常是共用的版型或資料，改一處即可）</h3>
<ul class="findings">
{% for r in g.repeated %}
<li><span class="sev">{{ '錯誤' if r.finding.severity == 'error' else '警告' }}</span>：
{%- if r.finding.field %}<code>{{ r.finding.field }}</code>：{% endif %}{{ r.finding.message }}
<span class="code">（代碼 <code>{{ r.finding.code }}</code>）</span>
{%- if r.finding.hint %}<span class="hint">建議：{{ r.finding.hint }}</span>{% endif %}
<span class="hint">出現在 {{ r.places | length }} 處：<span class="loc">
{{- r.places[:max_places] | join('、') }}</span>{% if r.places | length > max_places %} 等{% endif %}</span></li>
{% endfor %}
</ul>
{% endif %}
{% for file, items in g.files %}
<h3>{% if g.by_code %}<code>{{ file }}</code>{% else %}<span class="loc">{{ file }}</span>{% endif %}</h3>
<ul class="findings">
{% for f in items %}
<li><span class="sev">{{ '錯誤' if f.severity == 'error' else '警告' }}</span>：
{%- if g.by_code %}<span class="loc">{{ f.location() }}</span>：{{ f.message }}
{%- else %}
{%- if f.line is not none %}第 {{ f.line }} 行
{%- if f.col is not none %}第 {{ f.col }} 欄{% endif %}，{% endif %}
{%- if f.field %}<code>{{ f.field }}</code>：{% endif %}{{ f.message }}{% endif %}
<span class="code">（代碼 <code>{{ f.code }}</code>）</span>
{%- if f.hint %}<span class="hint">建議：{{ f.hint }}</span>{% endif %}</li>
{% endfor %}
</ul>
{% endfor %}
{% endfor %}

{% if screenshots %}
<h2 id="screenshots">版面截圖（screenshots）</h2>
{% for s in screenshots %}<figure>
<a href="{{ s.src }}"><img src="{{ s.src }}" alt="{{ s.alt }}"></a>
<figcaption>{{ s.alt }}</figcaption>
</figure>
{% endfor %}{% endif %}
</main>
</body>
</html>
"""

_env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True,
                          undefined=jinja2.StrictUndefined)


def write_report(
    findings: list[Finding],
    out_dir: Path,
    *,
    gates_run: list[str],
    durations: dict[str, float],
    screenshots: Iterable[Path] = (),
    title: str = "網站品質檢查報告",
    checked: dict | None = None,
) -> tuple[Path, Path]:
    """Write out_dir/report.json and out_dir/report.html; return their paths.

    Findings are sorted (gate, file, line, col, ...) so the same run gives the same files.
    Screenshots outside out_dir are copied into out_dir/screenshots/ so that the report
    folder can be zipped or uploaded as a CI artifact and still show them.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ordered = sorted(findings, key=_sort_key)
    gates = _summarise(ordered, gates_run, durations)
    shots = _collect_screenshots(screenshots, out_dir)
    n_errors = sum(g["errors"] for g in gates)
    n_warnings = sum(g["warnings"] for g in gates)
    passed = n_errors == 0

    data = {
        "title": title,
        "passed": passed,
        "errors": n_errors,
        "warnings": n_warnings,
        "gates": [{k: g[k] for k in ("gate", "errors", "warnings", "duration")} for g in gates],
        "gates_run": list(gates_run),
        "durations": {k: durations[k] for k in sorted(durations)},
        "findings": [f.to_dict() for f in ordered],
        "screenshots": [s["src"] for s in shots],
        # What was checked (mode, pages, site_url, site_fingerprint): publish compares it.
        **(checked or {}),
    }
    json_path = out_dir / "report.json"
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    html = _env.from_string(TEMPLATE).render(
        title=title,
        passed=passed,
        verdict_text=("通過" + (f"（有 {n_warnings} 個警告）" if n_warnings else "")
                      if passed else "未通過"),
        n_errors=n_errors,
        n_warnings=n_warnings,
        gates=gates,
        screenshots=shots,
        checked=checked or {},
        max_places=MAX_PLACES_SHOWN,
    )
    html_path = out_dir / "report.html"
    html_path.write_text(html, encoding="utf-8")
    return json_path, html_path


def _sort_key(f: Finding) -> tuple:
    # Numbers in fields compare as numbers, so "320px" comes before "1280px".
    field = [(0, int(t), "") if t.isdigit() else (1, 0, t)
             for t in re.split(r"(\d+)", f.field or "") if t]
    return (f.gate, f.file, f.line if f.line is not None else -1,
            f.col if f.col is not None else -1, field, f.severity, f.message)


def _summarise(ordered: list[Finding], gates_run: list[str],
               durations: dict[str, float]) -> list[dict]:
    """One row per gate: the gates run, in run order, then any other gate that reported.

    The same finding (message, field, hint, severity) on REPEATED_IN files or more is listed
    once with its places: one fault in a shared template must not read like 81 problems.
    Gates in BY_CODE list the rest under each code (e.g. HM1130104C), not under each file.
    """
    names = list(dict.fromkeys(gates_run))
    names += sorted({f.gate for f in ordered} - set(names))
    gates = []
    for name in names:
        own = [f for f in ordered if f.gate == name]
        alike: dict[tuple, list[Finding]] = {}
        for f in own:
            alike.setdefault((f.severity, f.code, f.field, f.message, f.hint), []).append(f)
        repeated = [same for same in alike.values()
                    if len({f.file for f in same}) >= REPEATED_IN]
        grouped = {id(f) for same in repeated for f in same}
        by_code = name in BY_CODE
        if by_code:
            repeated.sort(key=lambda same: same[0].field or "")
        files: dict[str, list[Finding]] = {}
        for f in sorted(own, key=lambda f: f.field or "") if by_code else own:
            if id(f) not in grouped:
                files.setdefault((f.field or "") if by_code else f.file, []).append(f)
        label = GATE_LABELS.get(name)
        gates.append({
            "gate": name,
            "label": f"{label}（{name}）" if label else name,
            "errors": sum(f.severity == "error" for f in own),
            "warnings": sum(f.severity != "error" for f in own),
            "duration": durations.get(name),
            "files": list(files.items()),
            "by_code": by_code,
            "repeated": [{"finding": same[0], "places": [f.location() for f in same]}
                         for same in repeated],
        })
    return gates


def _collect_screenshots(screenshots: Iterable[Path], out_dir: Path) -> list[dict]:
    """Relative src and a describing alt text for each screenshot, copying it in if needed."""
    shots = []
    root = out_dir.resolve()
    for path in sorted(Path(p) for p in screenshots):
        resolved = path.resolve()
        if not resolved.is_relative_to(root):
            dest = out_dir / "screenshots" / path.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
            resolved = dest.resolve()
        src = Path(os.path.relpath(resolved, root)).as_posix()
        shots.append({"src": src, "alt": _alt_text(path.stem)})
    return shots


def _alt_text(stem: str) -> str:
    """`procedures-birth-registration-320px` → 頁面 procedures-birth-registration 在 320px 寬度的截圖."""
    page, _, width = stem.rpartition("-")
    if page and width.endswith("px") and width[:-2].isdigit():
        return f"頁面 {page} 在 {width} 寬度下的整頁截圖"
    return f"版面截圖 {stem}"
