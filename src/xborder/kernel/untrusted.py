"""JSON from outside (an imported list, a request body, a form field), parsed without trusting
it. Python's parser turns a document nested a thousand deep into a RecursionError and a number
of 4,300 digits into a ValueError; a document nested a few hundred deep parses, is stored, and
then breaks every recursive walk that reads it later (the response encoder, canonical JSON);
NaN, Infinity and NUL characters are not JSON that PostgreSQL stores. Each is an `Invalid`
(422) here, before anything is written, so the caller's transaction never starts."""

from __future__ import annotations

import json
import math
from typing import Any

from xborder.kernel.errors import Invalid

# Real documents nest a handful of levels (an FtM entity three, an extradition file five);
# 64 leaves room for any of them and stays far below the interpreter's recursion limit in
# every walk that may follow (each level costs a few frames).
MAX_DEPTH = 64
# No identifier, count or amount has more digits; Python's own limit is 4,300.
MAX_INT_DIGITS = 100
_INT_BOUND = 10**MAX_INT_DIGITS


def loads(text: str | bytes, *, line: int | None = None, max_depth: int = MAX_DEPTH) -> Any:
    """One JSON document, or `Invalid` naming what is wrong (and `line`, when given, in the
    detail and as the problem's `line` member)."""
    try:
        value = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_no_constant)
    except RecursionError:
        flaw = f"nested deeper than {max_depth} levels"
    except json.JSONDecodeError as exc:
        flaw = f"not JSON ({exc.msg})"
    except UnicodeDecodeError:
        flaw = "not UTF-8 text"
    except ValueError as exc:  # raised by the hooks below
        flaw = str(exc)
    else:
        found = problem(value, max_depth)
        if found is None:
            return value
        flaw = found
    if line is None:
        raise Invalid(flaw)
    raise Invalid(f"line {line}: {flaw}", line=line)


def check(value: Any, max_depth: int = MAX_DEPTH) -> None:
    """The same checks on JSON that another parser read (FastAPI's request bodies)."""
    found = problem(value, max_depth)
    if found is not None:
        raise Invalid(f"JSON body: {found}")


def problem(value: Any, max_depth: int = MAX_DEPTH) -> str | None:
    """What makes a parsed document unfit to keep, and where (`at answers.law-1.likelihood`),
    or None. Iterative, so that the check itself cannot exhaust the stack."""
    stack: list[tuple[Any, int, tuple[str | int, ...]]] = [(value, 0, ())]
    while stack:
        item, depth, path = stack.pop()
        flaw = None
        children: Any = ()
        if isinstance(item, dict):
            if any("\x00" in k for k in item if isinstance(k, str)):
                flaw = "a member name holds a NUL character"
            children = item.items()
        elif isinstance(item, list):
            children = enumerate(item)
        elif isinstance(item, str):
            if "\x00" in item:
                flaw = "a text holds a NUL character"
        elif isinstance(item, float) and not math.isfinite(item):
            flaw = "a number is not finite"
        elif isinstance(item, int) and abs(item) >= _INT_BOUND:
            flaw = f"a number has more than {MAX_INT_DIGITS} digits"
        if flaw is None and children and depth >= max_depth:
            flaw = f"nested deeper than {max_depth} levels"
        if flaw is not None:
            where = ".".join(str(p) for p in path[:12])
            return f"{flaw} (at {where})" if where else flaw
        stack.extend((child, depth + 1, (*path, key)) for key, child in children)
    return None


def _int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"a number has more than {MAX_INT_DIGITS} digits")
    return int(digits)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("a number is out of range")
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")
