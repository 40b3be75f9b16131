import pytest

from xborder.kernel.errors import Invalid
from xborder.kernel.names import NameKind, PersonName
from xborder.persons import codec
from xborder.persons.domain import Person, PhysicalDescription, language_code


def person(**kw: object) -> Person:
    base: dict[str, object] = {
        "id": "p1",
        "owner_country": "FR",
        "names": (
            PersonName("Владимир Иванов", "Владимир", "Иванов", script="Cyrl", lang="ru"),
            PersonName(
                "Vladimir Ivanov",
                "Vladimir",
                "Ivanov",
                kind=NameKind.TRANSLITERATION,
                system="icao9303",
            ),
        ),
    }
    base.update(kw)
    return Person(**base)  # type: ignore[arg-type]


def test_a_person_needs_a_primary_name() -> None:
    with pytest.raises(Invalid):
        person(names=(PersonName("X Y", kind=NameKind.ALIAS),))


def test_countries_are_iso_codes() -> None:
    with pytest.raises(Invalid):
        person(nationalities=("XX",))
    with pytest.raises(Invalid):
        person(restricted_to=frozenset({"ZZ"}))


def test_display_name_prefers_a_latin_form_and_keeps_the_original() -> None:
    assert person().display_name == "Vladimir Ivanov (Владимир Иванов)"


def test_languages_are_iso_639_3() -> None:
    assert language_code("ru") == "RUS"
    assert language_code("eng") == "ENG"
    with pytest.raises(Invalid):
        language_code("xx")


def test_physical_description_units_are_checked() -> None:
    with pytest.raises(Invalid):
        PhysicalDescription(height_m=178)


def test_json_round_trip_keeps_every_particular() -> None:
    p = person(birth_dates=(), nationalities=("RU",), restricted_to=frozenset({"DE"}))
    assert codec.from_json(codec.to_json(p)) == p


def test_malformed_json_is_invalid_not_a_crash() -> None:
    with pytest.raises(Invalid):
        codec.from_json({"names": [{"nope": 1}]})
