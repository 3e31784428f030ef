"""Demo script of the Kaibitsy district (ru-16-kaybitsy), 2021.

Source: 000_74987a3802766ccb.txt, order of the education department no. 20/2 of 11.02.2021
«Об организации сетевого взаимодействия»: appendix 1 (partner-school list), appendix 2
(regulation), appendix 3 (the 20-item roadmap), p.2.2 (monthly reports by the 28th).

The schools are the real ones of appendix 1. Every person (coordinators, curators, the
municipal coordinator) is fictitious: the names in the order are personal data (152-ФЗ).
Activity after 11.02.2021 (visits, reports, internships, indicator values) is illustrative.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cascade.demo.model import DemoStep
from services.auth import Principal

TENANT = "ru-16-kaybitsy"
REGION = "ru-16"

FEDOROVSKAYA = "kaybitsy-fedorovskaya"
CHUTEEVSKAYA = "kaybitsy-chuteevskaya"
BOLSHEKAYBITSKAYA = "kaybitsy-bolshekaybitskaya"
KHOZESANOVSKAYA = "kaybitsy-khozesanovskaya"

OFFICER = Principal("officer.kaybitsy@example.org", "municipal_officer", REGION, TENANT)


def _school_user(code: str) -> Principal:
    return Principal(f"user.{code}@example.org", "school_user", REGION, TENANT, code)


#: One user per school: the two supported schools and their partner (curator) schools.
USERS = {code: _school_user(code) for code in (
    FEDOROVSKAYA, CHUTEEVSKAYA, BOLSHEKAYBITSKAYA, KHOZESANOVSKAYA,
)}

PRINCIPALS: dict[str, Principal] = {
    "municipal officer, Kaibitsy district": OFFICER,
    "school user, МБОУ «Федоровская СОШ» (supported)": USERS[FEDOROVSKAYA],
    "school user, МБОУ «Большекайбицкая СОШ» (partner of Федоровская)": USERS[BOLSHEKAYBITSKAYA],
    "school user, МБОУ «Чутеевская СОШ» (supported)": USERS[CHUTEEVSKAYA],
    "school user, МБОУ «Хозесановская СОШ» (partner of Чутеевская)": USERS[KHOZESANOVSKAYA],
}

#: Order 20/2 of 11.02.2021: the basis of the list, the regulation and the roadmap.
ORDER_20_2 = {"number": "20/2", "issued_on": "2021-02-11",
              "title": "Об организации сетевого взаимодействия"}

#: The fictitious municipal coordinator of both pairs (the order names a real deputy head).
MUNICIPAL_COORDINATOR = {"full_name": "Закирова А.И.", "position": "методист отдела образования",
                         "contact": "coordinator.kaybitsy@example.org"}

#: Appendix 1 of 000: supported school -> partner school, with fictitious coordinator/curator.
PAIRS = [
    {"partnership": "kaybitsy-fedorovskaya-bolshekaybitskaya",
     "supported_school": FEDOROVSKAYA, "partner_school": BOLSHEKAYBITSKAYA,
     "coordinator": {"full_name": "Гарипова Л.Н.", "position": "заместитель директора по УВР"},
     "curator": {"full_name": "Мухаметова Э.Р.", "position": "учитель математики"},
     "agreement": "СВ-1/2021", "roadmap": "kaybitsy-fedorovskaya-2021"},
    {"partnership": "kaybitsy-chuteevskaya-khozesanovskaya",
     "supported_school": CHUTEEVSKAYA, "partner_school": KHOZESANOVSKAYA,
     "coordinator": {"full_name": "Тимофеева О.С.", "position": "заместитель директора"},
     "curator": {"full_name": "Хайруллина Г.М.", "position": "заместитель директора по УВР"},
     "agreement": "СВ-2/2021", "roadmap": "kaybitsy-chuteevskaya-2021"},
]
FED, CHU = PAIRS

# Sections (направления) of the roadmap, appendix 3 of 000.
S_LAW = "Совершенствование нормативно-правового обеспечения"
S_METHOD = "Развитие научно-методического обеспечения"
S_PARTNER = ("Партнерство школ с низкими образовательными результатами с ведущими школами "
             "для обмена опытом администрации и педагогов")
S_STAFF = "Развитие кадрового потенциала педагогических работников"
S_DECIDE = "Принятие управленческих решений"

DEPT = "отдел образования"
HEADS = "руководители ШНР/ШНФСУ"
CURATORS = "кураторы"


def _deadline(due: str, label: str) -> dict[str, Any]:
    return {"form": "deadline", "due": due, "label": label}


def _window(start: str, end: str, label: str) -> dict[str, Any]:
    return {"form": "window", "start": start, "end": end, "label": label}


def _separate(reference: str, label: str) -> dict[str, Any]:
    return {"form": "separate", "reference": reference, "label": label}


#: «В течение года»: the calendar year 2021 of the roadmap.
_THIS_YEAR = {"form": "open_ended", "start": "2021-01-01", "end": "2021-12-31",
              "label": "В течение года"}
#: The source reads «По графику 00»: an OCR slip for «ОО» (образовательной организации).
_SCHOOL_SCHEDULE = _separate("График образовательной организации", "По графику ОО")

#: Appendix 3 of 000, items 1-20: (section, title as written, schedule, responsible).
#: Item 8 has no number in the source table; it is the eighth row.
ROADMAP_ITEMS: list[tuple[str, str, dict[str, Any], list[str]]] = [
    (S_LAW, "Разработка Положения о сетевом взаимодействии по повышению качества образования "
     "в школах с низкими результатами обучения/ школах, функционирующих в неблагоприятных "
     "социальных условиях", _deadline("2021-02-15", "До 15.02.2021"), [DEPT]),
    (S_LAW, "Формирование и утверждение «дорожная карта» по организации сетевого "
     "взаимодействия для помощи школам с низкими результатами обучения и/или школам, "
     "функционирующим в неблагоприятных социальных условиях",
     _deadline("2021-02-15", "До 15.02. 2021"), [DEPT, HEADS, CURATORS]),
    (S_LAW, "Заключение партнерских договоров о сетевом взаимодействии по повышению качества "
     "образования в школах с низкими результатами обучения/ школах, функционирующих в "
     "неблагоприятных социальных условиях", _deadline("2021-03-01", "До 01.03.2021"),
     ["Руководители ОО", CURATORS]),
    (S_METHOD, "Выявление проблемных зон ОО, анализ внутренних и внешних причин низких "
     "результатов", _deadline("2021-03-15", "До 15.03.2021"), ["Руководители ШНР/ШНФСУ"]),
    (S_METHOD, "Разработка и утверждение планов взаимодействия по повышению качества "
     "образования в ШНР/ШНФСУ", _deadline("2021-03-30", "До 30.03.2021"),
     ["Руководители ШНР/ШНФСУ", CURATORS]),
    (S_METHOD, "Разработка инструментария для оценки результативности комплекса мер, "
     "направленных на создание условий для получения качественного общего образования",
     _deadline("2021-05-20", "До 20.05.2021"), ["Руководители ШНРО/ШНФСУ", CURATORS]),
    (S_METHOD, "Адресная помощь через организацию тьюторского, консультационного "
     "сопровождения со стороны школ-партнеров, отдел образования по вопросам повышения "
     "качества образования", _THIS_YEAR, [DEPT, HEADS, CURATORS]),
    (S_METHOD, "Распространение эффективных практик по переходу школ демонстрировавших "
     "образовательные результаты, в режим эффективного развития",
     _window("2021-10-01", "2021-11-30", "октябрь-ноябрь 2021"), [DEPT, HEADS, CURATORS]),
    (S_PARTNER, "Посещение уроков, внеурочной деятельности", _SCHOOL_SCHEDULE,
     ["Руководители ШНР/ШНФСУ", CURATORS]),
    # «август 2021 ноябрь 2021 декабрь 2021 март 2022»: one occurrence due by each month's end.
    (S_PARTNER, "Посещение заседаний педагогического совета по вопросам качества образования",
     {"form": "dates", "dates": ["2021-08-31", "2021-11-30", "2021-12-31", "2022-03-31"],
      "label": "август 2021 ноябрь 2021 декабрь 2021 март 2022"},
     ["Руководители ШНР/ШНФСУ", CURATORS]),
    (S_PARTNER, "Посещение заседаний школьных методических объединений", _SCHOOL_SCHEDULE,
     ["Руководители ШНР/ШНФСУ", CURATORS]),
    (S_STAFF, "Реализация адресных программ повышения квалификации администрацией и педагогов",
     _THIS_YEAR, [DEPT, HEADS, CURATORS]),
    (S_STAFF, "Организация и проведение диагностических работ в рамках региональной системы "
     "оценки качества образования",
     _separate("График диагностических работ региональной системы оценки качества образования",
               "В соответствии с графиком"), ["Руководители ШНР/ШНФСУ"]),
    (S_STAFF, "Мониторинг объективности оценивания претендентов на получение аттестатов о "
     "среднем общем образовании с отличием и медалей «За особые успехи в учении»",
     _window("2021-02-11", "2021-02-19", "11.02.-19.02.2021"), [DEPT, HEADS, CURATORS]),
    (S_STAFF, "Проведение собеседования с родителями и обучающимися группы «риска»",
     _separate("График образовательной организации", "по графику ОО"),
     ["Руководители ШНР/ШНФСУ"]),
    (S_STAFF, "Посещение уроков кураторами",
     {"form": "dates",
      "dates": ["2021-04-22", "2021-05-19", "2021-09-15", "2021-10-13", "2021-11-17"],
      "label": "22.04.2021 19.05.2021 15.09.2021 13.10.2021 17.11.2021"},
     ["Руководители ШНР/ШНФСУ", CURATORS]),
    (S_STAFF, "Консультации для обучающихся классов нуждающихся педагогической поддержке по "
     "математике", _window("2021-06-09", "2021-06-11", "09.06.2021- 11.06.2021"),
     ["Руководители ШНР/ШНФСУ", CURATORS]),
    (S_STAFF, "Проведение анализа результатов работ, своевременная коррекция индивидуальных "
     "образовательных маршрутов обучающихся, принятие соответствующих управленческих решений",
     _separate("По итогам диагностических работ", "По итогам работ"),
     [DEPT, "руководители ШНРО/ШНФСУ", CURATORS]),
    (S_STAFF, "Включение в мероприятия ВСОКО: - организация систематического контроля за "
     "проведением учителями уроков, мероприятий, выявление неэффективных форм работы "
     "учителей; - ведение системного мониторинга профессиональных затруднений; - выявление "
     "проблем в деятельности педагогов при реализации ФГОС по итогам посещенных уроков",
     _separate("План внутришкольного контроля", "По плану ВШК"), ["Руководители ОО"]),
    (S_DECIDE, "Анализ эффективности принятых мер", _deadline("2021-12-25", "До 25.12.2021"),
     ["Руководители ШНР/ШНФСУ", CURATORS]),
]


def item_key(number: int) -> str:
    """«item-01» ... «item-20»: the row number of appendix 3."""
    return f"item-{number:02d}"


def _step(on: str, actor: Principal, type_: str, **fields: Any) -> DemoStep:
    return DemoStep(TENANT, actor, date.fromisoformat(on), {"type": type_, **fields})


def _done(on: str, pair: dict[str, Any], number: int, *evidence: tuple[str, str, str],
          by: Principal | None = None) -> DemoStep:
    """A roadmap item completed, by the supported school unless someone else is named."""
    return _step(on, by or USERS[pair["supported_school"]], "complete_roadmap_item",
                 roadmap=pair["roadmap"], item=item_key(number), completed_on=on,
                 evidence=[{"kind": k, "reference": r, "description": d} for k, r, d in evidence])


def _started(on: str, pair: dict[str, Any], number: int) -> DemoStep:
    return _step(on, USERS[pair["supported_school"]], "start_roadmap_item",
                 roadmap=pair["roadmap"], item=item_key(number), started_on=on)


def _monthly(on: str, pair: dict[str, Any], month: str, summary: str,
             attachments: tuple[str, ...] = ()) -> DemoStep:
    """Monthly report on the roadmap (000 p.2.2: «ежемесячно в срок до 28 числа»)."""
    school = pair["supported_school"]
    return _step(on, USERS[school], "file_report", school=school, kind="monthly_roadmap",
                 period=month, summary=summary, attachments=list(attachments))


def _accept(on: str, pair: dict[str, Any], period: str, kind: str = "monthly_roadmap",
            school: str | None = None) -> DemoStep:
    return _step(on, OFFICER, "accept_report", school=school or pair["supported_school"],
                 kind=kind, period=period)


def _visit_key(pair: dict[str, Any], kind: str, on: str) -> str:
    return f"{pair['supported_school']}-{kind}-{on}"


def _plan(on: str, pair: dict[str, Any], kind: str, planned_on: str, topic: str) -> DemoStep:
    """The curator's school visits the supported school (000 items 10, 16, 17)."""
    return _step(on, OFFICER, "plan_visit", visit=_visit_key(pair, kind, planned_on),
                 partnership=pair["partnership"], host_school=pair["supported_school"],
                 visiting_school=pair["partner_school"], planned_on=planned_on, kind=kind,
                 topic=topic)


