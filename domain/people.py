"""People named in the programme's documents: coordinators and curators (152-ФЗ personal data)."""

from __future__ import annotations

import msgspec

from domain.base import InvalidValue


class Person(msgspec.Struct, frozen=True):
    """A named coordinator or curator: personal data (152-ФЗ), kept whole to encrypt or erase it."""

    full_name: str
    position: str = ""
    contact: str = ""


def check_person(person: Person, field: str) -> Person:
    """A person is named by at least a full name."""
    if not person.full_name.strip():
        raise InvalidValue(field, "full_name must not be empty")
    return person
