"""The demo: two regions, three municipalities, their people and a dated script of commands.

Built from the source documents of /work/shared/seeds (see docs of each module):
- kaybitsy/: Kaibitsy district, order 20/2 of 11.02.2021 and its 20-item roadmap (000);
- data_leninogorsk: Leninogorsk district, order 662 of 03.05.2019, criteria, approval (003);
- data_smolensk: city of Smolensk, order 486 of 30.12.2021, programme 2021-2024 (001);
- data_levokumsky: Levokumsky district (Stavropol region), its networks of schools (002);
- appointments: the posts the orders of 000, 001, 003 appoint people to;
- data_irkutsk: Irkutsk region and three municipalities: identification from results, a
  base-support-site contest, a regional site supporting another municipality's school (004);
- here: the tenants, the regional people and the region ru-16's own facts.

Every step is posted through the command executor with `on` as the business day, in date
order across tenants. All people are fictitious (152-ФЗ); subjects are @example.org.
"""

from __future__ import annotations

import heapq
from datetime import date
from typing import Any

from cascade.demo import (
    appointments,
    data_irkutsk,
    data_leninogorsk,
    data_levokumsky,
    data_smolensk,
    infrastructure,
    kaybitsy,
)
from cascade.demo.model import DemoStep
from domain import roles
from services.auth import Principal
from tenants.registry import Tenant

DEMO_TENANTS: list[Tenant] = [
    Tenant("ru-16", "region", "ru-16", "Республика Татарстан", "Europe/Moscow"),
    Tenant("ru-16-kaybitsy", "municipality", "ru-16", "Кайбицкий муниципальный район",
           "Europe/Moscow"),
    Tenant("ru-16-leninogorsk", "municipality", "ru-16", "Лениногорский муниципальный район",
           "Europe/Moscow"),
    Tenant("ru-67", "region", "ru-67", "Смоленская область", "Europe/Moscow"),
    Tenant("ru-67-smolensk", "municipality", "ru-67", "город Смоленск", "Europe/Moscow"),
    Tenant("ru-26", "region", "ru-26", "Ставропольский край", "Europe/Moscow"),
    Tenant("ru-26-levokumsky", "municipality", "ru-26", "Левокумский муниципальный округ",
           "Europe/Moscow"),
    *data_irkutsk.TENANTS,
]

OPERATOR_RU16 = Principal("operator.ru16@example.org", roles.REGION_OPERATOR, "ru-16")
OPERATOR_RU67 = Principal("operator.ru67@example.org", roles.REGION_OPERATOR, "ru-67")
AUDITOR_RU16 = Principal("auditor.ru16@example.org", roles.AUDITOR, "ru-16")
OPERATOR_RU26 = Principal("operator.ru26@example.org", roles.REGION_OPERATOR, "ru-26")
ADMIN = Principal("admin@example.org", roles.ADMIN, "ru-16")

DEMO_PRINCIPALS: dict[str, Principal] = {
    "region operator, Республика Татарстан (ru-16)": OPERATOR_RU16,
    "region operator, Смоленская область (ru-67)": OPERATOR_RU67,
    "auditor, Республика Татарстан (ru-16)": AUDITOR_RU16,
    "admin, operations (ru-16)": ADMIN,
    **kaybitsy.PRINCIPALS,
    **data_leninogorsk.PRINCIPALS,
    **data_smolensk.PRINCIPALS,
    "region operator, Ставропольский край (ru-26)": OPERATOR_RU26,
    **data_levokumsky.PRINCIPALS,
    **data_irkutsk.PRINCIPALS,
}

#: 003 preamble: «Во исполнение приказа МО и Н РТ № под-482/19 от 22.03.2019 «О плане
#: (перечне) мероприятий по повышению качества образования в ШНОР и ШФНСУ ...»». The criteria
#: table of 003 evaluates the schools taking part in this regional plan, so they are its targets.
REGIONAL_PLAN = {
    "programme": "ru16-shnor-2019",
    "title": "План (перечень) мероприятий по повышению качества образования в школах с низкими "
             "результатами обучения и в школах, функционирующих в неблагоприятных социальных "
             "условиях, путем реализации проектов и распространение их результатов в рамках "
             "государственной программы Российской Федерации «Развитие образования»",
    "level": "regional",
    "period_start": "2019-01-01",
    "period_end": "2019-12-31",
    "adopted_on": "2019-03-22",
    "basis": {"number": "под-482/19", "issued_on": "2019-03-22",
              "title": "О плане (перечне) мероприятий по повышению качества образования в ШНОР "
                       "и ШФНСУ"},
    "targets": data_leninogorsk.EFFECTIVENESS_CRITERIA,
}


def _region(on: str, type_: str, **fields: Any) -> DemoStep:
    return DemoStep("ru-16", OPERATOR_RU16, date.fromisoformat(on), {"type": type_, **fields})


#: The region's own facts: the plan, and the regional averages the criteria compare with
#: («среднереспубликанский показатель»; illustrative values, not from the documents).
REGION_STEPS: list[DemoStep] = [
    _region("2019-03-22", "adopt_programme", **REGIONAL_PLAN),
    _region("2019-07-12", "record_indicator", subject=roles.REGION_SUBJECT, indicator="use_russian_average",
            period="2019", value="70.2", measured_on="2019-07-12",
            source="Иллюстративное значение (не из документов)"),
    _region("2019-07-12", "record_indicator", subject=roles.REGION_SUBJECT,
            indicator="use_mathematics_average", period="2019", value="59.8",
            measured_on="2019-07-12", source="Иллюстративное значение (не из документов)"),
]


def _in_date_order(*scripts: list[DemoStep]) -> list[DemoStep]:
    """Merge the tenants' scripts by business day; each script keeps its own order."""
    for script in scripts:
        days = [step.on for step in script]
        assert days == sorted(days), f"script of {script[0].tenant} is not in date order"
    return list(heapq.merge(*scripts, key=lambda step: step.on))


DEMO_STEPS: list[DemoStep] = _in_date_order(
    REGION_STEPS,
    data_leninogorsk.steps(OPERATOR_RU16),
    kaybitsy.STEPS,
    data_smolensk.STEPS,
    data_levokumsky.STEPS,
    appointments.kaybitsy_steps(),
    appointments.leninogorsk_steps(),
    appointments.smolensk_steps(),
    data_irkutsk.STEPS,
    *infrastructure.scripts(),
)
