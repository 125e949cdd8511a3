"""Charts for the Word documents, as PNG images drawn by matplotlib with a CJK font.

(The workbooks get native Excel charts instead; see render/xlsx_*.py.) Figures are drawn at a fixed
size and DPI without timestamps in the metadata, so the same data gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from typing import Any

COLORS = ("#1F4E79", "#70AD47", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#9E480E")
DPI = 110
SHOW_TITLES = False
LABELLED_POINTS = 8
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei",
                "Microsoft YaHei", "SimHei", "PingFang SC", "Noto Sans SC")


@cache
def _pyplot():
    """matplotlib, set up once: no display, a CJK font, a quiet style."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    families = [f for f in CJK_FAMILIES if f in installed] or ["sans-serif"]
    plt.rcParams.update({
        "font.family": families[:1], "axes.unicode_minus": False,
        "font.size": 9, "axes.spines.top": False, "axes.spines.right": False,
        "axes.grid": True, "axes.grid.axis": "y", "grid.color": "#DDDDDD",
        "axes.axisbelow": True, "legend.frameon": False, "svg.hashsalt": "planner",
    })
    return plt


def cjk_font_available() -> bool:
    """Whether a CJK font was found for the charts (else Chinese labels would be boxes)."""
    plt = _pyplot()
    return plt.rcParams["font.family"][0] != "sans-serif"


def _png(fig: Any, keep: bool = False) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    if not keep:
        _pyplot().close(fig)
    return buf.getvalue()


def stacked_bars(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
                 title: str, size: tuple[float, float] = (6.2, 2.8)) -> bytes:
    """Vertical stacked bars: one bar per category, one colour per series, totals on top.

    Every customer and industry plan has one, so the figure is drawn once per process and only
    its bars and numbers change (about half the time of a new figure)."""
    fig, ax, bars, notes, legend = _stacked_figure(len(categories), len(series), size)
    bottoms = [0.0] * len(categories)
    for i, (name, values) in enumerate(series):
        for rect, v, b in zip(bars[i], values, bottoms):
            rect.set_height(v)
            rect.set_y(b)
        legend.get_texts()[i].set_text(name)
        bottoms = [b + v for b, v in zip(bottoms, values)]
    for note, x, total in zip(notes, range(len(categories)), bottoms):
        note.set_text(f"{total:,.2f}")
        note.xy = (x, total)
    ax.set_xticks(range(len(categories)), categories)
    ax.set_ylim(0, max(bottoms + [1.0]) * 1.18)
    _title(ax, title)
    return _png(fig, keep=True)


@cache
def _stacked_figure(n: int, m: int, size: tuple[float, float]) -> tuple[Any, ...]:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=size)
    fig.subplots_adjust(left=0.09, right=0.98, top=0.9, bottom=0.11)
    xs = list(range(n))
    bars = [ax.bar(xs, [0.0] * n, 0.55, label=f"s{i}", color=COLORS[i % 7]) for i in range(m)]
    notes = [ax.annotate("", (x, 0), ha="center", va="bottom", fontsize=8, xytext=(0, 2),
                         textcoords="offset points") for x in xs]
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    legend = ax.legend(loc="upper left", ncols=m, fontsize=8)
    return fig, ax, bars, notes, legend


def share_bars(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
               title: str) -> bytes:
    """Horizontal 100% bars: each category's split between series (our share first)."""
    plt = _pyplot()
    height = 1.2 + 0.32 * len(categories)
    fig, ax = plt.subplots(figsize=(6.2, height))
    _margins(fig, height, left=1.0, top=0.55)
    totals = [sum(v[i] for _, v in series) or 1.0 for i in range(len(categories))]
    lefts = [0.0] * len(categories)
    ys = list(range(len(categories)))[::-1]
    for i, (name, values) in enumerate(series):
        shares = [v / t * 100 for v, t in zip(values, totals)]
        ax.barh(ys, shares, 0.6, left=lefts, label=name, color=COLORS[i % 7])
        for y, left, s in zip(ys, lefts, shares):
            if s >= 8:
                ax.text(left + s / 2, y, f"{s:.0f}%", ha="center", va="center", fontsize=7.5,
                        color="white")
        lefts = [a + b for a, b in zip(lefts, shares)]
    ax.set_yticks(ys, categories)
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:.0f}%")
    ax.grid(axis="x", color="#DDDDDD")
    ax.grid(axis="y", visible=False)
    _title(ax, title)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(series), fontsize=8)
    return _png(fig)


