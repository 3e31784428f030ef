"""Demo script of the city of Smolensk (ru-67-smolensk), 2021-2024.

Source: 001_7f6aa3199f691af5.txt, order of the education and youth policy department no. 486
of 30.12.2021: the municipal network programme 2021-2024, its participants, the activity plan
(9 items with yearly schedules) and the programme indicators (≥50% of organisations, 100% of
ШНОР/ШФНСУ, ≥50% of teachers).

The order names no school: its participants are categories (УО, МО of МБУ ДО «ЦДО», ОЦПРМСО,
ОО, ШЛ, ШНОР/ШФНСУ). The methodological centre is real; the four schools are placeholders,
named as such, so that no real school is labelled ШНОР. Every person is fictitious (152-ФЗ)
and the activity after the order is illustrative.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cascade.demo.model import DemoStep
from domain.roles import MUNICIPAL_OFFICER, SCHOOL_USER
from services.auth import Principal

TENANT = "ru-67-smolensk"
REGION = "ru-67"

LEADER_1 = "smolensk-leader-1"
LEADER_2 = "smolensk-leader-2"
SCHOOL_A = "smolensk-school-a"
SCHOOL_B = "smolensk-school-b"

AUTHORITY = "Управление образования и молодежной политики Администрации города Смоленска"

OFFICER = Principal("officer.smolensk@example.org", MUNICIPAL_OFFICER, REGION, TENANT)
DEPUTY_HEAD = Principal("deputy.smolensk@example.org", MUNICIPAL_OFFICER, REGION, TENANT)
HEAD = Principal("head.smolensk@example.org", MUNICIPAL_OFFICER, REGION, TENANT)
SCHOOL_A_USER = Principal("user.smolensk-school-a@example.org", SCHOOL_USER, REGION, TENANT,
                          SCHOOL_A)

PRINCIPALS: dict[str, Principal] = {
    "municipal officer, city of Smolensk": OFFICER,
    "municipal officer (deputy head, approver 1), city of Smolensk": DEPUTY_HEAD,
    "municipal officer (head, approver 2), city of Smolensk": HEAD,
    "school user, ШНОР «А» (placeholder), city of Smolensk": SCHOOL_A_USER,
}

ORDER_486 = {"number": "486", "issued_on": "2021-12-30",
             "title": "Об утверждении муниципальной программы сетевого взаимодействия ОО на "
                      "2021-2024 годы"}

PROGRAMME = "smolensk-network-2021-2024"
PROGRAMME_TITLE = ("Муниципальная программа сетевого взаимодействия образовательных организаций, "
                   "в том числе школ с низкими образовательными результатами и/или школ, "
                   "функционирующих в неблагоприятных социальных условиях, на 2021-2024 годы")

#: «Показатели реализации Программы»: «не менее 50%, в том числе ШНОР и/или ШФНСУ -100%»;
#: «доля педагогов ... (не менее 50%)».
INDICATOR_TARGETS = [
    {"indicator": "network_organisations_share", "comparison": ">=", "value": "50",
     "unit": "percent", "title": "Доля образовательных организаций, вовлеченных в сетевое "
                                 "взаимодействие со школами/организациями-лидерами, %"},
    {"indicator": "network_supported_schools_share", "comparison": "=", "value": "100",
     "unit": "percent", "title": "в том числе ШНОР и/или ШФНСУ, %"},
    {"indicator": "network_teachers_share", "comparison": ">=", "value": "50",
     "unit": "percent", "title": "Доля педагогов, охваченных мероприятиями в рамках сетевого "
                                 "взаимодействия, %"},
]

MUNICIPAL_COORDINATOR = {"full_name": "Орлова Е.Д.", "position": "координатор муниципальной программы",
                         "contact": "coordinator.smolensk@example.org"}

PAIRS = [
    {"partnership": "smolensk-school-a-leader-1", "supported_school": SCHOOL_A,
     "partner_school": LEADER_1, "number": "СВ-01/2022", "roadmap": "smolensk-school-a-2022",
     "coordinator": {"full_name": "Белова Н.С.", "position": "заместитель директора по УВР"},
     "curator": {"full_name": "Соколов А.В.", "position": "заместитель директора по УВР"}},
    {"partnership": "smolensk-school-b-leader-2", "supported_school": SCHOOL_B,
     "partner_school": LEADER_2, "number": "СВ-02/2022", "roadmap": "smolensk-school-b-2022",
     "coordinator": {"full_name": "Егорова М.Ю.", "position": "заместитель директора"},
     "curator": {"full_name": "Волкова К.А.", "position": "руководитель методического объединения"}},
]
PAIR_A, PAIR_B = PAIRS
#: After the notice on the second pair, ШФНСУ «Б» moves to the first leader school.
PAIR_B2 = {**PAIR_B, "partnership": "smolensk-school-b-leader-1", "partner_school": LEADER_1,
           "number": "СВ-03/2023", "curator": PAIR_A["curator"]}

S_LAW = "Направление: нормативно-правовое обеспечение взаимодействия"
S_ORG = "Направление: организационно-управленческое"
S_FIN = "Направление: финансово-экономическое"


def _yearly(start_month: int, end_month: int, label: str) -> dict[str, Any]:
    return {"form": "yearly", "start_month": start_month, "end_month": end_month,
            "first_year": 2022, "last_year": 2024, "label": label}


_WHOLE_PERIOD = {"form": "open_ended", "start": "2022-01-01", "end": "2024-12-31",
                 "label": "в течение всего периода"}

#: «План мероприятий ... на 2021-2024 годы», items 1-9: (section, title, schedule,
#: responsible/participants, expected result), as written.
PLAN_ITEMS: list[tuple[str, str, dict[str, Any], str, str]] = [
    (S_LAW, "Создание нормативно-правовой базы сетевого взаимодействия образовательных "
     "учреждений", {"form": "window", "start": "2022-01-01", "end": "2022-01-31",
                    "label": "январь 2022"},
     "УО, ОО, ШНОР и/или ШФНСУ", "Правовое оформление сетевого взаимодействия образовательных "
     "учреждений. Формирование пакета нормативных правовых документов, закрепляющих правила "
     "сетевого взаимодействия в каждом образовательном учреждении муниципальной "
     "образовательной сети"),
    (S_LAW, "Определение направлений и нормативное закрепление содержания образовательной "
     "деятельности в условиях сетевого взаимодействия.",
     _yearly(9, 10, "ежегодно (сентябрь -октябрь)"), "УО, ОЦПРМСО, ОО, ШНОР и/или ШФНСУ",
     "Распределение и закрепление ответственности образовательных учреждений за реализацию "
     "образовательных программ в условиях сетевого взаимодействия"),
    (S_ORG, "Анализ ресурсного обеспечения образовательного процесса",
     _yearly(8, 8, "ежегодно (август)"), "УО, МО, ОЦПРМСО, ОО, ШНОР и/или ШФНСУ",
     "Определение уровня ресурсного обеспечения образовательного процесса в "
     "общеобразовательных учреждениях (ШНОР и/или ШФНСУ, школы-лидеры)"),
    (S_ORG, "Организация социального партнерства в условиях реализации муниципальной "
     "программы сетевого взаимодействия (деятельность городских методических объединений "
     "педагогов и пр.)", _WHOLE_PERIOD, "УО, МО, ОЦПРМСО, ОО, УК, УС, ШНОР, ШНСУ",
     "Реализация сетевых образовательных программ и проектов совместно с различными "
     "социальными институтами (учреждения культуры и спорта)"),
    (S_ORG, "Планирование образовательного процесса в сети", _yearly(7, 8, "ежегодно (июль-август)"),
     "ОО, ШЛ, ШНОР и/или ШФНСУ", "Разработка планов, дорожных карт, сетевых графиков. "
     "Определение обучающимися и их родителями (законными представителями) направлений, форм и "
     "места получения образовательных услуг в рамках сетевого взаимодействия. Формирование "
     "сетевых классов (групп), сетевых учебного плана и расписания. Оперативные контроль, "
     "регулирование и коррективы образовательной деятельности в условиях сетевого "
     "взаимодействия."),
    (S_ORG, "Контроль качества реализации сетевых образовательных программ",
     _yearly(5, 6, "ежегодно (май-июнь)"), "УО, МО, ОЦПРМСО, ОО, ШЛ, ШНОР и/или ШФНСУ",
     "Соблюдение образовательными учреждениями, входящими в сеть, требований образовательных "
     "стандартов результатам образования"),
    (S_FIN, "Оценка имеющихся и необходимых ресурсов для обеспечения сетевого образовательного "
     "процесса", _yearly(7, 8, "ежегодно (июль-август)"), "ОО, ШЛ, ШНОР и/или ШФНСУ",
     "Эффективное распределение ресурсов между образовательными учреждениями – участниками "
     "сети"),
    (S_FIN, "Организация финансирования образовательной деятельности в условиях сетевого "
     "взаимодействия", _WHOLE_PERIOD, "ОО, ШЛ, ШНОР и/или ШФНСУ",
     "Финансирование образовательной деятельности в условиях сетевого взаимодействия"),
    (S_FIN, "Организация взаимодействия имущественного характера между образовательными "
     "учреждениями – участниками сети", _WHOLE_PERIOD, "ОО, ШЛ, ШНОР и/или ШФНСУ",
     "Консолидация ресурсов образовательных учреждений, входящих в сеть. Оперативное ресурсное "
     "обеспечение сетевых процессов"),
]


def _step(on: str, actor: Principal, type_: str, **fields: Any) -> DemoStep:
    return DemoStep(TENANT, actor, date.fromisoformat(on), {"type": type_, **fields})


def _assign(on: str, pair: dict[str, Any]) -> DemoStep:
    return _step(on, OFFICER, "assign_partner", partnership=pair["partnership"],
                 supported_school=pair["supported_school"], partner_school=pair["partner_school"],
                 coordinator=pair["coordinator"], curator=pair["curator"],
                 municipal_coordinator=MUNICIPAL_COORDINATOR, assigned_on=on, basis=ORDER_486)


def _conclude(on: str, pair: dict[str, Any]) -> DemoStep:
    """001 sets no term for the agreements; the demo's (illustrative) run a year from signing."""
    return _step(on, OFFICER, "conclude_agreement", partnership=pair["partnership"],
                 number=pair["number"], concluded_on=on, term="years", term_years=1)


