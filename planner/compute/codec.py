"""Computed results <-> JSON, exactly: a customer's targets kept between runs (`planner.store`).

A frozen dataclass is written as the list of its fields' values in order, a Decimal as its text
(so 180.80 stays 180.80, not 180.8), a tuple as a list. Reading is driven by the dataclasses'
type hints, compiled once per type into a function, so reading 20,000 customers' targets back
costs a few seconds.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

Decode = Callable[[Any], Any]


def encode(value: Any) -> Any:
    """A JSON-able form of a result: dataclasses, Decimals, tuples, dicts, str, int, None."""
    how = _HOW.get(type(value))
    if how is None:
        how = _HOW[type(value)] = _how(type(value))
    if how is _AS_IS:
        return value
    if how is _TEXT:
        return str(value)
    if how is _LIST:
        return [encode(v) for v in value]
    if how is _MAP:
        return {k: encode(v) for k, v in value.items()}
    return [encode(getattr(value, n)) for n in how]  # a dataclass: its fields' names


_AS_IS, _TEXT, _LIST, _MAP = "as is", "text", "list", "map"
_HOW: dict[type, str | tuple[str, ...]] = {}  # how each type is written, worked out once


def _how(kind: type) -> str | tuple[str, ...]:
    """How `encode` writes a value of type `kind`: a Decimal as its text, a dataclass as its
    fields in order (their names), a tuple or list as a list, a dict as a dict, else as it is."""
    if issubclass(kind, Decimal):
        return _TEXT
    if dataclasses.is_dataclass(kind):
        return tuple(f.name for f in dataclasses.fields(kind))
    if issubclass(kind, (tuple, list)):
        return _LIST
    return _MAP if issubclass(kind, dict) else _AS_IS


def decode(kind: Any, data: Any) -> Any:
    """The value of type `kind` that `encode` wrote as `data`."""
    reader = decoder(kind)
    return data if reader is None else reader(data)


def parts(values: Mapping[str, Any], key: str, *names: str,
          keep: bool = True) -> tuple[Any, ...]:
    """Some fields of one value of `values`: read alone where the values are held encoded
    (`planner.customers.Decoded.part`, which decodes no other field; with `keep`, the whole
    while it has room), or taken from the object."""
    part = getattr(values, "part", None)
    if part is not None:
        return part(key, *names, keep=keep)  # type: ignore[no-any-return]
    found = values[key]
    return tuple(getattr(found, n) for n in names)


def within(values: Mapping[str, Any], key: str, name: str, *names: str) -> tuple[Any, ...]:
    """Some fields (`names`) of one field (`name`) of one value of `values`: where the values
    are held encoded, only those are decoded (`planner.customers.Decoded.within`: a market plan
    reads the quadrant and current value of 20,000 customers, and not their whole values)."""
    inner = getattr(values, "within", None)
    if inner is not None:
        return inner(key, name, *names)  # type: ignore[no-any-return]
    found = getattr(values[key], name)
    return tuple(getattr(found, n) for n in names)


def decode_field(kind: Any, data: Any, name: str) -> Any:
    """One field of a dataclass `kind` from what `encode` wrote of the whole (the rest is not
    read)."""
    index, hint = fields_of(kind)[name]
    return decode(hint, data[index])


@functools.cache
def fields_of(kind: Any) -> dict[str, tuple[int, Any]]:
    """Each field's position in what `encode` writes of a dataclass, and its type."""
    hints = typing.get_type_hints(kind)
    return {f.name: (i, hints[f.name]) for i, f in enumerate(dataclasses.fields(kind))}


@functools.cache
def decoder(kind: Any) -> Decode | None:
    """The compiled reader of one type (a dataclass, or a hint such as `Decimal | None`); None
    where JSON already holds the value (str, int, bool, None). A dataclass's reader is Python
    code made for it (as `dataclasses` makes its methods): one call, no loop over its fields."""
    names: dict[str, Any] = {"D": Decimal}
    body = _expr(kind, "x", names, [0])
    if body == "x":
        return None
    code = f"def read(x):\n    return {body}\n"
    exec(compile(code, f"<decoder of {kind}>", "exec"), names)  # noqa: S102 - our own code
    return names["read"]  # type: ignore[no-any-return]


def _expr(kind: Any, v: str, names: dict[str, Any], n: list[int]) -> str:
    """A Python expression reading `kind` from the expression `v`."""
    if kind is Decimal:
        return f"D({v})"
    if kind in (str, int, bool, type(None)):
        return v
    n[0] += 1
    me = n[0]
    if dataclasses.is_dataclass(kind):
        names[f"C{me}"] = kind
        parts = [_expr(hint, f"{v}[{i}]", names, n) for i, hint in fields_of(kind).values()]
        return f"C{me}({', '.join(parts)})"
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"cannot decode {kind}")
        one = _expr(inner[0], v, names, n)
        return v if one == v else f"(None if {v} is None else {one})"
    if origin is tuple:
        item = _expr(args[0], f"e{me}", names, n)
        if item == f"e{me}":
            return f"tuple({v})"
        return f"tuple(map(D, {v}))" if item == f"D(e{me})" else \
            f"tuple([{item} for e{me} in {v}])"
    if origin is dict:
        value = _expr(args[1], f"v{me}", names, n)
        return f"dict({v})" if value == f"v{me}" else \
            f"{{k{me}: {value} for k{me}, v{me} in {v}.items()}}"
    raise TypeError(f"cannot decode {kind}")
