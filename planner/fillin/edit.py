"""Apply a workbook's changes to a plan file's text, leaving every other byte as it was.

Two passes over the text, each on freshly read node positions (`planner.yamledit`): first the
values (a scalar replaced where it stands, a key added to its mapping in the mapping's style, a
key removed), then the lists (items removed line by line, items added after the last one kept).
A key or list the file does not have yet is added under the nearest mapping it does have.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from planner.fillin.values import flow_scalar
from planner.yamledit import Doc, _empty

Value = Any  # a scalar's YAML text, a list of item texts, or a dict of them (a new mapping)


def apply_edits(text: str, sets: dict[tuple, Value], lists: dict[tuple, tuple[set[int],
                                                                             list[str]]]) -> str:
    """`text` with `sets` (path -> new YAML text, a list of item texts, or None to remove) and
    `lists` (path -> (positions removed, item texts added)) applied."""
    if sets:
        text = _values(text, sets)
    if lists:
        text = _lists(text, lists)
    return text


def flow(value: Value) -> str:
    """A new value as flow YAML: `{a: 1, b: [x, y]}`."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{flow_scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return str(value)


def _block(key: str, value: Value, pad: str) -> list[str]:
    """A new key as block lines (mappings nested, lists of mappings one item a line)."""
    if isinstance(value, dict):
        lines = [f"{pad}{flow_scalar(key)}:"]
        for k, v in value.items():
            lines += _block(k, v, pad + "  ")
        return lines
    if isinstance(value, list) and any(str(v).startswith("{") for v in value):
        return [f"{pad}{flow_scalar(key)}:"] + [f"{pad}  - {flow(v)}" for v in value]
    return [f"{pad}{flow_scalar(key)}: {flow(value)}"]


def _locate(doc: Doc, path: tuple) -> tuple[Any, int]:
    """The node at `path` (None when absent or empty) and how far the path exists."""
    node: Any = doc.root
    for i, part in enumerate(path):
        child = doc.get(node, part)
        if child is None or (_empty(child) and i < len(path) - 1):
            return None, i
        if _empty(child):
            return None, i
        node = child
    return node, len(path)


def _span(doc: Doc, parent: Any, path: tuple, node: Any) -> tuple[int, int]:
    """Where a scalar's text is; in a flow mapping, `{text: 阶梯折扣,守住存量。}` is one text to
    the loader (see load._rejoin), so the keys without a value that follow belong to it."""
    start, end = doc.at(node.start_mark), doc.end(node)
    if isinstance(parent, yaml.MappingNode) and parent.flow_style and not node.style:
        pairs = parent.value
        i = next(n for n, (_, v) in enumerate(pairs) if v is node)
        for k, v in pairs[i + 1:]:
            if not _fragment(doc, k, v):
                break
            end = doc.at(k.end_mark)
    return start, end


def _fragment(doc: Doc, key: Any, value: Any) -> bool:
    """A "key" that is the rest of a text after an ASCII comma (no ':' after it)."""
    after = doc.text[doc.at(key.end_mark):].lstrip(" ")
    return not key.style and _empty(value) and not after.startswith(":")


def _values(text: str, sets: dict[tuple, Value]) -> str:
    doc = Doc(text)
    pending: dict[tuple, dict] = {}
    for path, value in sets.items():
        if value is None:
            continue
        node, upto = _locate(doc, path)
        if node is not None:
            parent = doc.get(doc.root, *path[:-1])
            start, end = _span(doc, parent, path, node)
            text = flow(value)
            if getattr(node, "style", None) in ('"', "'") and text[:1] not in ('"', "[", "{"):
                text = json.dumps(text, ensure_ascii=False)  # the file quoted it: keep quoting
            doc.edits.append((start, end, text))
            continue
        tree = pending.setdefault(path[:upto], {})
        for part in path[upto:-1]:
            tree = tree.setdefault(part, {})
        tree[path[-1]] = value
    removed = _removals(doc, sets, pending)
    for path in removed:
        parent = doc.get(doc.root, *path[:-1])
        if isinstance(parent, yaml.MappingNode) and doc.pair(parent, path[-1]):
            doc.delete(parent, path[-1])
    for where, tree in pending.items():
        mapping = doc.get(doc.root, *where) if where else doc.root
        _insert(doc, mapping, tree, {p[-1] for p in removed if p[:-1] == where})
    return doc.result()