def stacked_barh(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
                 title: str) -> bytes:
    """Horizontal stacked bars, one per category (top to bottom in the given order)."""
    plt = _pyplot()
    height = 1.2 + 0.3 * len(categories)
    fig, ax = plt.subplots(figsize=(6.2, height))
    _margins(fig, height, left=1.75, top=0.5)
    ys = list(range(len(categories)))[::-1]
    lefts = [0.0] * len(categories)
    for i, (name, values) in enumerate(series):
        ax.barh(ys, values, 0.6, left=lefts, label=name, color=COLORS[i % 7])
        lefts = [a + b for a, b in zip(lefts, values)]
    ax.set_yticks(ys, [_short(c) for c in categories])
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:,.0f}")
    ax.grid(axis="x", color="#DDDDDD")
    ax.grid(axis="y", visible=False)
    _title(ax, title)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(series), fontsize=8)
    return _png(fig)


def grouped_bars(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
                 title: str) -> bytes:
    """Side-by-side bars per category (e.g. bottom-up total beside the guidance)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.2, 2.8))
    _margins(fig, 2.8, left=0.6, top=0.15)
    n = len(series)
    width = 0.8 / max(n, 1)
    for i, (name, values) in enumerate(series):
        xs = [x + (i - (n - 1) / 2) * width for x in range(len(categories))]
        ax.bar(xs, values, width * 0.95, label=name, color=COLORS[i % 7])
        for x, v in zip(xs, values):
            ax.annotate(f"{v:,.0f}", (x, v), ha="center", va="bottom", fontsize=7,
                        xytext=(0, 2), textcoords="offset points")
    ax.set_xticks(range(len(categories)), [_short(c) for c in categories])
    top = max([v for _, vals in series for v in vals] + [1.0])
    ax.set_ylim(0, top * 1.18)
    ax.yaxis.set_major_formatter(lambda x, _: f"{x:,.0f}")
    _title(ax, title)
    ax.legend(loc="upper right", fontsize=8)
    return _png(fig)


def value_scatter(points: Sequence[tuple[str, float, float]], limits: tuple[float, float],
                  quadrants: Sequence[str], title: str, axes: tuple[str, str]) -> bytes:
    """Customers placed by current (x) × potential (y) value, with the threshold lines and the
    quadrant names (top-right, bottom-right, top-left, bottom-left)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.2, 3.6))
    _margins(fig, 3.6, left=0.7, top=0.15, bottom=0.55)
    xs = [p[1] for p in points]
    ys = [p[2] for p in points]
    ax.scatter(xs, ys, s=28, color=COLORS[0], zorder=3)
    # name the largest customers only: dozens of labels in one corner would be unreadable
    for label, x, y in sorted(points, key=lambda p: -(p[1] + p[2]))[:LABELLED_POINTS]:
        ax.annotate(_short(label, 8), (x, y), fontsize=7, xytext=(3, 3),
                    textcoords="offset points")
    ax.axvline(limits[0], color=COLORS[2], lw=0.8, ls="--")
    ax.axhline(limits[1], color=COLORS[2], lw=0.8, ls="--")
    x_hi = max(xs + [limits[0] * 2, 1.0]) * 1.1
    y_hi = max(ys + [limits[1] * 2, 1.0]) * 1.1
    x_lo = min(xs + [0.0]) * 1.1
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(0, y_hi)
    corners = ((0.98, 0.97, "right", "top"), (0.98, 0.03, "right", "bottom"),
               (0.02, 0.97, "left", "top"), (0.02, 0.03, "left", "bottom"))
    for name, (x, y, ha, va) in zip(quadrants, corners):
        ax.text(x, y, name, transform=ax.transAxes, ha=ha, va=va, fontsize=8, color="#7F7F7F")
    ax.set_xlabel(axes[0])
    ax.set_ylabel(axes[1])
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    _title(ax, title)
    return _png(fig)


def _margins(fig: Any, height: float, left: float, top: float, bottom: float = 0.35) -> None:
    """Fixed margins in inches (a layout engine would measure every label: slow)."""
    width = fig.get_figwidth()
    fig.subplots_adjust(left=left / width, right=1 - 0.15 / width, top=1 - top / height,
                        bottom=bottom / height)


def _title(ax: Any, title: str) -> None:
    """Charts in Word carry a caption below them, so the image itself has no title; a caller
    that wants one inside (e.g. an image used on its own) passes SHOW_TITLES."""
    if SHOW_TITLES:
        ax.set_title(title, fontsize=10)


def _short(text: str, n: int = 12) -> str:
    """A label cut to fit beside a bar."""
    return text if len(text) <= n else text[: n - 1] + "…"
