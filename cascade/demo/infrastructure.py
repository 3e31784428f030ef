"""The infrastructure the documents name beside the schools: organisations that are not schools
(001 p.5, 003 p.5) and school methodological associations (000 appendix 3, item 11).

The organisations and communities are those the documents name. 001's «УК, УС» (culture and
sport institutions) are categories without a named institution, so none is registered. The
Leninogorsk activity of autumn 2019 follows 003's directions (short-term events at the schools,
«Планы работы ММО», materials of the teachers' associations) but its dates, subjects, teacher
numbers and headcounts are illustrative, not from the documents.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cascade.demo import data_leninogorsk, data_smolensk
from cascade.demo.kaybitsy import people as kaybitsy
from cascade.demo.model import DemoStep
from services.auth import Principal


def _step(tenant: str, actor: Principal, on: str, type_: str, **fields: Any) -> DemoStep:
    return DemoStep(tenant, actor, date.fromisoformat(on), {"type": type_, **fields})


def _smolensk() -> list[DemoStep]:
    """001 p.5: «Методическому отделу МБУ ДО «ЦДО» (...), образовательному центру поддержки и
    развития муниципальной системы образования (...) обеспечить реализацию Программы»."""
    role = "001 п.5: обеспечивает реализацию Программы в соответствии с планом работы"
    return [
        _step(data_smolensk.TENANT, data_smolensk.OFFICER, "2021-12-30", "register_organisation",
              organisation="smolensk-cdo-mo", kind="methodological_service",
              name="Методический отдел МБУ ДО «ЦДО» города Смоленска", short_name="МО",
              role_in_programme=role),
        _step(data_smolensk.TENANT, data_smolensk.OFFICER, "2021-12-30", "register_organisation",
              organisation="smolensk-ocprmso", kind="methodological_service",
              name="Образовательный центр поддержки и развития муниципальной системы образования",
              short_name="ОЦПРМСО", role_in_programme=role),
    ]


def _leninogorsk() -> list[DemoStep]:
    """003 p.5, the model of the municipal infrastructure: the ММС beside the schools and the
    управление образования; its direction «Руководство работой муниципальных методических
    объединений (ММО) по учебным предметам»."""
    return [
        _step(data_leninogorsk.TENANT, data_leninogorsk.METHODIST, "2019-05-03", "register_organisation",
              organisation="leninogorsk-mms", kind="methodological_service",
              name="Муниципальная методическая служба", short_name="ММС",
              role_in_programme="003 п.5: модель муниципальной инфраструктуры; руководство работой "
                                "ММО по учебным предметам"),
    ]


def _leninogorsk_2019() -> list[DemoStep]:
    """Illustrative: an ММО of mathematics teachers with the four schools, its meeting and plan in
    the bank; a short-term event of the ММС at the schools; headcounts, so 001 indicator 2's
    share is computed for 2019."""
    lg, by = data_leninogorsk, data_leninogorsk.METHODIST
    mmo, mms = "leninogorsk-mmo-math", "leninogorsk-mms"

    def step(on: str, type_: str, **fields: Any) -> DemoStep:
        return _step(lg.TENANT, by, on, type_, **fields)

    members = ((lg.SCHOOL_10, 4), (lg.ZELENOROSHCHINSKAYA, 3), (lg.SCHOOL_6, 5), (lg.SCHOOL_2, 5))
    plan = "План работы ММО учителей математики на 2019/2020 учебный год"
    return [
        step("2019-09-02", "form_community", community=mmo, kind="methodological_association",
             level="municipal", name="ММО учителей математики", subject="математика",
             formed_on="2019-09-02"),
        *(step("2019-09-02", "add_community_member", community=mmo, school=school, teachers=n)
          for school, n in members),
        *(step("2019-09-02", "record_teacher_headcount", school=school, year=2019, teachers=n)
          for school, n in ((lg.SCHOOL_10, 38), (lg.ZELENOROSHCHINSKAYA, 21))),
        step("2019-09-20", "record_community_meeting", community=mmo, held_on="2019-09-20",
             topic="Анализ результатов ГИА-2019 по математике", participants=17,
             decisions="Включить в план работы методическую помощь СОШ № 10 и Зеленорощинской СОШ"),
        step("2019-09-20", "add_methodical_material", material="leninogorsk-mmo-math-plan-v1",
             title=plan, author_kind="organisation", author=mms, added_on="2019-09-20",
             file_name="plan-mmo-matematika-2019-2020.docx", subject="математика", community=mmo),
        step("2019-10-01", "add_methodical_material", material="leninogorsk-mmo-math-plan-v2",
             title=plan + " (редакция от 01.10.2019)", author_kind="organisation", author=mms,
             added_on="2019-10-01", file_name="plan-mmo-matematika-2019-2020-v2.docx",
             subject="математика", community=mmo),
        step("2019-10-01", "withdraw_methodical_material", material="leninogorsk-mmo-math-plan-v1",
             reason="Заменён редакцией от 01.10.2019"),
        step("2019-10-01", "plan_organisation_event", event="leninogorsk-mms-2019-10-16",
             organiser=mms, kind="seminar", planned_on="2019-10-16",
             topic="Краткосрочное мероприятие по повышению качества преподавания математики"),
        step("2019-10-01", "plan_organisation_event", event="leninogorsk-mms-2019-11-13",
             organiser=mms, kind="consultation", planned_on="2019-11-13",
             topic="Консультация по подготовке к ГИА-2020"),
        step("2019-10-16", "record_organisation_event_held", event="leninogorsk-mms-2019-10-16",
             held_on="2019-10-16", participants=[{"school": lg.SCHOOL_10, "teachers": 6},
                                                 {"school": lg.ZELENOROSHCHINSKAYA, "teachers": 4}]),
        step("2019-11-11", "cancel_organisation_event", event="leninogorsk-mms-2019-11-13",
             reason="Перенесена на декабрь по решению ММС"),
    ]


def _kaybitsy() -> list[DemoStep]:
    """000 appendix 3, item 11: «Посещение заседаний школьных методических объединений» of the
    two supported schools (by the school's schedule, which the order does not give)."""
    return [
        _step(kaybitsy.TENANT, kaybitsy.OFFICER, "2021-02-11", "form_community",
              community=f"{school}-shmo", kind="methodological_association", level="school",
              school=school, name="Школьное методическое объединение", formed_on="2021-02-11")
        for school in (kaybitsy.FEDOROVSKAYA, kaybitsy.CHUTEEVSKAYA)
    ]


def scripts() -> list[list[DemoStep]]:
    """One script per tenant, each in date order."""
    return [_leninogorsk() + _leninogorsk_2019(), _kaybitsy(), _smolensk()]
