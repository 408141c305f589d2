"""Draw Bumpwise's exercise pictures: one simple line drawing (SVG) a plan item that is done as an
exercise or a stretch, showing a pregnant body (or, after the birth, a body without a bump) in the
item's position. Written for Bumpwise from joint positions below; run it after changing a pose:

    .venv/bin/python scripts/draw_exercises.py

Each file is static/img/draw/<item id>.svg. Its root element says what it shows, for the tests:
`data-position` (the position drawn: never `supine` for an item offered from 16 weeks) and
`data-stage` (`early` for a small bump, `pregnancy`, or `postnatal`). The alt text is the item's
`picture` in plan_items.yaml, so the words and the drawing are kept side by side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "bumpwise" / "web" / "static" / "img" / "draw"
INK = "#1d3557"
SOFT = "#8aa1b8"
W, H = 240, 150
FLOOR = 138
BUMP = {"early": 7.0, "pregnancy": 15.0, "postnatal": 0.0}

P = tuple[float, float]


@dataclass
class Body:
    head: P
    shoulder: P
    hip: P
    front: int = 1  # which side of the spine (shoulder -> hip) the bump is on: +1 or -1
    arms: list[list[P]] = field(default_factory=list)  # each from the shoulder out
    legs: list[list[P]] = field(default_factory=list)  # each from the hip out
    spine_bend: float = 0.0  # bow of the back, away from the front (a rounded back), in px
    head_r: float = 8.0


def _line(points: list[P], colour: str = INK, width: float = 3.2) -> str:
    return (f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}" fill="none" '
            f'stroke="{colour}" stroke-width="{width}" stroke-linecap="round" stroke-linejoin="round"/>')


def _unit(a: P, b: P) -> tuple[float, float, float]:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    return dx / length, dy / length, length


def body_svg(body: Body, stage: str) -> str:
    sx, sy = body.shoulder
    hx, hy = body.hip
    ux, uy, length = _unit(body.shoulder, body.hip)
    nx, ny = uy * body.front, -ux * body.front  # towards the front
    parts = []
    # the back: a gentle curve (bowed away from the front when the back is rounded)
    mid = ((sx + hx) / 2 - nx * body.spine_bend, (sy + hy) / 2 - ny * body.spine_bend)
    parts.append(f'<path d="M{sx:.1f},{sy:.1f} Q{mid[0]:.1f},{mid[1]:.1f} {hx:.1f},{hy:.1f}" fill="none" '
                 f'stroke="{INK}" stroke-width="3.2" stroke-linecap="round"/>')
    # the front of the body, with the bump
    size = BUMP[stage]
    chest = (sx + ux * length * 0.12 + nx * 7, sy + uy * length * 0.12 + ny * 7)
    top = (sx + ux * length * 0.42 + nx * 6, sy + uy * length * 0.42 + ny * 6)
    low = (hx - ux * length * 0.02 + nx * 6, hy - uy * length * 0.02 + ny * 6)
    depth = 8 + size * 3.0  # a quadratic curve reaches about half way to its control point
    peak = (sx + ux * length * 0.7 + nx * depth, sy + uy * length * 0.7 + ny * depth)
    parts.append(f'<path d="M{sx + nx * 3:.1f},{sy + ny * 3:.1f} Q{chest[0]:.1f},{chest[1]:.1f} {top[0]:.1f},'
                 f'{top[1]:.1f} Q{peak[0]:.1f},{peak[1]:.1f} {low[0]:.1f},{low[1]:.1f} L{hx:.1f},{hy:.1f}" '
                 f'fill="#f4f1ea" stroke="{INK}" stroke-width="3" stroke-linejoin="round"/>')
    # neck and head
    parts.append(_line([body.shoulder, _toward(body.shoulder, body.head, body.head_r)]))
    parts.append(f'<circle cx="{body.head[0]:.1f}" cy="{body.head[1]:.1f}" r="{body.head_r}" fill="#fff" '
                 f'stroke="{INK}" stroke-width="3"/>')
    for arm in body.arms:
        parts.append(_line([body.shoulder, *arm]))
    for leg in body.legs:
        parts.append(_line([body.hip, *leg]))
    return "\n".join(parts)


def _toward(a: P, b: P, short: float) -> P:
    ux, uy, length = _unit(a, b)
    return (a[0] + ux * (length - short), a[1] + uy * (length - short))


def floor(x0: float = 14, x1: float = 226, y: float = FLOOR) -> str:
    return _line([(x0, y), (x1, y)], SOFT, 2.4)


def mat(x0: float, x1: float) -> str:
    return (f'<rect x="{x0}" y="{FLOOR - 3}" width="{x1 - x0}" height="6" rx="3" fill="#e7eef5" '
            f'stroke="{SOFT}" stroke-width="1.6"/>')


def chair(x: float, seat_y: float = 100, depth: float = 42, back: bool = True) -> str:
    lines = [_line([(x, seat_y), (x + depth, seat_y)], SOFT, 3), _line([(x + 3, seat_y), (x + 3, FLOOR)], SOFT, 2.4),
             _line([(x + depth - 3, seat_y), (x + depth - 3, FLOOR)], SOFT, 2.4)]
    if back:
        lines.append(_line([(x, seat_y), (x - 2, seat_y - 48)], SOFT, 3))
    return "\n".join(lines)


def wall(x: float) -> str:
    return _line([(x, 14), (x, FLOOR)], SOFT, 3)


def pillow(cx: float, cy: float, rx: float = 16, ry: float = 6) -> str:
    return f'<ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}" fill="#eef3f8" stroke="{SOFT}" stroke-width="1.8"/>'


def arrow(points: list[P]) -> str:
    (x0, y0), (x1, y1) = points[-2], points[-1]
    ux, uy, _ = _unit((x0, y0), (x1, y1))
    left = (x1 - ux * 7 - uy * 4, y1 - uy * 7 + ux * 4)
    right = (x1 - ux * 7 + uy * 4, y1 - uy * 7 - ux * 4)
    return _line(points, "#c0392b", 2.2) + _line([left, (x1, y1), right], "#c0392b", 2.2)


# ------------------------------------------------------------------ the drawings
def drawings() -> dict[str, tuple[str, str, str]]:
    """item id -> (position drawn, stage, svg body)."""
    d: dict[str, tuple[str, str, str]] = {}
    all_fours = Body(head=(176, 98), shoulder=(152, 80), hip=(90, 80), front=1, spine_bend=14,
                     arms=[[(153, 108), (154, 134)]], legs=[[(90, 134), (52, 134)]])
    d["all_fours_back_raise"] = ("quadruped", "pregnancy",
                                 mat(30, 206) + body_svg(all_fours, "pregnancy")
                                 + arrow([(120, 50), (120, 40)]))
    bird = Body(head=(174, 74), shoulder=(152, 82), hip=(92, 82), front=1,
                arms=[[(176, 80), (200, 78)], [(152, 108), (152, 134)]], legs=[[(90, 134), (52, 134)]])
    d["quadruped_bird_dog"] = ("quadruped", "pregnancy", mat(30, 214) + body_svg(bird, "pregnancy"))
    flat = Body(head=(176, 78), shoulder=(152, 82), hip=(92, 82), front=1,
                arms=[[(152, 108), (153, 134)]], legs=[[(90, 134), (52, 134)]])
    d["pregnancy_exercise_class"] = ("quadruped", "pregnancy", mat(30, 206) + body_svg(flat, "pregnancy"))
    # Lying on her left side, seen from in front: the bump rests on a small pillow, the hips and
    # knees are bent forward, the feet stay together and the top knee opens upwards.
    clam = Body(head=(38, 96), shoulder=(58, 100), hip=(122, 102), front=-1,
                arms=[[(52, 118), (70, 124)]], legs=[[(150, 126), (182, 118)], [(154, 100), (182, 114)]])
    d["side_lying_clamshell"] = ("side_lying", "pregnancy",
                                 mat(20, 214) + pillow(36, 108, 18, 6) + pillow(98, 128, 16, 5)
                                 + body_svg(clam, "pregnancy") + arrow([(164, 96), (164, 84)]))
    wall_tilt = Body(head=(104, 32), shoulder=(104, 48), hip=(102, 92), front=1,
                     arms=[[(106, 72), (110, 90)]], legs=[[(112, 114), (112, 138)], [(106, 115), (104, 138)]])
    d["standing_wall_pelvic_tilt"] = ("standing", "pregnancy", wall(94) + floor()
                                      + body_svg(wall_tilt, "pregnancy") + arrow([(84, 86), (92, 86)]))
    seated = Body(head=(98, 34), shoulder=(96, 50), hip=(96, 96), front=1,
                  arms=[[(104, 72), (122, 90)]], legs=[[(136, 96), (138, 138)]])
    d["seated_pelvic_tilt"] = ("seated", "pregnancy", floor() + chair(90) + body_svg(seated, "pregnancy")
                               + arrow([(80, 80), (88, 80)]))
    pf = Body(head=(98, 34), shoulder=(96, 50), hip=(96, 96), front=1,
              arms=[[(104, 72), (124, 92)]], legs=[[(136, 98), (140, 138)], [(132, 96), (132, 138)]])
    d["pelvic_floor_exercise"] = ("seated", "pregnancy", floor() + chair(90) + body_svg(pf, "pregnancy")
                                  + arrow([(112, 112), (112, 100)]))
    tummy = Body(head=(98, 34), shoulder=(96, 50), hip=(96, 96), front=1,
                 arms=[[(108, 70), (122, 84)]], legs=[[(136, 96), (138, 138)]])
    d["deep_tummy_exercise"] = ("seated", "pregnancy", floor() + chair(90) + body_svg(tummy, "pregnancy")
                                + arrow([(148, 80), (136, 80)]))
    feet = Body(head=(98, 34), shoulder=(96, 50), hip=(96, 96), front=1,
                arms=[[(104, 72), (122, 90)]], legs=[[(136, 98), (176, 104), (182, 92)], [(132, 96), (132, 138)]])
    d["foot_flexing_cramps"] = ("seated", "pregnancy", floor() + chair(90) + body_svg(feet, "pregnancy")
                                + arrow([(196, 108), (200, 96), (194, 86)]))
    bridge = Body(head=(38, 126), shoulder=(56, 130), hip=(112, 108), front=1, head_r=7,
                  arms=[[(80, 134), (100, 134)]], legs=[[(148, 96), (158, 134)]])
    d["supine_glute_bridge"] = ("supine", "early", mat(20, 190) + body_svg(bridge, "early")
                                + arrow([(112, 92), (112, 80)]))
    tilt = Body(head=(38, 126), shoulder=(56, 130), hip=(112, 130), front=1, head_r=7,
                arms=[[(80, 134), (100, 134)]], legs=[[(142, 104), (158, 134)]])
    d["supine_pelvic_tilt"] = ("supine", "early", mat(20, 190) + body_svg(tilt, "early"))
    walk = Body(head=(118, 30), shoulder=(118, 46), hip=(116, 90), front=1,
                arms=[[(110, 68), (106, 86)], [(126, 68), (134, 84)]],
                legs=[[(126, 114), (132, 138), (140, 138)], [(108, 114), (100, 136), (108, 138)]])
    d["regular_walking"] = ("standing", "pregnancy", floor() + body_svg(walk, "pregnancy"))
    pram = Body(head=(92, 30), shoulder=(94, 46), hip=(92, 90), front=1,
                arms=[[(108, 64), (130, 76)]],
                legs=[[(100, 114), (106, 138), (114, 138)], [(86, 114), (78, 136), (86, 138)]])
    buggy = (_line([(130, 76), (150, 84), (190, 84), (200, 110), (160, 112), (150, 84)], SOFT, 3)
             + '<circle cx="162" cy="128" r="9" fill="none" stroke="#8aa1b8" stroke-width="3"/>'
             + '<circle cx="196" cy="128" r="9" fill="none" stroke="#8aa1b8" stroke-width="3"/>')
    d["postnatal_walks"] = ("standing", "postnatal", floor() + buggy + body_svg(pram, "postnatal"))
    swim = Body(head=(58, 70), shoulder=(74, 78), hip=(130, 84), front=-1,
                arms=[[(52, 80), (32, 78)]], legs=[[(160, 86), (190, 84)], [(160, 90), (188, 94)]])
    water = _line([(10, 66), (40, 62), (70, 66), (100, 62), (130, 66), (160, 62), (190, 66), (230, 62)], "#6fa8dc", 2.4)
    float_board = '<rect x="12" y="72" width="24" height="12" rx="4" fill="#fff" stroke="#8aa1b8" stroke-width="2"/>'
    d["water_exercise"] = ("in_water", "pregnancy", water + float_board + body_svg(swim, "pregnancy"))
    bike_frame = (_line([(92, 86), (110, 86)], SOFT, 4) + _line([(100, 86), (116, 118), (150, 96), (148, 58)], SOFT, 3)
                  + _line([(140, 58), (156, 58)], SOFT, 3) + _line([(80, FLOOR), (170, FLOOR)], SOFT, 4)
                  + _line([(116, 118), (100, FLOOR)], SOFT, 3) + _line([(150, 96), (160, FLOOR)], SOFT, 3)
                  + '<circle cx="116" cy="118" r="10" fill="none" stroke="#8aa1b8" stroke-width="2.4"/>')
    bike = Body(head=(112, 24), shoulder=(106, 40), hip=(100, 82), front=1,
                arms=[[(126, 52), (144, 58)]], legs=[[(130, 98), (122, 124)], [(124, 90), (110, 110)]])
    d["stationary_cycling"] = ("seated", "pregnancy", bike_frame + body_svg(bike, "pregnancy"))
    calf = Body(head=(176, 40), shoulder=(164, 54), hip=(128, 90), front=1,
                arms=[[(184, 60), (202, 58)]],
                legs=[[(154, 112), (160, 138), (170, 138)], [(108, 114), (88, 138), (98, 138)]])
    d["calf_stretch_wall"] = ("standing", "pregnancy", wall(206) + floor() + body_svg(calf, "pregnancy"))
    sit_floor = Body(head=(70, 62), shoulder=(68, 78), hip=(66, 128), front=1,
                     arms=[[(90, 100), (124, 112)]], legs=[[(120, 130), (166, 130), (170, 112)]])
    d["cramp_release_stretch"] = ("seated", "pregnancy",
                                  floor() + pillow(52, 104, 6, 24) + body_svg(sit_floor, "pregnancy")
                                  + arrow([(186, 124), (184, 108)]))
    return d


def svg(item_id: str, position: str, stage: str, content: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" '
            f'data-item="{item_id}" data-position="{position}" data-stage="{stage}">\n'
            f'<rect x="0" y="0" width="{W}" height="{H}" fill="#ffffff"/>\n{content}\n</svg>\n')


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for item_id, (position, stage, content) in drawings().items():
        (OUT / f"{item_id}.svg").write_text(svg(item_id, position, stage, content), encoding="utf-8")
    print(f"{len(drawings())} drawings in {OUT}")


if __name__ == "__main__":
    main()
