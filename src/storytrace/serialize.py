"""Records to plain JSON-able dicts and back, driven by the dataclasses' type hints.

One converter serves the store (JSON columns), the exports (JSONL, Parquet) and the web JSON
twins, so a record has exactly one external shape.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import json
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin

T = TypeVar("T")


def to_dict(record: Any) -> Any:
    """A record (or a tuple/list/dict of them) as JSON-able builtins; dates in ISO format."""
    kind = type(record)
    if kind in _PLAIN:
        return record
    names = _field_names(kind) if dataclasses.is_dataclass(kind) else None
    if names is not None:
        return {name: to_dict(getattr(record, name)) for name in names}
    if isinstance(record, datetime | date):
        return record.isoformat()
    if isinstance(record, tuple | list):
        return [to_dict(item) for item in record]
    if isinstance(record, dict):
        return {str(key): to_dict(value) for key, value in record.items()}
    return record


_PLAIN = frozenset({str, int, float, bool, type(None)})


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def to_json(record: Any) -> str:
    """A record as compact JSON (Unicode kept as is)."""
    return json.dumps(to_dict(record), ensure_ascii=False, separators=(",", ":"))


def from_dict(cls: type[T], data: Any) -> T:
    """Rebuild a record of type ``cls`` from what ``to_dict`` produced (extra keys ignored)."""
    return _converter(cls)(data)


def from_json(cls: type[T], text: str) -> T:
    return from_dict(cls, json.loads(text))


Converter = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


def _optional(inner: Converter) -> Converter:
    def convert(value: Any) -> Any:
        return None if value is None else inner(value)
    return convert


@cache
def _converter(tp: Any) -> Converter:
    """A function turning the JSON form of type ``tp`` back into ``tp`` (built once per type)."""
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = tuple(arg for arg in get_args(tp) if arg is not type(None))
        return _optional(_union_converter(options))
    if origin is typing.Literal or tp in _PLAIN or tp is Any:
        return _identity
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _converter(args[0])
            if item is _identity:
                return _optional(tuple)
            return _optional(lambda value: tuple(item(v) for v in value))
        items = tuple(_converter(arg) for arg in args)
        return _optional(lambda value: tuple(c(v) for c, v in zip(items, value, strict=False)))
    if origin is list:
        item = _converter(get_args(tp)[0])
        return _optional(lambda value: [item(v) for v in value])
    if origin in (dict, typing.Mapping, collections.abc.Mapping):
        item = _converter(get_args(tp)[1])
        return _optional(lambda value: {k: item(v) for k, v in value.items()})
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields = tuple((f.name, _converter(hints[f.name]))
                       for f in dataclasses.fields(tp) if f.init)

        def build(value: Any) -> Any:
            if value is None:
                return None
            return tp(**{name: convert(value[name]) for name, convert in fields
                         if name in value})
        return build
    if tp is datetime:
        return _optional(datetime.fromisoformat)
    if tp is date:
        return _optional(date.fromisoformat)
    return _identity


def _union_converter(options: tuple[Any, ...]) -> Converter:
    if len(options) == 1:
        return _converter(options[0])
    if set(options) == {date, datetime}:
        return _date_or_datetime
    return _converter(next(o for o in options if o not in (date, datetime)))


def _date_or_datetime(value: Any) -> Any:
    """``date | datetime`` from ISO text: a time part decides which."""
    if isinstance(value, str) and "T" not in value and len(value) <= 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value)