def _held(on: str, pair: dict[str, Any], kind: str, findings: str, recommendations: str,
          participants: int) -> DemoStep:
    """Recorded by the curator's (partner) school on the day of the visit."""
    return _step(on, USERS[pair["partner_school"]], "record_visit_held",
                 visit=_visit_key(pair, kind, on), held_on=on, findings=findings,
                 recommendations=recommendations, participants=participants)


LESSON_DATES = ["2021-04-22", "2021-05-19", "2021-09-15", "2021-10-13", "2021-11-17"]
COUNCIL_DATES = ["2021-08-30", "2021-11-26", "2021-12-24"]


def _setup() -> list[DemoStep]:
    """11.02.2021: order 20/2 registers the list, the pairs and the roadmap."""
    on = "2021-02-11"
    steps = [
        _step(on, OFFICER, "register_school", school=FEDOROVSKAYA,
              name="МБОУ «Федоровская СОШ»", locality="с. Федоровское"),
        _step(on, OFFICER, "register_school", school=CHUTEEVSKAYA,
              name="МБОУ «Чутеевская СОШ»", locality="с. Чутеево"),
        _step(on, OFFICER, "register_school", school=BOLSHEKAYBITSKAYA,
              name="МБОУ «Большекайбицкая СОШ»", locality="с. Большие Кайбицы"),
        _step(on, OFFICER, "register_school", school=KHOZESANOVSKAYA,
              name="МБОУ «Хозесановская СОШ»", locality="с. Хозесаново"),
        # Appendix 1: «общеобразовательные организации, демонстрирующие низкие результаты /
        # работающие в сложных социальных условиях». Risk profiles are plausible, not sourced.
        _step(on, OFFICER, "identify_school", school=FEDOROVSKAYA, categories=["low_results"],
              cohort_year=2021, basis=ORDER_20_2,
              risk_factors=["insufficient_teacher_competence", "pupils_at_risk_of_failure",
                            "low_learning_motivation"]),
        _step(on, OFFICER, "identify_school", school=CHUTEEVSKAYA,
              categories=["low_results", "adverse_conditions"], cohort_year=2021,
              basis=ORDER_20_2,
              risk_factors=["teacher_shortage", "low_equipment", "low_parental_involvement",
                            "pupils_at_risk_of_failure"]),
        # Appendix 1: the «сильные» schools fixed to them.
        _step(on, OFFICER, "designate_school", school=BOLSHEKAYBITSKAYA,
              designation="leader_school", basis=ORDER_20_2),
        _step(on, OFFICER, "designate_school", school=KHOZESANOVSKAYA,
              designation="leader_school", basis=ORDER_20_2),
    ]
    for pair in PAIRS:
        steps.append(_step(
            on, OFFICER, "assign_partner", partnership=pair["partnership"],
            supported_school=pair["supported_school"], partner_school=pair["partner_school"],
            coordinator=pair["coordinator"], curator=pair["curator"],
            municipal_coordinator=MUNICIPAL_COORDINATOR, assigned_on=on,
            basis={**ORDER_20_2, "title": "Приложение № 1: перечень школ-партнеров"}))
    for pair in PAIRS:
        name = "Федоровская" if pair is FED else "Чутеевская"
        steps.append(_step(
            on, OFFICER, "approve_roadmap", roadmap=pair["roadmap"],
            school=pair["supported_school"],
            title=f"План («дорожная карта») по организации сетевого взаимодействия для помощи "
                  f"ШНР/ШНФСУ — МБОУ «{name} СОШ», 2021",
            period_start=on, period_end="2022-03-31", approved_on=on,
            basis={**ORDER_20_2, "title": "Приложение № 3: план («дорожная карта»)"}))
        for number, (section, title, schedule, responsible) in enumerate(ROADMAP_ITEMS, 1):
            steps.append(_step(on, OFFICER, "add_roadmap_item", roadmap=pair["roadmap"],
                               item=item_key(number), section=section, title=title,
                               schedule=schedule, responsible=responsible))
    for pair in PAIRS:
        # Items 1-2 are done by the order itself (its appendices 2 and 3).
        steps += [
            _done(on, pair, 1, ("document", "Приказ № 20/2 от 11.02.2021, приложение № 2",
                                "Положение о сетевом взаимодействии"), by=OFFICER),
            _done(on, pair, 2, ("document", "Приказ № 20/2 от 11.02.2021, приложение № 3",
                                "План («дорожная карта»)"), by=OFFICER),
            _started(on, pair, 14),
        ]
    return steps


