"""人口統計 pages: overview, village table, a page per village, a page per dataset.

Compiled tree: stats/index.md (district totals, changes, trend charts), stats/villages.md
(every village, latest month), stats/village-<id>.md (各里戶口數查詢: one village's history),
stats/dataset-<id>.md (downloads, OGDL attribution, data.gov.tw metadata), and the files
under stats/data/ (hrosite/stats/publish.py). Each dataset shows its own latest month.

Charts are static SVG (hrosite/svg/charts.py) with their numbers in a table right after
them. Links sit outside the HTML tables: MkDocs rewrites .md links in Markdown only.
Charts and tables are finished HTML: each is written as a fragment beside its page and the
Markdown holds a placeholder (hrosite/fragments.py), so Markdown and the search indexer never
parse them; a sentence with the latest totals stays in the Markdown for search.
"""

from __future__ import annotations

from markupsafe import Markup

from ..content import SiteContent
from ..dates import show_date
from ..fragments import fragment_path, placeholder
from ..incremental import fingerprint, key_of, remember
from ..model.site import Office, Village, shown
from ..model.stats import Chart, Dataset, DatasetSpec
from ..stats import html as h
from ..stats.months import Month
from ..stats.publish import DATA_DIR, LICENCES, attribution, coverage, data_files
from ..stats.series import (change_text, changes, district_series, full_months, move_sentence,
                            rows_by_village, trend_sentence, village_series, yearly)
from ..svg.charts import Series, line_chart_svg
from .metadata import meta_tags
from .nav import NavItem, page_url
from .output import Output
from .templating import render

SECTION = "人口統計"
INDEX = "stats/index.md"
VILLAGES = "stats/villages.md"


def village_path(village: Village) -> str:
    return f"stats/village-{village.id}.md"


def dataset_path(spec: DatasetSpec) -> str:
    return f"stats/dataset-{spec.id}.md"


def size_text(size: int) -> str:
    return f"{max(1, round(size / 1024))} KB" if size < 1024 * 1024 else f"{size / 1048576:.1f} MB"


class Blocks:
    """One page's finished HTML blocks: each becomes a fragment file and a placeholder line."""

    def __init__(self, out: Output, page: str):
        self.out, self.page, self.count = out, page, 0

    def __call__(self, html: str) -> str:
        if not html:
            return ""
        self.count += 1
        path = fragment_path(self.page, self.count)
        self.out.add_bytes(path, str(html).encode("utf-8"))
        return Markup(f"\n{placeholder(path, str(html))}\n")


def latest_sentence(spec: DatasetSpec, series: dict[Month, dict[str, int]], names: list[str]) -> str:
    """The latest month's totals in words, under the heading that names the month: what a
    citizen searches for, in the Markdown (the tables are fragments the index never reads)."""
    latest = max(series)
    parts = [f"{spec.column(n).title} {series[latest][n]:,} {spec.column(n).unit or ''}".rstrip()
             for n in names]
    return f"最新數字：{'、'.join(parts)}。"


def _heading(spec: DatasetSpec, name: str) -> str:
    col = spec.column(name)
    return f"{col.title}（{col.unit}）" if col.unit else col.title


def _y_label(spec: DatasetSpec, names: list[str], prefix: str) -> str:
    groups: dict[str, list[str]] = {}
    for name in names:
        col = spec.column(name)
        groups.setdefault(col.unit or "", []).append(col.title)
    return "；".join(f"{prefix}{'、'.join(titles)}（{unit}）" for unit, titles in groups.items())


def _span(first: str, last: str) -> str:
    return first if first == last else f"{first}至{last}"


