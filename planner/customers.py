"""Each customer file on its own: read, validated, computed and reviewed once, in one pass, and
what that gave kept in the store (`planner.store`) for the next run.

A customer's result depends on its file and on its context alone (market.yaml, the industry
files, planner's code): its issues (reading, its model, its references to the catalog), its
review flags, its brief (what the rules across customers and the plans above it need) and its
targets. The rules across customers (a customer id used twice, a name shared) and the ranks by
value are then worked out from the briefs, and every total is summed from the targets: no
model of a customer is held for it. A model is read again from its file when a document needs it
(`LazyCustomers`).
"""

from __future__ import annotations

import base64
import bisect
import dataclasses
import hashlib
import json
import mmap
import multiprocessing
import signal
import struct
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from planner import procs
from planner.compute.codec import decode, decode_field, encode, fields_of
from planner.compute.plan import CustomerTargets, Targets, customer_targets, give_ranks, ranked
from planner.compute.rollup import Group
from planner.errors import (
    Fault,
    Issue,
    current_input,
    errors_of,
    issue_from_json,
    issue_to_json,
)
from planner.load import RawPlanSet, Source, read_source
from planner.model import Customer, describe
from planner.report.common import people_pair
from planner.report.json import contract_text
from planner.rules import Refs, check_customer
from planner.sketch import sketch
from planner.store import json_text
from planner.validate import Brief, PlanSet, validate_model


@dataclass
class Result:
    """What one customer file gave: see the module's docstring. Its targets and sketch are held
    as the JSON text the store keeps, each field compressed on its own (`pack`: 0.9 KB of
    targets and 1 KB of sketch a customer, where the text is 2.8 KB, 5.6 KB as a str, and the
    objects three times that), read when asked for, a field alone where that is all a pass
    needs."""

    name: str
    digest: str
    issues: list[Issue]
    flags: list[Issue]
    brief: Brief | None = None
    targets: bytes | None = None
    sketch: bytes | None = None
    contract: bytes | None = None  # its object of `targets --json` but for ranks (compressed)

    def record(self) -> dict[str, Any]:
        """The store's JSON of this result."""
        return {"issues": [issue_to_json(i) for i in self.issues],
                "flags": [issue_to_json(i) for i in self.flags],
                "brief": encode(self.brief) if self.brief else None,
                "targets": _b64(self.targets), "sketch": _b64(self.sketch),
                "contract": _b64(self.contract)}

    @classmethod
    def from_record(cls, name: str, digest: str, record: dict[str, Any]) -> Result:
        """A result as the store kept it."""
        texts = record["targets"], record["sketch"], record["contract"]
        if not all(t is None or isinstance(t, str) for t in texts):
            raise TypeError("not a record of this planner")
        return cls(name, digest, [issue_from_json(i) for i in record["issues"]],
                   [issue_from_json(i) for i in record["flags"]],
                   decode(Brief, record["brief"]) if record["brief"] else None,
                   *(None if t is None else base64.b64decode(t, validate=True) for t in texts))


def _b64(data: bytes | None) -> str | None:
    # the store keeps the packed bytes (as base64): a record read back is not packed again
    return None if data is None else base64.b64encode(data).decode("ascii")


def pack(value: Any) -> bytes:
    """A dataclass as a result holds it: the JSON text of each field (`encode`) compressed on
    its own, after a header of their sizes, so that one field is read without the others (a
    customer's value without its figures by business line)."""
    return pack_json([encode(getattr(value, f.name)) for f in dataclasses.fields(value)])


def pack_json(fields: list[Any]) -> bytes:
    """`pack` of the fields' JSON (as `encode` gives them)."""
    texts = [zlib.compress(json.dumps(f, ensure_ascii=False, separators=(",", ":"))
                           .encode("utf-8"), 1) for f in fields]
    return struct.pack(f"<H{len(texts)}I", len(texts), *map(len, texts)) + b"".join(texts)


def unpack(packed: bytes, index: int | None = None) -> Any:
    """What `pack` wrote: the JSON of every field (as `encode` gives them, a list), or of the
    field at `index` alone."""
    n = packed[0] | packed[1] << 8
    head = _HEADS.get(n) or _HEADS.setdefault(n, struct.Struct(f"<{n}I"))
    sizes = head.unpack_from(packed, 2)
    at = 2 + 4 * n
    view = memoryview(packed)
    if index is not None:
        at += sum(sizes[:index])
        return json.loads(zlib.decompress(view[at:at + sizes[index]]).decode("utf-8"))
    out = []
    for size in sizes:
        out.append(json.loads(zlib.decompress(view[at:at + size]).decode("utf-8")))
        at += size
    return out


