"""Charts for the Word plans as native DrawingML charts (the chart parts Word and WPS draw).

The chart XML is written by python-pptx's chart writer (DrawingML charts are the same in a
PowerPoint slide and a Word document) and styled through its chart API. A native chart costs
about 2 ms against 70–140 ms for a matplotlib picture, prints sharp at any zoom, uses the
document's East Asian font for Chinese labels, and stays editable in Word. The figures are the
chart's cached values; there is no embedded workbook, so Word shows the chart as planned but
does not offer to edit its data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.chart.xmlwriter import ChartXmlWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
)
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.oxml import parse_xml
from pptx.util import Pt

from planner.render.chart_shapes import MARK, drawn_once
from planner.render.label_layout import place_labels, short_name

COLORS = ("1F4E79", "70AD47", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "9E480E")
FONT_LATIN, FONT_EAST_ASIA = "Arial", "黑体"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


@dataclass(frozen=True)
class NativeChart:
    """A chart part's XML and the size it is shown at, in centimetres."""

    xml: bytes
    width_cm: float
    height_cm: float


def _styled(kind: object, data: object, legend: bool = True) -> tuple[etree._Element, Chart]:
    space = parse_xml(ChartXmlWriter(kind, data).xml.encode("utf-8"))
    chart = Chart(space, None)
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    chart.font.size = Pt(9)
    chart.font.name = FONT_LATIN
    rpr = space.find(f".//{_A}defRPr")
    east_asia = etree.SubElement(rpr, f"{_A}ea")  # Chinese labels in a CJK font
    east_asia.set("typeface", FONT_EAST_ASIA)
    return space, chart


def _colour(chart: Chart) -> None:
    for i, series in enumerate(chart.plots[0].series):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(COLORS[i % len(COLORS)])


def _xml(space: etree._Element, width: float, height: float) -> NativeChart:
    return NativeChart(etree.tostring(space, xml_declaration=True, encoding="UTF-8",
                                      standalone=True), width, height)


def _category_data(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
                   number_format: str) -> CategoryChartData:
    data = CategoryChartData(number_format=number_format)
    data.categories = list(categories)
    for name, values in series:
        # (drawn_once draws a chart with markers, text, in place of the values)
        data.add_series(name, [v if isinstance(v, str) and MARK in v else float(v)
                               for v in values])
    return data


@drawn_once
def stacked_columns(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
                    unit: str = "") -> NativeChart:
    """Vertical stacked bars, one per category (e.g. Q1..Q4 of stock / increment / win-back)."""
    space, chart = _styled(XL_CHART_TYPE.COLUMN_STACKED,
                           _category_data(categories, series, "#,##0.00"))
    _colour(chart)
    chart.plots[0].gap_width = 80
    _value_axis(chart, unit)
    return _xml(space, 15.5, 7.0)


@drawn_once
def stacked_bars(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
                 percent: bool = False, unit: str = "") -> NativeChart:
    """Horizontal stacked bars, first category on top; `percent` makes each bar 100%."""
    kind = XL_CHART_TYPE.BAR_STACKED_100 if percent else XL_CHART_TYPE.BAR_STACKED
    space, chart = _styled(kind, _category_data(categories, series, "#,##0.00"))
    _colour(chart)
    chart.plots[0].gap_width = 60
    chart.category_axis.reverse_order = True  # read top to bottom in the given order
    # ... with the value scale still below: the value axis crosses at the last category
    space.find(f"{_C}chart/{_C}plotArea/{_C}valAx/{_C}crosses").set("val", "max")
    _value_axis(chart, "" if percent else unit, "0%" if percent else "#,##0")
    return _xml(space, 15.5, 2.6 + 0.75 * len(categories))


@drawn_once
def grouped_columns(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
                    unit: str = "") -> NativeChart:
    """Side-by-side bars per category (e.g. the bottom-up total beside the guidance), labelled."""
    space, chart = _styled(XL_CHART_TYPE.COLUMN_CLUSTERED,
                           _category_data(categories, series, "#,##0"))
    _colour(chart)
    plot = chart.plots[0]
    plot.gap_width = 70
    plot.has_data_labels = True
    _labels(plot.data_labels, "#,##0", XL_LABEL_POSITION.OUTSIDE_END)
    _value_axis(chart, unit)
    return _xml(space, 15.5, 7.0)


