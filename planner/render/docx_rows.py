"""Long tables of a Word document written row by row, not through Jinja and lxml.

A market plan of 20,000 customers lists every one of them (附表), an industry plan each of its
thousands; rendered as one Jinja string and parsed into one lxml tree, such a table takes 12 KB
of memory a row (400 MB for 3,000 customers). Here each long list of rows in the context is
rendered as one probe row, whose values are markers; the rendered document then shows what a
row of that table is (its XML, with a marker where each value goes), and the real rows are
written from that pattern into the document's bytes: the same bytes the whole render gives,
in memory that does not grow with the table beyond its own text.

Only what the pattern can show exactly is streamed: a row whose every value is printed as text,
once for each time the template reads it (not in a condition, a filter or an attribute), in one
table. Anything else, and a template that fails on the probe, is rendered whole, as before.
"""

from __future__ import annotations

import itertools
import re
import secrets
from collections.abc import Callable, Iterator
from typing import Any

STREAM_FROM = 100  # rows of a list before it is written row by row

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters around a marker
_LEAF = (str, int, float, type(None))


class NotStreamable(Exception):
    """The rendered probe does not show one row that can be written for every row (of the list
    `rows`, when it is known which)."""

    def __init__(self, why: str, rows: list[Any] | None = None):
        super().__init__(why)
        self.rows = rows


class _Probe(dict):  # type: ignore[type-arg]
    """The one row a long list renders as: its values are markers, and every read is counted."""

    def __init__(self, data: dict[str, Any], reads: dict[str, int]):
        super().__init__(data)
        # (a name no row has: a template's r.reads would find the attribute before the key)
        self._planner_reads = reads

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        if isinstance(value, str) and value.startswith(_OPEN):
            self._planner_reads[value] = self._planner_reads.get(value, 0) + 1
        return value


class _ProbeList(list):  # type: ignore[type-arg]
    """A list of values inside a probe row (`{%tc for a in r.amounts %}`): reads counted."""

    def __init__(self, data: list[Any], reads: dict[str, int]):
        super().__init__(data)
        self._planner_reads = reads

    def __iter__(self) -> Iterator[Any]:
        for value in super().__iter__():
            if isinstance(value, str) and value.startswith(_OPEN):
                self._planner_reads[value] = self._planner_reads.get(value, 0) + 1
            yield value


class _Rows(list):  # type: ignore[type-arg]
    """A long list, standing in the context as its probe row (and as long as the list)."""

    def __init__(self, probe: _Probe, length: int):
        super().__init__([probe])
        self._planner_length = length

    def __len__(self) -> int:
        return self._planner_length

    def __bool__(self) -> bool:
        return self._planner_length > 0


def _shape(value: Any) -> Any:
    """What a row is made of: its keys and list lengths, not its values (raises NotStreamable
    for a value that is not text or a number)."""
    if type(value) is dict:
        return tuple((k, _shape(v)) for k, v in value.items())
    if type(value) is list:
        return ("[", tuple(_shape(v) for v in value))
    if not isinstance(value, _LEAF):
        raise NotStreamable(type(value).__name__)
    return None


def _leaves(value: Any, out: list[Any]) -> list[Any]:
    if isinstance(value, dict):
        for v in value.values():
            _leaves(v, out)
    elif isinstance(value, list):
        for v in value:
            _leaves(v, out)
    else:
        out.append(value)
    return out


class _Stream:
    """One long list: its rows and its probe, whose values are markers numbered in leaf order
    (`_leaves`), and the reads of each marker."""

    def __init__(self, n: int, rows: list[dict[str, Any]], nonce: str):
        self.rows = rows
        self.reads: dict[str, int] = {}
        leaf = itertools.count()

        def probe(value: Any) -> Any:
            if isinstance(value, dict):
                return _Probe({k: probe(v) for k, v in value.items()}, self.reads)
            if isinstance(value, list):
                return _ProbeList([probe(v) for v in value], self.reads)
            return f"{_OPEN}{nonce}:{n}:{next(leaf)}{_CLOSE}"

        self.stand_in = _Rows(probe(rows[0]), len(rows))


def _streamable(value: Any) -> bool:
    if not isinstance(value, list) or len(value) < STREAM_FROM \
            or not all(type(r) is dict for r in value):
        return False
    try:
        shape = _shape(value[0])
        return all(_shape(r) == shape for r in value)
    except NotStreamable:
        return False


