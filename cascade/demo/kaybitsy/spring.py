"""February - June 2021 in the Kaibitsy district: agreements, analysis, plans, first visits, reports."""

from __future__ import annotations

from cascade.demo.kaybitsy.people import (
    BOLSHEKAYBITSKAYA,
    CHU,
    FED,
    FEDOROVSKAYA,
    OFFICER,
    PAIRS,
    USERS,
)
from cascade.demo.kaybitsy.roadmap import deadline, item_key
from cascade.demo.kaybitsy.steps import accept, command, done, held, monthly, plan, started
from cascade.demo.model import DemoStep

#: Curators' lesson visits (item 16) on the dates of the roadmap.
LESSON_DATES = ["2021-04-22", "2021-05-19", "2021-09-15", "2021-10-13", "2021-11-17"]
#: Pedagogical councils (item 10) of 2021 at Федоровская.
COUNCIL_DATES = ["2021-08-30", "2021-11-26", "2021-12-24"]
#: The occurrences of item 10 they are held for: «август 2021 ноябрь 2021 декабрь 2021».
COUNCIL_OCCURRENCES = ["2021-08-31", "2021-11-30", "2021-12-31"]


def spring() -> list[DemoStep]:
    """February - June 2021, in date order."""
    return _february() + _march() + _april_may() + _june()


def _february() -> list[DemoStep]:
    """Help and training start; the marks are checked; the agreements are concluded (item 3)."""
    steps = [started("2021-02-15", pair, n) for pair in PAIRS for n in (7, 12)]
    steps += [done("2021-02-19", pair, 14, (
        "note", "Справка о мониторинге объективности оценивания претендентов на аттестаты с "
        "отличием", "Нарушений объективности не выявлено")) for pair in PAIRS]
    # Item 3: agreements «До 01.03.2021». 000 states no term: the default, the calendar year
    # of signing (the wording of the agreement template, 003 §3.1), runs them to 31.12.2021.
    for pair in PAIRS:
        steps.append(command("2021-02-25", OFFICER, "conclude_agreement",
                             partnership=pair["partnership"], number=pair["agreement"],
                             concluded_on="2021-02-25"))
    steps += [done("2021-02-25", pair, 3, (
        "document", f"Партнерский договор № {pair['agreement']} от 25.02.2021", ""))
        for pair in PAIRS]
    steps += [monthly("2021-02-26", pair, "2021-02",
                      "Утверждены положение и дорожная карта, заключён партнёрский договор, "
                      "проведён мониторинг объективности оценивания (п.1-3, 14).")
              for pair in PAIRS]
    steps += [accept("2021-03-01", pair, "2021-02") for pair in PAIRS]
    return steps


def _march() -> list[DemoStep]:
    """The problem areas analysed (item 4), the plans approved (item 5), the visits planned."""
    steps = [done("2021-03-12", pair, 4, (
        "document", "Аналитическая справка о причинах низких результатов",
        "Проблемные зоны: математика 9 класс, мотивация обучающихся")) for pair in PAIRS]
    steps += [monthly("2021-03-26", pair, "2021-03",
                      "Проведён анализ проблемных зон (п.4), разрабатывается план "
                      "взаимодействия (п.5).") for pair in PAIRS]
    steps += [done("2021-03-29", pair, 5, (
        "document", "План взаимодействия школы и школы-партнёра на 2021 год",
        "Утверждён приказом по школе")) for pair in PAIRS]
    # Visits of the plan: curators' lesson visits (item 16) on the dates of the roadmap,
    # pedagogical councils (item 10) of 2021, consultations in maths (item 17).
    # Each visit is planned for its occurrence of the roadmap item, so held it closes that
    # occurrence: one act, one obligation (W11).
    for pair in PAIRS:
        steps += [plan("2021-03-29", pair, "lesson", day,
                       "Посещение уроков кураторами (п.16 дорожной карты)", 16)
                  for day in LESSON_DATES]
    steps += [plan("2021-03-29", FED, "pedagogical_council", day,
                   "Педагогический совет по вопросам качества образования (п.10)", 10, due)
              for day, due in zip(COUNCIL_DATES, COUNCIL_OCCURRENCES, strict=True)]
    steps.append(plan("2021-03-29", FED, "consultation", "2021-06-10",
                      "Консультации по математике для обучающихся 9 класса (п.17)", 17, "2021-06-11"))
    steps += [accept("2021-03-30", pair, "2021-03") for pair in PAIRS]
    return steps