def _removals(doc: Doc, sets: dict[tuple, Value], pending: dict[tuple, dict]) -> list[tuple]:
    """The keys to remove; a mapping (other than the file or a list item) left without any key
    is removed with them, since an empty value would read as null."""
    gone = {p for p, v in sets.items() if v is None and _locate(doc, p)[0] is not None}
    changed = True
    while changed:
        changed = False
        for parent in {p[:-1] for p in gone}:
            if not parent or isinstance(parent[-1], int) or parent in gone:
                continue
            node = doc.get(doc.root, *parent)
            keys = {k.value for k, _ in node.value} if isinstance(node, yaml.MappingNode) else set()
            if keys and keys <= {p[-1] for p in gone if p[:-1] == parent} \
                    and not any(w[:len(parent)] == parent for w in pending):
                gone = {p for p in gone if p[:len(parent)] != parent} | {parent}
                changed = True
    return sorted(gone, key=str)


def _insert(doc: Doc, mapping: Any, tree: dict, removed: set) -> None:
    """Add the keys of `tree` to `mapping` (a key written empty, `key:`, gets its value)."""
    if mapping.flow_style and not mapping.value:  # `{}`
        doc.edits.append((doc.at(mapping.start_mark), doc.end(mapping), flow(tree)))
        return
    kept = [k.value for k, _ in mapping.value if k.value not in removed]
    for key, value in tree.items():
        found = doc.pair(mapping, key)
        if mapping.flow_style and found is None:
            anchor = doc.pair(mapping, kept[-1]) if kept else mapping.value[-1]
            where = doc.at(anchor[0].end_mark) if _fragment(doc, *anchor) \
                else doc.end(anchor[1], anchor[0])
            doc.edits.append((where, where, f", {flow_scalar(key)}: {flow(value)}"))
            continue
        if mapping.flow_style or not isinstance(value, dict | list):
            doc.set(mapping, key, flow(value), after=kept[-1] if kept else None)
            continue
        pad = " " * mapping.value[0][0].start_mark.column
        lines = _block(key, value, pad)
        if found is not None:  # `key:` with nothing after it
            start = doc.line_start(doc.at(found[0].start_mark))
            doc.edits.append((start, doc.line_end(start), "\n".join(lines)))
        else:
            anchor = doc.pair(mapping, kept[-1]) if kept else mapping.value[-1]
            where = doc.line_end(doc.end(anchor[1], anchor[0]))
            doc.edits.append((where, where, "".join("\n" + line for line in lines)))


def _lists(text: str, lists: dict[tuple, tuple[set[int], list[str]]]) -> str:
    doc = Doc(text)
    for path, (gone, new) in lists.items():
        seq = doc.get(doc.root, *path)
        parent = doc.get(doc.root, *path[:-1])
        pair = doc.pair(parent, path[-1])
        assert isinstance(seq, yaml.SequenceNode) and pair is not None
        kept = [item for i, item in enumerate(seq.value) if i not in gone]
        pad = " " * (pair[0].start_mark.column if isinstance(parent, yaml.MappingNode)
                     and not parent.flow_style else 0)
        if not kept and not new:
            if seq.flow_style:
                doc.edits.append((doc.at(seq.start_mark), doc.end(seq), "[]"))
            else:
                doc.replace_lines(pair[0], seq, [f"{pad}{pair[0].value}: []"])
            continue
        if seq.flow_style or not seq.value:
            items = [doc.text[doc.at(i.start_mark):doc.end(i)] for i in kept] + new
            block = not parent.flow_style and any(t.startswith("{") for t in new)
            if not seq.value and block:
                doc.replace_lines(pair[0], seq, _block(pair[0].value, items, pad))
            else:
                doc.edits.append((doc.at(seq.start_mark), doc.end(seq), flow(items)))
            continue
        for i, item in enumerate(seq.value):
            if i in gone:
                start = doc.line_start(doc.at(item.start_mark))
                stop = doc.line_end(doc.end(item))
                doc.edits.append((start, min(stop + 1, len(doc.text)), ""))
        if new:
            dash = " " * seq.start_mark.column
            lines = [f"{dash}- {t}" for t in new]
            if kept:
                where = doc.line_end(doc.end(kept[-1]))
                doc.edits.append((where, where, "".join("\n" + line for line in lines)))
            else:
                where = doc.line_start(doc.at(seq.value[0].start_mark))
                doc.edits.append((where, where, "".join(line + "\n" for line in lines)))
    return doc.result()