def _spring() -> list[DemoStep]:
    """February - June 2021: agreements, analysis, plans, first visits, monthly reports."""
    steps = [_started("2021-02-15", pair, n) for pair in PAIRS for n in (7, 12)]
    steps += [_done("2021-02-19", pair, 14, (
        "note", "Справка о мониторинге объективности оценивания претендентов на аттестаты с "
        "отличием", "Нарушений объективности не выявлено")) for pair in PAIRS]
    # Item 3: agreements «До 01.03.2021».
    for pair in PAIRS:
        steps.append(_step("2021-02-25", OFFICER, "conclude_agreement",
                           partnership=pair["partnership"], number=pair["agreement"],
                           concluded_on="2021-02-25"))
    steps += [_done("2021-02-25", pair, 3, (
        "document", f"Партнерский договор № {pair['agreement']} от 25.02.2021", ""))
        for pair in PAIRS]
    steps += [_monthly("2021-02-26", pair, "2021-02",
                       "Утверждены положение и дорожная карта, заключён партнёрский договор, "
                       "проведён мониторинг объективности оценивания (п.1-3, 14).")
              for pair in PAIRS]
    steps += [_accept("2021-03-01", pair, "2021-02") for pair in PAIRS]
    steps += [_done("2021-03-12", pair, 4, (
        "document", "Аналитическая справка о причинах низких результатов",
        "Проблемные зоны: математика 9 класс, мотивация обучающихся")) for pair in PAIRS]
    steps += [_monthly("2021-03-26", pair, "2021-03",
                       "Проведён анализ проблемных зон (п.4), разрабатывается план "
                       "взаимодействия (п.5).") for pair in PAIRS]
    steps += [_done("2021-03-29", pair, 5, (
        "document", "План взаимодействия школы и школы-партнёра на 2021 год",
        "Утверждён приказом по школе")) for pair in PAIRS]
    # Visits of the plan: curators' lesson visits (item 16) on the dates of the roadmap,
    # pedagogical councils (item 10) of 2021, consultations in maths (item 17).
    for pair in PAIRS:
        steps += [_plan("2021-03-29", pair, "lesson", day,
                        "Посещение уроков кураторами (п.16 дорожной карты)")
                  for day in LESSON_DATES]
    steps += [_plan("2021-03-29", FED, "pedagogical_council", day,
                    "Педагогический совет по вопросам качества образования (п.10)")
              for day in COUNCIL_DATES]
    steps.append(_plan("2021-03-29", FED, "consultation", "2021-06-10",
                       "Консультации по математике для обучающихся 9 класса (п.17)"))
    steps += [_accept("2021-03-30", pair, "2021-03") for pair in PAIRS]
    steps += [_started("2021-04-22", pair, 16) for pair in PAIRS]
    steps += [
        _held("2021-04-22", FED, "lesson",
              "Посещены 3 урока математики в 8-9 классах: слабая дифференциация заданий, "
              "мало времени на самостоятельную работу.",
              "Ввести разноуровневые задания; взаимопосещение уроков в школе-партнёре.", 4),
        _held("2021-04-22", CHU, "lesson",
              "Посещены уроки русского языка и математики: урок выстроен, обратная связь "
              "обучающимся недостаточна.", "Использовать формирующее оценивание.", 3),
        _monthly("2021-04-27", FED, "2021-04", "Проведено посещение уроков кураторами (п.16)."),
        _monthly("2021-04-28", CHU, "2021-04",
                 "Проведено посещение уроков кураторами (п.16), протокол приложен.",
                 ("protokol-2021-04-22.pdf",)),
        # The one report returned for revision, then filed again (000 p.2.2).
        _step("2021-04-29", OFFICER, "return_report", school=FEDOROVSKAYA,
              kind="monthly_roadmap", period="2021-04",
              remarks="Не приложен протокол посещения уроков кураторами 22.04.2021 (п.16)."),
        _accept("2021-04-29", CHU, "2021-04"),
        _monthly("2021-05-05", FED, "2021-04",
                 "Проведено посещение уроков кураторами (п.16), протокол приложен.",
                 ("protokol-2021-04-22.pdf",)),
        _accept("2021-05-06", FED, "2021-04"),
        # Item 6 of Чутеевская moves; the reason stays in the log for the region.
        _step("2021-05-18", OFFICER, "reschedule_roadmap_item", roadmap=CHU["roadmap"],
              item=item_key(6), schedule=_deadline("2021-06-30", "До 30.06.2021"),
              reason="Инструментарий дорабатывается с учётом результатов ВПР весны 2021 г."),
        _held("2021-05-19", FED, "lesson",
              "Разноуровневые задания применяются на 2 из 3 посещённых уроков.",
              "Продолжить; подготовить обучающихся группы риска к ОГЭ.", 4),
        _held("2021-05-19", CHU, "lesson",
              "Формирующее оценивание введено на уроках русского языка.",
              "Распространить практику на уроки математики.", 3),
        _done("2021-05-20", FED, 6, ("document", "Инструментарий оценки результативности мер",
                                     "Анкеты и контрольные срезы")),
        _monthly("2021-05-26", FED, "2021-05", "Разработан инструментарий оценки (п.6)."),
        _monthly("2021-05-27", CHU, "2021-05", "Инструментарий оценки в разработке (п.6)."),
        _accept("2021-05-31", FED, "2021-05"),
        _accept("2021-05-31", CHU, "2021-05"),
        _step("2021-06-01", OFFICER, "cancel_roadmap_item", roadmap=CHU["roadmap"],
              item=item_key(17), reason="Консультации по математике проводятся дистанционно "
              "в рамках адресной помощи школы-партнёра (п.7)."),
        _held("2021-06-10", FED, "consultation",
              "Проведены консультации по математике для 9 обучающихся группы риска.",
              "Закрепить индивидуальные маршруты на 2021/2022 учебный год.", 9),
        _done("2021-06-11", FED, 17, ("note", "Журнал консультаций 09.06-11.06.2021",
                                      "9 обучающихся")),
        _done("2021-06-25", CHU, 6, ("document", "Инструментарий оценки результативности мер",
                                     "")),
        _monthly("2021-06-25", FED, "2021-06", "Проведены консультации по математике (п.17)."),
        _monthly("2021-06-25", CHU, "2021-06", "Разработан инструментарий оценки (п.6)."),
        # Annual analytic note of the leader school (002 §4.3 practice).
        _step("2021-06-28", USERS[BOLSHEKAYBITSKAYA], "file_report", school=BOLSHEKAYBITSKAYA,
              kind="annual_analytic_note", period="2020/2021",
              summary="Итоги сетевого взаимодействия с МБОУ «Федоровская СОШ» за 2020/2021 "
                      "учебный год.", attachments=["analiticheskaya-zapiska-2020-2021.pdf"]),
        _accept("2021-06-30", FED, "2021-06"),
        _accept("2021-06-30", CHU, "2021-06"),
        _accept("2021-06-30", FED, "2020/2021", "annual_analytic_note", BOLSHEKAYBITSKAYA),
    ]
    return steps