def chart_block(svg_id: str, place: str, spec: DatasetSpec, chart: Chart,
                series: dict[Month, dict[str, int]]) -> str:
    """The chart, its caption and the yearly table beside it (the text equivalent)."""
    titles = {c.name: c.title for c in spec.columns}
    units = {c.name: c.unit or "" for c in spec.columns}
    years = yearly(series, spec.yearly)
    table = h.Table(f"{place}{chart.title}：每年{'年底（或最後一個月）的數字' if spec.yearly == 'last' else '合計'}",
                    ["年", "資料月份" if spec.yearly == "last" else "涵蓋月份",
                     *[_heading(spec, c) for c in chart.columns]])
    for y in years:
        covered = f"{y.months[-1].month}月底" if spec.yearly == "last" else y.coverage
        table.add(y.label, [covered, *[y.values[c] for c in chart.columns]])
    if chart.by == "year":
        plotted = [y for y in years if y.complete] if spec.yearly == "sum" else years
        x_labels = [str(y.year) for y in plotted]
        lines = [Series(titles[c], [y.values[c] for y in plotted]) for c in chart.columns]
        desc = "".join(move_sentence(f"{titles[c]}{'全年合計' if spec.yearly == 'sum' else ''}",
                                     units[c], [(f"{y.year}年", y.values[c]) for y in plotted],
                                     spec.yearly == "last") for c in chart.columns)
        span = _span(f"{plotted[0].year}年", f"{plotted[-1].year}年") if plotted else ""
        x_label = "年（西元）"
        note = "圖只畫完整 12 個月的年份；表格另列不滿一年的月份合計。" if spec.yearly == "sum" else ""
        prefix = "每年" if spec.yearly == "sum" else ""
    else:
        months = full_months(series, from_january=True)
        x_labels = [m.iso for m in months]
        lines = [Series(titles[c], [series[m][c] if m in series else None for m in months])
                 for c in chart.columns]
        desc = "".join(trend_sentence(titles[c], units[c], {m: v[c] for m, v in series.items()},
                                      spec.yearly) for c in chart.columns)
        first, last = min(series), max(series)
        span = _span(first.short, last.short)
        x_label = "統計年月（西元）"
        note = ("圖畫出每個月的數字；為了方便閱讀，表格列出每年" +
                ("年底（或最後一個月）的數字" if spec.yearly == "last" else "的合計") +
                "，每個月的數字請展開下方「每月數字」或下載 CSV。")
        prefix = "每月" if spec.yearly == "sum" else ""
    if not x_labels:
        return ""
    title = f"{place}{chart.title}，{span}"
    svg = line_chart_svg(x_labels, lines, title=title, desc=desc,
                         y_label=_y_label(spec, chart.columns, prefix), x_label=x_label,
                         svg_id=svg_id)
    return Markup(h.figure(svg, f"{title}。圖中的數字列在所附表格。", table, note))


def latest_table(place: str, spec: DatasetSpec, series: dict[Month, dict[str, int]],
                 names: list[str]) -> str:
    latest = max(series)
    prev, year_ago = latest.shift(-1), latest.shift(-12)
    table = h.Table(f"{place}{spec.label}：{latest.label}",
                    ["項目", latest.short, f"較上月（{prev.short}）", f"較去年同月（{year_ago.short}）"])
    for name in names:
        col = spec.column(name)
        month_change, year_change = changes(series, name, latest)
        percent = spec.yearly == "last"
        table.add(col.title, [series[latest][name],
                              change_text(month_change, col.unit or "", percent),
                              change_text(year_change, col.unit or "", percent)])
    return Markup(table.html())


def monthly_details(place: str, spec: DatasetSpec, series: dict[Month, dict[str, int]]) -> str:
    months = sorted(series)
    table = h.Table(f"{place}{spec.label}每月數字，{_span(months[0].label, months[-1].label)}",
                    ["統計年月", *[_heading(spec, c) for c in spec.measures]])
    for m in months:
        table.add(m.label, [series[m][c] for c in spec.measures])
    return Markup(h.details(f"每月數字（共 {len(months)} 個月）", table))


def _downloads(ds: Dataset, files: dict[str, bytes], from_page: str) -> list[dict]:
    out = []
    for ext, label in (("csv", "CSV，UTF-8 含 BOM"), ("json", "JSON，UTF-8")):
        path = f"{DATA_DIR}/{ds.spec.id}.{ext}"
        out.append({"text": f"{ds.spec.title}（{label}，{size_text(len(files[path]))}）",
                    "href": page_url(path, from_page), "format": ext.upper()})
    return out


