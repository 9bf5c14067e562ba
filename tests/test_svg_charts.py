"""Line chart SVG: accessible structure (NORMS §3.6), distinguishable without colour
(WCAG 1.4.1), 3:1 non-text contrast in light and dark (1.4.11), small output, gaps for None."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from hrosite.svg.charts import COLOURS, Series, fmt_number, line_chart_svg, nice_ticks

NS = {"s": "http://www.w3.org/2000/svg"}
NAMES = ["總人口", "男", "女", "戶數"]


def months(n: int) -> list[str]:
    return [f"{102 + i // 12}年{i % 12 + 1}月" for i in range(n)]


def population(n: int = 147, k: int = 4) -> list[Series]:
    out = []
    for s in range(k):
        values = [24000 - s * 5200 - i * 7.3 + 310 * math.sin(i / 7 + s) for i in range(n)]
        out.append(Series(NAMES[s], values))
    return out


def build(x_labels=None, series=None, svg_id="chart-test", **kw) -> str:
    x_labels = months(147) if x_labels is None else x_labels
    series = population(len(x_labels)) if series is None else series
    args = dict(title="鹽埕區人口數", desc="人口逐年減少。", y_label="人數（人）",
                x_label="年月（民國）", svg_id=svg_id)
    args.update(kw)
    return line_chart_svg(x_labels, series, **args)


def texts(root: ET.Element, cls: str) -> list[str]:
    return ["".join(t.itertext()) for t in root.iterfind(f".//s:text[@class='{cls}']", NS)]


def luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted([luminance(a), luminance(b)], reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_accessible_root_title_desc_and_labelledby():
    root = ET.fromstring(build())
    assert root.get("role") == "img" and root.get("width") == "100%"
    assert list(root)[0].tag.endswith("title")
    ids = root.get("aria-labelledby").split()
    assert root.find("s:title", NS).get("id") == ids[0] == "chart-test-title"
    assert root.find("s:desc", NS).get("id") == ids[1] == "chart-test-desc"
    w = float(root.get("viewBox").split()[2])
    assert re.search(rf"max-width:{w / 16:g}em", root.get("style"))


def test_deterministic():
    assert build() == build()


def test_size_under_30_kb_for_147_points_4_series():
    size = len(build().encode("utf-8"))
    assert size < 30_000, size


def test_one_path_per_series_and_gaps_for_none():
    values = [float(i) for i in range(20)]
    values[0] = values[7] = values[8] = values[19] = None
    series = [Series("有缺漏", values), Series("完整", [float(i) for i in range(20)])]
    root = ET.fromstring(build(months(20), series))
    lines = [root.findall(f"s:g/s:path[@class='s{k}']", NS) for k in (0, 1)]
    assert [len(x) for x in lines] == [1, 1]  # one path per series (legend samples are apart)
    assert lines[0][0].get("d").count("M") == 2  # runs 1–6 and 9–18; None at the ends drops out
    assert lines[1][0].get("d").count("M") == 1


def test_isolated_point_still_gets_a_marker():
    series = [Series("單點", [None, None, 5.0, None, None])]
    root = ET.fromstring(build(months(5), series))
    markers = root.findall("s:g/s:path[@class='m0']", NS)
    assert markers and "M" in markers[0].get("d")


def test_all_none_and_empty_inputs_do_not_crash():
    ET.fromstring(build(months(3), [Series("無資料", [None, None, None])]))
    ET.fromstring(build([], []))
    ET.fromstring(build(["113年"], [Series("一年", [42.0])]))
    with pytest.raises(ValueError):
        build(months(3), [Series("短", [1.0])])
    with pytest.raises(ValueError):
        build(svg_id="bad id")


def test_y_ticks_nice_and_with_thousands_separators():
    root = ET.fromstring(build())
    labels = texts(root, "yt")
    assert "20,000" in labels and all(re.fullmatch(r"-?\d{1,3}(,\d{3})*", t) for t in labels)
    values = [float(t.replace(",", "")) for t in labels]
    steps = {b - a for a, b in zip(values, values[1:])}
    assert len(steps) == 1


@pytest.mark.parametrize("lo,hi", [(0, 23456), (23001, 24950), (0.1, 0.74), (-3, 17), (5, 5), (0, 0)])
def test_nice_ticks_cover_the_range_with_round_steps(lo, hi):
    ticks, decimals = nice_ticks(lo, hi)
    assert ticks[0] <= lo and ticks[-1] >= hi and 2 <= len(ticks) <= 8
    step = ticks[1] - ticks[0]
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(abs(mantissa - m) < 1e-6 for m in (1, 2, 2.5, 5))
    assert len({fmt_number(t, decimals) for t in ticks}) == len(ticks)  # no duplicate labels


def test_fmt_number():
    assert fmt_number(1234) == "1,234" and fmt_number(1234567.5, 1) == "1,234,567.5"


def test_x_labels_thinned_for_147_months():
    shown = texts(ET.fromstring(build()), "xt")
    assert 8 <= len(shown) <= 13, shown
    assert shown[0] == "102年1月" and all(t.endswith("年1月") for t in shown)  # one a year


def test_few_x_labels_all_shown_flat():
    root = ET.fromstring(build(["一月", "二月", "三月", "四月"], population(4, 2)))
    assert texts(root, "xt") == ["一月", "二月", "三月", "四月"]
    assert not any(t.get("transform") for t in root.iterfind(".//s:text[@class='xt']", NS))


def test_series_distinguishable_without_colour():
    svg = build()
    css = ET.fromstring(svg).find("s:style", NS).text
    dashes = [re.search(rf"\.s{k}\{{[^}}]*stroke-dasharray:([^;}}]+)", css).group(1) for k in range(4)]
    assert len(set(dashes)) == 4
    root = ET.fromstring(svg)
    legend = root.findall(".//s:g[@class='legend']", NS)
    assert ["".join(g.find("s:text", NS).itertext()) for g in legend] == NAMES
    shapes = {re.sub(r"[\d.\-]+", "#", g.find(f"s:path[@class='m{k}']", NS).get("d"))
              for k, g in enumerate(legend)}
    assert len(shapes) == 4  # four different marker outlines
    ends = ["".join(g.find("s:text", NS).itertext()) for g in root.iterfind(".//s:g[@class='end']", NS)]
    assert sorted(ends) == sorted(NAMES)


def test_fallback_colours_pass_3_to_1_on_light_and_dark():
    for colour in COLOURS:
        assert contrast(colour, "#ffffff") >= 3, colour
        assert contrast(colour, "#1e2129") >= 3, colour
    css = ET.fromstring(build()).find("s:style", NS).text
    assert "var(--hro-chart-1,#" in css and "var(--md-default-fg-color" in css


def test_escaping_and_no_px_font_sizes():
    nasty = '<b>&"\''
    svg = build(months(3), [Series(nasty, [1.0, 2.0, 3.0])], title=nasty, y_label=nasty,
                x_label=nasty)
    assert "<b>" not in svg
    root = ET.fromstring(svg)
    assert root.find("s:title", NS).text == nasty
    assert not re.search(r"font-size\s*[:=]\s*\"?[\d.]+\s*(px|pt)", svg)


# ---------------------------------------------------------------- real browser

PAGE = """<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>圖表</title>
<style>body{{margin:0;padding:16px}}</style></head><body><main>{svg}</main></body></html>"""

# Screen boxes (getBoundingClientRect also covers rotated labels) of every text against
# the svg box, and pairwise overlaps among the end labels and among the flat x labels.
LAYOUT_CHECK = """(svg) => {
  const box = svg.getBoundingClientRect();
  const rect = e => e.getBoundingClientRect();
  const outside = [...svg.querySelectorAll('text')].map(rect).filter(r =>
    r.left < box.left - 0.5 || r.top < box.top - 0.5 ||
    r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5).length;
  const overlaps = sel => {
    const rs = [...svg.querySelectorAll(sel)].map(e => e.getBBox());
    let n = 0;
    for (let i = 0; i < rs.length; i++) for (let j = i + 1; j < rs.length; j++) {
      const a = rs[i], b = rs[j];
      if (a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 &&
          a.y < b.y + b.height - 2 && b.y < a.y + a.height - 2) n++;
    }
    return n;
  };
  return {outside, ends: overlaps('g.end text'), legend: overlaps('g.legend'),
          flat: overlaps('text.xt:not([transform])')};
}"""



CASES = {
    "147 months": lambda: build(),
    "ends close together": lambda: build(months(24), [Series(f"第{k}里人口數很長的名稱", [100.0 + k] * 24)
                                                      for k in range(4)]),
    "flat labels": lambda: build(["第一季", "第二季", "第三季", "第四季"], population(4, 3)),
}


@pytest.mark.browser
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("width", [1024, 320])
def test_browser_text_inside_and_not_overlapping(browser, case, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.set_content(PAGE.format(svg=CASES[case]()))
    result = page.locator("svg").evaluate(LAYOUT_CHECK)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert result == {"outside": 0, "ends": 0, "legend": 0, "flat": 0}
    assert scroll_width <= width
