"""Charts of the business review documents (matplotlib PNGs, the CJK font of charts.py):
cumulative plan vs actual by quarter, and achievement bars against the threshold."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from planner.compute.review_actuals import Progress, Review
from planner.render.charts import COLORS, _margins, _png, _pyplot, _short
from planner.report.common import Names
from planner.validate import PlanSet

LOW = "#C0504D"  # a bar below the threshold


def cumulative(quarters: Sequence[str], plan: Sequence[float], actual: Sequence[float],
               names: tuple[str, str]) -> bytes:
    """Cumulative plan (all four quarters, dashed) and actual (up to the review quarter).

    Every review document has one, so the figure is drawn once per process and only its data
    and labels change."""
    fig, ax, lines, plan_notes, actual_notes, legend = _cumulative_figure(len(quarters))
    xs = list(range(len(quarters)))
    lines[0].set_data(xs, plan)
    lines[1].set_data(xs[:len(actual)], actual)
    for note, x, v in zip(plan_notes, xs, plan):
        note.set_text(f"{v:,.0f}")
        note.xy = (x, v)
    for k, note in enumerate(actual_notes):
        note.set_visible(k < len(actual))
        if k < len(actual):
            note.set_text(f"{actual[k]:,.0f}")
            note.xy = (k, actual[k])
    for text, name in zip(legend.get_texts(), names):
        text.set_text(name)
    ax.set_xticks(xs, quarters)
    ax.set_ylim(0, max(list(plan) + list(actual) + [1.0]) * 1.15)
    return _png(fig, keep=True)


@cache
def _cumulative_figure(n: int) -> tuple[Any, ...]:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.2, 2.8))
    _margins(fig, 2.8, left=0.75, top=0.35, bottom=0.35)
    plan = ax.plot([], [], color=COLORS[0], lw=1.6, ls="--", marker="o", ms=4, label="p")[0]
    actual = ax.plot([], [], color=COLORS[2], lw=2.2, marker="o", ms=5, label="a")[0]
    plan_notes = [ax.annotate("", (x, 0), ha="center", va="bottom", fontsize=7, xytext=(0, 5),
                              textcoords="offset points", color=COLORS[0]) for x in range(n)]
    actual_notes = [ax.annotate("", (x, 0), ha="center", va="top", fontsize=7.5,
                                xytext=(0, -6), textcoords="offset points", color=COLORS[2])
                    for x in range(n)]
    ax.set_xlim(-0.3, n - 0.7)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    legend = ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=8)
    return fig, ax, (plan, actual), plan_notes, actual_notes, legend


def achievement_bars(categories: Sequence[str], rates: Sequence[float | None],
                     threshold: float, names: tuple[str, str]) -> bytes:
    """Horizontal bars of achievement (%) per category, top to bottom in the given order, with
    the threshold and 100% marked; bars below the threshold in red. No target: no bar, '—'."""
    plt = _pyplot()
    height = 1.0 + 0.3 * len(categories)
    fig, ax = plt.subplots(figsize=(6.2, height))
    _margins(fig, height, left=1.75, top=0.4, bottom=0.35)
    ys = list(range(len(categories)))[::-1]
    values = [0.0 if r is None else r * 100 for r in rates]
    colors = [LOW if r is not None and r < threshold else COLORS[0] for r in rates]
    ax.barh(ys, values, 0.6, color=colors)
    top = max(values + [110.0]) * 1.12
    for y, v, r in zip(ys, values, rates):
        ax.text(v + top * 0.01, y, "—" if r is None else f"{v:.1f}%", va="center", fontsize=7.5)
    ax.axvline(threshold * 100, color=LOW, lw=0.9, ls="--", label=names[0])
    ax.axvline(100, color="#7F7F7F", lw=0.9, label=names[1])
    ax.set_yticks(ys, [_short(c) for c in categories])
    ax.set_xlim(0, top)
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:.0f}%")
    ax.grid(axis="x", color="#DDDDDD")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=8)
    return _png(fig)


def _cumulative(p: Progress, through: int, L: dict[str, str]) -> bytes:
    plan, actual, run = [], [], 0.0
    for q in p.target_q:
        run += float(q)
        plan.append(run)
    run = 0.0
    for q in p.actual_q[:through]:
        run += float(q)
        actual.append(run)
    return cumulative([L[f"q{k}"] for k in range(1, 5)], plan, actual,
                      (L["rv_cum_plan"], L["rv_cum_actual"]))


def _bars(groups: dict[str, Progress], name: Any, review: Review, L: dict[str, str]) -> bytes:
    return achievement_bars([name(k) for k in groups],
                            [None if p.achievement is None else float(p.achievement)
                             for p in groups.values()], float(review.threshold),
                            (L["rv_threshold_line"], L["rv_full_line"]))


def review_charts(plan: PlanSet, review: Review, level: str, id: str | None,
                  L: dict[str, str]) -> dict[str, bytes | None]:
    """The charts of one review document: 'cumulative' always; achievement bars by customer
    (an industry), or by industry and by region (the market)."""
    names = Names(plan, L)
    t = review.through
    if level == "customer":
        return {"cumulative": _cumulative(review.customers[id], t, L)}  # type: ignore[index]
    if level == "industry":
        cids = review.industry_customers[id]  # type: ignore[index]
        customers = {c: review.customers[c] for c in cids}
        return {"cumulative": _cumulative(review.industries[id], t, L),  # type: ignore[index]
                "customers": _bars(customers, lambda c: plan.customers[c].name, review, L)
                if customers else None}
    return {"cumulative": _cumulative(review.market, t, L),
            "industries": _bars(review.industries, names.industry, review, L)
            if review.industries else None,
            "regions": _bars(review.regions, names.region, review, L)
            if review.regions else None}
