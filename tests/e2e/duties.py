"""Reporting duties as commands, as the documents adopt them (000 p.2.2, item 20; 002 §4.3)."""

from __future__ import annotations

from typing import Any

ORDER_20_2 = {"number": "20/2", "issued_on": "2021-02-11", "clause": "п. 2.2"}


def monthly_duty(effective_from: str = "2021-02-11", day: int = 28) -> dict[str, Any]:
    """000 p.2.2: «ежемесячно в срок до 28 числа направлять в отдел образования отчет»."""
    return {"type": "adopt_reporting_duty", "duty": "monthly-report", "report_kind": "monthly_roadmap",
            "title": "Отчёт об исполнении дорожной карты", "obligor": "roadmap_schools",
            "due": {"form": "monthly", "day": day}, "addressee": "отдел образования",
            "effective_from": effective_from, "order": ORDER_20_2}


def annual_note_duty(obligor: str = "network_centres", effective_from: str = "2020-09-02",
                     effective_until: str | None = None) -> dict[str, Any]:
    """002 §4.3: at the end of the school year the heads of stable-result schools write a note."""
    command = {"type": "adopt_reporting_duty", "duty": "annual-note",
               "report_kind": "annual_analytic_note", "title": "Информационно-аналитическая справка",
               "obligor": obligor, "due": {"form": "school_year_end", "day": 30, "month": 6},
               "addressee": "отдел образования", "effective_from": effective_from,
               "order": {"number": "308-од", "issued_on": "2020-09-02", "clause": "§ 4.3"}}
    if effective_until:
        command["effective_until"] = effective_until
    return command
