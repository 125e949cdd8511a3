"""YAML slips, named precisely, and reading on past them.

A syntax error used to hide the rest of its file. Here each one is diagnosed on the line that
caused it — a full-width colon, a full-width or non-breaking space, a tab in the indentation, a
missing space after a colon, quotes that do not pair — and the file is read again with that line
repaired the way the fix says or, when no repair reads, with the line and the block under it set
aside; repeatedly, within a bound, so that everything still readable gets checked.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from planner.errors import Issue

MAX_ROUNDS = 25  # slips repaired or set aside per file; a file with more is mostly broken
MAX_DEPTH = 64  # plan files nest 5 levels; deeper is a mistake or an attack

# Breaks for YAML that editors do not count as lines (a lone CR too): marks are recounted.
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]|\r(?!\n)")
# (中文, English) names of the spaces a Chinese keyboard or a copy from Word slips in
ODD_SPACES = {"\u3000": ("全角空格", "full-width space"),
              "\u00a0": ("不间断空格", "non-breaking space")}
_KEY = r"(?P<lead>[ \t\u3000\u00a0]*(?:-[ \t]+)?)(?P<key>[\w-]+)"
_FULLWIDTH_COLON = re.compile(_KEY + r"[ \t]*：")
_ODD_AFTER_COLON = re.compile(_KEY + r":(?P<odd>[\u3000\u00a0])")
_NO_SPACE = re.compile(_KEY + r":(?=[^\s:/\\])")
# a key or list item written after odd indentation: the parser would take the spaces as text
_ODD_INDENT = re.compile(r"^(?P<ws>[ \t\u3000\u00a0]*[\u3000\u00a0][ \t\u3000\u00a0]*)"
                         r"(?=-[ \t]|[A-Za-z_][A-Za-z0-9_]*:(?:[ \t]|$))", re.M)
# whether a text may hold a slip the pre-pass repairs (most files: no)
_ANY_SLIP = re.compile("[：\u3000\u00a0]")
_PAIRS = {'"': "”“", "'": "’‘"}
# where the parser names the construct it could not finish, that line is the culprit
_AT_CONTEXT = ("while scanning a quoted scalar", "while scanning a simple key",
               "while parsing a flow sequence", "while parsing a flow mapping")


class Positions:
    """Parser marks -> 1-based (line, column) in the text as the user wrote it."""

    def __init__(self, text: str, shifts: dict[int, list[tuple[int, int]]] | None = None):
        self.shifts = shifts or {}
        # U+2028 in a quoted string is a line break to YAML, not to an editor: count "\n" only
        self.starts = ([0] + [m.end() for m in re.finditer("\n", text)]
                       if _ODD_BREAKS.search(text) else None)

    def __call__(self, mark: Any) -> tuple[int, int]:
        if self.starts is None:
            if not self.shifts:  # the usual file: the parser's count is the editor's
                return mark.line + 1, mark.column + 1
            line, col = mark.line, mark.column
        else:
            line = bisect_right(self.starts, mark.index) - 1
            col = mark.index - self.starts[line]
        return line + 1, self.column(line, col) + 1

    def column(self, line: int, col: int) -> int:
        """0-based column of the repaired `line` in the line as written."""
        for start, delta in reversed(self.shifts.get(line, [])):
            if col >= start:
                col = max(start, col - delta)
        return col


@dataclass
class _Slip:
    """One diagnosed slip: where, what, and lines that might read in place of its line."""

    line: int  # 0-based
    col: int
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    repairs: list[tuple[str, int, int]] = field(default_factory=list)  # (text, start, delta)


def _indent(s: str) -> int:
    return len(s) - len(s.lstrip(" "))


def _indent_repairs(lines: list[str], n: int, ws: str) -> list[tuple[str, int, int]]:
    """Plain-space indentations the user probably meant, best first."""
    rest = lines[n][len(ws):]
    prev = next((p for p in reversed(lines[:n]) if p.strip() and not p.lstrip().startswith("#")),
                "")
    sibling = _indent(prev) + (2 if prev.lstrip().startswith("- ") else 0)
    child = sibling + 2
    visual = sum(2 if c == "\u3000" else 1 for c in ws)  # a full-width space shows two wide
    order = [child, sibling] if prev.rstrip().endswith(":") else [sibling, child]
    widths = list(dict.fromkeys([*order, *_outer_indents(lines, n), visual, len(ws)]))
    return [(" " * w + rest, 0, w - len(ws)) for w in widths]


def _outer_indents(lines: list[str], n: int) -> list[int]:
    """The indentations of the blocks that enclose line `n`, innermost first."""
    out: list[int] = []
    for p in reversed(lines[:n]):
        if not p.strip() or p.lstrip().startswith("#") or p[:1] in ("\t", *ODD_SPACES):
            continue
        depth = _indent(p)
        if not out or depth < out[-1]:
            out.append(depth)
        if depth == 0:
            break
    return out


def _odd_char(ws: str) -> str:
    return next((c for c in ws if c in ODD_SPACES), "\u3000")


def _line_slip(lines: list[str], n: int, col_hint: int | None) -> _Slip | None:
    """The slip on line `n`, if it has one we can name."""
    src = lines[n]
    ws = src[: len(src) - len(src.lstrip(" \t\u3000\u00a0"))]
    if "\t" in ws:
        return _Slip(n, ws.index("\t"), "tab_indent", {}, _indent_repairs(lines, n, ws))
    if any(c in ODD_SPACES for c in ws):
        return _odd_indent(lines, n, ws)
    body = src.split(" #")[0]
    m = _FULLWIDTH_COLON.match(body)
    if m:
        c = body.index("：", m.end("key"))
        after = "" if src[c + 1: c + 2] in (" ", "") else " "
        fixed = src[:c] + ":" + after + src[c + 1:]
        return _Slip(n, c, "fullwidth_colon", {"text": body.strip()[:40]},
                     [(fixed, c, len(after))])
    m = _ODD_AFTER_COLON.match(body)
    if m:
        c = m.start("odd")
        return _Slip(n, c, "odd_space_after_colon", _char_params(m.group("odd")),
                     [(src[:c] + " " + src[c + 1:], c, 0)])
    m = _NO_SPACE.match(body)
    if m:
        c = m.end()
        fixed = src[:c] + " " + src[c:]
        return _Slip(n, c - 1, "colon_no_space", {"text": body.strip()[:40],
                                                  "fixed": fixed.split(" #")[0].strip()[:41]},
                     [(fixed, c, 1)])
    if col_hint is not None and src[col_hint: col_hint + 1] in _PAIRS:
        return _quote_slip(src, n, col_hint)
    return None


def _odd_indent(lines: list[str], n: int, ws: str) -> _Slip:
    char = _odd_char(ws)
    return _Slip(n, ws.index(char), "odd_indent", _char_params(char),
                 _indent_repairs(lines, n, ws))


def _char_params(char: str) -> dict[str, Any]:
    return {"char": ODD_SPACES[char], "code": f"U+{ord(char):04X}"}


def _quote_slip(src: str, n: int, col: int) -> _Slip:
    """A quoted text that never closes: closed by a full-width quote, or not at all."""
    open_ = src[col]
    rest = src[col + 1:]
    close = max((rest.rfind(c), c) for c in _PAIRS[open_])
    if close[0] >= 0:
        at = col + 1 + close[0]
        return _Slip(n, at, "mixed_quotes", {"open": open_, "close": close[1]},
                     [(src[:at] + open_ + src[at + 1:], at, 0)])
    end = len(src.rstrip())
    return _Slip(n, col, "unclosed_quote", {"open": open_}, [(src[:end] + open_, end, 1)])


def diagnose(e: yaml.MarkedYAMLError, lines: list[str], where: Positions) -> _Slip:
    """The slip behind a parser error: on the line of the construct the parser could not
    finish, on the line where it gave up, or on the line before (where a key lost its colon)."""
    problem = e.problem_mark or e.context_mark
    p = where(problem)[0] - 1 if problem else 0
    candidates: list[tuple[int, int | None]] = []
    if e.context in _AT_CONTEXT and e.context_mark is not None:
        c_line, c_col = where(e.context_mark)
        candidates.append((c_line - 1, c_col - 1))
    candidates += [(p, None), (p - 1, None)]
    for n, col in candidates:
        if 0 <= n < len(lines):
            slip = _line_slip(lines, n, col)
            if slip:
                return slip
    # no slip we can name: the construct the parser could not finish, or where it gave up
    n, col = candidates[0] if e.context in _AT_CONTEXT else (p, where(problem)[1] - 1
                                                              if problem else 0)
    n = min(max(n, 0), max(len(lines) - 1, 0))
    text = (e.problem or e.context or "").strip()
    if "nesting depth" in text:  # LibYAML's own bound, far above ours
        return _Slip(n, col or 0, "too_deep", {"limit": MAX_DEPTH})
    return _Slip(n, col or 0, "yaml_syntax", {"problem": text})


def odd_indents(text: str) -> list[_Slip]:
    """Keys indented with a full-width or non-breaking space: YAML takes the spaces for text."""
    if "\u3000" not in text and "\u00a0" not in text:
        return []
    lines = text.split("\n")
    out = []
    for m in _ODD_INDENT.finditer(text):
        n = text.count("\n", 0, m.start())
        out.append(_odd_indent(lines, n, m.group("ws")))
    return out


_SILENT_COLON = re.compile(r"^[ \t\u3000\u00a0]*(?:-[ \t]+)?[A-Za-z_][A-Za-z0-9_]*[ \t]*：", re.M)


def silent_colons(text: str) -> list[tuple[int, int, str]]:
    """(line, column, text) of `industry：gov` lines that parsed as text: the field vanished."""
    out: list[tuple[int, int, str]] = []
    if "：" not in text:
        return out
    for m in _SILENT_COLON.finditer(text):
        n = text.count("\n", 0, m.start())
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        src = text[start: end if end >= 0 else len(text)]
        out.append((n, m.end() - 1 - start, src.split(" #")[0].strip()[:40]))
    return out


class OddKey(Exception):
    """A key that begins with a full-width or non-breaking space: a slip of indentation."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line  # 0-based


