"""A poison event for the read side: facts written past every check that would refuse them."""

from __future__ import annotations

from datetime import date

from domain.base import Actor, Provenance
from domain.duty import DueRule, DutyOrder, DutyTerms, ReportingDuty
from domain.roadmap import Roadmap
from domain.roles import MUNICIPAL_OFFICER
from domain.school import School


def meta(tenant: str) -> Provenance:
    return Provenance(tenant, Actor("officer", MUNICIPAL_OFFICER, tenant), "corr")


def write_poison(backend, tenant: str) -> int:
    """A roadmap ending 9999-12-31 under a monthly-report duty in force as long.

    The command and domain checks refuse both; written straight to the store, the schedule view
    cannot compute the roadmap's monthly reports beyond year 9999. Returns the log head.
    """
    app = backend.application(tenant)
    app.save(School.register(meta(tenant), "k-1", "Школа"))
    app.save(ReportingDuty._create(
        ReportingDuty.Adopted, meta=meta(tenant), key="monthly", effective_from=date(2021, 1, 1),
        effective_until=date(9999, 12, 31), order=DutyOrder("20/2", date(2021, 2, 11), "п. 2.2"),
        terms=DutyTerms("monthly_roadmap", "Отчёт", "roadmap_schools", DueRule("monthly", 28),
                        "отдел образования"),
    ))
    app.save(Roadmap._create(
        Roadmap.Approved, meta=meta(tenant), key="rm-1", school="k-1", title="Карта",
        period_start=date(2021, 1, 1), period_end=date(9999, 12, 31),
        approved_on=date(2021, 1, 1), basis=None,
    ))
    return app.head_position()