def _indicators(on: str, period: str, organisations: str, teachers: str) -> list[DemoStep]:
    """The three programme indicators of a school year, measured by the department."""
    values = (("network_organisations_share", organisations),
              ("network_supported_schools_share", "100"), ("network_teachers_share", teachers))
    return [_step(on, OFFICER, "record_indicator", subject="municipality", indicator=indicator,
                  period=period, value=value, measured_on=on,
                  source=f"Мониторинг сетевого взаимодействия, {period} учебный год")
            for indicator, value in values]


def _register(code: str, name: str) -> DemoStep:
    return _step("2021-12-27", OFFICER, "register_school", school=code, name=name,
                 locality="г. Смоленск")


def _setup() -> list[DemoStep]:
    """December 2021: the programme through its approval sheet, the order 486, the list."""
    sheet = "smolensk-programme-2021-2024"
    submission = {
        "sheet": sheet,
        "document": {"kind": "programme", "key": PROGRAMME, "title": PROGRAMME_TITLE},
        "approvers": [
            {"subject": DEPUTY_HEAD.subject, "position": "заместитель начальника управления",
             "organisation": AUTHORITY},
            {"subject": HEAD.subject, "position": "начальник управления",
             "organisation": AUTHORITY},
        ],
    }
    return [
        # «методический отдел МБУ ДО «ЦДО» города Смоленска (МО)» is a named participant, not a
        # school: registered as an organisation (cascade/demo/infrastructure.py).
        _register(LEADER_1, "Школа-лидер № 1 (условное наименование)"),
        _register(LEADER_2, "Школа-лидер № 2 (условное наименование)"),
        _register(SCHOOL_A, "ШНОР «А» (условное наименование)"),
        _register(SCHOOL_B, "ШФНСУ «Б» (условное наименование)"),
        _step("2021-12-27", OFFICER, "submit_for_approval", **submission),
        _step("2021-12-28", DEPUTY_HEAD, "return_with_remarks", sheet=sheet,
              remarks="В показателях реализации указать отдельно долю ШНОР и/или ШФНСУ, "
                      "вовлеченных в сетевое взаимодействие (100%)."),
        _step("2021-12-29", OFFICER, "submit_for_approval", **submission),
        _step("2021-12-29", DEPUTY_HEAD, "sign_off", sheet=sheet, comment="Согласовано"),
        _step("2021-12-30", HEAD, "sign_off", sheet=sheet, comment="Подписано"),
        _step("2021-12-30", OFFICER, "adopt_programme", programme=PROGRAMME,
              title=PROGRAMME_TITLE, level="municipal", period_start="2021-01-01",
              period_end="2024-12-31", adopted_on="2021-12-30", basis=ORDER_486,
              targets=INDICATOR_TARGETS, sheet=sheet),  # 003: the signed sheet approves it
        # p.4: schools «согласно приказам регионального и муниципального уровней включенных в
        # список ШНОР и/или ШФНСУ»; the lists themselves are not in 001.
        _step("2021-12-30", OFFICER, "identify_school", school=SCHOOL_A,
              categories=["low_results"], cohort_year=2021, basis=ORDER_486,
              risk_factors=["insufficient_teacher_competence", "low_learning_motivation"]),
        _step("2021-12-30", OFFICER, "identify_school", school=SCHOOL_B,
              categories=["adverse_conditions"], cohort_year=2021, basis=ORDER_486,
              risk_factors=["low_parental_involvement", "high_share_special_needs",
                            "poor_school_environment"]),
        # «школа/организация-лидер, в которой за последние 3-5 лет отмечены хорошие
        # образовательные результаты» (vertical model of 001).
        _step("2021-12-30", OFFICER, "designate_school", school=LEADER_1,
              designation="leader_school", basis=ORDER_486),
        _step("2021-12-30", OFFICER, "designate_school", school=LEADER_2,
              designation="leader_school", basis=ORDER_486),
    ]


