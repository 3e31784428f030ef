"""Russian dates, numbers and plural forms of the pages, and the table of refusals."""

from __future__ import annotations

from datetime import date

import msgspec

from domain.base import InvalidTransition, InvalidValue
from services.commands.catalogue.report import FileReport
from web.formatting import counted, long_date, month_title, number, percent, table_date
from web.forms import refusal_of

NBSP, NNBSP = "\u00a0", "\u202f"


def test_dates_read_as_russian_text_and_as_dd_mm_yyyy_in_tables() -> None:
    assert long_date(date(2021, 2, 28)).replace(NNBSP, " ") == "28 февраля 2021 г."
    assert table_date(date(2021, 2, 28)) == "28.02.2021"
    assert month_title(date(2021, 12, 1)) == "декабрь 2021"
    assert table_date(None) == "—"


def test_numbers_use_the_russian_comma_and_spaces() -> None:
    assert percent(0.487).replace(NBSP, " ") == "48,7 %"
    assert percent(None) == "—"
    assert number(2314).replace(NBSP, " ") == "2 314"


def test_plural_forms_follow_the_russian_rule() -> None:
    forms = ("отчёт", "отчёта", "отчётов")
    assert [counted(n, *forms) for n in (1, 3, 5, 11, 21, 22, 25)] == [
        "1 отчёт", "3 отчёта", "5 отчётов", "11 отчётов", "21 отчёт", "22 отчёта", "25 отчётов",
    ]


FIELDS = ("period", "summary", "attachments")


def test_a_decoding_refusal_is_shown_at_its_field_in_russian() -> None:
    try:
        msgspec.convert({"type": "file_report", "school": "k-1", "kind": "monthly_roadmap",
                         "period": "2021-03", "summary": ""}, FileReport)
    except msgspec.ValidationError as error:
        refusal = refusal_of(error, "file_report", FIELDS)
    assert refusal.field == "summary"
    assert refusal.message == "Напишите, что сделано за месяц (до 2000 знаков)."


def test_a_rule_refusal_without_a_field_of_the_form_is_shown_at_its_first_field() -> None:
    refusal = refusal_of(InvalidTransition("report k-1:monthly_roadmap:2021-03 is filed"),
                         "file_report", FIELDS)
    assert refusal.field == "period"
    assert refusal.message == "Отчёт за этот период уже подан и ещё не возвращён на доработку."
    unknown = refusal_of(InvalidValue("nowhere", "bad"), "file_report", FIELDS)
    assert unknown.field == "period" and unknown.message == "Значение не подходит."
