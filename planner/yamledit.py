"""Editing a YAML file's text in place, so everything not edited stays exactly as written.

A round trip through a YAML library would re-emit the whole file: comments, blank lines, flow or
block style, quoting and key order could all change, and a library would also undo what the loader
reads its own way (`{text: 阶梯折扣,守住存量。}` is one sentence to planner). So edits are made on
the text: a value is replaced where it stands, a key is inserted after another in the same style
(flow `{…}` or block), a block is replaced line by line. Positions come from PyYAML's nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

try:  # the same parser as the loader
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Node = yaml.Node


class EditError(ValueError):
    """The file cannot be edited in place (the value to change is shared through an anchor, or
    two edits would overlap); `line` (1-based) says where."""

    def __init__(self, line: int):
        super().__init__(f"line {line}")
        self.line = line


class _AliasComposer(yaml.SafeLoader):
    """PyYAML's composer, except that each use of an anchored scalar (`*b`) is a node of its own,
    at the alias's place (LibYAML gives back the anchored node itself, so an edit of one use
    would land on the anchor's text). Each use of an anchored collection is noted."""

    def __init__(self, text: str):
        super().__init__(text)
        self.uses: list[tuple[Node, yaml.Mark, yaml.Mark]] = []  # (anchored node, alias marks)

    def compose_node(self, parent: Node | None, index: object) -> Node:  # noqa: D102
        if not self.check_event(yaml.AliasEvent):
            return super().compose_node(parent, index)
        event = self.peek_event()
        node = super().compose_node(parent, index)
        self.uses.append((node, event.start_mark, event.end_mark))
        if isinstance(node, yaml.ScalarNode):
            return yaml.ScalarNode(node.tag, node.value, event.start_mark, event.end_mark)
        return node


