"""A file that fails its model, read as far as it is valid, so the cross-file rules still run.

Each invalid value is replaced by a placeholder its type accepts (a mistyped key that stands for
a missing field is renamed to it, its value kept), and the copy is validated again. The result
holds every value that is valid on its own; `Bad` remembers where the placeholders are, and a rule
never reports on a field that already has an error, nor on one that depends on it: one mistake,
one message.
"""

from __future__ import annotations

import copy
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from planner.model import _unwrap, fields_by_key

Loc = tuple[str | int, ...]
_ROUNDS = 4  # a placeholder of a nested model may itself need placeholders
_CANDIDATES: tuple[Any, ...] = (None, "0", "x", "Q1", "2000", "2000-01-01")
_ADAPTERS: dict[str, TypeAdapter] = {}


class Bad:
    """Where a file's values are not valid on their own (placeholders stand there)."""

    def __init__(self, locs: set[Loc] | None = None):
        self.locs = locs or set()

    def ok(self, *locs: Loc) -> bool:
        """Whether every loc is valid: none lies in, or holds, an invalid value."""
        return not any(_related(loc, b) for loc in locs for b in self.locs)

    def covers(self, loc: Loc) -> bool:
        """Whether the value at `loc` as a whole (or what holds it) is invalid."""
        return any(b == loc[:len(b)] for b in self.locs)

    def keeps(self, field: str) -> bool:
        """Whether an issue at the dotted `field` is about valid values only."""
        return not any(_related_dotted(field, dotted_loc(b)) for b in self.locs)


NO_BAD = Bad()


def _related(a: Loc, b: Loc) -> bool:
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _related_dotted(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return long == short or not short or long.startswith((short + ".", short + "["))


def dotted_loc(loc: Loc) -> str:
    """('stock', 0, 'retention') -> 'stock[0].retention' (load.dotted is this one)."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def salvage(model: type[BaseModel], data: Any, errors: list[dict],
            renames: dict[tuple[Loc, str], tuple[str, Any]],
            ) -> tuple[BaseModel | None, Bad, list[dict]]:
    """The model of `data` with placeholders where `errors` are, the places of those, and the
    errors of values found under renamed keys (mistakes of their own, to be reported)."""
    data = copy.deepcopy(data)
    bad: set[Loc] = set()
    for (parent, wrong), (key, value) in renames.items():
        holder = _get(data, parent)
        if isinstance(holder, dict):
            holder.pop(wrong, None)
            holder.setdefault(key, value)  # a value written under the right key too wins
    renamed = {parent + (key,) for (parent, _), (key, _) in renames.items()}
    late: list[dict] = []
    todo = [e for e in errors if not _is_renamed(e, renames)]
    for round_ in range(_ROUNDS):
        for err in todo:
            _patch(model, data, err, bad)
        try:
            return model.model_validate(data), Bad(bad), late
        except ValidationError as e:
            todo = e.errors(include_url=False)
            if round_ == 0:
                late = [x for x in todo if any(tuple(x["loc"])[:len(r)] == r for r in renamed)]
        except Exception:  # noqa: BLE001 - a placeholder that no type takes: give up on the file
            break
    return None, Bad(bad), late


def _is_renamed(err: dict, renames: dict[tuple[Loc, str], tuple[str, Any]]) -> bool:
    loc = tuple(err["loc"])
    if not loc:
        return False
    parent, key = loc[:-1], loc[-1]
    if err["type"] == "extra_forbidden":
        return (parent, key) in renames
    return err["type"] == "missing" and any(p == parent and k == key
                                            for (p, _), (k, _) in renames.items())


def _patch(model: type[BaseModel], data: Any, err: dict, bad: set[Loc]) -> None:
    loc = tuple(err["loc"])
    if err["type"] == "extra_forbidden":
        holder = _get(data, loc[:-1])
        if isinstance(holder, dict):
            holder.pop(loc[-1], None)
        return
    while loc:
        if _put(data, loc, placeholder(type_at(model, loc))):
            bad.add(loc)
            return
        loc = loc[:-1]  # the value's container is not what it should be: replace that


def _get(data: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _put(data: Any, loc: Loc, value: Any) -> bool:
    holder = _get(data, loc[:-1])
    key = loc[-1]
    if isinstance(holder, dict) and isinstance(key, str):
        holder[key] = value
        return True
    if isinstance(holder, list) and isinstance(key, int) and 0 <= key < len(holder):
        holder[key] = value
        return True
    return False


def type_at(model: type[BaseModel], loc: Loc) -> Any:
    """The declared type of the value at `loc`, constraints included (None if unknown)."""
    tp: Any = model
    for part in loc:
        base = _unwrap(tp)
        if isinstance(part, str) and isinstance(base, type) and issubclass(base, BaseModel):
            f = fields_by_key(base).get(part)
            if f is None:
                return None
            tp = Annotated[(f.annotation, *f.metadata)] if f.metadata else f.annotation
        elif isinstance(part, int) and get_origin(base) is list:
            tp = get_args(base)[0]
        elif get_origin(base) is dict:
            tp = get_args(base)[1]
        else:
            return None
    return tp


def placeholder(tp: Any) -> Any:
    """A value that `tp` accepts."""
    if tp is None:
        return None
    base = _unwrap(tp)
    if isinstance(base, type) and issubclass(base, BaseModel):
        return {key: placeholder(Annotated[(f.annotation, *f.metadata)] if f.metadata
                                 else f.annotation)
                for key, f in fields_by_key(base).items() if f.is_required()}
    if get_origin(base) is Literal:
        return get_args(base)[0]
    if get_origin(base) is list:
        return []
    if get_origin(base) is dict:
        return {}
    adapter = _ADAPTERS.get(repr(tp))
    if adapter is None:
        adapter = _ADAPTERS[repr(tp)] = TypeAdapter(tp)
    for value in _CANDIDATES:
        try:
            adapter.validate_python(value)
            return value
        except (ValidationError, ValueError, TypeError):
            continue
    return None
