"""Commands that set the scene in many scenarios: schools registered, identified, paired."""

from __future__ import annotations

from datetime import date

from services.commands.catalogue.common import Basis
from services.commands.catalogue.partnership import AssignPartner, Person
from services.commands.catalogue.school import IdentifySchool, RegisterSchool

BASIS = Basis("20/2", date(2021, 2, 11), "Приказ")


def registered(*codes: str) -> list[RegisterSchool]:
    return [RegisterSchool(school=code, name=f"Школа {code}") for code in codes]


def identified(code: str, cohort_year: int = 2021) -> IdentifySchool:
    return IdentifySchool(school=code, categories=["low_results"], cohort_year=cohort_year,
                          basis=BASIS)


def partnered(key: str = "p-1", supported: str = "k-1", partner: str = "k-2",
              on: date = date(2021, 2, 11)) -> AssignPartner:
    return AssignPartner(
        partnership=key, supported_school=supported, partner_school=partner,
        coordinator=Person("Иванова Анна Петровна"), curator=Person("Петров Иван Сергеевич"),
        municipal_coordinator=Person("Сидорова Мария Ивановна"), assigned_on=on, basis=BASIS,
    )
