"""Schedule forms of roadmap items as written in the roadmaps (000 appendix 3, 001 plan)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec

Month = Annotated[int, msgspec.Meta(ge=1, le=12)]
DayOfMonth = Annotated[int, msgspec.Meta(ge=1, le=31)]
Label = Annotated[str, msgspec.Meta(max_length=200)]


class _Form(msgspec.Struct, frozen=True, tag_field="form", forbid_unknown_fields=True):
    """Common base: `label` keeps the wording of the source document, e.g. «До 15.02.2021»."""


class Deadline(_Form, tag="deadline"):
    """«До 15.02.2021»: done on or before one date."""

    due: date
    label: Label = ""


class Window(_Form, tag="window"):
    """«октябрь-ноябрь 2021», «09.06.2021-11.06.2021»: done within a period, due at its end."""

    start: date
    end: date
    label: Label = ""


class DateList(_Form, tag="dates"):
    """«22.04.2021 19.05.2021 15.09.2021»: one occurrence due on each date."""

    dates: tuple[date, ...]
    label: Label = ""


class Yearly(_Form, tag="yearly"):
    """«ежегодно (сентябрь-октябрь)»: every year within the months, due at the window's end."""

    start_month: Month
    end_month: Month
    first_year: int
    last_year: int | None = None
    label: Label = ""


class Monthly(_Form, tag="monthly"):
    """«ежемесячно в срок до 28 числа» (000 p.2.2): due on a day of every month of a period."""

    day: DayOfMonth
    start: date
    end: date | None = None
    label: Label = ""


class OpenEnded(_Form, tag="open_ended"):
    """«В течение года», «в течение всего периода»: ongoing, with no single due date."""

    start: date | None = None
    end: date | None = None
    label: Label = ""


class SeparateSchedule(_Form, tag="separate"):
    """«По графику ОО», «По плану ВШК», «По итогам работ»: dates set by another document."""

    reference: Label
    label: Label = ""


Schedule = Deadline | Window | DateList | Yearly | Monthly | OpenEnded | SeparateSchedule
