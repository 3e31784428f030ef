"""Russian typography for printed documents: Babel dates, «ёлочки», a no-break space after «№»."""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

LOCALE = Locale.parse("ru")
NBSP = "\u00a0"


def _spaces(text: str) -> str:
    """CLDR's narrow no-break space as a plain no-break space: every embedded font has that one."""
    return text.replace("\u202f", NBSP)


def long_date(value: date | None) -> str:
    """«28 февраля 2021 г.» (the year sign joined by a no-break space)."""
    return _spaces(format_date(value, "long", locale=LOCALE)) if value else "—"


def short_date(value: date | None) -> str:
    """«28.02.2021»: dates in table cells."""
    return format_date(value, "dd.MM.yyyy", locale=LOCALE) if value else "—"


def date_time(value: datetime) -> str:
    """«30.04.2019 15:43», as the approval sheet of 003 writes the moment of a decision."""
    return format_datetime(value, "dd.MM.yyyy HH:mm", locale=LOCALE)


def month_title(value: date) -> str:
    """«февраль 2021»: a month as a heading."""
    return format_date(value, "LLLL y", locale=LOCALE)


def numbered(number: str) -> str:
    """«№ 12» with a no-break space, so the sign never ends a line."""
    return f"№{NBSP}{number}"


def quoted(text: str) -> str:
    """«text»: Russian quotation marks (text already quoted is left as it is)."""
    return text if text.startswith("«") else f"«{text}»"


def figure(value: float | None, digits: int = 1) -> str:
    """«2 314» or «48,7»: grouped with a no-break space, decimal comma; a dash for nothing."""
    if value is None:
        return "—"
    pattern = "#,##0" if float(value).is_integer() else "#,##0." + "#" * digits
    return _spaces(format_decimal(value, pattern, locale=LOCALE))


def percent(value: float | None) -> str:
    """«48,7 %» for 48.7 (a percentage, not a share)."""
    return _spaces(format_percent(value / 100, f"#,##0.0{NBSP}%", locale=LOCALE)) if value is not None else "—"
