"""Where each body-map location is drawn, and where its control sits.

The drawing and the controls share one coordinate system (the SVG viewBox), so the pins
(real checkboxes, positioned in percent of the figure) stay over their regions at every
width. A location added to the vocabulary but not laid out here still gets a control,
in a plain list under the map, so nothing in the vocabulary can become unreachable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from bumpwise.i18n import N_

View = Literal["front", "back"]
Column = Literal["left", "right"]

WIDTH, HEIGHT = 360, 450


@dataclass(frozen=True)
class Shape:
    cx: float
    cy: float
    rx: float
    ry: float


@dataclass(frozen=True)
class Spot:
    id: str
    view: View
    short: str  # the pin's visible name; the vocabulary's full label is its description
    column: Column
    pin_y: float
    shapes: tuple[Shape, ...]

    @property
    def anchor(self) -> tuple[float, float]:
        """Where the leader line meets the region: the shape nearest the pin's column."""
        shape = min(self.shapes, key=lambda s: s.cx) if self.column == "left" else max(
            self.shapes, key=lambda s: s.cx)
        return shape.cx, shape.cy

    @property
    def line_x(self) -> float:
        return 110.0 if self.column == "left" else 250.0

    @property
    def top_percent(self) -> float:
        return round(self.pin_y / HEIGHT * 100, 2)


def _pair(dx: float, cy: float, rx: float, ry: float) -> tuple[Shape, Shape]:
    """The same region on both sides of the body's midline (x = 180)."""
    return Shape(180 - dx, cy, rx, ry), Shape(180 + dx, cy, rx, ry)


SPOTS: tuple[Spot, ...] = (
    # Front view
    Spot("shoulder_tip", "front", N_("Shoulder tip"), "left", 70, _pair(58, 86, 9, 9)),
    Spot("upper_abdomen", "front", N_("Upper belly"), "left", 140, (Shape(180, 148, 28, 13),)),
    Spot("lower_abdomen", "front", N_("Lower belly, bump"), "right", 180, (Shape(180, 192, 36, 24),)),
    Spot("hip_outer", "front", N_("Outer hip"), "right", 232, _pair(54, 228, 7, 14)),
    Spot("pubic", "front", N_("Pubic bone"), "left", 230, (Shape(180, 238, 14, 8),)),
    Spot("groin", "front", N_("Groin"), "right", 285, _pair(20, 256, 8, 14)),
    Spot("thigh_outer", "front", N_("Outer thigh"), "left", 300, _pair(46, 290, 6, 24)),
    Spot("below_knee", "front", N_("Below the knee"), "right", 390, _pair(26, 390, 10, 30)),
    # Back view
    Spot("upper_back", "back", N_("Upper back"), "left", 110, (Shape(180, 120, 34, 22),)),
    Spot("flank", "back", N_("Side of back"), "right", 160, _pair(36, 166, 8, 14)),
    Spot("low_back", "back", N_("Low back"), "left", 185, (Shape(180, 190, 28, 13),)),
    Spot("sacroiliac", "back", N_("Back of pelvis"), "right", 220, _pair(13, 216, 7, 7)),
    Spot("buttock", "back", N_("Buttock"), "left", 250, _pair(21, 242, 18, 16)),
    Spot("thigh_back", "back", N_("Back of the thigh"), "right", 300, _pair(21, 298, 12, 28)),
    Spot("calf", "back", N_("Calf"), "left", 380, _pair(25, 380, 10, 24)),
)

SPOT_BY_ID = {spot.id: spot for spot in SPOTS}

# The outline of a standing pregnant body, right half; the left half is its mirror image.
_RIGHT_HALF = [(192, 58), (196, 70), (226, 80), (228, 112), (222, 170), (236, 230), (232, 300), (222, 350),
               (224, 390), (212, 430), (222, 442), (192, 442), (194, 425), (190, 380), (192, 350),
               (188, 290), (180, 262)]
_RIGHT_ARM = [(226, 80), (244, 94), (252, 160), (260, 226), (248, 232), (240, 164), (228, 112)]


def _path(points: Iterable[tuple[float, float]]) -> str:
    pts = list(points)
    return "M" + " L".join(f"{x:g},{y:g}" for x, y in pts) + " Z"


def _mirror(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(360 - x, y) for x, y in points]


def outline_paths() -> list[str]:
    body = _RIGHT_HALF + list(reversed(_mirror(_RIGHT_HALF)))[1:]
    return [_path(body), _path(_RIGHT_ARM), _path(_mirror(_RIGHT_ARM))]


def spots_for(view: View, location_ids: Iterable[str]) -> list[Spot]:
    wanted = set(location_ids)
    return [spot for spot in SPOTS if spot.view == view and spot.id in wanted]


def unplaced(location_ids: Iterable[str]) -> list[str]:
    """Locations the vocabulary has but the drawing does not: they get a plain checkbox."""
    return [loc for loc in location_ids if loc not in SPOT_BY_ID]