def probe_context(context: dict[str, Any], whole: list[list[Any]] = ()
                  ) -> tuple[dict[str, Any], list[_Stream]]:
    """The context with each long list of rows (at its top level or in a dict there; not those
    in `whole`) standing as its probe row; the lists."""
    nonce = secrets.token_hex(4)
    streams: list[_Stream] = []

    def stand_in(value: Any) -> Any:
        if _streamable(value) and not any(value is w for w in whole):
            streams.append(_Stream(len(streams), value, nonce))
            return streams[-1].stand_in
        return value

    probed = {}
    for key, value in context.items():
        if type(value) is dict:
            value = {k: stand_in(v) for k, v in value.items()}
        probed[key] = stand_in(value)
    return probed, streams


_MARKER = re.compile(("\ue000[0-9a-f]+:([0-9]+):([0-9]+)\ue001").encode())


def _row_span(xml: bytes, first: int, last: int) -> tuple[int, int]:
    start = max(xml.rfind(b"<w:tr ", 0, first), xml.rfind(b"<w:tr>", 0, first))
    end = xml.find(b"</w:tr>", last)
    if start < 0 or end < 0:
        raise NotStreamable("not in a table row")
    return start, end + len(b"</w:tr>")


def expand(xml: bytes, streams: list[_Stream],
           printed: Callable[[Any], str]) -> Iterator[bytes]:
    """The document's XML with each probe row written out once for every row of its list,
    each value as `printed` makes it (the template's finalize), in pieces (a row each), made
    as they are read (a market plan's 20,000 rows, 34 MB of XML, are never all held: they are
    compressed as they come). Raises NotStreamable at once where the rows cannot be written
    so; a value that cannot be printed raises as the pieces are read."""
    if not streams:
        return iter([xml])
    found: dict[int, list[re.Match[bytes]]] = {}
    for m in _MARKER.finditer(xml):
        found.setdefault(int(m.group(1)), []).append(m)
    spans = []
    for n, stream in enumerate(streams):
        marks = found.get(n, [])
        if not marks:
            raise NotStreamable("a list not printed in a row", stream.rows)
        try:
            start, end = _row_span(xml, marks[0].start(), marks[-1].end())
        except NotStreamable as e:
            raise NotStreamable(str(e), stream.rows) from None
        row = xml[start:end]
        if row.count(b"<w:tr ") + row.count(b"<w:tr>") != 1 or b"docPr" in row:
            raise NotStreamable("markers in more than one row", stream.rows)
        counts: dict[str, int] = {}
        for m in marks:
            # in text, not in a tag (an attribute is quoted differently)
            if xml.rfind(b"<", 0, m.start()) > xml.rfind(b">", 0, m.start()):
                raise NotStreamable("a value in an attribute", stream.rows)
            key = m.group(0).decode("utf-8")
            counts[key] = counts.get(key, 0) + 1
        if any(counts.get(k, 0) != r for k, r in stream.reads.items()) or \
                any(k not in stream.reads for k in counts):
            raise NotStreamable("a value read and not printed", stream.rows)
        spans.append((start, end, n, row))
    spans.sort()
    for (start, _, n, _), (_, end, _, _) in zip(spans[1:], spans, strict=False):
        if start < end:
            raise NotStreamable("two lists in one row", streams[n].rows)
    return _pieces(xml, spans, streams, printed)


def _pieces(xml: bytes, spans: list[tuple[int, int, int, bytes]], streams: list[_Stream],
            printed: Callable[[Any], str]) -> Iterator[bytes]:
    at = 0
    for start, end, n, row in spans:
        yield xml[at:start]
        parts = _MARKER.split(row)  # literal, stream, leaf, literal, ...
        literals, slots = parts[0::3], [int(k) for k in parts[2::3]]
        # an element whose whole text is an empty value is written empty, as lxml writes it:
        # '<w:t xml:space="preserve"/>'
        empty = [_emptied(literals[i], literals[i + 1]) for i in range(len(slots))]
        for r in streams[n].rows:
            values = _leaves(r, [])
            skip = 0
            one = []
            for i, slot in enumerate(slots):
                text = _text(printed(values[slot]))
                if not text and empty[i]:
                    one.append(literals[i][skip:-1] + b"/>")
                    skip = empty[i]
                else:
                    one.append(literals[i][skip:])
                    one.append(text)
                    skip = 0
            one.append(literals[-1][skip:])
            yield b"".join(one)
        at = end
    yield xml[at:]


def _emptied(before: bytes, after: bytes) -> int:
    """Where a value is the whole text of an element (`before` ends its start tag, `after`
    begins with its end tag): the length of the end tag, else 0."""
    if before.endswith(b">") and not before.endswith(b"/>") and after.startswith(b"</"):
        return after.find(b">") + 1
    return 0


def _text(markup: str) -> bytes:
    """Escaped text as lxml writes it: quotes as they are."""
    return str(markup).replace("&#39;", "'").replace("&#34;", '"').encode("utf-8")
