"""Demo script of the Leninogorsk district (ru-16-leninogorsk), 2019-2020.

Source: 003_bae9648e713dc22e.txt: the order of the education department (approval sheet to
document no. 662 of 03.05.2019): schools of the regional list (order МО и Н РТ под-247/19 of
18.02.2019, GIA-2018 results), municipal coordinator (p.2), partners (p.3), programme
2019-2022 (p.4, appendix 1), agreements by 7 May (p.6.1, appendix 3), the 9 effectiveness
criteria, and the sequential approval sheet.

The schools are the real ones of the order. Every person is fictitious (152-ФЗ): the working
group, the coordinator and the approvers of the sheet are played by demo principals.
Activity after the agreements (seminar, internship, extensions, values) is illustrative.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cascade.demo.model import DemoStep
from domain.roles import MUNICIPAL_OFFICER, SCHOOL_USER
from services.auth import Principal

TENANT = "ru-16-leninogorsk"
REGION = "ru-16"

SCHOOL_10 = "leninogorsk-school-10"
ZELENOROSHCHINSKAYA = "leninogorsk-zelenoroshchinskaya"
SCHOOL_6 = "leninogorsk-school-6"
SCHOOL_2 = "leninogorsk-school-2"

AUTHORITY = "МКУ «Управление образования» ИК МО «Лениногорский муниципальный район» РТ"

#: The methodist who initiates the approval sheet and keeps the district's records.
METHODIST = Principal("methodist.leninogorsk@example.org", MUNICIPAL_OFFICER, REGION, TENANT)
#: The two approvers of the sheet, in their order (тип согласования: последовательное).
DEPUTY_HEAD = Principal("deputy.leninogorsk@example.org", MUNICIPAL_OFFICER, REGION, TENANT)
HEAD = Principal("head.leninogorsk@example.org", MUNICIPAL_OFFICER, REGION, TENANT)
ZELENOROSHCHINSKAYA_USER = Principal("user.leninogorsk-zelenoroshchinskaya@example.org",
                                     SCHOOL_USER, REGION, TENANT, ZELENOROSHCHINSKAYA)
SCHOOL_2_USER = Principal("user.leninogorsk-school-2@example.org", SCHOOL_USER, REGION,
                          TENANT, SCHOOL_2)

PRINCIPALS: dict[str, Principal] = {
    "municipal officer (methodist), Leninogorsk district": METHODIST,
    "municipal officer (deputy head, approver 1), Leninogorsk district": DEPUTY_HEAD,
    "municipal officer (head, approver 2), Leninogorsk district": HEAD,
    "school user, МБОУ «Зеленорощинская СОШ» (supported)": ZELENOROSHCHINSKAYA_USER,
    "school user, МБОУ «СОШ № 2» (partner of Зеленорощинская)": SCHOOL_2_USER,
}

#: Preamble of 003: the regional list of 2019 by the results of GIA-2018.
REGIONAL_LIST = {"number": "под-247/19", "issued_on": "2019-02-18",
                 "title": "Перечень ОО МО и Н РТ по результатам ГИА 2018 года"}
#: The order itself: document no. 662 of 03.05.2019 of the approval sheet.
ORDER_662 = {"number": "662", "issued_on": "2019-05-03",
             "title": "О мероприятиях по повышению качества образования в ШНОР и ШФНСУ"}

#: p.2 of the order names a real methodist; she is replaced by a fictitious one.
MUNICIPAL_COORDINATOR = {"full_name": "Ильина М.А.", "position": "методист управления образования",
                         "contact": "coordinator.leninogorsk@example.org"}

#: p.3: «партнерами проекта для СОШ №10 – СОШ №6, для Зеленорощинской СОШ – СОШ №2».
PAIRS = [
    {"partnership": "leninogorsk-school-10-school-6", "supported_school": SCHOOL_10,
     "partner_school": SCHOOL_6,
     "coordinator": {"full_name": "Кузнецова Т.В.", "position": "заместитель директора по УВР"},
     "curator": {"full_name": "Морозова И.П.", "position": "заместитель директора по УВР"},
     "number": "1/2019"},
    {"partnership": "leninogorsk-zelenoroshchinskaya-school-2",
     "supported_school": ZELENOROSHCHINSKAYA, "partner_school": SCHOOL_2,
     "coordinator": {"full_name": "Сафина Д.Р.", "position": "директор"},
     "curator": {"full_name": "Галиева Л.Ш.", "position": "руководитель МО учителей математики"},
     "number": "2/2019"},
]


def _target(indicator: str, comparison: str, unit: str, value: str | None,
            title: str) -> dict[str, Any]:
    target = {"indicator": indicator, "comparison": comparison, "unit": unit, "title": title}
    return target if value is None else {**target, "value": value}


#: «Критерии оценки результативности и эффективности деятельности ОО» of 003, 1-9, with
#: their «Ожидаемый результат»: «0», «Равен среднереспубликанскому показателю или выше»,
#: «Партнерский договор, выполнение плана», «Аналитические материалы», «Ниже среднерайонного».
EFFECTIVENESS_CRITERIA = [
    _target("grade9_no_certificate_share", "=", "percent", "0",
            "Доля выпускников 9 кл., не получивших аттестат, %"),
    _target("grade11_no_certificate_share", "=", "percent", "0",
            "Доля выпускников 11 кл., не получивших аттестат, %"),
    _target("use_russian_average", ">= regional average", "score", None,
            "Средний балл ЕГЭ, русский язык"),
    _target("use_mathematics_average", ">= regional average", "score", None,
            "Средний балл ЕГЭ, математика"),
    _target("use_optional_subjects_average", ">= regional average", "score", None,
            "Предметы по выбору, средний балл ЕГЭ"),
    _target("use_80_plus_share", ">= regional average", "percent", None,
            "Доля участников с результатом 80 и более баллов, %"),
    _target("partnership_plan_executed", "=", "boolean", "1",
            "Наличие и реализация мероприятий в рамках выполнения партнерского(их) договора(ов) "
            "о взаимодействии и сотрудничестве со школами с высокими результатами обучения"),
    _target("monitoring_analytic_materials", "=", "boolean", "1",
            "Результативность участия во всероссийских и республиканских мониторинговых "
            "исследованиях качества образования"),
    _target("unexcused_absence_rate", "< district average", "percent", None,
            "Уменьшение показателя непосещаемости учащимися уроков в школе по неуважительной "
            "причине"),
]


def _step(on: str, actor: Principal, type_: str, **fields: Any) -> DemoStep:
    return DemoStep(TENANT, actor, date.fromisoformat(on), {"type": type_, **fields})


def _value(on: str, subject: str, indicator: str, period: str, value: str,
           source: str) -> DemoStep:
    return _step(on, METHODIST, "record_indicator", subject=subject, indicator=indicator,
                 period=period, value=value, measured_on=on, source=source)


SHEET = "leninogorsk-order-662"
INTERNSHIP = "leninogorsk-zelenoroshchinskaya-2019-10"
SEMINAR = "leninogorsk-school-6-seminar-2019-09-25"


def steps(region_operator: Principal) -> list[DemoStep]:
    """The district's script; the region operator identifies the schools of its list."""
    script = _schools(region_operator) + _order_662() + _first_year() + _extensions()
    return sorted(script, key=lambda step: step.on)  # the extensions interleave with 2019-12-27


