"""Read plan files: YAML text -> plain data, with the line and column of every node.

What the user wrote is kept: plain scalars stay *text* (`0571` is "0571", `no` is "no"); the model
decides what a field's text means (a number, a rate, a date). Only an empty value or `~`/`null`
becomes None. Problems a YAML library would report cryptically, or not at all, are caught here and
turned into issues with a fix: wrong encoding, tab indentation, a full-width colon after a key, a
duplicate key, a YAML tag that would construct objects, and an alias bomb.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from planner import planfiles
from planner.errors import Issue, current_input
from planner.salvage import NO_BAD, Bad, dotted_loc
from planner.syntax import (
    MAX_DEPTH,
    ODD_SPACES,
    OddKey,
    Positions,
    Recovery,
    diagnose,
    silent_colons,
)

try:  # LibYAML's parser is ~10x faster and gives the same events and marks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]

MAX_FILE_BYTES = 5 * 1024 * 1024  # a plan file is a few KB; 5 MB is surely a mistake
MAX_NODES = 200_000  # after alias expansion: bounds memory and time of "billion laughs"

_YAML = "tag:yaml.org,2002:"
# Tags a resolver assigns on its own, plus an explicit !!str; anything else (!!python/object,
# !!binary, custom tags) is refused, so no input can construct objects.
_ALLOWED_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map",
                                     "seq", "merge", "value")}
_NULL_WORDS = {"", "~", "null", "Null", "NULL"}
# Characters XML 1.0 (so Word and Excel) cannot hold; a YAML escape such as "\x07" makes them.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(slots=True)
class Source:
    """One loaded file: its data and where each node of it was written."""

    path: Path
    name: str  # the path as shown in messages
    data: Any
    digest: str  # sha256 of the bytes, for the build cache
    marks: dict[Path_, tuple[int, int]] | None = None  # read again when first asked for
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    rounded: list[tuple] = field(default_factory=list)  # money written with > 2 decimals
    # (line, key) of lines a syntax error left unread: a key missing because of it is explained
    unread: list[tuple[int, str]] = field(default_factory=list)
    # of a file that fails its model: where its values are invalid, and its data as read
    bad: Bad = NO_BAD
    raw: Any = None

    def at(self, loc: Path_, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of `loc`, or of its nearest written ancestor."""
        if self.marks is None:
            self._read_marks()
        assert self.marks is not None
        loc = tuple(loc)
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        while loc not in self.marks and loc:
            loc = loc[:-1]
        return self.marks.get(loc, (1, 1))

    def written(self, loc: Path_) -> bool:
        """Whether `loc` was written in the file (not left to its default)."""
        if self.marks is None:
            self._read_marks()
        return tuple(loc) in (self.marks or {})

    def forget_marks(self) -> None:
        """Drop the positions read for errors and flags (read again if asked for)."""
        self.marks = None
        self.key_marks = {}

    def _read_marks(self) -> None:
        """Where every value was written. Loading skips this (it is most of a plan set's memory
        and only a file with an error or a review flag needs it), so the file is read again."""
        self.marks = {}
        try:
            raw = self.path.read_bytes()
            text, issue = _decode(raw, self.name)
            if issue is None and hashlib.sha256(raw).hexdigest() == self.digest:
                _Builder(self, text, record=True).build()
        except (OSError, yaml.YAMLError, _Fail):  # changed since: positions are unknown
            self.marks = {}


class _Fail(Exception):
    """Stops converting one file; the issue says why."""

    def __init__(self, issue: Issue):
        super().__init__(issue.code)
        self.issue = issue


def read_source(path: Path, name: str, recover: bool = False, marks: bool = False,
                ) -> tuple[Source | None, list[Issue]]:
    """Load one YAML plan file; on failure return None and the issues that say why.

    With `recover`, a file with syntax errors is read past them (`planner.syntax`): its data is
    what could still be read, returned with the errors. With `marks`, where each value was
    written is noted as the file is parsed (for a file about to be reviewed: not parsed a second
    time when its first flag asks for a position)."""

    current_input.set(name)

    def fail(code: str, line: int = 1, col: int = 1, **params: Any) -> tuple[None, list[Issue]]:
        return None, [Issue(name, line, col, "", code, params)]

    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return fail("file_too_large", size=path.stat().st_size, limit=MAX_FILE_BYTES)
        raw = path.read_bytes()
    except OSError as e:
        return fail("file_unreadable", reason=e.strerror or str(e))
    digest = hashlib.sha256(raw).hexdigest()
    text, issue = _decode(raw, name)
    if issue:
        return None, [issue]
    source = Source(path, name, None, digest)
    recovery = Recovery(text, name) if recover else None
    try:
        if recovery is None:
            if marks:
                source.marks = {}
            builder = _Builder(source, text, record=marks)
            source.data = builder.build()
        else:
            builder, source.data = _recovered(source, recovery, marks)
    except yaml.MarkedYAMLError as e:
        found = recovery.issues() if recovery else []
        return None, found + [_syntax_issue(e, text, name)]
    except yaml.YAMLError:  # ReaderError: a control character the YAML spec forbids
        line, col, char = _control_character(text)
        return fail("control_character", line, col, char=char)
    except _Fail as f:
        found = recovery.issues() if recovery else []
        return None, found + _fullwidth_colons(text, name, found) + [f.issue]
    # (a recovery has found the silent colons already)
    found = recovery.issues() if recovery else _fullwidth_colons(text, name)
    errors = found + builder.errors
    if errors and not recover:
        return None, errors
    return source, errors + builder.warnings


