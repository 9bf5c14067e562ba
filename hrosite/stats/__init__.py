"""人口統計: reading, checking and publishing the office's statistics.

- months.py   年月 as written by staff (2026-06, 民國 11506) → Month
- csvpos.py   where each CSV record and cell starts (file:line:col for messages)
- reader.py   one source CSV through Frictionless Table Schema → typed rows + findings
- checks.py   domain checks on the typed rows: villages, duplicates, sums, completeness
- series.py   district and village series, yearly tables, changes, trend sentences
- publish.py  the open-data files: CSV (UTF-8 with BOM), JSON, datapackage.json, README
- html.py     accessible tables and chart figures for the pages

hrosite/model/stats.py (datasets.yml, load_stats) and hrosite/compile/stats.py (pages) use them.
"""