def _schools(region_operator: Principal) -> list[DemoStep]:
    """18.02.2019: the four schools registered, the two of the regional list identified."""
    return [
        _step("2019-02-18", METHODIST, "register_school", school=SCHOOL_10,
              name="МБОУ «СОШ № 10»", locality="г. Лениногорск"),
        _step("2019-02-18", METHODIST, "register_school", school=ZELENOROSHCHINSKAYA,
              name="МБОУ «Зеленорощинская СОШ»", locality="пос. Зеленая Роща"),
        _step("2019-02-18", METHODIST, "register_school", school=SCHOOL_6,
              name="МБОУ «СОШ № 6»", locality="г. Лениногорск"),
        _step("2019-02-18", METHODIST, "register_school", school=SCHOOL_2,
              name="МБОУ «СОШ № 2»", locality="г. Лениногорск"),
        # Identification is the region's (004 §3.2): «В перечень включены 2 школы».
        # Categories and risk profiles are plausible, the list does not split them.
        _step("2019-02-18", region_operator, "identify_school", school=SCHOOL_10,
              categories=["low_results"], cohort_year=2019, basis=REGIONAL_LIST,
              risk_factors=["pupils_at_risk_of_failure", "low_learning_motivation",
                            "insufficient_teacher_competence"]),
        _step("2019-02-18", region_operator, "identify_school", school=ZELENOROSHCHINSKAYA,
              categories=["low_results", "adverse_conditions"], cohort_year=2019,
              basis=REGIONAL_LIST,
              risk_factors=["teacher_shortage", "low_equipment", "low_parental_involvement"]),
    ]


