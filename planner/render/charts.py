"""matplotlib, set up for pictures with Chinese labels: the business review's charts.

(The plans' charts are native: native_charts.py for Word, XlsxWriter's for Excel.) Figures are
drawn at a fixed size and DPI without timestamps in the metadata, so the same data gives the same
bytes.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

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
        "font.family": families[:1], "axes.unicode_minus": False,
        "font.size": 9, "axes.spines.top": False, "axes.spines.right": False,
        "axes.grid": True, "axes.grid.axis": "y", "grid.color": "#DDDDDD",
        "axes.axisbelow": True, "legend.frameon": False, "svg.hashsalt": "planner",
    })
    return plt

def _png(fig: Any, keep: bool = False) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    if not keep:
        _pyplot().close(fig)
    return buf.getvalue()

def _margins(fig: Any, height: float, left: float, top: float, bottom: float = 0.35) -> None:
    """Fixed margins in inches (a layout engine would measure every label: slow)."""
    width = fig.get_figwidth()
    fig.subplots_adjust(left=left / width, right=1 - 0.15 / width, top=1 - top / height,
                        bottom=bottom / height)

def _short(text: str, n: int = 12) -> str:
    """A label cut to fit beside a bar."""
    return text if len(text) <= n else text[: n - 1] + "…"
