"""Which points of a scatter chart get a name, and on which side, so that no two names overlap
and none runs off the plot: the largest first, one that would collide is left a plain point."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

PLOT_CM = (13.0, 6.6)  # the plot area of a 15.5 × 8.5 cm chart, less axes and their titles
CHAR_CM = 0.28  # a CJK character at 7 pt, with room; a narrow (Latin) character counts half
LABEL_H_CM = 0.4
MOST_CHARS = 7  # Word and LibreOffice wrap a data label of about 8 CJK characters
GAP_CM = 0.18  # between the marker and its name
MARKER_CM = 0.22  # a 7 pt marker


def short_name(name: str) -> str:
    """A name short enough to stay on one line: its first 6 characters and '…' when longer."""
    return name if len(name) <= MOST_CHARS else name[:MOST_CHARS - 1] + "…"


def text_cm(text: str) -> float:
    """The printed width of a name at 7 pt."""
    return sum(CHAR_CM if unicodedata.east_asian_width(ch) in "WF" else CHAR_CM / 2
               for ch in text)


def place_labels(points: Sequence[tuple[str, float, float]], x_range: tuple[float, float],
                 y_range: tuple[float, float], most: int,
                 plot: tuple[float, float] = PLOT_CM) -> dict[int, str]:
    """{point index: "right" | "left"} for at most `most` points, largest (x + y) first: a name
    goes right of its point, or left when it would run off the plot, and is skipped when both
    sides would overlap a name already placed, another point's marker or the plot's edge."""
    (x0, x1), (y0, y1) = x_range, y_range
    sx, sy = plot[0] / ((x1 - x0) or 1.0), plot[1] / ((y1 - y0) or 1.0)
    boxes: list[tuple[float, float, float, float]] = []
    r = MARKER_CM / 2
    markers = [((x - x0) * sx - r, (y - y0) * sy - r, (x - x0) * sx + r, (y - y0) * sy + r)
               for _, x, y in points]
    out: dict[int, str] = {}
    for i in sorted(range(len(points)), key=lambda i: (-(points[i][1] + points[i][2]), i)):
        if len(out) == most:
            break
        name, x, y = points[i]
        cx, cy, w = (x - x0) * sx, (y - y0) * sy, text_cm(name)
        bottom, top = cy - LABEL_H_CM / 2, cy + LABEL_H_CM / 2
        for side, left in (("right", cx + GAP_CM), ("left", cx - GAP_CM - w)):
            box = (left, bottom, left + w, top)
            inside = box[0] >= 0 and box[2] <= plot[0] and box[1] >= 0 and box[3] <= plot[1]
            if inside and not any(_overlap(box, b) for b in boxes + markers):
                boxes.append(box)
                out[i] = side
                break
    return out


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