_HEADS: dict[int, struct.Struct] = {}  # the header of each number of fields, compiled once


@dataclass
class Known:
    """The results a long-running caller (`planner serve`) keeps from one analysis to the next,
    and the context they were made in."""

    context: str = ""
    results: dict[str, Result] = field(default_factory=dict)


KEEP = 256  # decoded targets (24 KB each) or sketches (9 KB) kept: 8 MB in all (1,024: as fast,
# and 21 to 26 MB more in the worker of a market or industry plan of 20,000 customers)


class _Kept(Mapping[str, Any]):
    """Values by id, each read from what `self.sources` holds of it when asked for (`_read`);
    the `keep` most recently used are kept."""

    def __init__(self, sources: dict[str, Any], keep: int):
        self.sources, self.keep = sources, keep
        self._cache: OrderedDict[str, Any] = OrderedDict()

    def _read(self, cid: str) -> Any:
        raise NotImplementedError

    def __getitem__(self, cid: str) -> Any:
        found = self._cache.get(cid)
        if found is not None:
            self._cache.move_to_end(cid)
            return found
        found = self._cache[cid] = self._read(cid)
        if len(self._cache) > self.keep:
            self._cache.popitem(last=False)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.sources)

    def __contains__(self, cid: object) -> bool:
        return cid in self.sources


class Packed(Mapping[str, bytes]):
    """Byte strings by id (customers' packed targets, sketches and contract texts), held in one
    buffer, found by their ids in sorted order (one list for each kind) and where each ends. A
    worker forked from the build's process that reads them all copies none of their pages:
    were each a bytes object of its own, reading it would write its reference count and so copy
    its page into the worker (47 MB at 20,000 customers, for each worker that reads every
    customer: the market plan's and workbook's); so would an index of them by id (4 MB)."""

    def __init__(self, keys: list[str], items: Iterable[bytes]):
        ends = array("Q")
        blob = bytearray()  # grown in place: items let go of as they are added are not held twice
        for data in items:
            blob += data
            ends.append(len(blob))
        if len(ends) != len(keys) or any(a >= b for a, b in zip(keys, keys[1:])):
            raise ValueError("one item for each key, the keys in order")
        self._keys, self._ends = keys, ends
        self._blob: bytes | bytearray | mmap.mmap = blob
        self._file: str | None = None  # where the buffer was moved to (`spill`)

    def spill(self, path: Path) -> None:
        """Move the buffer into file `path` (planner's own, temporary) and read it from there,
        mapped into memory: a spawned worker is then sent where it is, not the bytes (52 MB at
        20,000 customers, in every worker), and maps the same pages of the system's file cache
        as the build's process and the other workers."""
        path.write_bytes(self._blob)  # (a file not wholly written is not used: OSError)
        self._blob, self._file = _mapped(path), str(path)

    def take_back(self) -> None:
        """The buffer read back into memory from the file it was moved to, which is let go of
        (and may then be removed, on Windows too)."""
        if self._file is not None:
            mapped, self._blob, self._file = self._blob, bytearray(self._blob), None
            if isinstance(mapped, mmap.mmap):
                mapped.close()

    def __reduce__(self) -> tuple[Any, ...]:
        if self._file is not None:
            return _from_file, (self._keys, self._ends, self._file)
        return _from_bytes, (self._keys, self._ends, self._blob)

    def _at(self, key: object) -> int:
        """The place of `key`, or -1."""
        if not isinstance(key, str):
            return -1
        i = bisect.bisect_left(self._keys, key)
        return i if i < len(self._keys) and self._keys[i] == key else -1

    def __getitem__(self, key: str) -> bytes:
        i = self._at(key)
        if i < 0:
            raise KeyError(key)
        return bytes(memoryview(self._blob)[self._ends[i - 1] if i else 0:self._ends[i]])

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return self._at(key) >= 0


def _mapped(path: Path) -> bytes | mmap.mmap:
    """A file's bytes, mapped into memory (an empty file cannot be)."""
    with open(path, "rb") as fh:
        if fh.seek(0, 2) == 0:
            return b""
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


def _from_bytes(keys: list[str], ends: array, blob: bytes | bytearray) -> Packed:
    packed = Packed.__new__(Packed)
    packed._keys, packed._ends, packed._blob, packed._file = keys, ends, blob, None
    return packed


def _from_file(keys: list[str], ends: array, path: str) -> Packed:
    packed = _from_bytes(keys, ends, b"")
    packed._blob, packed._file = _mapped(Path(path)), path
    return packed