class Recovery:
    """Reads a text past its slips: `parse(text, positions)` is tried, repaired, tried again."""

    def __init__(self, text: str, name: str):
        self.name = name
        self.text = text  # as last repaired; the lines below are split from it when needed
        self.lines = text.split("\n") if _ANY_SLIP.search(text) else []
        self.shifts: dict[int, list[tuple[int, int]]] = {}
        self.slips: dict[int, _Slip] = {}  # by line: one message per slip
        self.aside: dict[int, list[int]] = {}  # a slip's line -> the lines set aside for it
        # (line, key) written on each line set aside: that key's absence is already explained
        self.unread: list[tuple[int, str]] = []
        # slips that are certain are repaired before the first reading: a parser meeting
        # `a：1` lines reads them as one text and gives up far below, at the wrong line
        for n, _, _ in silent_colons(text):
            slip = _line_slip(self.lines, n, None)
            if slip is not None:
                self._note(slip)
                self._apply(slip, slip.repairs[0])
        for slip in odd_indents("\n".join(self.lines)):
            self._note(slip)
            self._apply(slip, slip.repairs[0])

    def read(self, parse: Callable[[str, Positions], Any]) -> Any:
        """The data of the text as repaired; raises what `parse` raises when the bound is hit."""
        # each round parses the whole text again: a large file gets fewer
        rounds = MAX_ROUNDS if len(self.text) < 500_000 else 3
        for _ in range(rounds):
            text = "\n".join(self.lines) if self.lines else self.text
            where = Positions(text, self.shifts)
            try:
                return parse(text, where)
            except yaml.MarkedYAMLError as e:
                self.lines = self.lines or text.split("\n")
                slip = diagnose(e, self.lines, where)
                if not self._recover(slip):
                    raise
            except OddKey as e:
                self.lines = self.lines or text.split("\n")
                src = self.lines[e.line]
                ws = src[: len(src) - len(src.lstrip(" \t\u3000\u00a0"))]
                slip = (_odd_indent(self.lines, e.line, ws) if any(c in ODD_SPACES for c in ws)
                        else _Slip(e.line, len(ws), "yaml_syntax", {"problem": "odd space"}))
                if not self._recover(slip):
                    raise
        text = "\n".join(self.lines) if self.lines else self.text
        return parse(text, Positions(text, self.shifts))

    def _recover(self, slip: _Slip) -> bool:
        """Repair the slip's line or set it aside; False when nothing is left to try."""
        known = self.slips.get(slip.line)
        if known is None:
            self._note(slip)
            for repair in slip.repairs:
                if self._reads_past(slip.line, repair):
                    self._apply(slip, repair)
                    return True
        return self._set_aside(slip.line, slip.line)

    def _note(self, slip: _Slip) -> None:
        """Keep the slip, its column counted in the line as written."""
        slip.col = Positions("", self.shifts).column(slip.line, slip.col)
        self.slips[slip.line] = slip

    def _reads_past(self, n: int, repair: tuple[str, int, int]) -> bool:
        """Whether the text with line `n` repaired parses past that line."""
        text = "\n".join([*self.lines[:n], repair[0], *self.lines[n + 1:]])
        try:
            for _ in yaml.parse(text, Loader=_Loader):
                pass
        except yaml.MarkedYAMLError as e:
            mark = e.context_mark if e.context in _AT_CONTEXT else e.problem_mark
            return mark is not None and Positions(text)(mark)[0] - 1 > n
        except yaml.YAMLError:
            return False
        return True

    def _apply(self, slip: _Slip, repair: tuple[str, int, int]) -> None:
        text, start, delta = repair
        self.lines[slip.line] = text
        if delta:
            self.shifts.setdefault(slip.line, []).append((start, delta))

    def _set_aside(self, n: int, owner: int) -> bool:
        """Blank line `n` (or the nearest written line above it) and the block under it."""
        while n >= 0 and not self.lines[n].strip():
            n -= 1
        if n < 0:
            return False
        depth = _indent(self.lines[n])
        block = [n]
        for k in range(n + 1, len(self.lines)):
            s = self.lines[k]
            if s.strip() and _indent(s) <= depth and not s.lstrip().startswith("#"):
                break
            block.append(k)
        while len(block) > 1 and not self.lines[block[-1]].strip():
            block.pop()
        m = re.match(r"[ \t]*(?:-[ \t]+)?([^\s:：{}\[\]#,]+)", self.lines[n])
        if m:
            self.unread.append((n + 1, m.group(1)))
        for k in block:
            self.lines[k] = " " * len(self.lines[k])
        self.aside.setdefault(owner, []).extend(block)
        return True

    def issues(self) -> list[Issue]:
        """One issue per slip, with the lines it left unread."""
        out = []
        for n, slip in sorted(self.slips.items()):
            params = dict(slip.params)
            unread = sorted(set(self.aside.get(n, [])))
            if unread:
                params["unread"] = (unread[0] + 1, unread[-1] + 1)
            out.append(Issue(self.name, n + 1, slip.col + 1, "", slip.code, params))
        return out


try:  # the same parser as load.py
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]