def _links(villages: list[Village], from_page: str, last_joiner: str = "、") -> str:
    links = [f"[{v.name}]({page_url(village_path(v), from_page)})" for v in villages]
    if len(links) > 1 and last_joiner != "、":
        return "、".join(links[:-1]) + last_joiner + links[-1]
    return "、".join(links)


def _village_status(village: Village, office: Office, from_page: str) -> str:
    """Who this village was or became: 慈愛里 → 北端里, 北端里 ← 慈愛里 + 博愛里."""
    parts = [f"村里代碼：{village.code or '待確認（新里代碼尚未公布）'}。"]
    successor = next((v for v in office.villages if v.id == village.replaced_by), None)
    predecessors = office.predecessors(village.id)
    if village.valid_until:
        text = f"本里存續至 {show_date(village.valid_until)}"
        if successor:
            partners = [v for v in office.predecessors(successor.id) if v.id != village.id]
            start = f"{successor.valid_from.isoformat()} 起" if successor.valid_from else "之後"
            text += (f"；{start}與{_links(partners, from_page, '與')}合併為{_links([successor], from_page)}"
                     if partners else f"；{start}併入{_links([successor], from_page)}")
        parts.append(text + "。本頁保留本里的歷史資料。")
    if village.valid_from:
        text = f"本里自 {show_date(village.valid_from)}起設立"
        if predecessors:
            text += f"，由{_links(predecessors, from_page, '與')}合併而成"
        first = Month(village.valid_from.year, village.valid_from.month)
        parts.append(text + f"；本里的歷史從 {first.label}開始。")
    if village.note and not (successor or predecessors):
        parts.append(village.note)  # a merger is already told above, with links
    return "".join(parts)


def _add(out: Output, office: Office, path: str, title: str, updated, body: str,
         description: str, keywords: list[str], page_type: str = "網頁") -> None:
    out.add_page(path, title=title, updated=updated, body=body, description=description,
                 meta={"meta_tags": meta_tags(office, title=title, updated=updated,
                                              description=description,
                                              keywords=[*keywords, "人口統計"],
                                              page_type=page_type)})


def compile_stats(content: SiteContent, out: Output) -> NavItem | None:
    """The statistics pages; the preview reuses them while stats/ and site.yml are unchanged."""
    key = lambda: key_of([fingerprint(content.root / "stats"), content.office.model_dump_json()])
    part, nav = remember("stats-pages", key, lambda: _compile_stats(content))
    out.merge(part)
    return nav


def _compile_stats(content: SiteContent) -> tuple[Output, NavItem | None]:
    out = Output()
    return out, _stats_pages(content, out)


def _stats_pages(content: SiteContent, out: Output) -> NavItem | None:
    data = content.stats
    if data is None or not data.datasets:
        return None
    office = content.office
    files = data_files(data.package, data.datasets, office)
    for path, payload in sorted(files.items()):
        out.add_bytes(path, payload)
    updated = max(ds.spec.updated for ds in data.datasets)
    place = office.district
    blocks = Blocks(out, INDEX)
    sections = []
    for ds in data.datasets:
        spec = ds.spec
        series = district_series(ds.rows, spec.measures)
        span = coverage(ds)
        sections.append({
            "spec": spec, "latest": span[1] if span else None, "first": span[0] if span else None,
            "sentence": latest_sentence(spec, series, spec.summary) if series else "",
            "latest_table": blocks(latest_table(place, spec, series, spec.summary)) if series else "",
            "charts": [{"title": c.title, "id": c.id,
                        "html": blocks(chart_block(f"chart-{spec.id}-{c.id}", place, spec, c, series))}
                       for c in spec.charts] if series else [],
            "monthly": blocks(monthly_details(place, spec, series)) if series else "",
            "csv": page_url(f"{DATA_DIR}/{spec.id}.csv", INDEX),
            "dataset_page": page_url(dataset_path(spec), INDEX),
        })
    villages = office.villages
    body = render("stats-index.md.j2", place=place, sections=sections,
                  villages_page=page_url(VILLAGES, INDEX), village_links=_links(villages, INDEX))
    _add(out, office, INDEX, SECTION, updated, body,
         f"{place}的戶數、人口數與出生、死亡、結婚、離婚統計，含歷年趨勢圖與開放資料下載。",
         ["戶數", "人口數", "出生", "死亡", "結婚", "離婚"])

    _village_table_page(out, office, data.datasets, updated)
    nav_villages = []
    grouped = [rows_by_village(ds.rows) for ds in data.datasets]
    for village in villages:
        _village_page(out, office, village, data.datasets, grouped, updated)
        label = village.name
        if village.valid_until:
            label += f"（至{village.valid_until.year}年{village.valid_until.month}月）"
        elif village.valid_from:
            label += f"（{village.valid_from.year}年{village.valid_from.month}月起）"
        nav_villages.append(NavItem(label, village_path(village)))
    nav_datasets = []
    for ds in data.datasets:
        _dataset_page(out, office, ds, files)
        nav_datasets.append(NavItem(ds.spec.label, dataset_path(ds.spec)))
    return NavItem(SECTION, INDEX, [NavItem("各里統計表", VILLAGES),
                                    NavItem("各里歷年資料", children=nav_villages),
                                    NavItem("開放資料下載", children=nav_datasets)])


