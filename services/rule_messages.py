"""The messages of the domain's rules in Russian: a catalogue of the English templates they raise.

A rule raises its message as an English template and its values (`InvalidValue("held_on", "must
not be before {start}", start=...)`, domain/base.py); `str(error)` stays the English text. The
Russian catalogue (services/locale/ru/LC_MESSAGES/messages.po, read with Babel) gives each
template its Russian form with the same placeholders; the values are written the Russian way:
dates as 28.02.2026, numbers with a decimal comma, text in «». A template the catalogue lacks
(a message raised outside domain/) has no Russian rule text: the problem's general sentence is
answered instead (services/problem_texts.py). tests/unit/test_rule_messages_ru.py keeps the
catalogue complete.
"""

from __future__ import annotations

import string
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_datetime
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from domain.base import DomainError, InvalidValue

CATALOGUE = Path(__file__).parent / "locale" / "ru" / "LC_MESSAGES" / "messages.po"
LOCALE = "ru"


@cache
def russian_templates() -> dict[str, str]:
    """English template -> Russian template, the translated entries of the catalogue."""
    with CATALOGUE.open("rb") as source:
        catalogue = read_po(source, locale=LOCALE)
    return {m.id: m.string for m in catalogue if m.id and m.string and not m.fuzzy}


def russian_value(value: Any) -> str:
    """A value inside a Russian sentence: dates as 28.02.2026, decimals with a comma."""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime):
        return format_datetime(value, "dd.MM.yyyy HH:mm", locale=LOCALE)
    if isinstance(value, date):
        return format_date(value, "dd.MM.yyyy", locale=LOCALE)
    if isinstance(value, Decimal | float):
        return format_decimal(value, locale=LOCALE, decimal_quantization=False)
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(russian_value(item) for item in (sorted(value) if isinstance(value, set | frozenset) else value))
    return str(value)


class _Russian(string.Formatter):
    """str.format with the values written the Russian way; `!r` quotes text in «»."""

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion == "r":
            return f"«{russian_value(value)}»"
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> str:
        return format(value, format_spec) if format_spec else russian_value(value)


_FORMATTER = _Russian()


def render(template: str, params: dict[str, Any]) -> str | None:
    """The Russian text of a template with its values, or None when the catalogue lacks it."""
    translated = russian_templates().get(template)
    if translated is None:
        return None
    return _FORMATTER.format(translated, **params) if params else translated


def russian_detail(error: DomainError) -> str | None:
    """The refusal's Russian sentence: «Поле «held_on»: не может быть раньше 01.09.2021.»"""
    text = render(getattr(error, "template", error.message), getattr(error, "params", {}))
    if text is None:
        return None
    if isinstance(error, InvalidValue) and error.field:
        return f"Поле «{error.field}»: {text}."
    return f"{text[:1].upper()}{text[1:]}."
