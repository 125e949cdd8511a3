"""Charts for the Word documents, as PNG images drawn by matplotlib with a CJK font.

(The workbooks get native Excel charts instead; see render/xlsx_*.py.) Figures are drawn at a fixed
size and DPI without timestamps in the metadata, so the same data gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache

COLORS = ("#1F4E79", "#70AD47", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#9E480E")
DPI = 110
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
        "font.family": families + ["DejaVu Sans"], "axes.unicode_minus": False,
        "font.size": 9, "axes.spines.top": False, "axes.spines.right": False,
        "axes.grid": True, "axes.grid.axis": "y", "grid.color": "#DDDDDD",
        "axes.axisbelow": True, "legend.frameon": False, "svg.hashsalt": "planner",
    })
    return plt


def cjk_font_available() -> bool:
    """Whether a CJK font was found for the charts (else Chinese labels would be boxes)."""
    plt = _pyplot()
    return plt.rcParams["font.family"][0] != "sans-serif"


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    _pyplot().close(fig)
    return buf.getvalue()


def stacked_bars(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
                 title: str, size: tuple[float, float] = (6.2, 2.8)) -> bytes:
    """Vertical stacked bars: one bar per category, one colour per series, totals on top."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=size, layout="constrained")
    bottoms = [0.0] * len(categories)
    for i, (name, values) in enumerate(series):
        ax.bar(categories, values, 0.55, bottom=bottoms, label=name, color=COLORS[i % 7])
        bottoms = [b + v for b, v in zip(bottoms, values)]
    for x, total in enumerate(bottoms):
        ax.annotate(f"{total:,.2f}", (x, total), ha="center", va="bottom", fontsize=8,
                    xytext=(0, 2), textcoords="offset points")
    ax.set_ylim(0, max(bottoms + [1.0]) * 1.18)
    ax.set_title(title, fontsize=10)
    ax.legend(loc="upper left", ncols=len(series), fontsize=8)
    return _png(fig)


def share_bars(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
               title: str) -> bytes:
    """Horizontal 100% bars: each category's split between series (our share first)."""
    plt = _pyplot()
    height = 1.2 + 0.32 * len(categories)
    fig, ax = plt.subplots(figsize=(6.2, height), layout="constrained")
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
    ax.set_title(title, fontsize=10)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.08), ncols=len(series), fontsize=8)
    return _png(fig)
