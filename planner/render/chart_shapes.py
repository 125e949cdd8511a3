"""Category charts drawn once per shape, then filled in: the same XML as drawing each anew.

Styling a native chart through python-pptx's chart API (colours, fonts, axes) costs some 2.5 ms
a chart and depends only on the chart's kind and shape, never on its texts and figures. So a
chart is drawn once per shape (number of categories, of series and of their values, and its
options) with markers in place of its category names, series names and values; every chart of
that shape is then the drawn XML with the markers replaced, escaped as python-pptx's writer
escapes them.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape

MARK = "\ue000"  # a private-use character: never one of the chart's own texts' markers
_MARKED = re.compile(f"{MARK}([csv][0-9_]+){MARK}".encode())


def drawn_once(draw: Callable[..., Any]) -> Callable[..., Any]:
    """`draw(categories, series, *options)` (returning a NativeChart), drawn once per shape."""
    shapes: dict[tuple, tuple[list[bytes], Any]] = {}

    @functools.wraps(draw)
    def chart(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
              *args: Any, **options: Any) -> Any:
        if not all(type(c) is str for c in categories) or \
                not all(type(name) is str for name, _ in series):
            return draw(categories, series, *args, **options)  # a number or date category
        key = (len(categories), tuple(len(v) for _, v in series), args,
               tuple(sorted(options.items())))
        shape = shapes.get(key)
        if shape is None:
            marked = draw([f"{MARK}c{i}{MARK}" for i in range(len(categories))],
                          [(f"{MARK}s{j}{MARK}", [f"{MARK}v{j}_{i}{MARK}" for i in range(len(v))])
                           for j, (_, v) in enumerate(series)], *args, **options)
            shape = shapes[key] = (_MARKED.split(marked.xml), marked)
        pieces, marked = shape
        fill = {f"c{i}".encode(): escape(c).encode() for i, c in enumerate(categories)}
        for j, (name, values) in enumerate(series):
            fill[f"s{j}".encode()] = escape(name).encode()
            for i, v in enumerate(values):
                fill[f"v{j}_{i}".encode()] = str(float(v)).encode()  # as the writer's "{value}"
        xml = b"".join(p if k % 2 == 0 else fill[p] for k, p in enumerate(pieces))
        # an empty text: lxml writes its element empty (every marker is the text of a c:v)
        xml = xml.replace(b"<c:v></c:v>", b"<c:v/>")
        return dataclasses.replace(marked, xml=xml)  # its size is the shape's

    return chart
