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


# --- rows: a list of models from the page's repeated rows -----------------------------------


class Row(Command):
    kind: Colour
    source: str = Field(min_length=1, max_length=10)
    note: str = Field(default="", max_length=5)
    until: date | None = None
    confirmed: bool = False
    refs: list[str] = Field(default_factory=list, max_length=2)


class WithRows(Command):
    rows: list[Row] = Field(default_factory=list, max_length=2)
    note: str = ""


def test_rows_are_read_by_their_number_with_the_row_models_types() -> None:
    got = forms.read(
        WithRows,
        _form(
            ("rows.1.kind", "blue"),  # the page's order, not the post's
            ("rows.1.source", " HRW "),
            ("rows.1.refs", "O1"),
            ("rows.1.refs", "O2"),
            ("rows.0.kind", "red"),
            ("rows.0.source", "CAT"),
            ("rows.0.until", "2020-01-31"),
            ("rows.0.confirmed", "1"),
            ("note", "n"),
        ),
    )
    assert got == WithRows(
        rows=[
            Row(kind=Colour.RED, source="CAT", until=date(2020, 1, 31), confirmed=True),
            Row(kind=Colour.BLUE, source="HRW", refs=["O1", "O2"]),
        ],
        note="n",
    )


def test_blank_rows_are_skipped() -> None:
    got = forms.read(
        WithRows,
        _form(
            ("rows.0.kind", ""),
            ("rows.0.source", "  "),
            ("rows.1.kind", "red"),
            ("rows.1.source", "CAT"),
            ("rows.2.kind", ""),
            ("rows.2.source", ""),
            ("rows.2.refs", ""),
        ),
    )
    assert got.rows == [Row(kind=Colour.RED, source="CAT")]
    assert forms.read(WithRows, _form(("rows.0.kind", ""), ("rows.0.source", ""))).rows == []


@pytest.mark.parametrize(
    ("pairs", "detail"),
    [
        # the row is named by its place on the page, the blank row before it counted
        ((("rows.0.kind", ""), ("rows.1.kind", "red"), ("rows.1.source", "")), "rows 2 source:"),
        ((("rows.0.source", "CAT"),), "rows 1 kind:"),  # a required part left out
        ((("rows.0.kind", "green"), ("rows.0.source", "x")), "rows 1 kind:"),
        (
            (("rows.3.kind", "red"), ("rows.3.source", "x"), ("rows.3.until", "31/01")),
            "rows 4 until:",
        ),
        (
            (("rows.0.kind", "red"), ("rows.0.source", "x"), *[("rows.0.refs", "a")] * 3),
            "rows 1 refs:",
        ),
        ((*[(f"rows.{i}.source", "x") for i in range(3)],), "rows:"),  # over the list's limit
    ],
)
def test_a_bad_row_is_refused_naming_its_row(
    pairs: tuple[tuple[str, str], ...], detail: str
) -> None:
    with pytest.raises(Invalid) as caught:
        forms.read(WithRows, _form(*pairs))
    assert caught.value.extra["field"] == "rows"
    assert caught.value.detail.startswith(detail), caught.value.detail


def test_rows_within_rows_are_named_by_their_page_numbers() -> None:
    class Sub(Command):
        url: str = Field(min_length=3)

    class Part(Command):
        subs: list[Sub]

    class Outer(Command):
        parts: list[Part]

    form = _form(("parts.2.subs.0.url", "abc"), ("parts.2.subs.5.url", "ab"))
    with pytest.raises(Invalid) as caught:
        forms.read(Outer, form)
    assert caught.value.detail.startswith("parts 3 subs 6 url:"), caught.value.detail


def test_inputs_that_are_not_rows_of_the_field_are_ignored() -> None:
    got = forms.read(
        WithRows,
        _form(
            ("rows", "red"),
            ("rows.x.kind", "red"),
            ("rows.01.kind", "red"),
            ("rows.99999.kind", "red"),
            ("rows.0.unknown", "x"),
        ),
    )
    assert got.rows == []


_cell = st.sampled_from(["", " ", "red", "blue", "green", "x", "a long source"])


