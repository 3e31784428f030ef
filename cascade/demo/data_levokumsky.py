"""Demo script of the Levokumsky district (ru-26-levokumsky, Stavropol region), 2020-2022.

Source: 002_cd7fd9ac7740aec5.txt, «Положение о сетевом взаимодействии для оказания помощи школам
с низкими результатами обучения и школам, функционирующим в неблагоприятных социальных
условиях», under order no. 188-пр of 16.02.2018 of the Stavropol ministry of education and the
complex project 2020-2024 approved by order no. 308-од of 02.09.2020 of the Levokumsky education
department (§1.1): network centres on schools with stable results (§1.3), the network's functions
(§1.6), its composition by order of the department (§4.2), the end-of-year information-analytic
note of the heads of the stable-result schools (§4.3), priority directions set by the
department (§5.2).

The Положение names no school and no network: the schools are placeholders, named as such, so
that no real school is labelled ШНОР, and the composition of the networks (and its change in
2021) is illustrative. Every person is fictitious (152-ФЗ).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cascade.demo.model import DemoStep
from domain.roles import MUNICIPAL_OFFICER, SCHOOL_USER
from services.auth import Principal

TENANT = "ru-26-levokumsky"
REGION = "ru-26"

CENTRE_1 = "levokumsky-stable-1"
CENTRE_2 = "levokumsky-stable-2"
SCHOOL_A = "levokumsky-school-a"
SCHOOL_B = "levokumsky-school-b"
SCHOOL_C = "levokumsky-school-c"
SCHOOL_D = "levokumsky-school-d"

AUTHORITY = "отдел образования администрации Левокумского муниципального округа"

OFFICER = Principal("officer.levokumsky@example.org", MUNICIPAL_OFFICER, REGION, TENANT)
CENTRE_1_USER = Principal("user.levokumsky-stable-1@example.org", SCHOOL_USER, REGION, TENANT, CENTRE_1)

PRINCIPALS: dict[str, Principal] = {
    "municipal officer, Levokumsky district": OFFICER,
    "school user, network centre № 1 (placeholder), Levokumsky district": CENTRE_1_USER,
}

#: §1.1: the regional order the measures rest on (the basis of the lists of ШНОР/ШФНСУ).
ORDER_188 = {"number": "188-пр", "issued_on": "2018-02-16",
             "title": "О реализации в Ставропольском крае мероприятий по повышению качества "
                      "образования в школах с низкими результатами обучения и школах, "
                      "функционирующих в неблагоприятных социальных условиях"}
#: §1.1: the complex project 2020-2024 and, with it, this Положение.
ORDER_308 = {"number": "308-од", "issued_on": "2020-09-02",
             "title": "Комплексный проект (программа) по выравниванию условий для получения "
                      "качественного образования обучающимися Левокумского муниципального района "
                      "на период 2020-2024 годы"}
#: §4.2: a later order of the department changing a composition (illustrative: not in 002).
ORDER_2021 = {"number": "б/н", "issued_on": "2021-09-01",
              "title": "Об изменении состава сетей (иллюстративный приказ)"}

#: §1.6 «Основными функциями сети являются», as the order words them.
FUNCTIONS = (
    "Аналитическая функция: анализ запросов потребителей образовательных услуг; анализ качества "
    "предоставляемых образовательных услуг; анализ образовательной структуры сетевого "
    "взаимодействия.\n"
    "Организационная функция: организация сетевого взаимодействия, координация деятельности "
    "объектов сети; организация обмена ресурсами (информационные, методические).\n"
    "Информационная функция: организация информационных потоков внутри сети (для руководителей "
    "ОУ, педагогов)."
)
#: §2 (goal and tasks), which the department sets as the priority directions (§5.2).
DIRECTIONS = (
    "Повышение качества образования в школах с низкими результатами обучения и школах, "
    "функционирующих в неблагоприятных социальных условиях: взаимообмен педагогическим опытом; "
    "реализация новых подходов к организационному построению сетевого взаимодействия; "
    "социализация и адаптация участников образовательных отношений."
)

NETWORKS = [
    {"network": "levokumsky-network-1", "name": "Сеть центра № 1 (условное наименование)",
     "centre_school": CENTRE_1, "members": [SCHOOL_A, SCHOOL_B]},
    {"network": "levokumsky-network-2", "name": "Сеть центра № 2 (условное наименование)",
     "centre_school": CENTRE_2, "members": [SCHOOL_C]},
]


def _step(on: str, actor: Principal, type_: str, **fields: Any) -> DemoStep:
    return DemoStep(TENANT, actor, date.fromisoformat(on), {"type": type_, **fields})


def _schools(on: str) -> list[DemoStep]:
    names = {CENTRE_1: "Школа со стабильными результатами № 1 (условное наименование)",
             CENTRE_2: "Школа со стабильными результатами № 2 (условное наименование)",
             SCHOOL_A: "ШНОР «Л-А» (условное наименование)", SCHOOL_B: "ШФНСУ «Л-Б» (условное наименование)",
             SCHOOL_C: "ШНОР «Л-В» (условное наименование)", SCHOOL_D: "ШФНСУ «Л-Г» (условное наименование)"}
    steps = [_step(on, OFFICER, "register_school", school=code, name=name, locality="Левокумский округ")
             for code, name in names.items()]
    for code, category in ((SCHOOL_A, "low_results"), (SCHOOL_B, "adverse_conditions"),
                           (SCHOOL_C, "low_results"), (SCHOOL_D, "adverse_conditions")):
        steps.append(_step(on, OFFICER, "identify_school", school=code, categories=[category],
                           cohort_year=2020, basis=ORDER_188))
    return steps


def _order_308(on: str) -> list[DemoStep]:
    """§4.3 as a duty of the network centres; §4.2 the networks with §1.6 functions, §5.2 directions."""
    duty = _step(on, OFFICER, "adopt_reporting_duty", duty="network-analytic-note",
                 report_kind="annual_analytic_note", title="Информационно-аналитическая справка",
                 obligor="network_centres", due={"form": "school_year_end", "day": 30, "month": 6},
                 addressee=AUTHORITY, effective_from=on,
                 order={"number": ORDER_308["number"], "issued_on": ORDER_308["issued_on"],
                        "clause": "Положение, п. 4.3", "title": ORDER_308["title"]})
    networks = [_step(on, OFFICER, "establish_network", **network, effective_from=on, order=ORDER_308,
                      functions=FUNCTIONS, priority_directions=DIRECTIONS) for network in NETWORKS]
    return [duty, *networks]


def _school_years() -> list[DemoStep]:
    """2020/2021: centre № 1 files its note, centre № 2 does not (shown missed after 30.06.2021);
    from 01.09.2021 ШФНСУ «Л-Г» joins the second network (illustrative order)."""
    return [
        _step("2021-06-28", CENTRE_1_USER, "file_report", school=CENTRE_1, kind="annual_analytic_note",
              period="2020/2021",
              summary="Информационно-аналитическая справка о сетевом взаимодействии за 2020/2021 "
                      "учебный год; предложения и рекомендации по организации эффективного "
                      "взаимодействия (иллюстративно).",
              attachments=["spravka-set-1-2020-2021.pdf"]),
        _step("2021-09-01", OFFICER, "recompose_network", network="levokumsky-network-2",
              members=[SCHOOL_C, SCHOOL_D], effective_from="2021-09-01", order=ORDER_2021,
              functions=FUNCTIONS, priority_directions=DIRECTIONS),
    ]


STEPS: list[DemoStep] = [*_schools("2020-09-02"), *_order_308("2020-09-02"), *_school_years()]
