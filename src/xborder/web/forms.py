"""A posted form read into the API's own pydantic model.

A page and the API route beside it take the same command: the form's fields are gathered by the
model's field names (a list field from every value of its name, a bool from a checkbox, an
empty optional field as absent) and validated by the same model, with the same limits and
types. A failure becomes `Invalid` naming the first field at fault, which the page shows beside
its form, as the API would answer a 422.

A list of models (`art2_risks: list[RiskIn]`) is read from the page's repeated rows, named
`<field>.<row>.<part>` (`art2_risks.0.risk`, `art2_risks.0.source`, ...; the dotted paths of
the EAW capture form): the row number is the page's own, so a checkbox or a list inside a row
stays in its row. Rows are taken in the order of their numbers, a row whose inputs are all
blank (the spare rows a page offers) is skipped, and each part is read as a field is. A row
number is written as `loop.index0` writes it (no leading zeros, at most 4 digits); an input
that names no part of the row's model is ignored, as an unknown field is. A row at fault is
named by its place on the page ("art2 risks 2 source: ..."), blank rows counted.

A single nested model (`person: PersonIn`) is read from the inputs named `<field>.<part>`
(`person.family_name`, `person.nationalities`, `warrant.in_absentia`; rows inside it as
`<field>.<list>.<row>.<part>`), each part as a field is, so that a model the API takes whole is
read whole instead of field by field. An optional (or defaulted) one of which no input carries
anything is left out, as an empty optional field is; a required one is always read, and its own
missing parts are named ("person family name: Field required").
"""

from __future__ import annotations

import re
import types
from collections.abc import Collection
from typing import Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from starlette.datastructures import FormData

from xborder.kernel.errors import Invalid

M = TypeVar("M", bound=BaseModel)

CHECKED = frozenset({"yes", "on", "true", "1"})

# Where each field's rows came from on the page: (field path) -> page row of each kept row.
Rows = dict[tuple[str | int, ...], list[int]]


def _origin(annotation: Any) -> tuple[Any, bool]:
    """The annotation without `| None`, and whether None was allowed."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return (args[0] if len(args) == 1 else annotation), len(args) < len(get_args(annotation))
    return annotation, False


def _row_model(kind: Any) -> type[BaseModel] | None:
    """The model of a `list[Model]` field, whose values come in rows."""
    if get_origin(kind) is not list:
        return None
    (item,) = get_args(kind) or (None,)
    return item if isinstance(item, type) and issubclass(item, BaseModel) else None


def _nested_model(kind: Any) -> type[BaseModel] | None:
    """The model of a single nested model field, whose values come from `<field>.<part>`."""
    return kind if isinstance(kind, type) and issubclass(kind, BaseModel) else None


def _carries(form: FormData, key: str, model: type[BaseModel]) -> bool:
    """Whether an input of `model` under `<key>.` carries something."""
    parts = {f.alias or n for n, f in model.model_fields.items()}
    start = key + "."
    return any(
        isinstance(raw, str)
        and raw.strip() != ""
        and name.startswith(start)
        and name[len(start) :].split(".", 1)[0] in parts
        for name, raw in form.multi_items()
    )


def values(form: FormData, name: str) -> list[str]:
    """Every non-empty value of a repeated input: its empty rows say nothing."""
    stripped = (v.strip() for v in form.getlist(name) if isinstance(v, str))
    return [v for v in stripped if v]


def checked(form: FormData, name: str) -> bool:
    """Whether a checkbox (or a yes/no choice) is ticked; an absent one is not."""
    raw = form.get(name)
    return isinstance(raw, str) and raw.strip().lower() in CHECKED


ROW = r"\.(0|[1-9]\d{0,3})\.([^.]+)"  # `<key>.<row>.<part>`: a row number as loop.index0 writes it


def rows(form: FormData, key: str, parts: Collection[str]) -> dict[int, dict[str, str]]:
    """The rows of `key` as typed, blank ones too, by row number in order: each row's `parts`
    (stripped; of a part sent twice, or holding rows of its own, the first non-blank value).
    What `read` takes a list-of-model field from, and what a page shows again as typed."""
    pattern = re.compile(re.escape(key) + ROW + r"(?:\..+)?")
    out: dict[int, dict[str, str]] = {}
    for name, raw in form.multi_items():
        m = pattern.fullmatch(name)
        if m and m.group(2) in parts and isinstance(raw, str):
            row = out.setdefault(int(m.group(1)), {})
            if not row.get(m.group(2)):
                row[m.group(2)] = raw.strip()
    return dict(sorted(out.items()))


def _row_numbers(form: FormData, key: str, model: type[BaseModel]) -> list[int]:
    """The numbers of the rows of `key` where an input of the row's model carries something,
    in order."""
    parts = {f.alias or n for n, f in model.model_fields.items()}
    return [n for n, row in rows(form, key, parts).items() if any(row.values())]


def _value(
    form: FormData, key: str, field: FieldInfo, rows: Rows, path: tuple[str | int, ...]
) -> tuple[bool, Any]:
    """(present, value) of one field as the form carries it."""
    kind, optional = _origin(field.annotation)
    row_model = _row_model(kind)
    if row_model is not None:
        numbers = _row_numbers(form, key, row_model)
        if not numbers and optional:
            return False, None
        rows[path] = numbers
        return True, [
            _gather(row_model, form, f"{key}.{n}.", rows, (*path, i)) for i, n in enumerate(numbers)
        ]
    nested = _nested_model(kind)
    if nested is not None:
        if not _carries(form, key, nested) and (optional or not field.is_required()):
            return False, None
        return True, _gather(nested, form, f"{key}.", rows, path)
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


def _gather(
    model: type[BaseModel],
    form: FormData,
    prefix: str,
    rows: Rows,
    path: tuple[str | int, ...] = (),
    given: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The model's input from the form's fields under `prefix`."""
    data: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        key = field.alias or name
        if given and name in given:
            data[key] = given[name]
            continue
        present, value = _value(form, prefix + key, field, rows, (*path, key))
        if present:
            data[key] = value
    return data


def _message(exc: ValidationError, model: type[BaseModel], rows: Rows) -> tuple[str, str]:
    first = exc.errors()[0]
    loc = list(first.get("loc", ()))
    name = str(loc[0]) if loc else ""
    field = model.model_fields.get(name)
    label = (field.title if field and field.title else name.replace("_", " ")) or "form"
    # A nested part is named too ("source url"), and a row by its number from one: the
    # page's own number where the rows were read from the form.
    for at, part in enumerate(loc[1:], start=1):
        if isinstance(part, int):
            numbers = rows.get(tuple(loc[:at]), [])
            label += f" {(numbers[part] if part < len(numbers) else part) + 1}"
        else:
            label += f" {str(part).replace('_', ' ')}"
    return f"{label}: {first.get('msg', 'not valid')}", name


def read(model: type[M], form: FormData, **given: Any) -> M:
    """`model` from the form; `given` names values the page supplies itself (from the path, or
    fields it reads in its own way), which win over the form."""
    rows: Rows = {}
    data = _gather(model, form, "", rows, given=given)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        detail, name = _message(exc, model, rows)
        raise Invalid(detail, field=name) from None
