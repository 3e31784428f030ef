"""Russian dates, numbers and plural forms for the pages, from Babel's CLDR data (never by hand)."""

from __future__ import annotations

from datetime import date

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

LOCALE = Locale.parse("ru")


def long_date(value: date | None) -> str:
    """«28 февраля 2021 г.»: dates in running text."""
    return format_date(value, "long", locale=LOCALE) if value else "—"


def table_date(value: date | None) -> str:
    """«28.02.2021»: dates in tables."""
    return format_date(value, "dd.MM.yyyy", locale=LOCALE) if value else "—"


def month_title(value: date) -> str:
    """«декабрь 2021»: a month on its own (nominative, as a heading)."""
    return format_date(value, "LLLL y", locale=LOCALE)


def number(value: int | float) -> str:
    """«2 314»: grouped with a no-break space."""
    return format_decimal(value, locale=LOCALE)


def percent(value: float | None) -> str:
    """«48,7 %» for 0.487; a dash when there is nothing to divide."""
    return format_percent(value, "#,##0.0 %", locale=LOCALE) if value is not None else "—"


def plural(count: int, one: str, few: str, many: str) -> str:
    """The noun form CLDR's Russian plural rule picks for `count`: 1 отчёт, 3 отчёта, 5 отчётов."""
    form = LOCALE.plural_form(count)
    return {"one": one, "few": few}.get(form, many)


def counted(count: int, one: str, few: str, many: str) -> str:
    """«3 отчёта»: the number and its noun."""
    return f"{number(count)} {plural(count, one, few, many)}"


FILTERS = {
    "long_date": long_date,
    "table_date": table_date,
    "month_title": month_title,
    "number": number,
    "percent": percent,
    "plural": plural,
    "counted": counted,
}