def _roadmaps() -> list[DemoStep]:
    """January 2022: the plan of 001 as the roadmap of each ШНОР/ШФНСУ (item 5 «дорожных карт»)."""
    on = "2022-01-31"
    steps = [_conclude(on, pair) for pair in PAIRS]
    for pair in PAIRS:
        steps.append(_step(on, OFFICER, "approve_roadmap", roadmap=pair["roadmap"],
                           school=pair["supported_school"],
                           title="План мероприятий в рамках сетевого взаимодействия на "
                                 "2021-2024 годы", period_start="2022-01-01",
                           period_end="2024-12-31", approved_on=on, basis=ORDER_486))
        for number, (section, title, schedule, who, result) in enumerate(PLAN_ITEMS, 1):
            steps.append(_step(on, OFFICER, "add_roadmap_item", roadmap=pair["roadmap"],
                               item=f"item-{number:02d}", section=section, title=title,
                               schedule=schedule, responsible=who.split(", "),
                               expected_result=result))
        steps.append(_step(on, OFFICER, "complete_roadmap_item", roadmap=pair["roadmap"],
                           item="item-01", completed_on=on, evidence=[
                               {"kind": "document", "reference": "Приказ № 486 от 30.12.2021",
                                "description": "Программа сетевого взаимодействия"},
                               {"kind": "document",
                                "reference": f"Договор о сетевом взаимодействии № {pair['number']}"},
                           ]))
    return steps