def _autumn() -> list[DemoStep]:
    """July - December 2021: councils, lesson visits, an internship, the year's analysis."""
    fed_user, chu_user = USERS[FEDOROVSKAYA], USERS[CHUTEEVSKAYA]
    internship = "kaybitsy-fedorovskaya-2021-10"
    withdrawn = "kaybitsy-chuteevskaya-2021-11"
    return [
        _step("2021-07-15", fed_user, "record_indicator", subject=FEDOROVSKAYA,
              indicator="grade9_no_certificate_share", period="2021", value="0",
              measured_on="2021-07-15", source="Итоги ГИА-9 2021 (основной период)"),
        _step("2021-07-15", chu_user, "record_indicator", subject=CHUTEEVSKAYA,
              indicator="grade9_no_certificate_share", period="2021", value="12.5",
              measured_on="2021-07-15", source="Итоги ГИА-9 2021 (основной период)"),
        _monthly("2021-07-27", FED, "2021-07", "Летний период: работа по п.7, 12."),
        _accept("2021-07-29", FED, "2021-07"),
        # Чутеевская files July late and August not at all: both derived, never stored.
        _monthly("2021-08-03", CHU, "2021-07", "Летний период: работа по п.7, 12."),
        _accept("2021-08-04", CHU, "2021-07"),
        _monthly("2021-08-27", FED, "2021-08", "Подготовка к педагогическому совету (п.10)."),
        _started("2021-08-30", FED, 10),
        _held("2021-08-30", FED, "pedagogical_council",
              "Августовский педсовет: анализ ГИА-2021, задачи по повышению качества.",
              "Включить в план ВШК контроль индивидуальных маршрутов.", 18),
        _accept("2021-08-31", FED, "2021-08"),
        _held("2021-09-15", FED, "lesson", "Уроки в 5-6 классах: высокий темп, мало "
              "обратной связи.", "Использовать приёмы формирующего оценивания.", 3),
        _held("2021-09-15", CHU, "lesson", "Уроки математики: применяются разноуровневые "
              "задания.", "Продолжить практику.", 3),
        _monthly("2021-09-27", FED, "2021-09", "Посещение уроков кураторами (п.16)."),
        _monthly("2021-09-27", CHU, "2021-09", "Посещение уроков кураторами (п.16)."),
        _accept("2021-09-29", FED, "2021-09"),
        _step("2021-09-30", chu_user, "record_indicator", subject=CHUTEEVSKAYA,
              indicator="grade9_no_certificate_share", period="2021", value="0",
              measured_on="2021-09-30", source="Итоги ГИА-9 2021 (дополнительный период)",
              reason="Обучающиеся пересдали ГИА-9 в сентябрьские сроки"),
        _accept("2021-09-30", CHU, "2021-09"),
        # Internship (003 p.2.3.2 practice): requested 14 days ahead, confirmed, held.
        _step("2021-10-04", fed_user, "request_internship", internship=internship,
              school=FEDOROVSKAYA, host_school=BOLSHEKAYBITSKAYA,
              topic="Подготовка к ОГЭ по математике: работа с обучающимися группы «риска»",
              participants=3, start="2021-10-18", end="2021-10-19"),
        _step("2021-10-06", USERS[BOLSHEKAYBITSKAYA], "confirm_internship",
              internship=internship),
        _step("2021-10-11", chu_user, "cancel_visit", visit=_visit_key(CHU, "lesson",
              "2021-10-13"), reason="Карантин по ОРВИ в 5-9 классах."),
        _held("2021-10-13", FED, "lesson", "Приёмы формирующего оценивания применяются.",
              "Подготовить открытые уроки для п.8.", 3),
        _started("2021-10-15", CHU, 8),
        _step("2021-10-20", USERS[BOLSHEKAYBITSKAYA], "record_internship_held",
              internship=internship, held_on="2021-10-19", participants_attended=3,
              summary="Посещены 6 уроков, проведён практикум по разбору заданий ОГЭ."),
        _monthly("2021-10-27", FED, "2021-10", "Стажировка педагогов в школе-партнёре."),
        _monthly("2021-10-27", CHU, "2021-10", "Начато распространение практик (п.8)."),
        _accept("2021-10-29", FED, "2021-10"),
        _accept("2021-10-29", CHU, "2021-10"),
        _started("2021-11-01", FED, 8),
        _step("2021-11-08", chu_user, "request_internship", internship=withdrawn,
              school=CHUTEEVSKAYA, host_school=KHOZESANOVSKAYA,
              topic="Организация внутришкольного контроля качества уроков", participants=2,
              start="2021-11-22", end="2021-11-23"),
        # Withdrawn in writing before the three-working-day limit (17.11.2021).
        _step("2021-11-12", chu_user, "withdraw_internship", internship=withdrawn,
              reason="Педагоги направлены на курсы повышения квалификации в те же даты (п.12)."),
        _held("2021-11-17", FED, "lesson", "Открытые уроки подготовлены.", "", 3),
        _held("2021-11-17", CHU, "lesson", "Проведены уроки с применением ИКТ.",
              "Усилить работу с группой риска.", 2),
        _done("2021-11-17", FED, 16, ("note", "Протоколы 5 посещений уроков кураторами", "")),
        _held("2021-11-26", FED, "pedagogical_council",
              "Педсовет по итогам I четверти: динамика по математике положительная.", "", 17),
        _done("2021-11-26", FED, 8, ("link", "https://edu.tatar.ru/kaybitcy/",
                                     "Семинар по эффективным практикам, материалы на сайте")),
        _monthly("2021-11-26", FED, "2021-11", "Проведён семинар по эффективным практикам (п.8)."),
        _monthly("2021-11-26", CHU, "2021-11", "Посещение уроков кураторами (п.16)."),
        _accept("2021-11-30", FED, "2021-11"),
        _accept("2021-11-30", CHU, "2021-11"),
        _held("2021-12-24", FED, "pedagogical_council",
              "Педсовет: промежуточные итоги дорожной карты.", "", 18),
        *[step for pair in PAIRS for step in (
            _step("2021-12-24", USERS[pair["supported_school"]], "file_report",
                  school=pair["supported_school"], kind="effectiveness_analysis",
                  period="2021", summary="Анализ эффективности принятых мер за 2021 год (п.20).",
                  attachments=["analiz-effektivnosti-2021.pdf"]),
            _done("2021-12-24", pair, 20, ("document", "Анализ эффективности принятых мер",
                                           "Отчёт за 2021 год")),
            _monthly("2021-12-24", pair, "2021-12", "Подготовлен анализ эффективности (п.20)."),
        )],
        *[_accept("2021-12-27", pair, period, kind)
          for pair in PAIRS for period, kind in (("2021", "effectiveness_analysis"),
                                                 ("2021-12", "monthly_roadmap"))],
        _step("2021-12-28", OFFICER, "record_indicator", subject="municipality",
              indicator="network_supported_schools_share", period="2021", value="100",
              measured_on="2021-12-28", source="Приказ № 20/2, приложение № 1"),
        _step("2021-12-28", OFFICER, "record_indicator", subject="municipality",
              indicator="network_teachers_share", period="2021", value="58.3",
              measured_on="2021-12-28", source="Отчёты ОО за 2021 год"),
    ]


STEPS: list[DemoStep] = _setup() + _spring() + _autumn()