def _april_may() -> list[DemoStep]:
    """The first lesson visits, a report returned and filed again, an item rescheduled."""
    return [started("2021-04-22", pair, 16) for pair in PAIRS] + [
        held("2021-04-22", FED, "lesson",
             "Посещены 3 урока математики в 8-9 классах: слабая дифференциация заданий, "
             "мало времени на самостоятельную работу.",
             "Ввести разноуровневые задания; взаимопосещение уроков в школе-партнёре.", 4),
        held("2021-04-22", CHU, "lesson",
             "Посещены уроки русского языка и математики: урок выстроен, обратная связь "
             "обучающимся недостаточна.", "Использовать формирующее оценивание.", 3),
        monthly("2021-04-27", FED, "2021-04", "Проведено посещение уроков кураторами (п.16)."),
        monthly("2021-04-28", CHU, "2021-04",
                "Проведено посещение уроков кураторами (п.16), протокол приложен.",
                ("protokol-2021-04-22.pdf",)),
        # The one report returned for revision, then filed again (000 p.2.2).
        command("2021-04-29", OFFICER, "return_report", school=FEDOROVSKAYA,
                kind="monthly_roadmap", period="2021-04",
                remarks="Не приложен протокол посещения уроков кураторами 22.04.2021 (п.16)."),
        accept("2021-04-29", CHU, "2021-04"),
        monthly("2021-05-05", FED, "2021-04",
                "Проведено посещение уроков кураторами (п.16), протокол приложен.",
                ("protokol-2021-04-22.pdf",)),
        accept("2021-05-06", FED, "2021-04"),
        # Item 6 of Чутеевская moves; the reason stays in the log for the region.
        command("2021-05-18", OFFICER, "reschedule_roadmap_item", roadmap=CHU["roadmap"],
                item=item_key(6), schedule=deadline("2021-06-30", "До 30.06.2021"),
                reason="Инструментарий дорабатывается с учётом результатов ВПР весны 2021 г."),
        held("2021-05-19", FED, "lesson",
             "Разноуровневые задания применяются на 2 из 3 посещённых уроков.",
             "Продолжить; подготовить обучающихся группы риска к ОГЭ.", 4),
        held("2021-05-19", CHU, "lesson",
             "Формирующее оценивание введено на уроках русского языка.",
             "Распространить практику на уроки математики.", 3),
        done("2021-05-20", FED, 6, ("document", "Инструментарий оценки результативности мер",
                                    "Анкеты и контрольные срезы")),
        monthly("2021-05-26", FED, "2021-05", "Разработан инструментарий оценки (п.6)."),
        monthly("2021-05-27", CHU, "2021-05", "Инструментарий оценки в разработке (п.6)."),
        accept("2021-05-31", FED, "2021-05"),
        accept("2021-05-31", CHU, "2021-05"),
    ]


def _june() -> list[DemoStep]:
    """An item cancelled, the maths consultations, the leader school's annual note."""
    return [
        command("2021-06-01", OFFICER, "cancel_roadmap_item", roadmap=CHU["roadmap"],
                item=item_key(17), reason="Консультации по математике проводятся дистанционно "
                "в рамках адресной помощи школы-партнёра (п.7)."),
        held("2021-06-10", FED, "consultation",
             "Проведены консультации по математике для 9 обучающихся группы риска.",
             "Закрепить индивидуальные маршруты на 2021/2022 учебный год.", 9),
        done("2021-06-25", CHU, 6, ("document", "Инструментарий оценки результативности мер",
                                    "")),
        monthly("2021-06-25", FED, "2021-06", "Проведены консультации по математике (п.17)."),
        monthly("2021-06-25", CHU, "2021-06", "Разработан инструментарий оценки (п.6)."),
        # Annual analytic note of the leader school (002 §4.3 practice).
        command("2021-06-28", USERS[BOLSHEKAYBITSKAYA], "file_report", school=BOLSHEKAYBITSKAYA,
                kind="annual_analytic_note", period="2020/2021",
                summary="Итоги сетевого взаимодействия с МБОУ «Федоровская СОШ» за 2020/2021 "
                        "учебный год.", attachments=["analiticheskaya-zapiska-2020-2021.pdf"]),
        accept("2021-06-30", FED, "2021-06"),
        accept("2021-06-30", CHU, "2021-06"),
        accept("2021-06-30", FED, "2020/2021", "annual_analytic_note", BOLSHEKAYBITSKAYA),
    ]
