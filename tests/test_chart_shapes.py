"""Charts drawn once per shape and filled in are the very charts drawn each anew."""

from __future__ import annotations

import pytest

from planner.render import native_charts as charts

TEXTS = ["物联网", "A & B <c>", '"quoted" \'too\'', "IDC/云", "", "x" * 40]


@pytest.mark.parametrize("draw, options", [
    (charts.stacked_columns, {"unit": "万元"}),
    (charts.stacked_columns, {}),
    (charts.stacked_bars, {"percent": True}),
    (charts.stacked_bars, {"unit": "万元"}),
    (charts.grouped_columns, {"unit": "万元"}),
])
def test_a_chart_filled_in_is_the_chart_drawn_anew(draw, options):
    for n_cat, n_ser in ((1, 1), (4, 3), (6, 2), (4, 3)):  # (4, 3) twice: drawn, then reused
        for shift in range(3):
            cats = [TEXTS[(i + shift) % len(TEXTS)] + str(i) for i in range(n_cat)]
            series = [(TEXTS[(j + shift + 1) % len(TEXTS)],
                       [1234.5 * (i + 1) / (j + 2) - shift for i in range(n_cat)])
                      for j in range(n_ser)]
            filled = draw(cats, series, **options)
            assert filled == draw.__wrapped__(cats, series, **options)


def test_number_categories_are_drawn_anew():
    chart = charts.stacked_columns([2026, 2027], [("a", [1.0, 2.0])])
    assert chart == charts.stacked_columns.__wrapped__([2026, 2027], [("a", [1.0, 2.0])])
    assert b"numRef" in chart.xml or b"2026" in chart.xml