def _order_662() -> list[DemoStep]:
    """The order approved on its sheet; partners, the programme and the agreements (p.2-6)."""
    return [
        # Лист согласования к документу № 662: initiated 30.04.2019 15:43, agreed 15:57,
        # signed 18:52 (approvers replaced by demo principals).
        _step("2019-04-30", METHODIST, "submit_for_approval", sheet=SHEET,
              document={"kind": "other", "key": "order-662-2019",
                        "title": "Приказ № 662 от 03.05.2019 «О мероприятиях по повышению "
                                 "качества образования в школах с низкими результатами "
                                 "обучения и в школах, функционирующих в неблагоприятных "
                                 "социальных условиях»"},
              approvers=[
                  {"subject": DEPUTY_HEAD.subject, "position": "заместитель начальника",
                   "organisation": AUTHORITY},
                  {"subject": HEAD.subject, "position": "начальник", "organisation": AUTHORITY},
              ]),
        _step("2019-04-30", DEPUTY_HEAD, "sign_off", sheet=SHEET, comment="Согласовано"),
        _step("2019-04-30", HEAD, "sign_off", sheet=SHEET, comment="Подписано"),
        _step("2019-05-03", METHODIST, "designate_school", school=SCHOOL_6,
              designation="leader_school", basis=ORDER_662),
        _step("2019-05-03", METHODIST, "designate_school", school=SCHOOL_2,
              designation="leader_school", basis=ORDER_662),
        *[_step("2019-05-03", METHODIST, "assign_partner", partnership=pair["partnership"],
                supported_school=pair["supported_school"], partner_school=pair["partner_school"],
                coordinator=pair["coordinator"], curator=pair["curator"],
                municipal_coordinator=MUNICIPAL_COORDINATOR, assigned_on="2019-05-03",
                basis=ORDER_662) for pair in PAIRS],
        # p.4 and appendix 1: «Программа повышения качества образования ... на 2019-2022 годы»
        # with the criteria table of 003 as its targets.
        _step("2019-05-03", METHODIST, "adopt_programme", programme="leninogorsk-2019-2022",
              title="Программа повышения качества образования в школах с низкими результатами "
                    "обучения и в школах, функционирующих в неблагоприятных социальных "
                    "условиях, на 2019-2022 годы",
              level="municipal", period_start="2019-01-01", period_end="2022-12-31",
              adopted_on="2019-05-03", basis=ORDER_662, targets=EFFECTIVENESS_CRITERIA),
        # p.6.1 is the order's only duty with a due date: the directors of both schools of each
        # pair conclude their agreement by 7 May (2019 only: the order sets no later date).
        _step("2019-05-03", METHODIST, "adopt_reporting_duty", duty="agreements-by-7-may",
              report_kind="partnership_agreements", title="Заключение партнёрского договора",
              obligor="partnerships", due={"form": "yearly", "day": 7, "month": 5},
              addressee=AUTHORITY, effective_from="2019-05-03", effective_until="2019-05-07",
              order={**ORDER_662, "clause": "п. 6.1"}),
        # p.6.1: «в срок до 7 мая заключить партнерские договоры»; §3.1 «сроком на 2019 год»:
        # the calendar year 2019, to 31.12.2019.
        *[_step("2019-05-06", METHODIST, "conclude_agreement", partnership=pair["partnership"],
                number=pair["number"], concluded_on="2019-05-06", term="calendar_year",
                term_year=2019)
          for pair in PAIRS],
    ]


