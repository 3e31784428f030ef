"""Regional production calendars (W3): federal days plus the region's own days off and overrides."""

import json
from datetime import date
from pathlib import Path

import pytest

from domain.base import InvalidValue
from domain.regional_calendar import CalendarBook, RegionDays, parse_regions
from domain.rules import internship_withdrawal_deadline

REGIONS = parse_regions(
    json.loads((Path(__file__).parents[2] / "domain" / "data" / "regions.json").read_text("utf-8"))
)
BOOK = CalendarBook({}, REGIONS)
TATARSTAN = BOOK.for_region("ru-16")
SMOLENSK = BOOK.for_region("ru-67")

#: Ураза-байрам and Курбан-байрам as decreed in Tatarstan each year (Указ Президента РТ).
DECREED_FEASTS = {
    2019: (date(2019, 6, 4), date(2019, 8, 11)),
    2020: (date(2020, 5, 24), date(2020, 7, 31)),
    2021: (date(2021, 5, 13), date(2021, 7, 20)),
    2022: (date(2022, 5, 2), date(2022, 7, 9)),
    2023: (date(2023, 4, 21), date(2023, 6, 28)),
    2024: (date(2024, 4, 10), date(2024, 6, 16)),
    2025: (date(2025, 3, 30), date(2025, 6, 6)),
    2026: (date(2026, 3, 20), date(2026, 5, 27)),
}


@pytest.mark.parametrize("day", [date(2021, 5, 13), date(2021, 7, 20), date(2021, 8, 30)])
def test_w3_tatarstan_days_off_are_worked_in_smolensk(day):
    assert day.weekday() < 5
    assert TATARSTAN.is_day_off(day)
    assert SMOLENSK.is_working_day(day)


def test_w3_constitution_day_of_tatarstan_6_november_is_a_day_off():
    # 6.11.2021 is a Saturday (off everywhere); 6.11.2024 is a Wednesday, worked in Smolensk.
    assert TATARSTAN.is_day_off(date(2021, 11, 6)) and date(2021, 11, 6).weekday() == 5
    assert TATARSTAN.is_day_off(date(2024, 11, 6))
    assert SMOLENSK.is_working_day(date(2024, 11, 6))


@pytest.mark.parametrize("year", sorted(DECREED_FEASTS))
def test_w3_the_feasts_move_each_year_to_the_decreed_dates(year):
    uraza, kurban = DECREED_FEASTS[year]
    assert REGIONS["ru-16"].names(year) == {
        uraza: "Ураза-байрам", kurban: "Курбан-байрам",
        date(year, 8, 30): "День Республики Татарстан",
        date(year, 11, 6): "День Конституции Республики Татарстан",
    }
    assert TATARSTAN.is_day_off(uraza) and TATARSTAN.is_day_off(kurban)


def test_w3_withdrawal_counts_tatarstan_days_off():
    # 003 p.2.3.2: three working days before a start on Thursday 02.09.2021; 30.08 is off in RT.
    assert internship_withdrawal_deadline(date(2021, 9, 2), TATARSTAN) == date(2021, 8, 27)
    assert internship_withdrawal_deadline(date(2021, 9, 2), SMOLENSK) == date(2021, 8, 30)


def test_w3_a_region_override_wins_over_the_region_days_and_stays_in_its_region():
    book = CalendarBook({}, REGIONS, {"ru-16": {"2021": {"working_days": ["2021-08-30"],
                                                         "days_off": ["2021-08-31"]}}})
    assert book.for_region("ru-16").is_working_day(date(2021, 8, 30))
    assert book.for_region("ru-16").is_day_off(date(2021, 8, 31))
    assert book.for_region("ru-67").is_working_day(date(2021, 8, 31))


def test_w3_a_federal_transfer_decree_applies_in_every_region():
    book = CalendarBook({"2021": {"days_off": ["2021-06-15"]}}, REGIONS)
    assert book.for_region("ru-16").is_day_off(date(2021, 6, 15))
    assert book.for_region("ru-67").is_day_off(date(2021, 6, 15))
    assert book.for_region("ru-16").is_day_off(date(2021, 8, 30))


def test_a_region_without_its_own_days_works_by_the_federal_calendar():
    assert BOOK.for_region("ru-38") is BOOK.federal
    assert BOOK.for_region("ru-38").is_working_day(date(2021, 8, 30))


def test_a_region_day_off_on_a_weekend_is_not_transferred():
    # Day of the Republic 30.08.2026 is a Sunday: Monday 31.08.2026 stays a working day.
    assert TATARSTAN.is_working_day(date(2026, 8, 31))


@pytest.mark.parametrize("entry, field", [
    ({"annual_days_off": {"13-01": "x"}}, "regions.ru-99.annual_days_off"),
    ({"annual_days_off": ["08-30"]}, "regions.ru-99.annual_days_off"),
    ({"islamic_feasts": ["easter"]}, "regions.ru-99.islamic_feasts"),
    ({"holidays": []}, "regions.ru-99"),
])
def test_a_malformed_region_table_is_refused_naming_the_field(entry, field):
    with pytest.raises(InvalidValue) as error:
        parse_regions({"ru-99": entry})
    assert error.value.field == field


def test_a_region_with_fixed_days_only_has_no_moving_feasts():
    region = RegionDays("ru-99", annual_days_off=((3, 1, "День региона"),))
    assert region.days_off(2021) == frozenset({date(2021, 3, 1)})