@given(st.lists(st.tuples(_cell, _cell, _cell), max_size=4))
def test_the_form_and_the_api_accept_the_same_rows(cells: list[tuple[str, str, str]]) -> None:
    """The rows a page posts are accepted exactly when the API's model accepts the same rows
    (stripped, the blank ones left out), and build the same command."""
    from pydantic import ValidationError

    rows = [(k.strip(), s.strip(), n.strip()) for k, s, n in cells]
    body = {"rows": [{"kind": k, "source": s, "note": n} for k, s, n in rows if k or s or n]}
    try:
        expected: WithRows | None = WithRows.model_validate(body)
    except ValidationError:
        expected = None
    pairs = [
        (f"rows.{i}.{part}", value)
        for i, row in enumerate(cells)
        for part, value in zip(("kind", "source", "note"), row, strict=True)
    ]
    try:
        got: WithRows | None = forms.read(WithRows, _form(*pairs))
    except Invalid:
        got = None
    assert got == expected


def test_rows_as_typed_keep_blank_rows_in_page_order() -> None:
    """What a page shows again: every row, blank ones too, by its number on the page."""
    form = _form(
        ("rows.10.kind", "red"),
        ("rows.2.kind", ""),
        ("rows.2.note", "  x "),
        ("rows.2.note", "y"),
        ("rows.1.other", "ignored"),
    )
    assert forms.rows(form, "rows", ("kind", "note")) == {
        2: {"kind": "", "note": "x"},
        10: {"kind": "red"},
    }


# --- nested models: a single model from the inputs `<field>.<part>` ---------------------------


class Alias(Command):
    full: str = Field(min_length=1, max_length=10)


class Person(Command):
    name: str = Field(min_length=1, max_length=10)
    months: int | None = Field(default=None, ge=0)
    countries: list[str] = Field(default_factory=list, max_length=2)
    wanted: bool = False
    aliases: list[Alias] = Field(default_factory=list)


class Flags(Command):
    urgent: bool = False
    secret: bool = False


class Case(Command):
    person: Person
    witness: Person | None = None
    flags: Flags = Field(default_factory=Flags)
    note: str = ""


def test_a_nested_model_is_read_from_its_dotted_inputs() -> None:
    got = forms.read(
        Case,
        _form(
            ("person.name", " Ana "),
            ("person.months", "12"),
            ("person.countries", "FR"),
            ("person.countries", ""),
            ("person.countries", "DE"),
            ("person.wanted", "1"),
            ("person.aliases.3.full", "Anna"),
            ("person.aliases.0.full", "A."),
            ("flags.secret", "yes"),
            ("name", "not the person's"),
        ),
    )
    assert got == Case(
        person=Person(
            name="Ana",
            months=12,
            countries=["FR", "DE"],
            wanted=True,
            aliases=[Alias(full="A."), Alias(full="Anna")],
        ),
        flags=Flags(secret=True),
    )


def test_a_nested_model_nothing_was_typed_for_is_left_to_its_default() -> None:
    """An optional nested model is absent and a defaulted one its default, as an empty
    optional field is; an unticked box or a blank input says nothing."""
    got = forms.read(
        Case, _form(("person.name", "Ana"), ("witness.name", " "), ("witness.months", ""))
    )
    assert got.witness is None and got.flags == Flags()
    got = forms.read(Case, _form(("person.name", "Ana"), ("witness.name", "Bo")))
    assert got.witness == Person(name="Bo")


@pytest.mark.parametrize(
    ("pairs", "detail", "field"),
    [
        ((), "person name: Field required", "person"),  # a required one is always read
        ((("person.name", "x" * 11),), "person name: String should have at most 10", "person"),
        ((("person.name", "Ana"), ("person.months", "-1")), "person months:", "person"),
        (
            (("person.name", "Ana"), ("witness.months", "3")),  # typed for: read, and refused
            "witness name: Field required",
            "witness",
        ),
        (
            (
                ("person.name", "Ana"),
                ("person.aliases.0.full", "A."),
                ("person.aliases.1.full", " "),
                ("person.aliases.2.full", "x" * 11),
            ),
            "person aliases 3 full:",  # a row inside it by its place on the page
            "person",
        ),
    ],
)
def test_a_bad_nested_part_is_refused_naming_its_path(
    pairs: tuple[tuple[str, str], ...], detail: str, field: str
) -> None:
    with pytest.raises(Invalid) as caught:
        forms.read(Case, _form(*pairs))
    assert caught.value.detail.startswith(detail), caught.value.detail
    assert caught.value.extra["field"] == field


def test_a_nested_model_given_by_the_page_wins_over_its_inputs() -> None:
    got = forms.read(Case, _form(("person.name", "form")), person=Person(name="page"))
    assert got.person.name == "page"