def _recovered(source: Source, recovery: Recovery, marks: bool = False) -> tuple[_Builder, Any]:
    """The data of a file read past its syntax errors, with positions as the user wrote them
    (noted as it is parsed, with `marks`)."""
    last: list[_Builder] = []

    def parse(text: str, where: Positions) -> Any:
        if marks:
            source.marks, source.key_marks = {}, {}
        last[:] = [_Builder(source, text, record=marks, where=where)]
        return last[0].build()

    data = recovery.read(parse)
    if recovery.slips:  # the repaired text cannot be read again later: keep positions now
        source.marks, source.key_marks = {}, {}
        text = "\n".join(recovery.lines)
        _Builder(source, text, record=True, where=Positions(text, recovery.shifts)).build()
        source.unread = recovery.unread
    return last[0], data


def _decode(raw: bytes, name: str) -> tuple[str, Issue | None]:
    """UTF-8 text (a BOM is fine), or an issue naming the encoding the file seems to be in."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", Issue(name, 1, 1, "", "encoding_utf16")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        try:
            raw.decode("gb18030")
            code = "encoding_gbk"
        except UnicodeDecodeError:
            code = "encoding_unknown"
        return "", Issue(name, line, col, "", code)


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _control_character(text: str) -> tuple[int, int, str]:
    """Line, column and code point (U+0007) of the first character YAML forbids.

    Found in the text itself: LibYAML reports a byte offset and a bare code number."""
    m = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if m is None:  # pragma: no cover - a reader error always has one
        return 1, 1, "?"
    line, col = _line_col(text, m.start())
    return line, col, f"U+{ord(m.group()):04X}"


def _syntax_issue(e: yaml.MarkedYAMLError, text: str, name: str) -> Issue:
    """A YAML syntax error, explained in the user's terms where we can tell the likely cause."""
    lines = text.split("\n")
    slip = diagnose(e, lines, Positions(text))
    return Issue(name, slip.line + 1, slip.col + 1, "", slip.code, slip.params)


def _fullwidth_colons(text: str, name: str, known: list[Issue] = ()) -> list[Issue]:  # type: ignore[assignment]
    """`industry：gov` parses as text, so the field silently vanishes: flag it."""
    seen = {i.line for i in known}
    return [Issue(name, n + 1, col + 1, "", "fullwidth_colon", {"text": shown})
            for n, col, shown in silent_colons(text) if n + 1 not in seen]


class _Frame:
    """A mapping or sequence being built from the parser's events."""

    __slots__ = ("value", "loc", "flow", "key", "seen", "merges", "last", "anchor", "start",
                 "count")

    def __init__(self, value: Any, loc: Path_, event: Any, count: int):
        self.value = value
        self.loc = loc
        self.flow = bool(getattr(event, "flow_style", False))
        self.key: Any = None  # the key event waiting for its value
        self.seen: dict[str, Any] = {}  # key -> the mark where it was first written
        self.merges: list[dict[str, Any]] = []
        self.last: Any = None  # (key, value event) of the last entry, for _rejoin
        self.anchor = event.anchor
        self.start = event.start_mark
        self.count = count


