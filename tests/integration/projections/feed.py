"""Feeding views with domain events as the runner does, for the model tests of this folder."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from domain.base import Actor, CascadeAggregate, Provenance
from domain.duty import DueRule, DutyOrder, DutyTerms, ReportingDuty
from services.projections.store import ViewStore
from services.projections.view import BoundTx, View
from tenants.registry import Tenant

REGION = Tenant("ru-16", "region", "ru-16", "Республика Татарстан")
KAYBITSY = Tenant("ru-16-kaybitsy", "municipality", "ru-16", "Кайбицкий район")


def provenance(tenant: Tenant = KAYBITSY) -> Provenance:
    return Provenance(tenant.id, Actor("officer-1", "municipal_officer", tenant.id), "test-correlation")


class Feed:
    """Applies events to views as the runner does: one transaction, positions in order, tracked."""

    def __init__(self, store: ViewStore, views: Iterable[View]) -> None:
        self.store = store
        self.views = list(views)
        self.positions: dict[str, int] = {}

    def __call__(self, *aggregates: CascadeAggregate, tenant: Tenant = KAYBITSY) -> int:
        """Apply the aggregates' pending events, in the order given; the tenant's last position."""
        events = [event for aggregate in aggregates for event in aggregate.collect_events()]
        first = self.positions.get(tenant.id, 0) + 1
        last = first + len(events) - 1
        generations = [self.store.ensure_live(type(view)) for view in self.views]
        with self.store.db.transaction() as tx:
            for view, generation in zip(self.views, generations, strict=True):
                bound = BoundTx(tx, view.tables(generation))
                for position, event in enumerate(events, start=first):
                    view.process(bound, tenant, event, position)
                ViewStore.track(tx, type(view), generation, tenant.id, last)
        self.positions[tenant.id] = last
        return last


#: Order 20/2 of 11.02.2021 of the Kaibitsy отдел образования (000).
ORDER_20_2 = DutyOrder(number="20/2", issued_on=date(2021, 2, 11), clause="п. 2.2")


def monthly_report_duty(
    tenant: Tenant = KAYBITSY, day: int = 28, effective_from: date = date(2021, 2, 11)
) -> ReportingDuty:
    """000 p.2.2: every school with a roadmap reports monthly by the 28th to the отдел образования."""
    return ReportingDuty.adopt(
        provenance(tenant), "monthly-report",
        DutyTerms(report_kind="monthly_roadmap", title="Отчёт об исполнении дорожной карты",
                  obligor="roadmap_schools", due=DueRule(form="monthly", day=day),
                  addressee="отдел образования"),
        effective_from, ORDER_20_2,
    )