def value_scatter(points: Sequence[tuple[str, float, float]], limits: tuple[float, float],
                  labelled: int, axes: tuple[str, str]) -> NativeChart:
    """Customers placed by current (x) × potential (y) value, with the two threshold lines that
    make the quadrants; up to `labelled` of the largest customers are named, where a name
    fits without overlapping another (`label_layout.place_labels`)."""
    data = XyChartData()
    series = data.add_series(axes[1])
    for _, x, y in points:
        series.add_data_point(float(x), float(y))
    x_top = max([p[1] for p in points] + [limits[0] * 2, 1.0]) * 1.05
    y_top = max([p[2] for p in points] + [limits[1] * 2, 1.0]) * 1.05
    x_low = min([p[1] for p in points] + [0.0])
    for name, line in (("x", ((limits[0], 0.0), (limits[0], y_top))),
                       ("y", ((x_low, limits[1]), (x_top, limits[1])))):
        threshold = data.add_series(name)
        for x, y in line:
            threshold.add_data_point(x, y)
    space, chart = _styled(XL_CHART_TYPE.XY_SCATTER, data, legend=False)
    _colour(chart)
    for threshold in list(chart.plots[0].series)[1:]:  # dashed threshold lines, no markers
        threshold.marker.style = XL_MARKER_STYLE.NONE
        threshold.format.line.color.rgb = RGBColor.from_string(COLORS[2])
        threshold.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        threshold.format.line.width = Pt(1)
    plotted = chart.plots[0].series[0]
    plotted.marker.size = 7
    plotted.format.line.fill.background()  # points, no connecting line
    y_low = min([p[2] for p in points] + [0.0])
    names = [(short_name(name), x, y) for name, x, y in points]
    sides = place_labels(names, (x_low, x_top), (y_low, y_top), labelled)
    for i, side in sides.items():  # the rest stay plain points: no two names overlap
        label = plotted.points[i].data_label
        label.text_frame.text = names[i][0]
        label.position = XL_LABEL_POSITION.RIGHT if side == "right" else XL_LABEL_POSITION.LEFT
        label.font.size = Pt(7)
    # fixed scales, so that the label layout's geometry is the one drawn
    chart.category_axis.minimum_scale, chart.category_axis.maximum_scale = x_low, x_top
    chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = y_low, y_top
    for axis, title in ((chart.category_axis, axes[0]), (chart.value_axis, axes[1])):
        axis.has_title = True
        axis.axis_title.text_frame.text = title
        axis.tick_labels.number_format = "#,##0"
        axis.tick_labels.number_format_is_linked = False
    return _xml(space, 15.5, 8.5)


def waterfall(steps: Sequence[tuple[str, float, str]], unit: str) -> NativeChart:
    """A bridge: each step ('total' bars stand on zero; 'up' / 'down' steps float from the
    running total), drawn as stacked columns over an invisible spacer series and labelled
    with its amount."""
    spacer, shown, level = [], [], 0.0
    for _, amount, kind in steps:
        if kind == "total":
            spacer.append(0.0)
            shown.append(amount)
            level = amount
        elif kind == "down":
            level = round(level - amount, 2)  # amounts are cents: no float residue shown
            spacer.append(level)
            shown.append(amount)
        else:
            spacer.append(level)
            shown.append(amount)
            level = round(level + amount, 2)
    space, chart = _styled(XL_CHART_TYPE.COLUMN_STACKED, _category_data(
        [s[0] for s in steps], [("", spacer), (unit, shown)], "#,##0.00"), legend=False)
    plot = chart.plots[0]
    plot.gap_width = 60
    hidden, bars = plot.series
    hidden.format.fill.background()
    hidden.format.line.fill.background()
    colours = {"total": COLORS[0], "up": COLORS[1], "down": COLORS[2]}
    for i, (_, _, kind) in enumerate(steps):
        point = bars.points[i]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = RGBColor.from_string(colours[kind])
    bars.data_labels.show_value = True
    _labels(bars.data_labels, "#,##0.00", XL_LABEL_POSITION.INSIDE_END)
    _value_axis(chart, unit)
    return _xml(space, 15.5, 4.0)


def _labels(labels: object, number_format: str, position: object) -> None:
    """Data labels in 8 pt, in their own number format, at `position`."""
    labels.number_format = number_format  # type: ignore[attr-defined]
    labels.number_format_is_linked = False  # type: ignore[attr-defined]
    labels.position = position  # type: ignore[attr-defined]
    labels.font.size = Pt(8)  # type: ignore[attr-defined]


def _value_axis(chart: Chart, unit: str, number_format: str = "#,##0") -> None:
    """A value axis that starts at zero and names its unit."""
    axis = chart.value_axis
    axis.minimum_scale = 0
    axis.tick_labels.number_format = number_format
    axis.tick_labels.number_format_is_linked = False
    if unit:
        axis.has_title = True
        axis.axis_title.text_frame.text = unit
        axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(8)
        axis.axis_title.text_frame.paragraphs[0].runs[0].font.bold = False