def _later() -> list[DemoStep]:
    """2022-2024: the plan in motion, one pair ended by notice, indicators, one exit."""
    started = [(SCHOOL_A_USER, PAIR_A, "item-04"), (SCHOOL_A_USER, PAIR_A, "item-08"),
               (OFFICER, PAIR_B, "item-04")]
    return [
        *[_step("2022-02-01", actor, "start_roadmap_item", roadmap=pair["roadmap"], item=item,
                started_on="2022-02-01") for actor, pair, item in started],
        *_indicators("2022-06-30", "2021/2022", "41.7", "44.0"),
        _step("2022-08-01", SCHOOL_A_USER, "start_roadmap_item", roadmap=PAIR_A["roadmap"],
              item="item-03", started_on="2022-08-01"),
        # A written notice at least two months ahead (agreement practice of 003 §3.3).
        _step("2022-11-15", OFFICER, "notify_termination", partnership=PAIR_B["partnership"],
              notice_given_on="2022-11-15", takes_effect_on="2023-01-31",
              given_by="partner_school"),
        _step("2023-01-20", OFFICER, "extend_agreement", partnership=PAIR_A["partnership"],
              number="ДС-1 к договору № СВ-01/2022", extended_on="2023-01-20",
              term_until="2024-12-31"),
        _step("2023-01-31", OFFICER, "end_partnership", partnership=PAIR_B["partnership"],
              ended_on="2023-01-31",
              reason="Прекращено по уведомлению школы-лидера от 15.11.2022"),
        _assign("2023-02-01", PAIR_B2),
        _conclude("2023-02-10", PAIR_B2),
        *_indicators("2023-06-30", "2022/2023", "53.1", "51.6"),
        # The goal of 001: «перевод их в эффективный режим функционирования».
        _step("2024-06-28", OFFICER, "exit_programme", school=SCHOOL_A, exited_on="2024-06-28",
              reason="Переход в эффективный режим функционирования (цель программы)"),
        # Its goal reached, the pair ends its agreement early by consent (003 §3.2 practice).
        _step("2024-06-28", OFFICER, "terminate_agreement_by_consent",
              partnership=PAIR_A["partnership"], number="С-1 к договору № СВ-01/2022",
              agreed_on="2024-06-28", takes_effect_on="2024-06-28"),
        *_indicators("2024-06-30", "2023/2024", "58.0", "56.2"),
    ]


STEPS: list[DemoStep] = (
    _setup() + [_assign("2022-01-20", pair) for pair in PAIRS] + _roadmaps() + _later()
)
