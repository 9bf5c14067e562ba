"""Procedure flowcharts as inline SVG (NORMS §3: role="img", <title>/<desc>, no colour-only cues).

The layout is a single top-to-bottom column, at most ~470 user units wide, so the drawing
shrinks onto a 320 px phone without horizontal scrolling. Labels are wrapped and boxes
grow to fit; nothing is truncated. Each box and its label share a <g class="node"> so a
browser test can prove every label sits inside its shape.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import check_id, esc, num, svg_root, text_em, wrap

FONT = 15  # user units; the whole drawing scales, so this is relative by construction
LINE = 22  # line height, a little above the 1.45 em glyph cell of Noto Sans CJK
BASELINE = (LINE - 1.45 * FONT) / 2 + 1.16 * FONT  # baseline offset inside one line slot
PAD_X, PAD_Y, PAD_DIAMOND = 12, 10, 6
GAP = 30  # length of a plain arrow between two shapes
OR_GAP = 34  # room between alternatives for the 「或」 label
LEFT = 10
RIGHT_PLAIN = 390  # main column's right edge when no step has a decision
RIGHT_WITH_SIDE = 280  # ... and when the 「否」 boxes need a column of their own
SIDE_L, SIDE_R = 306, 430
LANE = 8  # spacing of the vertical lanes that carry 「回到步驟」/「跳到步驟」 lines
MAX_SIDE_BY_SIDE = 3  # more alternatives than this share one box, one per line


@dataclass(frozen=True)
class FlowDecision:
    """A yes/no question after a step; 「否」 leads to `no`, optionally back to step `goto`."""

    question: str
    no: str
    goto: str | None = None


@dataclass(frozen=True)
class FlowStep:
    """One step; logic "or" makes it an alternative to the step that follows it."""

    id: str
    title: str
    logic: str = "and"
    decision: FlowDecision | None = None


_STYLE = (
    "#{i} text{{fill:var(--md-default-fg-color,#000);"
    "font-family:var(--md-text-font-family,sans-serif)}}"
    "#{i} .box,#{i} .side{{fill:var(--md-default-bg-color,#fff);"
    "stroke:var(--md-default-fg-color,#000);stroke-width:1.5}}"
    "#{i} .side{{stroke-dasharray:6 4}}"
    "#{i} .term,#{i} .diamond{{fill:var(--md-default-fg-color--lightest,#eee);"
    "stroke:var(--md-default-fg-color,#000);stroke-width:1.5}}"
    "#{i} .edge{{fill:none;stroke:var(--md-default-fg-color,#000);stroke-width:1.5}}"
    "#{i} .loop{{stroke-dasharray:6 4}}"
    "#{i} .head{{fill:var(--md-default-fg-color,#000)}}"
)


def _text(lines: list[str], cx: float, top: float, anchor: str = "middle") -> str:
    spans = "".join(
        f'<tspan x="{num(cx)}" y="{num(top + i * LINE + BASELINE)}">{esc(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text text-anchor="{anchor}">{spans}</text>'


def _lines_for(text: str, width: float, pad: float) -> list[str]:
    return wrap(text, (width - 2 * pad) / FONT)


def _rect_node(cls: str, x: float, y: float, w: float, h: float, lines: list[str]) -> str:
    rx = h / 2 if cls == "term" else 8
    top = y + (h - len(lines) * LINE) / 2
    return (
        f'<g class="node"><rect class="{cls}" x="{num(x)}" y="{num(y)}" width="{num(w)}" '
        f'height="{num(h)}" rx="{num(rx)}"/>{_text(lines, x + w / 2, top)}</g>'
    )


class _Layout:
    """Accumulates shapes top to bottom; `y` is where the next incoming arrow starts."""

    def __init__(self, svg_id: str, has_side: bool) -> None:
        self.arrow = f'marker-end="url(#{svg_id}-arrow)"'
        self.left = LEFT
        self.right = RIGHT_WITH_SIDE if has_side else RIGHT_PLAIN
        # alternatives may also use the 「否」 column: no 否 box shares their row
        self.wide_right = SIDE_R if has_side else RIGHT_PLAIN
        self.cx = (self.left + self.right) / 2
        self.y = 10.0
        self.edges: list[str] = []
        self.nodes: list[str] = []
        self.labels: list[str] = []
        self.boxes: dict[str, tuple[float, float, float, float]] = {}  # id -> x, y, w, h
        self.last_in_group: set[str] = set()

    def line(self, d: str, arrow: bool = True, cls: str = "edge") -> None:
        self.edges.append(f'<path class="{cls}" d="{d}"{" " + self.arrow if arrow else ""}/>')

    def label(self, text: str, x: float, top: float, anchor: str = "middle") -> None:
        self.labels.append(f'<g class="label">{_text([text], x, top, anchor)}</g>')

    def terminal(self, text: str) -> None:
        """開始 / 完成 as a stadium shape, the usual start/end symbol."""
        w, h = 120, 2 * PAD_Y + LINE
        self.nodes.append(_rect_node("term", self.cx - w / 2, self.y, w, h, [text]))
        self.y += h

    def group(self, steps: list[tuple[int, FlowStep]]) -> None:
        if len(steps) > MAX_SIDE_BY_SIDE:
            self.stacked(steps)
            return
        n = len(steps)
        right = self.wide_right if n > 1 else self.right
        bw = (right - self.left - (n - 1) * OR_GAP) / n
        texts = [_lines_for(f"{no}. {s.title}", bw, PAD_X) for no, s in steps]
        h = 2 * PAD_Y + max(len(t) for t in texts) * LINE
        xs = [self.left + i * (bw + OR_GAP) for i in range(n)]
        centres = [x + bw / 2 for x in xs]
        top = self.y + GAP
        if n == 1:
            self.line(f"M{num(self.cx)} {num(self.y)}V{num(top)}")
        else:  # fork: down, across, then one arrow into each alternative
            fork = self.y + GAP / 2
            self.line(f"M{num(self.cx)} {num(self.y)}V{num(fork)}", arrow=False)
            self.line(f"M{num(centres[0])} {num(fork)}H{num(centres[-1])}", arrow=False)
            for c in centres:
                self.line(f"M{num(c)} {num(fork)}V{num(top)}")
        for (no, step), x, lines in zip(steps, xs, texts):
            self.nodes.append(_rect_node("box", x, top, bw, h, lines))
            self.boxes[step.id] = (x, top, bw, h)
        self.last_in_group.add(steps[-1][1].id)
        for x in xs[1:]:
            self.label("或", x - OR_GAP / 2, top + (h - LINE) / 2)
        self.y = top + h
        if n > 1:  # join: every alternative leads on to the same next shape
            join = self.y + GAP / 2
            for c in centres:
                self.line(f"M{num(c)} {num(self.y)}V{num(join)}", arrow=False)
            self.line(f"M{num(centres[0])} {num(join)}H{num(centres[-1])}", arrow=False)
            self.y = join

    def stacked(self, steps: list[tuple[int, FlowStep]]) -> None:
        """Many alternatives would make boxes too narrow: list them in one box instead."""
        w = self.right - self.left
        lines: list[str] = []
        for i, (no, step) in enumerate(steps):
            lines += (["或"] if i else []) + _lines_for(f"{no}. {step.title}", w, PAD_X)
        h = 2 * PAD_Y + len(lines) * LINE
        top = self.y + GAP
        self.line(f"M{num(self.cx)} {num(self.y)}V{num(top)}")
        self.nodes.append(_rect_node("box", self.left, top, w, h, lines))
        for _, step in steps:
            self.boxes[step.id] = (self.left, top, w, h)
            self.last_in_group.add(step.id)
        self.y = top + h

    def decision(self, dec: FlowDecision, goto_no: int | None,
                 forward: bool = False) -> tuple[float, float]:
        """Diamond + 「否」 box; returns the 否 box's right edge and centre line for the line to
        step `goto_no`: back to an earlier step (a loop) or, `forward`, skipping ahead."""
        a = (self.right - self.left) / 2  # half-width: the diamond fills the main column
        q = wrap(dec.question, (a - 2 * PAD_DIAMOND) / FONT)
        verb = "跳到" if forward else "回到"
        no_text = dec.no if goto_no is None else f"{dec.no}\n→ {verb}步驟 {goto_no}"
        side = _lines_for(no_text, SIDE_R - SIDE_L, PAD_X)
        side_h = 2 * PAD_Y + len(side) * LINE
        tw = max(text_em(line) for line in q) * FONT
        # a text block of half-size (x, y) fits inside the diamond when x/a + y/b <= 1
        b = (len(q) * LINE / 2 + PAD_DIAMOND) / (1 - (tw / 2 + PAD_DIAMOND) / a)
        b = max(b, side_h / 2)
        top = self.y + GAP
        cy = top + b
        self.line(f"M{num(self.cx)} {num(self.y)}V{num(top)}")
        pts = [(self.cx, top), (self.cx + a, cy), (self.cx, cy + b), (self.cx - a, cy)]
        poly = " ".join(f"{num(px)},{num(py)}" for px, py in pts)
        self.nodes.append(
            f'<g class="node"><polygon class="diamond" points="{poly}"/>'
            f"{_text(q, self.cx, cy - len(q) * LINE / 2)}</g>"
        )
        self.line(f"M{num(self.cx + a)} {num(cy)}H{num(SIDE_L)}")
        self.label("否", (self.cx + a + SIDE_L) / 2, cy - LINE - 2)
        side_top = cy - side_h / 2
        self.nodes.append(_rect_node("side", SIDE_L, side_top, SIDE_R - SIDE_L, side_h, side))
        # 「是」 goes down; a longer stem keeps its label clear of a following fork line
        stem = cy + b + LINE + 4
        self.line(f"M{num(self.cx)} {num(cy + b)}V{num(stem)}", arrow=False)
        self.label("是", self.cx + 8, cy + b + 2, anchor="start")
        self.y = stem - GAP / 2  # the next arrow overlaps the stem's lower half
        return SIDE_R, cy


def _groups(steps: list[FlowStep]) -> list[list[tuple[int, FlowStep]]]:
    """Runs of steps joined by "or" become one row of alternatives."""
    groups: list[list[tuple[int, FlowStep]]] = []
    joined = False
    for no, step in enumerate(steps, start=1):
        if step.logic not in ("and", "or"):
            raise ValueError(f"step {step.id!r}: logic must be 'and' or 'or', not {step.logic!r}")
        if joined:
            groups[-1].append((no, step))
        else:
            groups.append([(no, step)])
        joined = step.logic == "or"
    return groups


def flowchart_svg(steps: list[FlowStep], title: str, desc: str, *, svg_id: str) -> str:
    """Draw 開始 → numbered steps (alternatives side by side, decisions as diamonds) → 完成.

    `desc` should summarise the steps in words; the page must also list them as text
    (NORMS §3.6: a flowchart needs a text equivalent beside it).
    """
    check_id(svg_id)
    numbers: dict[str, int] = {}
    for no, step in enumerate(steps, start=1):
        if step.id in numbers:
            raise ValueError(f"duplicate step id {step.id!r}")
        numbers[step.id] = no
    for step in steps:
        goto = step.decision.goto if step.decision else None
        if goto is not None and goto not in numbers:
            raise ValueError(f"step {step.id!r}: goto {goto!r} is not a step id")

    has_side = any(s.decision for s in steps)
    lay = _Layout(svg_id, has_side)
    lay.terminal("開始")
    loops: list[tuple[float, float, str]] = []
    for group in _groups(steps):
        lay.group(group)
        for _, step in group:
            if step.decision:
                goto = step.decision.goto
                forward = bool(goto) and numbers[goto] > numbers[step.id]
                edge_x, cy = lay.decision(step.decision, numbers[goto] if goto else None, forward)
                if goto:
                    loops.append((edge_x, cy, goto))
    lay.line(f"M{num(lay.cx)} {num(lay.y)}V{num(lay.y + GAP)}")
    lay.y += GAP
    lay.terminal("完成")

    width = lay.right + 10 if not has_side else SIDE_R + 10
    lane = 0
    for edge_x, cy, goto in loops:
        if goto not in lay.last_in_group:
            continue  # a left-hand alternative has no free right edge; the 否 text says it
        x, y, w, h = lay.boxes[goto]
        lane_x = SIDE_R + LANE * (lane + 1)
        lane += 1
        lay.line(
            f"M{num(edge_x)} {num(cy)}H{num(lane_x)}V{num(y + h / 2)}H{num(x + w)}",
            cls="edge loop",
        )
        width = max(width, lane_x + 6)
    height = lay.y + 10

    style = _STYLE.format(i=svg_id)
    defs = (
        f'<defs><marker id="{svg_id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="6" markerHeight="6" orient="auto-start-reverse">'
        '<path class="head" d="M0 0L10 5L0 10z"/></marker></defs>'
    )
    body = [defs, f'<g font-size="{FONT}">', *lay.edges, *lay.nodes, *lay.labels, "</g>"]
    return svg_root(svg_id, width, height, title, desc, style, body)