def _first_year() -> list[DemoStep]:
    """2019: exam results, a seminar at the partner school, an internship, the year's values."""
    return [
        _value("2019-07-10", SCHOOL_10, "grade9_no_certificate_share", "2019", "0",
               "Итоги ГИА-9 2019"),
        _value("2019-07-10", SCHOOL_10, "grade11_no_certificate_share", "2019", "0",
               "Итоги ГИА-11 2019"),
        _value("2019-07-10", SCHOOL_10, "use_russian_average", "2019", "66.4",
               "Итоги ЕГЭ 2019"),
        _value("2019-07-10", ZELENOROSHCHINSKAYA, "grade9_no_certificate_share", "2019", "0",
               "Итоги ГИА-9 2019"),
        # Model of the municipal infrastructure: «Семинары, стажировки, мастер-классы для
        # учителей СОШ №10 и Зеленорощинской СОШ».
        _step("2019-09-10", METHODIST, "plan_visit", visit=SEMINAR,
              partnership=PAIRS[0]["partnership"], host_school=SCHOOL_6,
              visiting_school=SCHOOL_10, planned_on="2019-09-25", kind="seminar",
              topic="Семинар «Подготовка к ГИА: работа с обучающимися группы риска»"),
        _step("2019-09-25", METHODIST, "record_visit_held", visit=SEMINAR, held_on="2019-09-25",
              findings="Учителя СОШ № 10 ознакомились с системой подготовки к ГИА в СОШ № 6.",
              recommendations="Разработать индивидуальные маршруты для обучающихся 9 классов.",
              participants=12),
        # Agreement p.2.3.2: a request a week ahead, confirmed, held.
        _step("2019-10-14", ZELENOROSHCHINSKAYA_USER, "request_internship",
              internship=INTERNSHIP, school=ZELENOROSHCHINSKAYA, host_school=SCHOOL_2,
              topic="Стажировка учителей математики: подготовка к ОГЭ", participants=2,
              start="2019-10-29", end="2019-10-30"),
        _step("2019-10-16", SCHOOL_2_USER, "confirm_internship", internship=INTERNSHIP),
        _step("2019-10-30", SCHOOL_2_USER, "record_internship_held", internship=INTERNSHIP,
              held_on="2019-10-30", participants_attended=2,
              summary="Посещены уроки и практикум по решению заданий ОГЭ."),
        _value("2019-12-27", SCHOOL_10, "partnership_plan_executed", "2019", "1",
               "Отчёт о выполнении партнёрского договора № 1/2019"),
        _value("2019-12-27", ZELENOROSHCHINSKAYA, "partnership_plan_executed", "2019", "1",
               "Отчёт о выполнении партнёрского договора № 2/2019"),
        _value("2019-12-27", SCHOOL_10, "monitoring_analytic_materials", "2019", "1",
               "Аналитические материалы по итогам ВПР и НИКО 2019"),
    ]


def _extensions() -> list[DemoStep]:
    """§3.2: prolonged by supplementary agreements for the programme's period."""
    extensions: list[DemoStep] = []
    for number, on, until in (("1", "2019-12-20", "2020-12-31"), ("2", "2020-12-21", "2022-06-30")):
        extensions += [_step(on, METHODIST, "extend_agreement", partnership=pair["partnership"],
                             number=f"ДС-{number} к договору № {pair['number']}", extended_on=on,
                             term_until=until) for pair in PAIRS]
    return extensions
