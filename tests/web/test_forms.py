"""`web.forms.read`: a posted form into the API's own model, with the model's limits, and a
refusal that names the field."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import Field
from starlette.datastructures import FormData

from xborder.kernel.commands import Command
from xborder.kernel.errors import Invalid
from xborder.web import forms


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


class Sample(Command):
    colour: Colour
    text: str = Field(min_length=1, max_length=10)
    tags: list[Colour] = Field(default_factory=list, max_length=2)
    urgent: bool = False
    months: int | None = Field(default=None, ge=0, le=1200)
    since: date | None = None
    note: str = Field(default="", max_length=5)


def _form(*pairs: tuple[str, str]) -> FormData:
    return FormData(list(pairs))


def test_fields_are_read_by_name_with_the_models_types() -> None:
    got = forms.read(
        Sample,
        _form(
            ("colour", "red"),
            ("text", "  hello "),
            ("tags", "blue"),
            ("tags", ""),
            ("tags", "red"),
            ("urgent", "yes"),
            ("months", "24"),
            ("since", "2020-01-31"),
            ("csrf_token", "not a field"),
        ),
    )
    assert got == Sample(
        colour=Colour.RED,
        text="hello",
        tags=[Colour.BLUE, Colour.RED],
        urgent=True,
        months=24,
        since=date(2020, 1, 31),
    )


def test_an_unticked_box_and_empty_optional_fields_are_their_defaults() -> None:
    got = forms.read(Sample, _form(("colour", "blue"), ("text", "x"), ("months", " ")))
    assert (got.urgent, got.months, got.since, got.tags, got.note) == (False, None, None, [], "")


def test_a_nested_part_at_fault_is_named_with_its_row() -> None:
    class Part(Command):
        url: str = Field(min_length=1)

    class Outer(Command):
        parts: list[Part]

    with pytest.raises(Invalid) as caught:
        forms.read(Outer, _form(), parts=[{"url": "a"}, {"url": ""}])
    assert caught.value.detail.startswith("parts 2 url:")
    assert caught.value.extra["field"] == "parts"


def test_values_given_by_the_page_win_over_the_form() -> None:
    got = forms.read(Sample, _form(("colour", "blue"), ("text", "form")), text="path")
    assert got.text == "path"


@pytest.mark.parametrize(
    ("pairs", "field"),
    [
        ((("text", "x"),), "colour"),  # missing
        ((("colour", "green"), ("text", "x")), "colour"),  # not one of the choices
        ((("colour", "red"), ("text", "")), "text"),  # required, empty
        ((("colour", "red"), ("text", "x" * 11)), "text"),  # over the model's limit
        ((("colour", "red"), ("text", "x"), ("months", "12x")), "months"),
        ((("colour", "red"), ("text", "x"), ("months", "1201")), "months"),
        ((("colour", "red"), ("text", "x"), ("since", "31/01/2020")), "since"),
        ((("colour", "red"), ("text", "x"), *[("tags", "red")] * 3), "tags"),
    ],
)
def test_a_bad_form_is_refused_naming_the_field(
    pairs: tuple[tuple[str, str], ...], field: str
) -> None:
    with pytest.raises(Invalid) as caught:
        forms.read(Sample, _form(*pairs))
    assert caught.value.extra["field"] == field
    assert caught.value.detail.startswith(field)


@given(st.text(max_size=30), st.sampled_from(["red", "blue", "", "x"]))
def test_the_form_and_the_api_accept_the_same_values(text: str, colour: str) -> None:
    """Whatever the form carries, read() accepts exactly what the API's model accepts for the
    same (stripped) values, and builds the same command."""
    from pydantic import ValidationError

    try:
        expected: Sample | None = Sample.model_validate({"colour": colour, "text": text.strip()})
    except ValidationError:
        expected = None
    try:
        got: Sample | None = forms.read(Sample, _form(("colour", colour), ("text", text)))
    except Invalid:
        got = None
    assert got == expected