def packed_of(*held: Any) -> list[Packed]:
    """The buffers (`Packed`) behind mappings of values (`Decoded`), each once."""
    found: list[Packed] = []
    for values in held:
        for inner in (getattr(values, "sources", None), getattr(values, "contract", None)):
            if isinstance(inner, Packed) and all(inner is not f for f in found):
                found.append(inner)
    return found


class Decoded(_Kept):
    """Values by id, each read from its JSON text (compressed, `pack`) when asked for;
    customers' targets get their `ranks` as they are read."""

    def __init__(self, kind: type, packed: Mapping[str, bytes], keep: int = KEEP,
                 contract: Mapping[str, bytes] | None = None):
        super().__init__(packed, keep)  # JSON texts as `pack` makes them
        self.kind = kind
        self.ranks: dict[str, tuple[int, int]] = {}
        self.contract = contract  # customers' `contract_text`, where kept

    def _data(self, cid: str) -> Any:
        return unpack(self.sources[cid])

    def _field(self, cid: str, name: str) -> Any:
        """One field of a value, read alone."""
        index, hint = fields_of(self.kind)[name]
        return decode(hint, unpack(self.sources[cid], index))

    def stored(self, cid: str) -> bytes:
        """The text a value is read from (compressed): the same text, the same value."""
        return self.sources[cid]

    def _read(self, cid: str) -> Any:
        found = decode(self.kind, self._data(cid))
        if self.kind is CustomerTargets:
            found = ranked(found, self.ranks.get(cid), fresh=True)
        return found

    def lines_and_values(self, cid: str) -> tuple[dict[str, Any], Any, Any]:
        """A customer's figures by business line and its current and potential values, read
        alone (what the totals, ranks and peers need; the rest of its targets is not read)."""
        return (self._field(cid, "lines"), *self.within(cid, "value", "current", "potential"))

    def part(self, cid: str, *names: str, keep: bool = True) -> tuple[Any, ...]:
        """Some fields of one value (a customer's `value` with its ranks). With `keep`, the
        whole is read and kept while there is room; otherwise a value not held has only these
        fields read, and is not kept: a market plan reads 20,000 customers' figures, values and
        items several times over, and no more than `self.keep` of them are held."""
        found = self._cache.get(cid)
        if found is None and keep and len(self._cache) < self.keep:
            found = self[cid]  # while there is room, the whole is read and kept
        if found is not None:
            return tuple(getattr(found, n) for n in names)
        got = tuple(self._field(cid, n) for n in names)
        if self.kind is CustomerTargets and "value" in names:
            give_ranks(got[names.index("value")], self.ranks.get(cid))
        return got

    def within(self, cid: str, name: str, *names: str) -> tuple[Any, ...]:
        """Some fields of one field of a value (a customer's value's quadrant and current
        value), decoded alone, or taken from the whole value where it is held; a customer's
        value has its ranks."""
        found = self._cache.get(cid)
        if found is not None:
            inner = getattr(found, name)
            return tuple(getattr(inner, n) for n in names)
        index, hint = fields_of(self.kind)[name]
        data = unpack(self.sources[cid], index)
        got = tuple(decode_field(hint, data, n) for n in names)
        if self.kind is CustomerTargets and name == "value" and cid in self.ranks:
            ranks = dict(zip(("rank_in_industry", "rank"), self.ranks[cid], strict=True))
            got = tuple(ranks.get(n, g) for n, g in zip(names, got, strict=True))
        return got

    def set_ranks(self, found: dict[str, tuple[int, int]]) -> None:
        """The customers' ranks, given to each as it is read from now on."""
        self.ranks = found
        self._cache.clear()


