"""Records to plain JSON-able dicts and back, driven by the dataclasses' type hints.

One converter serves the store (JSON columns), the exports (JSONL, Parquet) and the web JSON
twins, so a record has exactly one external shape.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin

T = TypeVar("T")


def to_dict(record: Any) -> Any:
    """A record (or a tuple/list/dict of them) as JSON-able builtins; dates in ISO format."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, datetime | date):
        return record.isoformat()
    if isinstance(record, tuple | list):
        return [to_dict(item) for item in record]
    if isinstance(record, dict):
        return {str(key): to_dict(value) for key, value in record.items()}
    return record


def to_json(record: Any) -> str:
    """A record as compact JSON (Unicode kept as is)."""
    return json.dumps(to_dict(record), ensure_ascii=False, separators=(",", ":"))


def from_dict(cls: type[T], data: Any) -> T:
    """Rebuild a record of type ``cls`` from what ``to_dict`` produced."""
    return _convert(cls, data)


def from_json(cls: type[T], text: str) -> T:
    return from_dict(cls, json.loads(text))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [arg for arg in get_args(tp) if arg is not type(None)]
        return _convert_union(options, value)
    if origin is typing.Literal:
        return value
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(args[0], item) for item in value)
        return tuple(_convert(arg, item) for arg, item in zip(args, value, strict=False))
    if origin is list:
        (arg,) = get_args(tp)
        return [_convert(arg, item) for item in value]
    if origin in (dict, typing.Mapping):
        _, arg = get_args(tp)
        return {key: _convert(arg, item) for key, item in value.items()}
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        kwargs = {
            f.name: _convert(hints[f.name], value[f.name])
            for f in dataclasses.fields(tp)
            if f.init and f.name in value
        }
        return tp(**kwargs)
    if tp is datetime:
        return datetime.fromisoformat(value)
    if tp is date:
        return date.fromisoformat(value)
    return value


def _convert_union(options: list[Any], value: Any) -> Any:
    if isinstance(value, str):
        # date | datetime: a time part decides
        if datetime in options and "T" in value:
            return datetime.fromisoformat(value)
        if date in options:
            try:
                return date.fromisoformat(value)
            except ValueError:
                if datetime in options:
                    return datetime.fromisoformat(value)
                raise
    for option in options:
        if option in (date, datetime):
            continue
        return _convert(option, value)
    return value
