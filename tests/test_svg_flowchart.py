"""Flowchart SVG: accessible structure (NORMS §3.6), determinism, wrapping, and a real browser
check that no label leaves its box and nothing scrolls sideways at 320 px (WCAG 1.4.10)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from hrosite.svg import text_em, wrap
from hrosite.svg.flowchart import FlowDecision, FlowStep, flowchart_svg

NS = {"s": "http://www.w3.org/2000/svg"}
LONG = "請攜帶國民身分證正本、戶口名簿、最近二年內拍攝之彩色正面半身照片一張及規費新臺幣"  # 40 chars
assert len(LONG) == 40


def sample_steps() -> list[FlowStep]:
    return [
        FlowStep("prepare", LONG),
        FlowStep("online", "線上預約（https://www.ris.gov.tw/app/portal/）", logic="or"),
        FlowStep("counter", "臨櫃抽號碼牌，等候叫號"),
        FlowStep(
            "check",
            "櫃檯審核 ID card & 印章",
            decision=FlowDecision(
                "申請人所附文件是否齊全，且照片符合國民身分證規格？", "請補齊文件後再送件", goto="prepare"
            ),
        ),
        FlowStep("pay", "繳納規費新臺幣 50 元"),
        FlowStep("take", "領取新證", decision=FlowDecision("本人親自領取？", "委託他人代領，需附委託書")),
    ]


def build(steps=None, svg_id="flow-test") -> str:
    return flowchart_svg(sample_steps() if steps is None else steps, "出生登記流程", "共六個步驟。",
                         svg_id=svg_id)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def node_texts(root: ET.Element) -> list[str]:
    return ["".join(g.find("s:text", NS).itertext()) for g in root.iterfind(".//s:g[@class='node']", NS)]


def test_accessible_root_title_desc_and_labelledby():
    root = parse(build())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    first = list(root)[0]
    assert first.tag.endswith("title") and first.text == "出生登記流程"
    ids = root.get("aria-labelledby").split()
    assert ids == ["flow-test-title", "flow-test-desc"]
    assert root.find("s:title", NS).get("id") == ids[0]
    assert root.find("s:desc", NS).get("id") == ids[1]
    assert root.find("s:desc", NS).text == "共六個步驟。"


def test_narrow_viewbox_and_max_width_in_em():
    root = parse(build())
    x, y, w, h = map(float, root.get("viewBox").split())
    assert (x, y) == (0, 0) and 360 <= w <= 480 and h > 0
    m = re.search(r"max-width:([\d.]+)em", root.get("style"))
    assert m and abs(float(m.group(1)) * 16 - w) < 1


def test_deterministic():
    assert build() == build()


def test_numbered_steps_and_terminals_never_truncated():
    texts = node_texts(parse(build()))
    assert texts[0] == "開始" and texts[-1] == "完成"
    assert texts[1] == "1. " + LONG
    for no, title in [(2, "線上預約"), (3, "臨櫃抽號碼牌"), (5, "繳納規費新臺幣 50 元")]:
        assert any(t.startswith(f"{no}. {title[:4]}") for t in texts), (no, texts)
    all_text = "".join(texts)
    for ch in LONG + "https://www.ris.gov.tw/app/portal/":
        assert ch in all_text


def test_long_label_wraps_into_several_tspans():
    root = parse(build())
    first_step = root.findall(".//s:g[@class='node']", NS)[1]
    spans = first_step.findall(".//s:tspan", NS)
    assert len(spans) >= 3
    assert "".join(s.text for s in spans) == "1. " + LONG


def test_or_alternatives_side_by_side_with_label():
    root = parse(build())
    rects = {
        "".join(g.find("s:text", NS).itertext())[:2]: g.find("s:rect", NS)
        for g in root.iterfind(".//s:g[@class='node']", NS)
    }
    a, b = rects["2."], rects["3."]
    assert a.get("y") == b.get("y") and a.get("height") == b.get("height")
    assert float(a.get("x")) + float(a.get("width")) < float(b.get("x"))
    labels = ["".join(t.itertext()) for t in root.iterfind(".//s:g[@class='label']/s:text", NS)]
    assert "或" in labels


def test_decision_diamond_yes_no_and_goto():
    root = parse(build())
    assert len(root.findall(".//s:polygon[@class='diamond']", NS)) == 2
    labels = ["".join(t.itertext()) for t in root.iterfind(".//s:g[@class='label']/s:text", NS)]
    assert labels.count("是") == 2 and labels.count("否") == 2
    side = [
        "".join(g.find("s:text", NS).itertext())
        for g in root.iterfind(".//s:g[@class='node']", NS)
        if g.find("s:rect[@class='side']", NS) is not None
    ]
    assert len(side) == 2
    assert side[0].endswith("→ 回到步驟 1")
    assert "回到步驟" not in side[1]
    assert len(root.findall(".//s:path[@class='edge loop']", NS)) == 1


def test_decision_can_skip_ahead():
    """「遺失？」否 → skip the loss report: the 否 box says 跳到, and its line runs down to the step."""
    root = parse(build([
        FlowStep("choose", "確認申請種類", decision=FlowDecision("是補領嗎？", "不必掛失", goto="prepare")),
        FlowStep("report-loss", "掛失"),
        FlowStep("prepare", "準備文件"),
    ]))
    side = ["".join(g.find("s:text", NS).itertext()) for g in root.iterfind(".//s:g[@class='node']", NS)
            if g.find("s:rect[@class='side']", NS) is not None]
    assert len(side) == 1 and side[0].endswith("→ 跳到步驟 3")
    (loop,) = root.findall(".//s:path[@class='edge loop']", NS)
    from_y = float(re.match(r"M[\d.]+ ([\d.]+)", loop.get("d")).group(1))   # the 否 box
    to_y = float(re.search(r"V([\d.]+)", loop.get("d")).group(1))            # step 3's middle
    assert to_y > from_y  # the line runs down to a later step


def test_escaping():
    nasty = 'A & B <script>alert("x")</script> \'q\''
    svg = flowchart_svg([FlowStep("a", nasty, decision=FlowDecision(nasty, nasty))], nasty, nasty,
                        svg_id="esc")
    assert "<script>" not in svg
    root = parse(svg)
    assert root.find("s:title", NS).text == nasty
    assert nasty.replace(" ", "") in "".join(node_texts(root)).replace(" ", "")


def test_no_px_or_pt_font_sizes_and_scoped_css():
    svg = build()
    assert not re.search(r"font-size\s*[:=]\s*\"?[\d.]+\s*(px|pt)", svg)
    assert re.search(r'font-size="\d+"', svg)
    css = parse(svg).find("s:style", NS).text
    for rule in re.findall(r"([^{}]+)\{", css):
        for selector in rule.split(","):
            assert selector.startswith("#flow-test "), selector  # inline <style> is page-wide
    assert "var(--md-default-fg-color" in css and "var(--md-default-bg-color" in css


def test_two_charts_on_one_page_have_distinct_ids():
    a, b = build(svg_id="one"), build(svg_id="two")
    ids_a = set(re.findall(r'id="([^"]+)"', a))
    ids_b = set(re.findall(r'id="([^"]+)"', b))
    assert ids_a and not ids_a & ids_b
    assert "url(#one-arrow)" in a


def test_empty_and_invalid_input():
    texts = node_texts(parse(flowchart_svg([], "t", "d", svg_id="e")))
    assert texts == ["開始", "完成"]
    with pytest.raises(ValueError):
        flowchart_svg([FlowStep("a", "x", decision=FlowDecision("q", "n", goto="zz"))], "t", "d",
                      svg_id="e")
    with pytest.raises(ValueError):
        flowchart_svg([FlowStep("a", "x"), FlowStep("a", "y")], "t", "d", svg_id="e")
    with pytest.raises(ValueError):
        flowchart_svg([FlowStep("a", "x", logic="xor")], "t", "d", svg_id="e")
    with pytest.raises(ValueError):
        flowchart_svg([], "t", "d", svg_id="1 bad")


@pytest.mark.parametrize("max_em", [3, 5.5, 8, 16])
def test_wrap_keeps_every_character_within_width(max_em):
    text = "申請人應攜帶國民身分證、戶口名簿及印章（或簽名），至 Household Registration Office 辦理。"
    lines = wrap(text, max_em)
    assert all(text_em(line) <= max_em for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line.startswith(("，", "、", "。", "）")) for line in lines)
    assert not any(line.endswith("（") for line in lines)


# ---------------------------------------------------------------- real browser


PAGE = """<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>流程圖</title>
<style>body{{margin:0;padding:16px;font-size:100%}}</style></head><body><main>{svg}</main></body></html>"""

# For every node, the text's bbox must lie inside the shape's bbox; a diamond's text must
# also lie inside the diamond itself (|dx|/a + |dy|/b <= 1 for each corner).
NODE_CHECK = """(svg) => {
  const out = [];
  const vb = svg.viewBox.baseVal;
  for (const g of svg.querySelectorAll('g.node')) {
    const shape = g.querySelector('rect, polygon, path');
    const s = shape.getBBox(), t = g.querySelector('text').getBBox();
    const inside = t.x >= s.x - 0.5 && t.y >= s.y - 0.5 &&
      t.x + t.width <= s.x + s.width + 0.5 && t.y + t.height <= s.y + s.height + 0.5;
    let inDiamond = true;
    if (shape.tagName === 'polygon') {
      const a = s.width / 2, b = s.height / 2, cx = s.x + a, cy = s.y + b;
      for (const [x, y] of [[t.x, t.y], [t.x + t.width, t.y], [t.x, t.y + t.height],
                            [t.x + t.width, t.y + t.height]])
        if (Math.abs(x - cx) / a + Math.abs(y - cy) / b > 1.02) inDiamond = false;
    }
    out.push({text: g.textContent, inside, inDiamond, s: [s.x, s.y, s.width, s.height],
              t: [t.x, t.y, t.width, t.height]});
  }
  const shapes = [...svg.querySelectorAll('g.node > rect, g.node > polygon')].map(e => e.getBBox());
  const labels = [...svg.querySelectorAll('g.label text')].map(e => {
    const t = e.getBBox();
    const hits = shapes.some(s => t.x < s.x + s.width && s.x < t.x + t.width &&
                                   t.y < s.y + s.height && s.y < t.y + t.height);
    return {text: e.textContent, hits};
  });
  const outside = [...svg.querySelectorAll('text')].map(e => e.getBBox()).filter(t =>
    t.x < vb.x || t.y < vb.y || t.x + t.width > vb.x + vb.width || t.y + t.height > vb.y + vb.height);
  return {nodes: out, labels, outside: outside.length};
}"""



@pytest.mark.browser
@pytest.mark.parametrize("width", [1024, 320])
def test_browser_every_label_inside_its_shape(browser, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.set_content(PAGE.format(svg=build()))
    result = page.locator("svg").evaluate(NODE_CHECK)
    page.close()
    assert len(result["nodes"]) == 2 + 6 + 2 * 2  # terminals, steps, diamonds + 否 boxes
    bad = [n for n in result["nodes"] if not (n["inside"] and n["inDiamond"])]
    assert not bad, bad
    assert not [lab for lab in result["labels"] if lab["hits"]], result["labels"]
    assert result["outside"] == 0


@pytest.mark.browser
def test_browser_no_horizontal_scroll_at_320px(browser):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.set_content(PAGE.format(svg=build()))
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    svg_width = page.locator("svg").evaluate("e => e.getBoundingClientRect().width")
    page.close()
    assert scroll_width <= 320
    assert svg_width <= 320 - 32  # inside the padded container


THREE = [
    FlowStep("a", "親自到任一戶政事務所臨櫃申請並當場繳費", logic="or"),
    FlowStep("b", "以自然人憑證上網申請 MyData 電子謄本", logic="or"),
    FlowStep("c", "委託他人持委託書及雙方證件代為申請"),
]
FIVE = [FlowStep(f"alt{i}", f"第{i}種申請方式：說明文字很長很長很長", logic="or" if i < 4 else "and")
        for i in range(5)]
CHECKED = FlowStep("ok", "審核", decision=FlowDecision("是否符合？", "退件", goto="c"))
CHECKED5 = FlowStep("ok", "審核", decision=FlowDecision("是否符合？", "退件", goto="alt2"))


def test_many_alternatives_share_one_box():
    root = parse(build([*FIVE, FlowStep("end", "領件")]))
    texts = node_texts(root)
    assert len(texts) == 2 + 1 + 1
    assert texts[1].count("或") == 4 and texts[1].startswith("1. 第0種")


@pytest.mark.browser
@pytest.mark.parametrize("steps", [THREE, [*THREE, CHECKED], [*FIVE, CHECKED5]],
                         ids=["three", "three+decision", "five+decision"])
def test_browser_narrow_side_by_side_alternatives(browser, steps):
    """Three long alternatives in a row (the narrowest boxes), and five stacked in one box."""
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.set_content(PAGE.format(svg=build(steps)))
    result = page.locator("svg").evaluate(NODE_CHECK)
    page.close()
    assert not [n for n in result["nodes"] if not (n["inside"] and n["inDiamond"])], result
    assert not [lab for lab in result["labels"] if lab["hits"]], result["labels"]
    assert result["outside"] == 0
