"""Field types shared by the command Structs: the same constraints everywhere, named once."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec

from domain.base import Key
from domain.school import BasisDocument

Text = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
ShortText = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
OptionalText = Annotated[str, msgspec.Meta(max_length=2000)]
Year = Annotated[int, msgspec.Meta(ge=2000, le=2100)]
Count = Annotated[int, msgspec.Meta(ge=0, le=100_000)]


class Basis(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The document a decision rests on, e.g. {"number": "20/2", "issued_on": "2021-02-11"}."""

    number: ShortText
    issued_on: date
    title: Annotated[str, msgspec.Meta(max_length=300)] = ""

    def to_domain(self) -> BasisDocument:
        return BasisDocument(self.number, self.issued_on, self.title)


def basis_or_none(basis: Basis | None) -> BasisDocument | None:
    return basis.to_domain() if basis is not None else None


__all__ = ["Basis", "Count", "Key", "OptionalText", "ShortText", "Text", "Year", "basis_or_none"]
