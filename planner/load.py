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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from planner.errors import Issue, current_input

try:  # LibYAML's parser is ~10x faster and gives the same nodes and marks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]

MAX_FILE_BYTES = 5 * 1024 * 1024  # a plan file is a few KB; 5 MB is surely a mistake
MAX_NODES = 200_000  # after alias expansion: bounds memory and time of "billion laughs"
MAX_DEPTH = 64  # plan files nest 5 levels; deeper is a mistake or an attack

_YAML = "tag:yaml.org,2002:"
_NULL = _YAML + "null"
_MERGE = _YAML + "merge"
# Tags a resolver assigns on its own, plus an explicit !!str; anything else (!!python/object,
# !!binary, custom tags) is refused, so no input can construct objects.
_ALLOWED_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map",
                                     "seq", "merge", "value")}
_NULL_WORDS = {"", "~", "null", "Null", "NULL"}
# Characters XML 1.0 (so Word and Excel) cannot hold; a YAML escape such as "\x07" makes them.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# `industry：gov` — an ASCII key followed by a full-width colon (a Chinese input method's ':')
_FULLWIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*)\s*：")


@dataclass
class Source:
    """One loaded file: its data and where each node of it was written."""

    path: Path
    name: str  # the path as shown in messages
    data: Any
    digest: str  # sha256 of the bytes, for the build cache
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def at(self, loc: Path_, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of `loc`, or of its nearest written ancestor."""
        loc = tuple(loc)
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        while loc not in self.marks and loc:
            loc = loc[:-1]
        return self.marks.get(loc, (1, 1))


class _Fail(Exception):
    """Stops converting one file; the issue says why."""

    def __init__(self, issue: Issue):
        super().__init__(issue.code)
        self.issue = issue


def read_source(path: Path, name: str) -> tuple[Source | None, list[Issue]]:
    """Load one YAML plan file; on failure return None and the issues that say why."""

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
    try:
        if _too_many_events(text):
            return fail("too_many_nodes", limit=MAX_NODES)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        return None, [_syntax_issue(e, text, name)]
    except yaml.YAMLError:  # ReaderError: a control character the YAML spec forbids
        line, col, char = _control_character(text)
        return fail("control_character", line, col, char=char)
    except RecursionError:
        return fail("too_deep", limit=MAX_DEPTH)
    issues = _fullwidth_colons(text, name)
    if node is None:
        return None, [Issue(name, 1, 1, "", "empty_file")]
    if not isinstance(node, yaml.MappingNode):
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        return None, issues + [Issue(name, line, col, "", "top_not_mapping")]
    source = Source(path, name, None, digest)
    converter = _Converter(source, text)
    try:
        source.data = converter.convert(node, ())
    except _Fail as f:
        return None, issues + [f.issue]
    return (None if issues else source), issues + converter.warnings


def _too_many_events(text: str) -> bool:
    """A quick pass over the parser's events, so a file of a hundred thousand items is refused
    before anything is built from it (building nodes is the slow part)."""
    for count, _ in enumerate(yaml.parse(text, Loader=_Loader)):
        if count > 2 * MAX_NODES:  # a node is one event, a collection two
            return True
    return False


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
    mark = e.problem_mark or e.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    # The parser reports where it gave up; the cause is usually on that line or the one before.
    for n in (line, line - 1):
        if 1 <= n <= len(lines):
            src = lines[n - 1]
            indent = src[: len(src) - len(src.lstrip(" \t"))]
            if "\t" in indent:
                return Issue(name, n, indent.index("\t") + 1, "", "tab_indent")
            m = _FULLWIDTH_KEY.match(src)
            if m or "：" in src.split("#")[0][:40] and ":" not in src.split("#")[0]:
                c = src.index("：") + 1
                return Issue(name, n, c, "", "fullwidth_colon", {"text": src.strip()[:40]})
    problem = (e.problem or e.context or "").strip()
    return Issue(name, line, col, "", "yaml_syntax", {"problem": problem})


def _fullwidth_colons(text: str, name: str) -> list[Issue]:
    """`industry：gov` parses as text, so the field silently vanishes: flag it."""
    issues = []
    for n, src in enumerate(text.splitlines(), 1):
        m = _FULLWIDTH_KEY.match(src)
        if m:
            col = src.index("：") + 1
            issues.append(Issue(name, n, col, "", "fullwidth_colon", {"text": src.strip()[:40]}))
    return issues


class _Converter:
    """Node tree -> plain data, recording marks; bounded in nodes and depth."""

    def __init__(self, source: Source, text: str):
        self.source = source
        self.text = text
        self.count = 0
        self.warnings: list[Issue] = []

    def _fail(self, node: yaml.Node, loc: Path_, code: str, **params: Any) -> _Fail:
        return _Fail(Issue(self.source.name, node.start_mark.line + 1,
                           node.start_mark.column + 1, _dotted(loc), code, params))

    def convert(self, node: yaml.Node, loc: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fail(node, loc, "too_many_nodes", limit=MAX_NODES)
        if len(loc) > MAX_DEPTH:
            raise self._fail(node, loc, "too_deep", limit=MAX_DEPTH)
        if node.tag not in _ALLOWED_TAGS:
            raise self._fail(node, loc, "yaml_tag", tag=node.tag.replace(_YAML, "!!"))
        mark = (node.start_mark.line + 1, node.start_mark.column + 1)
        self.source.marks.setdefault(loc, mark)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _NULL and not node.style and node.value in _NULL_WORDS:
                return None
            if CONTROL_CHARS.search(node.value):
                # written as a YAML escape ("\x07"): documents cannot hold it, so it goes, and
                # the user hears about it rather than finding a character silently missing
                self.warnings.append(Issue(self.source.name, *mark, _dotted(loc),
                                           "control_chars_removed", {}, None, "warning"))
                return CONTROL_CHARS.sub("", node.value)
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, loc + (i,)) for i, item in enumerate(node.value)]
        return self._mapping(node, loc)

    def _mapping(self, node: yaml.MappingNode, loc: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        merged: list[yaml.MappingNode] = []
        for key_node, value_node in self._rejoin_commas(node):
            if key_node.tag == _MERGE:
                merged += self._merge_sources(value_node, loc)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._fail(key_node, loc, "complex_key")
            key = key_node.value
            if key in seen:
                raise self._fail(key_node, loc + (key,), "duplicate_key", key=key,
                                 first=seen[key])
            seen[key] = key_node.start_mark.line + 1
            here = loc + (key,)
            self.source.key_marks[here] = (key_node.start_mark.line + 1,
                                           key_node.start_mark.column + 1)
            if not isinstance(value_node, yaml.ScalarNode):
                # a block value starts on the next line; its key's line is where the user looks
                self.source.marks[here] = self.source.key_marks[here]
            result[key] = self.convert(value_node, here)
        for source in merged:  # `<<: *defaults`: keys written here win over merged ones
            for key, value in self._mapping(source, loc).items():
                result.setdefault(key, value)
        return result

    def _rejoin_commas(self, node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
        """`{text: 阶梯折扣,守住存量。}`: in a flow mapping YAML reads the ASCII comma as the end
        of the value and `守住存量。` as a key with no value. A key with no ':' after it is never
        meant; the user wrote one sentence, so the text is joined back exactly as written."""
        pairs = list(node.value)
        if not node.flow_style:
            return pairs
        out: list[tuple[yaml.Node, yaml.Node]] = []
        for key, value in pairs:
            prev = out[-1][1] if out else None
            if (prev is not None and isinstance(prev, yaml.ScalarNode) and not prev.style
                    and isinstance(key, yaml.ScalarNode) and not key.style
                    and isinstance(value, yaml.ScalarNode) and value.value == ""
                    and not self.text[key.end_mark.index:].lstrip(" ").startswith(":")):
                start, end = prev.start_mark.index, key.end_mark.index
                joined = yaml.ScalarNode(_YAML + "str", self.text[start:end].rstrip(),
                                         prev.start_mark, key.end_mark, style=None)
                out[-1] = (out[-1][0], joined)
                continue
            out.append((key, value))
        return out

    def _merge_sources(self, node: yaml.Node, loc: Path_) -> list[yaml.MappingNode]:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if not all(isinstance(i, yaml.MappingNode) for i in items):
            raise self._fail(node, loc, "bad_merge")
        return items


def _dotted(loc: Path_) -> str:
    """('stock', 0, 'retention') -> 'stock[0].retention'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


dotted = _dotted


@dataclass
class RawPlanSet:
    """The files of one plan set folder, loaded but not yet validated."""

    root: Path
    market: Source | None
    industries: list[Source]
    customers: list[Source]


def display_name(path: Path, root: Path) -> str:
    """Path for messages: relative to the current directory when inside it, else to the plan set."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().relative_to(root.resolve()).as_posix()


def plan_files(folder: Path) -> list[Path]:
    """The YAML files of a folder, by name; editor backups and hidden files are skipped."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix in (".yaml", ".yml") and not p.name.startswith((".", "~"))
                  and p.is_file())


def load_plan_set(root: Path) -> tuple[RawPlanSet, list[Issue]]:
    """Load market.yaml, industries/*.yaml and customers/*.yaml of a plan set folder."""
    issues: list[Issue] = []

    def load(path: Path) -> Source | None:
        source, found = read_source(path, display_name(path, root))
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
    industries = [s for p in plan_files(root / "industries") if (s := load(p))]
    customers = [s for p in plan_files(root / "customers") if (s := load(p))]
    return RawPlanSet(root, market, industries, customers), issues