def _shares_nodes(root: Node | None) -> bool:
    """Whether a node tree reaches one node twice (the text uses an alias)."""
    seen: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if node is None:
            continue
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            todo += [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            todo += node.value
    return False


@dataclass
class Doc:
    """One file's text, its node tree, and the edits to apply (never overlapping)."""

    text: str
    root: yaml.MappingNode = field(init=False)
    edits: list[tuple[int, int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.root = yaml.compose(self.text, Loader=_Loader)
        self.uses: list[tuple[Node, yaml.Mark, yaml.Mark]] = []
        if _shares_nodes(self.root):  # anchors and aliases: each use placed where it is
            composer = _AliasComposer(self.text)
            try:
                self.root = composer.get_single_node()
            finally:
                composer.dispose()
            self.uses = composer.uses
        self._starts = [0]
        for i, ch in enumerate(self.text):
            if ch == "\n":
                self._starts.append(i + 1)

    # ---- looking up
    def at(self, mark: yaml.Mark) -> int:
        """Offset in the text of a node mark (from line and column: LibYAML's index counts
        differently on some builds)."""
        return self._starts[mark.line] + mark.column

    def pair(self, mapping: Node | None, key: str) -> tuple[Node, Node] | None:
        """The (key node, value node) of `key` in a mapping node."""
        if not isinstance(mapping, yaml.MappingNode):
            return None
        return next(((k, v) for k, v in mapping.value
                     if isinstance(k, yaml.ScalarNode) and k.value == key), None)

    def get(self, mapping: Node | None, *path: str | int) -> Node | None:
        """The node at `path` (keys and list positions) below `mapping`."""
        node = mapping
        for part in path:
            if isinstance(part, int):
                if not isinstance(node, yaml.SequenceNode) or part >= len(node.value):
                    return None
                node = node.value[part]
            else:
                found = self.pair(node, part)
                if found is None:
                    return None
                node = found[1]
        return node

    def end(self, node: Node, key: Node | None = None) -> int:
        """Where a node's own text ends (for a block collection: its last value's end). A value
        left empty (`key:`) ends where its `key` does."""
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style \
                and node.value:
            last = node.value[-1]
            return self.end(last[1], last[0]) if isinstance(last, tuple) else self.end(last)
        if key is not None and _empty(node):
            return self.at(key.end_mark) + 1  # after the ':'
        offset = self.at(node.end_mark)
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            offset = self.text.rfind("\n", 0, offset) if self.text[offset - 1:offset] == "\n" \
                else offset
        return offset

    def line_end(self, offset: int) -> int:
        """The offset of the newline ending the line of `offset` (or the text's end)."""
        nl = self.text.find("\n", offset)
        return len(self.text) if nl < 0 else nl

    def line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    # ---- editing
    def replace(self, node: Node, text: str) -> None:
        """Replace a scalar (or a flow collection) with `text`, keeping its quote style."""
        if isinstance(node, yaml.ScalarNode) and node.style in ('"', "'"):
            text = f"{node.style}{text}{node.style}"
        self.edits.append((self.at(node.start_mark), self.end(node), text))

    def set(self, mapping: Node, key: str, text: str, after: str | None = None) -> None:
        """Give `key` the scalar `text`: replaced where it is, else inserted after key `after`
        (or at the end of the mapping)."""
        found = self.pair(mapping, key)
        if found is not None and not _empty(found[1]):
            self.replace(found[1], text)
            return
        if found is not None:  # `key:` with no value: write it after the colon
            here = self.at(found[0].end_mark)
            self.edits.append((here, self.line_end(here), f": {text}" + self._comment_of(here)))
            return
        anchor = (self.pair(mapping, after) if after else None) or mapping.value[-1]
        end = self.end(anchor[1], anchor[0])
        if mapping.flow_style:
            self.edits.append((end, end, f", {key}: {text}"))
        else:
            where = self.line_end(end)
            self.edits.append((where, where,
                               "\n" + " " * anchor[0].start_mark.column + f"{key}: {text}"))

    def _comment_of(self, offset: int) -> str:
        """The comment after a key (at `offset`) and its ':', with the spaces before it."""
        raw = self.text[offset:self.line_end(offset)]
        if raw.lstrip(" ").startswith(":"):
            raw = raw.lstrip(" ")[1:]
        body = raw.strip()
        if not body.startswith("#"):
            return ""
        return raw.rstrip() if raw[:1] == " " else "  " + body

    def delete(self, mapping: Node, key: str) -> None:
        """Remove `key` and its value."""
        found = self.pair(mapping, key)
        if found is None:
            return
        pairs = mapping.value
        i = next(n for n, p in enumerate(pairs) if p[0] is found[0])
        if mapping.flow_style:
            if i > 0:
                start, stop = self.end(pairs[i - 1][1], pairs[i - 1][0]), self.end(*found[::-1])
            else:
                start = self.at(found[0].start_mark)
                stop = self.at(pairs[1][0].start_mark) if len(pairs) > 1 \
                    else self.end(*found[::-1])
            self.edits.append((start, stop, ""))
        else:
            self.replace_lines(found[0], found[1], [])

    def replace_lines(self, key: Node, value: Node, lines: list[str]) -> None:
        """Replace the whole lines from `key` to the end of `value` with `lines`."""
        start = self.line_start(self.at(key.start_mark))
        if self.end(value, key) < start:  # `key: *alias` of a collection written elsewhere
            raise EditError(key.start_mark.line + 1)
        stop = self.line_end(self.end(value, key))
        stop = stop + 1 if stop < len(self.text) else stop
        text = "".join(line + "\n" for line in lines)
        if stop == len(self.text) and not self.text.endswith("\n"):
            text = text.rstrip("\n")
        self.edits.append((start, stop, text))

    def put_block(self, key: str, lines: list[str]) -> None:
        """Replace a top-level key and its value with `lines`, or add them at the end."""
        found = self.pair(self.root, key)
        if found is not None:
            self.replace_lines(found[0], found[1], lines)
        else:
            sep = "" if self.text.endswith("\n") or not self.text else "\n"
            self.edits.append((len(self.text), len(self.text),
                               sep + "".join(line + "\n" for line in lines)))

    def key_comment(self, key: str) -> str:
        """The comment on the line of a top-level key (with the spaces before it), or ''."""
        found = self.pair(self.root, key)
        if found is None:
            return ""
        k, v = found
        same_line = v.start_mark.line == k.start_mark.line and not _empty(v)
        return self._comment_of(self.end(v) if same_line else self.at(k.end_mark))

    def insert_after(self, node: Node, lines: list[str]) -> None:
        """Insert whole lines after the line where `node` ends."""
        where = self.line_end(self.end(node))
        self.edits.append((where, where, "".join("\n" + line for line in lines)))

    def append_items(self, seq: Node, items: list[str]) -> None:
        """Append items (flow text such as `{a: 1}`) to a sequence, in the sequence's style."""
        if not items:
            return
        if seq.flow_style or not seq.value:
            close = self.end(seq) - 1  # the ']'
            sep = ", " if seq.value else ""
            self.edits.append((close, close, sep + ", ".join(items)))
            return
        indent = " " * seq.start_mark.column
        self.insert_after(seq, [f"{indent}- {item}" for item in items])

    def result(self) -> str:
        """The text with every edit applied. An edited anchored value no longer stands for its
        other uses: each use not edited itself is written out with the value it had. An edit
        inside an anchored collection that is used elsewhere is refused (EditError)."""
        self._keep_uses()
        out = self.text
        last = len(out) + 1
        # from the end backwards, so earlier offsets stay valid; two insertions at one place
        # end up in the order they were made
        order = sorted(range(len(self.edits)), key=lambda i: (*self.edits[i][:2], i),
                       reverse=True)
        for start, stop, text in (self.edits[i] for i in order):
            if stop > last:
                raise EditError(self.text.count("\n", 0, start) + 1)
            out = out[:start] + text + out[stop:]
            last = start
        return out


    def _keep_uses(self) -> None:
        edited = [(a, b) for a, b, _ in self.edits]

        def touched(start: int, stop: int) -> bool:
            return any(a < stop and start < b or a == b and start <= a < stop
                       for a, b in edited)

        for node, start, stop in self.uses:
            span = (self.at(node.start_mark), self.end(node))
            use = (self.at(start), self.at(stop))
            if not touched(*span) or touched(*use):
                continue
            if not isinstance(node, yaml.ScalarNode):
                raise EditError(node.start_mark.line + 1)
            written = self.text[span[0]:span[1]]
            if written.startswith("&"):  # the value as written, without its anchor
                written = written.split(None, 1)[1] if len(written.split(None, 1)) > 1 else ""
            self.edits.append((*use, written))


def _empty(node: Node) -> bool:
    """`key:` with nothing after it (an implicit null, not a quoted empty string)."""
    return isinstance(node, yaml.ScalarNode) and node.value == "" and not node.style