def _village_table_page(out: Output, office: Office, datasets: list[Dataset], updated) -> None:
    parts = []
    blocks = Blocks(out, VILLAGES)
    for ds in datasets:
        spec, latest = ds.spec, ds.latest
        if latest is None:
            continue
        valid = [v for v in office.villages if v.valid_on(latest.first_day())]
        rows = {r.village.id: r for r in ds.rows if r.month == latest}
        table = h.Table(f"{office.district}各里{spec.label}，{latest.label}",
                        ["里", *[_heading(spec, c) for c in spec.measures]])
        for village in valid:
            row = rows.get(village.id)
            table.add(village.name, [row.values[c] if row else "無資料" for c in spec.measures])
        totals = district_series([r for r in ds.rows if r.month == latest], spec.measures)[latest]
        table.add("全區合計", [totals[c] for c in spec.measures], foot=True)
        parts.append({"spec": spec, "latest": latest, "count": len(valid), "table": blocks(table.html()),
                      "dataset_page": page_url(dataset_path(spec), VILLAGES)})
    body = render("stats-villages.md.j2", parts=parts, place=office.district,
                  village_links=_links(office.villages, VILLAGES), index=page_url(INDEX, VILLAGES))
    _add(out, office, VILLAGES, "各里統計表", updated, body,
         f"{office.district}每個里最新月份的戶數、人口數與出生、死亡、結婚、離婚數。",
         ["各里戶口數", "村里"])


def _village_page(out: Output, office: Office, village: Village, datasets: list[Dataset],
                  grouped: list[dict[str, list]], updated) -> None:
    path = village_path(village)
    blocks = Blocks(out, path)
    parts = []
    for ds, rows in zip(datasets, grouped):
        spec = ds.spec
        series = village_series(rows.get(village.id, []), spec.measures)
        part = {"spec": spec, "has_data": bool(series),
                "dataset_page": page_url(dataset_path(spec), path)}
        if series:
            part.update(
                latest=max(series), first=min(series),
                sentence=latest_sentence(spec, series, spec.summary),
                latest_table=blocks(latest_table(village.name, spec, series, spec.measures)),
                charts=[{"title": c.title, "id": c.id,
                         "html": blocks(chart_block(f"chart-{village.id}-{c.id}", village.name,
                                                    spec, c, series))}
                        for c in spec.village_charts],
                monthly=blocks(monthly_details(village.name, spec, series)))
        parts.append(part)
    predecessors = office.predecessors(village.id)
    body = render("stats-village.md.j2", village=village, parts=parts,
                  any_data=any(p["has_data"] for p in parts),
                  status=_village_status(village, office, path),
                  predecessor_links=_links(predecessors, path, "與"),
                  villages_page=page_url(VILLAGES, path), index=page_url(INDEX, path))
    _add(out, office, path, f"{village.name}戶口統計", updated, body,
         f"{office.district}{village.name}歷年的戶數、人口數與出生、死亡、結婚、離婚數。",
         [village.name, "各里戶口數"])


