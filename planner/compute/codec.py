"""Computed results <-> JSON, exactly: a customer's targets kept between runs (`planner.store`).

A frozen dataclass is written as the list of its fields' values in order, a Decimal as its text
(so 180.80 stays 180.80, not 180.8), a tuple as a list. Reading is driven by the dataclasses'
type hints, compiled once per type into a function, so reading 20,000 customers' targets back
costs a few seconds, and equal values read from one record share one Decimal object.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

Decode = Callable[[Any, dict[str, Decimal]], Any]


def encode(value: Any) -> Any:
    """A JSON-able form of a result: dataclasses, Decimals, tuples, dicts, str, int, None."""
    if isinstance(value, Decimal):
        return str(value)
    if dataclasses.is_dataclass(value):
        return [encode(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    return value


def decode(kind: Any, data: Any) -> Any:
    """The value of type `kind` that `encode` wrote as `data`."""
    return decoder(kind)(data, {})


@functools.cache
def decoder(kind: Any) -> Decode:
    """The compiled reader of one type (a dataclass, or a hint such as `Decimal | None`)."""
    if kind is Decimal:
        def dec(x: Any, seen: dict[str, Decimal]) -> Decimal:
            d = seen.get(x)
            if d is None:
                d = seen[x] = Decimal(x)
            return d
        return dec
    if kind in (str, int, bool, type(None)):
        return lambda x, seen: x
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        readers = [decoder(hints[f.name]) for f in dataclasses.fields(kind)]
        return lambda x, seen: kind(*[r(v, seen) for r, v in zip(readers, x)])
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        inner = [decoder(a) for a in args if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"cannot decode {kind}")
        one = inner[0]
        return lambda x, seen: None if x is None else one(x, seen)
    if origin is tuple:
        item = decoder(args[0])
        return lambda x, seen: tuple(item(v, seen) for v in x)
    if origin is dict:
        item = decoder(args[1])
        return lambda x, seen: {k: item(v, seen) for k, v in x.items()}
    raise TypeError(f"cannot decode {kind}")