class _Builder:
    """The parser's events -> plain data in one pass, recording where each value was written.

    Built from events rather than from PyYAML's node tree: composing nodes runs PyYAML's
    type resolver on every scalar, which we do not want (values stay text) and which was half of
    the time of loading a plan set. Bounded in nodes (aliases count their whole size) and depth.
    """

    def __init__(self, source: Source, text: str, record: bool = False,
                 where: Positions | None = None):
        self.source = source
        self.text = text
        self.record = record  # whether to note where each value was written
        self.where = where or Positions(text)
        self.recovering = where is not None  # read by a Recovery, which repairs odd keys
        self.count = 0
        self.warnings: list[Issue] = []
        self.errors: list[Issue] = []  # mistakes that do not stop the reading (a repeated key)
        self.anchors: dict[str, tuple[Any, int]] = {}

    def _fail(self, mark: Any, loc: Path_, code: str, **params: Any) -> _Fail:
        return _Fail(Issue(self.source.name, *self.where(mark), _dotted(loc), code, params))

    def build(self) -> Any:
        stack: list[_Frame] = []
        result: Any = _NOTHING
        documents = 0
        for event in yaml.parse(self.text, Loader=_Loader):
            kind = type(event)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self._fail(event.start_mark, (), "yaml_syntax",
                                     problem="more than one document (---)")
                continue
            if kind in _IGNORED:
                continue
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                value = self._finish(frame)
                if frame.anchor:
                    self.anchors[frame.anchor] = (value, self.count - frame.count + 1)
                done = (value, frame.start, None)
            else:
                done = self._start(event, stack)
                if done is None:
                    continue
            if not stack:
                result = done
                continue
            self._add(stack[-1], *done)
        if result is _NOTHING or result[0] is None:
            raise _Fail(Issue(self.source.name, 1, 1, "", "empty_file"))
        if not isinstance(result[0], dict):
            mark = result[1]
            raise _Fail(Issue(self.source.name, *self.where(mark), "", "top_not_mapping"))
        return result[0]

    def _loc(self, stack: list[_Frame]) -> Path_:
        """Where the value that starts now goes."""
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top.value, list):
            return top.loc + (len(top.value),)
        return top.loc + (top.key.value,) if top.key is not None else top.loc

    def _start(self, event: Any, stack: list[_Frame]) -> tuple[Any, Any, Any] | None:
        """A scalar, an alias or a collection start; a finished value or None."""
        self.count += 1
        top = stack[-1] if stack else None
        is_key = top is not None and isinstance(top.value, dict) and top.key is None
        loc = self._loc(stack)
        if self.count > MAX_NODES:
            raise self._fail(event.start_mark, loc, "too_many_nodes", limit=MAX_NODES)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _ALLOWED_TAGS:
            raise self._fail(event.start_mark, loc, "yaml_tag", tag=tag.replace(_YAML, "!!"))
        kind = type(event)
        if is_key:
            if kind is not yaml.ScalarEvent:
                raise self._fail(event.start_mark, loc, "complex_key")
            top.key = event  # type: ignore[union-attr]
            return None
        if self.record:
            mark = self.where(event.start_mark)
            marks = self.source.marks
            assert marks is not None
            if top is not None and isinstance(top.value, dict) and kind is not yaml.ScalarEvent:
                # a block value starts on the next line; its key's line is where users look
                marks[loc] = self.where(top.key.start_mark)
            else:
                marks.setdefault(loc, mark)
        if kind is yaml.ScalarEvent:
            value = self._scalar(event, loc)
            if event.anchor:
                self.anchors[event.anchor] = (value, 1)
            return value, event.start_mark, event
        if kind is yaml.AliasEvent:
            if event.anchor not in self.anchors:
                raise self._fail(event.start_mark, loc, "yaml_syntax",
                                 problem=f"undefined alias *{event.anchor}")
            value, size = self.anchors[event.anchor]
            self.count += size
            if self.count > MAX_NODES:
                raise self._fail(event.start_mark, loc, "too_many_nodes", limit=MAX_NODES)
            return value, event.start_mark, None
        if len(stack) >= MAX_DEPTH:
            raise self._fail(event.start_mark, loc, "too_deep", limit=MAX_DEPTH)
        container: Any = [] if kind is yaml.SequenceStartEvent else {}
        stack.append(_Frame(container, loc, event, self.count))
        return None

    def _scalar(self, event: Any, loc: Path_) -> Any:
        value = event.value
        if not event.style and event.tag is None and value in _NULL_WORDS:
            return None
        if CONTROL_CHARS.search(value):
            # written as a YAML escape ("\x07"): documents cannot hold it, so it goes, and
            # the user hears about it rather than finding a character silently missing
            self.warnings.append(Issue(self.source.name, *self.where(event.start_mark),
                                       _dotted(loc),
                                       "control_chars_removed", {}, None, "warning"))
            return CONTROL_CHARS.sub("", value)
        return value

    def _add(self, frame: _Frame, value: Any, mark: Any, event: Any) -> None:
        """Put a finished value into the collection being built."""
        if isinstance(frame.value, list):
            frame.value.append(value)
            return
        key_event, frame.key = frame.key, None
        if self._rejoin(frame, key_event, event):
            return
        key = key_event.value
        if key[:1] in ODD_SPACES:
            key = self._odd_key(key_event)
        here = frame.loc + (key,)
        if key == "<<" and not key_event.style:
            sources = value if isinstance(value, list) else [value]
            if not all(isinstance(v, dict) for v in sources):
                raise self._fail(key_event.start_mark, frame.loc, "bad_merge")
            frame.merges += sources
            return
        if key in frame.seen:
            # the first one is kept and the reading goes on: the rest of the file is checked
            first = self.where(frame.seen[key])[0]
            self.errors.append(self._fail(key_event.start_mark, here, "duplicate_key", key=key,
                                          first=first).issue)
            return
        frame.seen[key] = key_event.start_mark
        if self.record:
            self.source.key_marks[here] = self.where(key_event.start_mark)
        frame.value[key] = value
        frame.last = (key, event) if event is not None and not event.style else None

    def _odd_key(self, key_event: Any) -> str:
        """`\u3000\u3000竞争: …` starting a line: the spaces were meant as indentation (a
        recovery repairs the line); elsewhere they are deleted, with an error."""
        key, mark = key_event.value, key_event.start_mark
        line, col = self.where(mark)
        head = self.text[self.text.rfind("\n", 0, mark.index) + 1: mark.index]
        at_indent = not head.strip(" \t") or head.strip(" \t") == "-"
        if self.recovering and at_indent:
            raise OddKey(line - 1)
        code = "odd_indent" if at_indent else "odd_space_in_key"
        bare = key.lstrip("".join(ODD_SPACES))
        self.errors.append(Issue(self.source.name, line, col, "", code,
                                 {"char": ODD_SPACES[key[0]], "code": f"U+{ord(key[0]):04X}",
                                  "key": bare}))
        return bare

    def _rejoin(self, frame: _Frame, key: Any, event: Any) -> bool:
        """`{text: 阶梯折扣,守住存量。}`: in a flow mapping YAML reads the ASCII comma as the end
        of the value and `守住存量。` as a key with no value. A key with no ':' after it is never
        meant; the user wrote one sentence, so the text is joined back exactly as written."""
        if not (frame.flow and frame.last and not key.style and event is not None
                and event.value == "" and not event.style
                and not self.text[key.end_mark.index:].lstrip(" ").startswith(":")):
            return False
        prev_key, prev = frame.last
        joined = self.text[prev.start_mark.index:key.end_mark.index].rstrip()
        frame.value[prev_key] = joined
        frame.last = (prev_key, _Joined(prev.start_mark))
        return True

    def _finish(self, frame: _Frame) -> Any:
        """A finished collection; `<<: *defaults` merges, keys written here winning."""
        for merged in frame.merges:
            for key, value in merged.items():
                frame.value.setdefault(key, value)
        return frame.value


