"""Field types shared by the command Structs: the same constraints everywhere, named once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import msgspec

from domain.base import Key
from domain.school import BasisDocument
from services.commands.limits import FIRST_DATE, FORBIDDEN_CHARACTERS, LAST_DATE

#: Free text: several lines allowed (tab, newline), no other control character.
_LINES = f"^[^{FORBIDDEN_CHARACTERS}]*$"
#: One line: no control character at all.
_LINE = f"^[^{FORBIDDEN_CHARACTERS}\t\n\r]*$"

Text = Annotated[str, msgspec.Meta(min_length=1, max_length=2000, pattern=_LINES)]
ShortText = Annotated[str, msgspec.Meta(min_length=1, max_length=300, pattern=_LINE)]
OptionalText = Annotated[str, msgspec.Meta(max_length=2000, pattern=_LINES)]
#: A short line that may be empty (a locality, a topic, a title).
OptionalLine = Annotated[str, msgspec.Meta(max_length=300, pattern=_LINE)]
Year = Annotated[int, msgspec.Meta(ge=2000, le=2100)]
Count = Annotated[int, msgspec.Meta(ge=0, le=100_000)]
#: A decimal number: a JSON number or a string such as "87.5", within services/commands/limits.
Number = Annotated[Decimal, msgspec.Meta(description="A number, or a decimal string such as \"87.5\"; "
                                          "at most 12 digits before the point and 6 after.")]
#: Business dates are checked against FIRST_DATE..LAST_DATE (docs/api.md, "Limits").
BusinessDate = Annotated[date, msgspec.Meta(description=f"A date from {FIRST_DATE} to {LAST_DATE}.")]


class Basis(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The document a decision rests on, e.g. {"number": "20/2", "issued_on": "2021-02-11"}."""

    number: ShortText
    issued_on: BusinessDate
    title: OptionalLine = ""

    def to_domain(self) -> BasisDocument:
        return BasisDocument(self.number, self.issued_on, self.title)


def basis_or_none(basis: Basis | None) -> BasisDocument | None:
    return basis.to_domain() if basis is not None else None


__all__ = [
    "Basis", "BusinessDate", "Count", "Key", "Number", "OptionalLine", "OptionalText", "ShortText",
    "Text", "Year", "basis_or_none",
]
