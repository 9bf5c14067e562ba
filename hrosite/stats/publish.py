"""The open-data files: CSV, JSON, datapackage.json and a README, all as bytes.

CSV is UTF-8 **with a BOM** and CRLF line ends (RFC 4180). Excel in a zh-TW Windows
reads a CSV without a BOM as Big5 and shows mojibake; with the BOM it opens correctly.
LibreOffice, pandas, R (readr), data.gov.tw and Frictionless all skip the BOM; only
Python's csv module needs `encoding="utf-8-sig"`. JSON is written without a BOM (RFC 8259).
Months are ISO (2026-06); the 民國 form is on the pages, not in the data.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json

from frictionless import Package

from ..model.site import Office, shown
from .months import Month

BOM = "\ufeff"
DATA_DIR = "stats/data"
LICENCES = {  # docs/sources.md; the licence names datasets.yml accepts
    "OGDL-Taiwan-1.0": ("政府資料開放授權條款－第1版", "https://data.gov.tw/license"),
}
TABLE_TYPES = {"month": "yearmonth", "village_code": "string", "village": "string",
               "integer": "integer"}


def records(dataset) -> list[dict]:
    """The published rows: village name from site.yml, month as YYYY-MM."""
    out = []
    for row in dataset.rows:
        record = {}
        for col in dataset.spec.columns:
            if col.type == "month":
                record[col.name] = row.month.iso
            elif col.type == "village_code":
                record[col.name] = row.village.code
            elif col.type == "village":
                record[col.name] = row.village.name
            else:
                record[col.name] = row.values[col.name]
        out.append(record)
    return out


def csv_bytes(dataset) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    names = [c.name for c in dataset.spec.columns]
    writer.writerow(names)
    for record in records(dataset):
        writer.writerow([record[n] for n in names])
    return (BOM + buffer.getvalue()).encode("utf-8")


def json_bytes(dataset) -> bytes:
    """A plain array of records, one per line: what most tools read directly."""
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records(dataset)]
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8")


def table_schema(dataset) -> dict:
    fields = []
    for col in dataset.spec.columns:
        field = {"name": col.name, "title": col.title, "type": TABLE_TYPES[col.type],
                 "description": col.description}
        constraints: dict = {"required": True}
        if col.type == "integer":
            constraints["minimum"] = 0
            field["unit"] = col.unit
        elif col.type == "village_code":
            constraints["pattern"] = r"\d{11}"
        field["constraints"] = constraints
        fields.append(field)
    keys = [c.name for c in dataset.spec.columns if c.type in ("month", "village_code")]
    return {"fields": fields, "primaryKey": keys}


def _licence(spec) -> list[dict]:
    title, url = LICENCES[spec.licence]
    return [{"name": spec.licence, "path": url, "title": title}]


def coverage(dataset) -> tuple[Month, Month] | None:
    months = dataset.months
    return (months[0], months[-1]) if months else None


def datapackage_bytes(package, datasets: list, files: dict[str, bytes], office: Office) -> bytes:
    """datapackage.json through Frictionless, so the descriptor is one it accepts."""
    resources = []
    for ds in datasets:
        spec = ds.spec
        data = files[f"{DATA_DIR}/{spec.id}.csv"]
        span = coverage(ds)
        resources.append({
            "name": spec.id, "title": spec.title, "description": spec.description,
            "path": f"{spec.id}.csv", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "bytes": len(data),
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "schema": table_schema(ds),
            "sources": [{"title": f"{spec.source.provider}：{spec.source.title}",
                         **({"path": spec.source.url} if spec.source.url else {})}],
            "licenses": _licence(spec),
            # data.gov.tw metadata (docs/sources.md) that Data Package has no field for
            "updateFrequency": spec.update_frequency,
            "spatialCoverage": spec.coverage,
            **({"temporalCoverage": {"start": span[0].iso, "end": span[1].iso}} if span else {}),
            "publisher": office.name,
            "publisherContactName": spec.contact.name,
            "publisherContactPhone": shown(spec.contact.phone or office.contact.phone),
            "publisherContactEmail": shown(spec.contact.email or office.contact.email),
            "publishedDate": spec.published.isoformat(),
            "modifiedDate": spec.updated.isoformat(),
            "cost": "free",
        })
    descriptor = {
        "name": package.name, "title": package.title,
        "description": package.description,
        "licenses": _licence(datasets[0].spec) if datasets else [],
        "contributors": [{"title": office.name, "role": "publisher"}]
        + [{"title": p, "role": "author"}
           for p in dict.fromkeys(d.spec.source.provider for d in datasets)],
        "keywords": list(dict.fromkeys(k for d in datasets for k in d.spec.keywords)),
        "resources": resources,
    }
    checked = Package.from_descriptor(descriptor).to_descriptor()
    return (json.dumps(checked, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def readme_bytes(package, datasets: list, files: dict[str, bytes], office: Office) -> bytes:
    lines = [package.title, "=" * 20, "", package.description, ""]
    lines += ["檔案", "----"]
    for ds in datasets:
        span = coverage(ds)
        when = f"{span[0].iso} 至 {span[1].iso}" if span else "無資料"
        lines.append(f"{ds.spec.id}.csv / {ds.spec.id}.json：{ds.spec.title}（{when}，{len(ds.rows):,} 列）")
    lines += ["datapackage.json：資料套件描述（Frictionless Data Package），含每個欄位的名稱、型別、單位與說明。",
              "", "格式", "----",
              "- CSV：UTF-8 編碼，檔頭含 BOM（位元組順序記號），換行為 CRLF，第 1 列為欄位名稱。",
              "  含 BOM 是為了讓中文版 Excel 直接開啟時不出現亂碼；LibreOffice、pandas、R 與",
              "  Frictionless 都會自動略過 BOM。以 Python csv 模組讀取時請用 encoding=\"utf-8-sig\"。",
              "- JSON：UTF-8（不含 BOM），為物件陣列，每列一個物件，欄位名稱與 CSV 相同。",
              "- 年月為西元 YYYY-MM（民國年 = 西元年 − 1911）。全區數字為各里數字的合計，檔案內不含合計列。",
              "- 只有統計總數，不含任何個人資料或個別登記紀錄。",
              "", "授權與顯名聲明", "--------------"]
    for ds in datasets:
        lines += attribution(ds) + [""]
    lines += ["English", "-------",
              f"Statistics of {office.name_en}, republished from Ministry of the Interior open data",
              "under the Open Government Data License, version 1.0 (OGDL-Taiwan-1.0,",
              "https://data.gov.tw/license). CSV files are UTF-8 with a byte order mark (BOM) so that",
              "Excel on Traditional Chinese Windows opens them correctly; JSON has no BOM.",
              "Months are ISO 8601 (YYYY-MM). datapackage.json describes every column and passes",
              "`frictionless validate datapackage.json`.", ""]
    return "\r\n".join(lines).encode("utf-8")


def attribution(dataset) -> list[str]:
    """The OGDL-Taiwan-1.0 annex 顯名聲明, three lines (docs/sources.md)."""
    spec = dataset.spec
    span = coverage(dataset)
    version = f"（資料版本 {span[1].iso}）" if span else ""
    url = LICENCES[spec.licence][1]
    return [f"{spec.source.provider} {spec.updated.year} {spec.title}{version}",
            "此開放資料依政府資料開放授權條款 (Open Government Data License) 進行公眾釋出，"
            "使用者於遵守本條款各項規定之前提下，得利用之。",
            f"政府資料開放授權條款：{url}"]


def data_files(package, datasets: list, office: Office) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for ds in datasets:
        files[f"{DATA_DIR}/{ds.spec.id}.csv"] = csv_bytes(ds)
        files[f"{DATA_DIR}/{ds.spec.id}.json"] = json_bytes(ds)
    files[f"{DATA_DIR}/datapackage.json"] = datapackage_bytes(package, datasets, files, office)
    files[f"{DATA_DIR}/README.txt"] = readme_bytes(package, datasets, files, office)
    return files