class _Joined:
    """The value event of a rejoined text: only where it starts matters."""

    value = ""
    style = None

    def __init__(self, start_mark: Any):
        self.start_mark = start_mark


_NOTHING = object()
_IGNORED = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)


_dotted = dotted = dotted_loc  # ('stock', 0, 'retention') -> 'stock[0].retention'


@dataclass
class RawPlanSet:
    """The files of one plan set folder, loaded but not yet validated."""

    root: Path
    market: Source | None
    industries: list[Source]
    customers: Iterable[Source]  # read one at a time as validation asks for them
    customer_files: list[Path] = field(default_factory=list)


def display_name(path: Path, root: Path) -> str:
    """Path for messages: relative to the current directory when inside it, else to the plan set."""
    return planfiles.display_name(path, root)


def plan_files(folder: Path) -> list[Path]:
    """The YAML files of a folder and its subfolders (planfiles.py says which are read)."""
    return planfiles.scan(folder, folder)[0]


def load_plan_set(root: Path, customers: bool = True) -> tuple[RawPlanSet, list[Issue]]:
    """Load market.yaml, industries/*.yaml and customers/*.yaml of a plan set folder (without
    `customers`, only their paths: the caller reads them)."""
    issues: list[Issue] = []

    def load(path: Path, name: str | None = None) -> Source | None:
        source, found = read_source(path, name or display_name(path, root), recover=True)
        issues.extend(found)
        return source

    market_path = root / "market.yaml"
    if not market_path.exists() and (root / "market.yml").exists():
        market_path = root / "market.yml"
    market = None
    if market_path.exists():
        market = load(market_path)
    else:
        issues.append(Issue(display_name(market_path, root), 1, 1, "", "market_missing"))
    # every entry of the two folders is read or reported (planfiles.py)
    industry_files, found = planfiles.scan(root / "industries", root)
    customer_files, more = planfiles.scan(root / "customers", root)
    issues += found + more + planfiles.strays(root, market_path)
    industries = [s for p in industry_files if (s := load(p))]
    # a generator: each customer file is read when validation gets to it, and its parsed data
    # is dropped once validated, so a thousand files' data never sit in memory at once (their
    # problems are added to `issues` as they are read)
    read = (s for p in customer_files if (s := load(p))) if customers else iter(())
    return RawPlanSet(root, market, industries, read, customer_files), issues