def digest_of(path: Path) -> str | None:
    """The sha256 of a file's bytes (None when it cannot be read: reading it says why)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def read_customer(path: Path, name: str, plan: PlanSet, refs: Refs,
                  review: Any) -> tuple[Result, Source | None, Customer | None]:
    """Read, validate, compute and review one customer file against the market and industries
    of `plan` (whose customers are not used). `review(plan, targets, customer)` gives the flags."""
    source, issues = read_source(path, name, recover=True, marks=True)
    digest = source.digest if source else (digest_of(path) or "")
    if source is None:
        return Result(name, digest, issues, []), None, None
    c = validate_model(source, Customer, issues)
    if c is None:
        return Result(name, digest, issues, []), source, None
    alone = PlanSet(plan.root, plan.market, plan.industries, {}, dict(plan.sources))
    issues += check_customer(c, source, refs, alone)
    brief = Brief.of(c, source) if source.bad.ok(("id",)) else None
    if errors_of(issues) or brief is None or review is None or plan.market is None:
        return Result(name, digest, issues, [], brief), source, c
    rows, ct = customer_targets(plan.market, c)
    one = Targets(rows, {c.id: ct}, {}, {}, {}, Group(ct.figures))
    flags = [replace(f, people=people_pair(alone, f, c)) for f in review(alone, one, c)]
    source.forget_marks()
    return Result(name, digest, issues, flags, brief, pack(ct), pack(sketch(c)),
                  contract_text(brief, ct)), source, c


PARALLEL_FROM = 200  # files to read before it pays to start reader processes (~0.3 s each)
CHUNK = 50  # files a reader process reads per task


def read_many(root: Path, todo: list[tuple[Path, str]], plan: PlanSet, refs: Refs,
              review: Any, context: str, jobs: int) -> Iterator[tuple[Result, bytes]]:
    """`read_customer` for many files, in order, each result with its record's text for the
    store (`store.json_text`): in `jobs` processes when there are many (each reads market.yaml
    and the industry files itself, and must find them as they were), which send the text alone
    (the build's process then only reads it: making it there took a third of its time)."""
    if jobs <= 1 or len(todo) < PARALLEL_FROM:
        for path, name in todo:
            result = read_customer(path, name, plan, refs, review)[0]
            yield result, json_text(result.record())
        return
    chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
    with multiprocessing.get_context(procs.START).Pool(
            jobs, _start_reader, (root, context, review is not None)) as pool:
        for done in pool.imap(_read_chunk, chunks):
            for name, digest, text in done:
                yield Result.from_record(name, digest, json.loads(text)), text


_READER: tuple[PlanSet, Refs, Any, bool] | None = None  # a reader process's context


def _start_reader(root: Path, context: str, full: bool) -> None:
    """A reader process's first step: Ctrl-C is for the parent; read the context once."""
    global _READER
    from planner.load import load_plan_set
    from planner.review import customer_flags
    from planner.validate import validate_context

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raw, issues = load_plan_set(root, customers=False)
    plan, refs = validate_context(raw, issues)
    _READER = (plan, refs, customer_flags if full else None, context_of(raw) == context)


def _read_chunk(todo: list[tuple[Path, str]]) -> list[tuple[str, str, bytes]]:
    assert _READER is not None
    plan, refs, review, same = _READER
    if not same:
        raise FileChanged("file_changed", file="market.yaml")
    out = []
    for path, name in todo:
        r = read_customer(path, name, plan, refs, review)[0]
        out.append((r.name, r.digest, json_text(r.record())))
    return out


def context_of(raw: RawPlanSet) -> str:
    """What a customer's result depends on besides its file: planner's code, market.yaml and
    the industry files (names and bytes)."""
    from planner.build import code_digest

    parts = [code_digest()] + [f"{s.name}\0{s.digest}" for s in
                               ([raw.market] if raw.market else []) + list(raw.industries)]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


class LazyCustomers(_Kept):
    """Customers' models by id, each read again from its file when asked for (the 64 most
    recently used are kept): a plan set of 20,000 customers is never all in memory."""

    def __init__(self, sources: dict[str, Source], keep: int = 64):
        super().__init__(sources, keep)

    def _read(self, cid: str) -> Customer:
        return load_model(self.sources[cid])


class FileChanged(Fault):
    """A customer file changed while planner was using it."""


def load_model(source: Source) -> Customer:
    """A customer's model, read again from its file; the file must be what was checked."""
    current_input.set(source.name)
    again, issues = read_source(source.path, source.name)
    if again is None or again.digest != source.digest or errors_of(issues):
        raise FileChanged("file_changed", file=source.name)
    c = validate_model(again, Customer, [])
    if c is None:  # pragma: no cover - the file was valid when checked, and is unchanged
        raise FileChanged("file_changed", file=source.name)
    source.rounded = again.rounded
    return c


def duplicate_issues(results: list[Result]) -> list[Issue]:
    """A customer id used by two files: the first (by id, then file name) keeps it."""
    seen: dict[str, Result] = {}
    out = []
    for r in sorted((r for r in results if r.brief), key=lambda r: (r.brief.id, r.name)):
        b = r.brief
        first = seen.setdefault(b.id, r)
        if first is not r:
            line, col = b.id_at
            out.append(Issue(r.name, line, col, "id", "duplicate_customer",
                             {"got": b.id, "other": first.name}, describe(Customer, ("id",))))
    return out