def _dataset_page(out: Output, office: Office, ds: Dataset, files: dict[str, bytes]) -> None:
    spec, path = ds.spec, dataset_path(ds.spec)
    span = coverage(ds)
    licence_title, licence_url = LICENCES[spec.licence]
    meta = h.Table(f"{spec.title}：詮釋資料", ["項目", "內容"])
    rows = [
        ("資料集名稱", h.esc(spec.title)),
        ("資料集描述", h.esc(spec.description)),
        ("提供機關", h.esc(office.name)),
        ("原始資料提供機關", h.esc(spec.source.provider)),
        ("原始資料", h.esc(spec.source.title)
         + (f'（<a href="{h.esc(spec.source.url)}">{h.esc(spec.source.url)}</a>）' if spec.source.url else "")),
        ("提供機關聯絡人", h.esc(spec.contact.name)),
        ("聯絡人電話", h.esc(shown(spec.contact.phone or office.contact.phone))),
        ("聯絡人電子郵件", h.esc(shown(spec.contact.email or office.contact.email))),
        ("更新頻率", h.esc(spec.update_frequency)),
        ("授權方式", f"{h.esc(licence_title)}（{h.esc(spec.licence)}）"),
        ("授權說明網址", f'<a href="{licence_url}">{licence_url}</a>'),
        ("計費方式", "免費"),
        ("資料集類型", "原始資料"),
        ("上架日期", h.esc(spec.published.isoformat())),
        ("詮釋資料更新時間", h.esc(spec.updated.isoformat())),
        ("時間範圍", h.esc(_span(span[0].label, span[1].label)) if span else "無資料"),
        ("空間範圍", h.esc(spec.coverage)),
        ("關鍵字", h.esc("、".join(spec.keywords))),
        ("主題分類", h.esc(shown(office.metadata.theme))),
        ("服務分類", h.esc(shown(office.metadata.service))),
        ("資料量", f"{len(ds.rows):,} 列"),
        ("備註", h.esc(spec.notes or "無")),
    ]
    for label, value in rows:
        meta.add(label, [value])
    fields = h.Table(f"{spec.title}：主要欄位說明", ["欄位名稱", "中文名稱", "型別", "單位", "說明"])
    types = {"month": "年月（YYYY-MM）", "village_code": "文字（11 碼數字）", "village": "文字",
             "integer": "整數（不小於 0）"}
    for col in spec.columns:
        fields.add(f"<code>{col.name}</code>", [h.esc(col.title), types[col.type],
                                              h.esc(col.unit or "—"), h.esc(col.description)])
    resources = h.Table(f"{spec.title}：資料資源", ["檔案格式", "編碼", "資料量", "資源網址", "資料資源更新時間"])
    for ext, encoding in (("csv", "UTF-8（含 BOM）"), ("json", "UTF-8")):
        name = f"{spec.id}.{ext}"
        resources.add(ext.upper(), [encoding, f"{size_text(len(files[f'{DATA_DIR}/{name}']))}",
                                    f"<code>{DATA_DIR}/{name}</code>", spec.updated.isoformat()])
    datapackage = f"{DATA_DIR}/datapackage.json"
    readme = f"{DATA_DIR}/README.txt"
    body = render("stats-dataset.md.j2", spec=spec, span=span, rows=len(ds.rows),
                  downloads=_downloads(ds, files, path),
                  datapackage={"href": page_url(datapackage, path),
                               "size": size_text(len(files[datapackage]))},
                  readme={"href": page_url(readme, path), "size": size_text(len(files[readme]))},
                  attribution=[line.replace(licence_url, f"<{licence_url}>")
                               for line in attribution(ds)],
                  metadata=Markup(meta.html()), fields=Markup(fields.html()),
                  resources=Markup(resources.html()),
                  index=page_url(INDEX, path),
                  villages_page=page_url(VILLAGES, path))
    _add(out, office, path, f"開放資料：{spec.title}", spec.updated, body,
         spec.description, [spec.label, "開放資料", "CSV", "JSON"],
         page_type="資料集")
