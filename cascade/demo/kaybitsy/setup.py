"""11.02.2021: order 20/2 registers the list of schools, the pairs and their roadmaps (000)."""

from __future__ import annotations

from cascade.demo.kaybitsy.people import (
    BOLSHEKAYBITSKAYA,
    CHUTEEVSKAYA,
    FED,
    FEDOROVSKAYA,
    KHOZESANOVSKAYA,
    MUNICIPAL_COORDINATOR,
    OFFICER,
    ORDER_20_2,
    PAIRS,
)
from cascade.demo.kaybitsy.roadmap import ROADMAP_ITEMS, item_key
from cascade.demo.kaybitsy.steps import command, done, started
from cascade.demo.model import DemoStep

ON = "2021-02-11"


def setup() -> list[DemoStep]:
    """The order's day: schools, their pairs, the roadmaps and the items the order itself did."""
    return _duties() + _schools() + _pairs_and_roadmaps() + _done_by_the_order()


def _duties() -> list[DemoStep]:
    """What order 20/2 prescribes and nothing else: p.2.2 the monthly report by the 28th to the
    отдел образования; appendix 3 item 20 the effectiveness analysis «до 25.12.2021»."""
    return [
        command(ON, OFFICER, "adopt_reporting_duty", duty="monthly-roadmap-report",
                report_kind="monthly_roadmap",
                title="Отчёт об исполнении комплекса мер «дорожной карты»",
                obligor="roadmap_schools", due={"form": "monthly", "day": 28},
                addressee="отдел образования", effective_from=ON,
                order={**ORDER_20_2, "clause": "п. 2.2"}),
        command(ON, OFFICER, "adopt_reporting_duty", duty="effectiveness-analysis",
                report_kind="effectiveness_analysis", title="Анализ эффективности принятых мер",
                obligor="roadmap_schools", due={"form": "yearly", "day": 25, "month": 12},
                addressee="отдел образования", effective_from=ON, effective_until="2021-12-31",
                order={**ORDER_20_2, "clause": "приложение № 3, п. 20"}),
    ]


def _schools() -> list[DemoStep]:
    """Appendix 1: the four schools, the two supported ones identified, the partners designated."""
    return [
        command(ON, OFFICER, "register_school", school=FEDOROVSKAYA,
                name="МБОУ «Федоровская СОШ»", locality="с. Федоровское"),
        command(ON, OFFICER, "register_school", school=CHUTEEVSKAYA,
                name="МБОУ «Чутеевская СОШ»", locality="с. Чутеево"),
        command(ON, OFFICER, "register_school", school=BOLSHEKAYBITSKAYA,
                name="МБОУ «Большекайбицкая СОШ»", locality="с. Большие Кайбицы"),
        command(ON, OFFICER, "register_school", school=KHOZESANOVSKAYA,
                name="МБОУ «Хозесановская СОШ»", locality="с. Хозесаново"),
        # Appendix 1: «общеобразовательные организации, демонстрирующие низкие результаты /
        # работающие в сложных социальных условиях». Risk profiles are plausible, not sourced.
        command(ON, OFFICER, "identify_school", school=FEDOROVSKAYA, categories=["low_results"],
                cohort_year=2021, basis=ORDER_20_2,
                risk_factors=["insufficient_teacher_competence", "pupils_at_risk_of_failure",
                              "low_learning_motivation"]),
        command(ON, OFFICER, "identify_school", school=CHUTEEVSKAYA,
                categories=["low_results", "adverse_conditions"], cohort_year=2021,
                basis=ORDER_20_2,
                risk_factors=["teacher_shortage", "low_equipment", "low_parental_involvement",
                              "pupils_at_risk_of_failure"]),
        # Appendix 1: the «сильные» schools fixed to them.
        command(ON, OFFICER, "designate_school", school=BOLSHEKAYBITSKAYA,
                designation="leader_school", basis=ORDER_20_2),
        command(ON, OFFICER, "designate_school", school=KHOZESANOVSKAYA,
                designation="leader_school", basis=ORDER_20_2),
    ]


def _pairs_and_roadmaps() -> list[DemoStep]:
    """Appendix 1 pairs each supported school with a partner; appendix 3 is each one's roadmap."""
    steps = [command(
        ON, OFFICER, "assign_partner", partnership=pair["partnership"],
        supported_school=pair["supported_school"], partner_school=pair["partner_school"],
        coordinator=pair["coordinator"], curator=pair["curator"],
        municipal_coordinator=MUNICIPAL_COORDINATOR, assigned_on=ON,
        basis={**ORDER_20_2, "title": "Приложение № 1: перечень школ-партнеров"})
        for pair in PAIRS]
    for pair in PAIRS:
        name = "Федоровская" if pair is FED else "Чутеевская"
        steps.append(command(
            ON, OFFICER, "approve_roadmap", roadmap=pair["roadmap"],
            school=pair["supported_school"],
            title=f"План («дорожная карта») по организации сетевого взаимодействия для помощи "
                  f"ШНР/ШНФСУ — МБОУ «{name} СОШ», 2021",
            period_start=ON, period_end="2022-03-31", approved_on=ON,
            basis={**ORDER_20_2, "title": "Приложение № 3: план («дорожная карта»)"}))
        for number, (section, title, schedule, responsible) in enumerate(ROADMAP_ITEMS, 1):
            steps.append(command(ON, OFFICER, "add_roadmap_item", roadmap=pair["roadmap"],
                                 item=item_key(number), section=section, title=title,
                                 schedule=schedule, responsible=responsible))
    return steps


def _done_by_the_order() -> list[DemoStep]:
    """Items 1-2 are done by the order itself (its appendices 2 and 3); item 14 starts."""
    steps: list[DemoStep] = []
    for pair in PAIRS:
        steps += [
            done(ON, pair, 1, ("document", "Приказ № 20/2 от 11.02.2021, приложение № 2",
                               "Положение о сетевом взаимодействии"), by=OFFICER),
            done(ON, pair, 2, ("document", "Приказ № 20/2 от 11.02.2021, приложение № 3",
                               "План («дорожная карта»)"), by=OFFICER),
            started(ON, pair, 14),
        ]
    return steps
