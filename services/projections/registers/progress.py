"""Roadmap completion and reports on time per school of a tenant, for the schools register: read
from the roadmaps and schedule models' own queries, never from their tables."""

from __future__ import annotations

from datetime import date

from services.projections.answer_cache import kept
from services.projections.registers.answers import Completion, OnTime
from services.projections.roadmaps.projection import RoadmapView
from services.projections.roadmaps.queries import school_counts
from services.projections.schedule.projection import ScheduleView
from services.projections.schedule.queries import monitoring_calendar
from services.projections.store import ViewStore

#: The schedule's kinds of the reports a tenant's duties ask for.
REPORT_DUE_KINDS = ("monthly_report", "effectiveness_analysis", "annual_analytic_note")
_EARLIEST = date(1900, 1, 1)


def progress(store: ViewStore, tenant: str, as_of: date) -> tuple[dict[str, Completion], dict[str, OnTime]]:
    """`figured`, kept while the roadmaps' and schedule's stamp for the tenant holds (one query a
    repeat): a region's register asks it for every municipality on its page."""
    return kept(store, (RoadmapView, ScheduleView), [tenant], ("register-progress", tenant, as_of),
                lambda: figured(store, tenant, as_of), lambda made: 200 * (len(made[0]) + len(made[1])) + 200)


def figured(store: ViewStore, tenant: str, as_of: date) -> tuple[dict[str, Completion], dict[str, OnTime]]:
    """Per school of a tenant: roadmap completion and reports on time, from their own models."""
    completion = {}
    for school in school_counts(store, tenant, as_of):
        counts = school.counts
        active = counts.total - counts.cancelled
        completion[school.school] = Completion(counts.done, active, counts.overdue,
                                               round(counts.done / active, 4) if active else None)
    tallies: dict[str, list[int]] = {}
    for kind in REPORT_DUE_KINDS:
        calendar = monitoring_calendar(store, tenant, _EARLIEST, as_of, None, kind, as_of)
        for rate in calendar.schools:
            tally = tallies.setdefault(rate.school, [0, 0])
            tally[0] += rate.obligations.on_time
            tally[1] += rate.obligations.on_time + rate.obligations.late + rate.obligations.missed
    on_time = {school: OnTime(done, due, round(done / due, 4) if due else None)
               for school, (done, due) in tallies.items()}
    return completion, on_time
