"""July - December 2021 in the Kaibitsy district: councils, visits, internships, the year's analysis."""

from __future__ import annotations

from cascade.demo.kaybitsy.people import (
    BOLSHEKAYBITSKAYA,
    CHU,
    CHUTEEVSKAYA,
    FED,
    FEDOROVSKAYA,
    KHOZESANOVSKAYA,
    OFFICER,
    PAIRS,
    USERS,
)
from cascade.demo.kaybitsy.roadmap import item_key
from cascade.demo.kaybitsy.steps import (
    accept,
    command,
    done,
    held,
    monthly,
    occurrence_done,
    started,
    visit_key,
)
from cascade.demo.model import DemoStep

FED_USER, CHU_USER = USERS[FEDOROVSKAYA], USERS[CHUTEEVSKAYA]
#: Requested, confirmed and held at the partner school.
INTERNSHIP = "kaybitsy-fedorovskaya-2021-10"
#: Requested, then withdrawn in time.
WITHDRAWN = "kaybitsy-chuteevskaya-2021-11"


def autumn() -> list[DemoStep]:
    """July - December 2021, in date order."""
    return _summer() + _october() + _november() + _december()


def _summer() -> list[DemoStep]:
    """July - September: exam results, a late report and a missing one, the August council."""
    return [
        command("2021-07-15", FED_USER, "record_indicator", subject=FEDOROVSKAYA,
                indicator="grade9_no_certificate_share", period="2021", value="0",
                measured_on="2021-07-15", source="Итоги ГИА-9 2021 (основной период)"),
        command("2021-07-15", CHU_USER, "record_indicator", subject=CHUTEEVSKAYA,
                indicator="grade9_no_certificate_share", period="2021", value="12.5",
                measured_on="2021-07-15", source="Итоги ГИА-9 2021 (основной период)"),
        monthly("2021-07-27", FED, "2021-07", "Летний период: работа по п.7, 12."),
        accept("2021-07-29", FED, "2021-07"),
        # Чутеевская files July late and August not at all: both derived, never stored.
        monthly("2021-08-03", CHU, "2021-07", "Летний период: работа по п.7, 12."),
        accept("2021-08-04", CHU, "2021-07"),
        monthly("2021-08-27", FED, "2021-08", "Подготовка к педагогическому совету (п.10)."),
        started("2021-08-30", FED, 10),
        held("2021-08-30", FED, "pedagogical_council",
             "Августовский педсовет: анализ ГИА-2021, задачи по повышению качества.",
             "Включить в план ВШК контроль индивидуальных маршрутов.", 18),
        accept("2021-08-31", FED, "2021-08"),
        occurrence_done("2021-08-31", CHU, 10, "2021-08-31", (
            "document", "Протокол педагогического совета от 31.08.2021", "Присутствовал куратор")),
        held("2021-09-15", FED, "lesson", "Уроки в 5-6 классах: высокий темп, мало "
             "обратной связи.", "Использовать приёмы формирующего оценивания.", 3),
        held("2021-09-15", CHU, "lesson", "Уроки математики: применяются разноуровневые "
             "задания.", "Продолжить практику.", 3),
        monthly("2021-09-27", FED, "2021-09", "Посещение уроков кураторами (п.16)."),
        monthly("2021-09-27", CHU, "2021-09", "Посещение уроков кураторами (п.16)."),
        accept("2021-09-29", FED, "2021-09"),
        command("2021-09-30", CHU_USER, "record_indicator", subject=CHUTEEVSKAYA,
                indicator="grade9_no_certificate_share", period="2021", value="0",
                measured_on="2021-09-30", source="Итоги ГИА-9 2021 (дополнительный период)",
                reason="Обучающиеся пересдали ГИА-9 в сентябрьские сроки"),
        accept("2021-09-30", CHU, "2021-09"),
    ]


