"""A posted form read into the API's own pydantic model.

A page and the API route beside it take the same command: the form's fields are gathered by the
model's field names (a list field from every value of its name, a bool from a checkbox, an
empty optional field as absent) and validated by the same model, with the same limits and
types. A failure becomes `Invalid` naming the first field at fault, which the page shows beside
its form, as the API would answer a 422.
"""

from __future__ import annotations

import types
from typing import Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from starlette.datastructures import FormData

from xborder.kernel.errors import Invalid

M = TypeVar("M", bound=BaseModel)

CHECKED = frozenset({"yes", "on", "true", "1"})


def _origin(annotation: Any) -> tuple[Any, bool]:
    """The annotation without `| None`, and whether None was allowed."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return (args[0] if len(args) == 1 else annotation), len(args) < len(get_args(annotation))
    return annotation, False


def values(form: FormData, name: str) -> list[str]:
    """Every non-empty value of a repeated input: its empty rows say nothing."""
    stripped = (v.strip() for v in form.getlist(name) if isinstance(v, str))
    return [v for v in stripped if v]


def checked(form: FormData, name: str) -> bool:
    """Whether a checkbox (or a yes/no choice) is ticked; an absent one is not."""
    raw = form.get(name)
    return isinstance(raw, str) and raw.strip().lower() in CHECKED


def _value(form: FormData, key: str, field: FieldInfo) -> tuple[bool, Any]:
    """(present, value) of one field as the form carries it."""
    kind, optional = _origin(field.annotation)
    if get_origin(kind) is list:
        return True, values(form, key)
    if kind is bool:
        return True, checked(form, key)
    raw = form.get(key)
    if not isinstance(raw, str):
        return False, None
    text = raw.strip()
    if not text and (optional or not field.is_required()):
        return False, None
    return True, text


def _message(exc: ValidationError, model: type[BaseModel]) -> tuple[str, str]:
    first = exc.errors()[0]
    loc = [str(p) for p in first.get("loc", ())]
    name = loc[0] if loc else ""
    field = model.model_fields.get(name)
    label = (field.title if field and field.title else name.replace("_", " ")) or "form"
    # A nested part is named too ("source url"), and a row by its number from one.
    label += "".join(
        f" {int(p) + 1}" if p.isdigit() else f" {p.replace('_', ' ')}" for p in loc[1:]
    )
    return f"{label}: {first.get('msg', 'not valid')}", name


def read(model: type[M], form: FormData, **given: Any) -> M:
    """`model` from the form; `given` names values the page supplies itself (from the path, or
    fields it reads in its own way), which win over the form."""
    data: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if name in given:
            data[name] = given[name]
            continue
        present, value = _value(form, field.alias or name, field)
        if present:
            data[field.alias or name] = value
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        detail, name = _message(exc, model)
        raise Invalid(detail, field=name) from None