def _october() -> list[DemoStep]:
    """An internship requested, confirmed and held; a visit cancelled; practices spread (item 8)."""
    return [
        # Internship (003 p.2.3.2 practice): requested 14 days ahead, confirmed, held.
        command("2021-10-04", FED_USER, "request_internship", internship=INTERNSHIP,
                school=FEDOROVSKAYA, host_school=BOLSHEKAYBITSKAYA,
                topic="Подготовка к ОГЭ по математике: работа с обучающимися группы «риска»",
                participants=3, start="2021-10-18", end="2021-10-19"),
        command("2021-10-06", USERS[BOLSHEKAYBITSKAYA], "confirm_internship",
                internship=INTERNSHIP),
        command("2021-10-11", CHU_USER, "cancel_visit", visit=visit_key(CHU, "lesson",
                "2021-10-13"), reason="Карантин по ОРВИ в 5-9 классах."),
        # The roadmap occurrence of that visit is dropped too, with the reason (W7).
        command("2021-10-11", OFFICER, "cancel_roadmap_occurrence", roadmap=CHU["roadmap"],
                item=item_key(16), occurrence="2021-10-13", reason="Карантин по ОРВИ в 5-9 классах.",
                cancelled_on="2021-10-11"),
        held("2021-10-13", FED, "lesson", "Приёмы формирующего оценивания применяются.",
             "Подготовить открытые уроки для п.8.", 3),
        started("2021-10-15", CHU, 8),
        command("2021-10-20", USERS[BOLSHEKAYBITSKAYA], "record_internship_held",
                internship=INTERNSHIP, held_on="2021-10-19", participants_attended=3,
                summary="Посещены 6 уроков, проведён практикум по разбору заданий ОГЭ."),
        monthly("2021-10-27", FED, "2021-10", "Стажировка педагогов в школе-партнёре."),
        monthly("2021-10-27", CHU, "2021-10", "Начато распространение практик (п.8)."),
        accept("2021-10-29", FED, "2021-10"),
        accept("2021-10-29", CHU, "2021-10"),
    ]


def _november() -> list[DemoStep]:
    """An internship withdrawn in time, the last lesson visits, the seminar on practices."""
    return [
        started("2021-11-01", FED, 8),
        command("2021-11-01", OFFICER, "reschedule_roadmap_occurrence", roadmap=CHU["roadmap"],
                item=item_key(10), occurrence="2021-11-30", due="2021-12-10",
                reason="Педагогический совет Чутеевской СОШ перенесён на декабрь."),
        command("2021-11-08", CHU_USER, "request_internship", internship=WITHDRAWN,
                school=CHUTEEVSKAYA, host_school=KHOZESANOVSKAYA,
                topic="Организация внутришкольного контроля качества уроков", participants=2,
                start="2021-11-22", end="2021-11-23"),
        # Withdrawn in writing before the three-working-day limit (17.11.2021).
        command("2021-11-12", CHU_USER, "withdraw_internship", internship=WITHDRAWN,
                reason="Педагоги направлены на курсы повышения квалификации в те же даты (п.12)."),
        held("2021-11-17", FED, "lesson", "Открытые уроки подготовлены.", "", 3),
        held("2021-11-17", CHU, "lesson", "Проведены уроки с применением ИКТ.",
             "Усилить работу с группой риска.", 2),
        held("2021-11-26", FED, "pedagogical_council",
             "Педсовет по итогам I четверти: динамика по математике положительная.", "", 17),
        done("2021-11-26", FED, 8, ("link", "https://edu.tatar.ru/kaybitcy/",
                                    "Семинар по эффективным практикам, материалы на сайте")),
        monthly("2021-11-26", FED, "2021-11", "Проведён семинар по эффективным практикам (п.8)."),
        monthly("2021-11-26", CHU, "2021-11", "Посещение уроков кураторами (п.16)."),
        accept("2021-11-30", FED, "2021-11"),
        accept("2021-11-30", CHU, "2021-11"),
    ]


def _december() -> list[DemoStep]:
    """The effectiveness analysis of the year (item 20) and the district's own indicators."""
    return [
        held("2021-12-24", FED, "pedagogical_council",
             "Педсовет: промежуточные итоги дорожной карты.", "", 18),
        *[step for pair in PAIRS for step in (
            command("2021-12-24", USERS[pair["supported_school"]], "file_report",
                    school=pair["supported_school"], kind="effectiveness_analysis",
                    period="2021", summary="Анализ эффективности принятых мер за 2021 год (п.20).",
                    attachments=["analiz-effektivnosti-2021.pdf"]),
            done("2021-12-24", pair, 20, ("document", "Анализ эффективности принятых мер",
                                          "Отчёт за 2021 год")),
            monthly("2021-12-24", pair, "2021-12", "Подготовлен анализ эффективности (п.20)."),
        )],
        *[accept("2021-12-27", pair, period, kind)
          for pair in PAIRS for period, kind in (("2021", "effectiveness_analysis"),
                                                 ("2021-12", "monthly_roadmap"))],
        command("2021-12-28", OFFICER, "record_indicator", subject="municipality",
                indicator="network_supported_schools_share", period="2021", value="100",
                measured_on="2021-12-28", source="Приказ № 20/2, приложение № 1"),
        command("2021-12-28", OFFICER, "record_indicator", subject="municipality",
                indicator="network_teachers_share", period="2021", value="58.3",
                measured_on="2021-12-28", source="Отчёты ОО за 2021 год"),
    ]
