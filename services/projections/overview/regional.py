"""The regional overview as of a date, from what is kept per tenant (issue 16 goal 2).

Per tenant are kept, each by the revision or position of what it is read from: its school counts
as a day ledger (overview.ledger: any `as_of` is one search), its roadmap items, its recorded
facts (overview.summary), and by date its reports' and visits' tallies and teachers' coverage.
An answer reads the revisions and positions (a few rows per tenant) and reads again only what
changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from domain.programme import MUNICIPALITY
from domain.roles import REGION_SUBJECT
from services.projections.organisations.projection import OrganisationsView
from services.projections.organisations.queries import coverage_counts
from services.projections.overview.answers import RegionalOverview
from services.projections.overview.criteria import Counts, Scope, overview_row
from services.projections.overview.ledger import DayLedger, school_ledger
from services.projections.overview.projection import OverviewView
from services.projections.overview.queries import recorded_facts, revisions, school_facts
from services.projections.overview.summary import MAX_INTERVALS, Entry, Kept, summaries
from services.projections.roadmaps.projection import RoadmapView
from services.projections.roadmaps.queries import ItemProgress, item_progress
from services.projections.schedule.projection import ScheduleView
from services.projections.schedule.queries import DueProgress, due_progress
from services.projections.store import ViewStore
from services.projections.view import View
from tenants.registry import Tenant

#: Views whose rows the overview shows: it is whole up to the position all of them have read.
SOURCES: tuple[type[View], ...] = (OverviewView, RoadmapView, ScheduleView, OrganisationsView)
Tracked = dict[type[View], dict[str, int]]
_ABSENT = object()


def _tracked(store: ViewStore, generations: dict[type[View], int] | None = None) -> Tracked:
    generations = generations or {view: store.ensure_live(view) for view in SOURCES}
    return {view: store.positions(view, generations[view]) for view in SOURCES}


def positions(store: ViewStore, tenants: Sequence[str], tracked: Tracked | None = None) -> dict[str, int]:
    """Per tenant, the position all source views have read: the overview is whole up to it."""
    tracked = tracked or _tracked(store)
    return {tenant: min(p.get(tenant, 0) for p in tracked.values()) for tenant in tenants}


def _kept(kept: Kept, keys: dict[str, tuple[int, ...]], load: Callable[[list[str]], dict[str, Any]]) -> dict[str, Any]:
    """Each tenant's kept thing, loaded afresh (in one batch) for those whose key changed."""
    fresh = load(stale) if (stale := kept.stale(keys)) else {}
    for tenant, found in fresh.items():
        kept.keep(tenant, keys[tenant], found)
    return {tenant: fresh[tenant] if tenant in fresh else kept.get(tenant) for tenant in keys}


def _positioned(generations: dict[type[View], int], view: type[View], tenants: list[str],
                tracked: Tracked) -> dict[str, tuple[int, ...]]:
    return {tenant: (generations[view], tracked[view].get(tenant, 0)) for tenant in tenants}


def _by_date(kept: Kept, keys: dict[str, tuple[int, ...]], as_of: date,
             load: Callable[[list[str]], dict[str, Any]], absent: Any) -> dict[str, Any]:
    """Each tenant's answer for `as_of`, kept by date while its key stays (loaded in one batch
    for the tenants without it): the reports' and visits' tallies, the teachers' coverage."""
    by_date = _kept(kept, keys, lambda stale: {tenant: {} for tenant in stale})
    answer = {tenant: by_date[tenant].get(as_of, _ABSENT) for tenant in keys}
    if missing := [tenant for tenant, found in answer.items() if found is _ABSENT]:
        loaded = load(missing)
        for tenant in missing:
            answer[tenant] = loaded.get(tenant, absent)
            if len(by_date[tenant]) >= MAX_INTERVALS:
                by_date[tenant].clear()
            by_date[tenant][as_of] = answer[tenant]
    return answer


def _items(store: ViewStore, tenants: list[str]) -> dict[str, ItemProgress | None]:
    found = item_progress(store, tenants)
    return {tenant: found.get(tenant) for tenant in tenants}


def _counts(store: ViewStore, tenants: list[str], as_of: date, tracked: Tracked,
            generations: dict[type[View], int], schools_revision: dict[str, tuple[int, int]]) -> dict[str, Counts]:
    """Each tenant's counts as of `as_of` from what is kept (schools by the overview's `schools`
    revision; reports and visits, items, coverage by those views' positions)."""
    kept = summaries(store)
    schools: dict[str, DayLedger] = _kept(kept.schools, schools_revision, lambda stale: {
        tenant: school_ledger(*facts) for tenant, facts in school_facts(store, stale).items()})
    items: dict[str, ItemProgress | None] = _kept(kept.items, _positioned(generations, RoadmapView, tenants, tracked),
                                                  lambda stale: _items(store, stale))
    due = _by_date(kept.due, _positioned(generations, ScheduleView, tenants, tracked), as_of,
                   lambda missing: due_progress(store, missing, as_of), DueProgress())
    coverage = _by_date(kept.coverage, _positioned(generations, OrganisationsView, tenants, tracked), as_of,
                        lambda missing: coverage_counts(store, missing, as_of), (0, 0))
    day, answer = as_of.isoformat(), {}
    for tenant in tenants:
        c = Counts(*schools[tenant].at(day))
        d = due[tenant]
        c.reports_due, c.reports_on_time, c.visits_planned, c.visits_held = (
            d.reports_due, d.reports_on_time, d.visits_planned, d.visits_held)
        if (progress := items[tenant]) is not None:
            c.items_done, c.items_active = progress.done, progress.active
        c.teachers_covered, c.teachers_counted = coverage[tenant]
        answer[tenant] = c
    return answer


def _entries(store: ViewStore, region: Tenant, tenants: list[str],
             own: dict[str, tuple[int, int]]) -> dict[str, Entry]:
    """Each tenant's kept entry (overview.summary), loaded afresh for those of another revision."""
    kept, regional = summaries(store).recorded, own[region.id]
    keys = {tenant: (*own[tenant], *regional) for tenant in tenants}
    entries: dict[str, Entry] = {}
    if stale := kept.stale(keys):
        loaded = sorted({*stale, region.id})
        targets, values = recorded_facts(store, loaded)
        again = revisions(store, loaded)["criteria"]  # a change while loading: used, not kept
        for tenant in stale:
            groups = [targets[tenant]] if tenant == region.id else [targets[tenant], targets[region.id]]
            extra = [] if tenant == region.id else values[region.id]
            entries[tenant] = entry = Entry(groups, [*values[tenant], *extra])
            if again[tenant] == own[tenant] and again[region.id] == regional:
                kept.keep(tenant, keys[tenant], entry)
    return {tenant: entries.get(tenant) or kept.get(tenant) for tenant in tenants}


def regional_overview(
    store: ViewStore, region: Tenant, municipalities: list[Tenant], as_of: date
) -> RegionalOverview:
    """Municipalities against their own targets, else the region's; the total, the region's (blocking)."""
    tenants = [region.id, *(m.id for m in municipalities)]
    generations = {view: store.ensure_live(view) for view in SOURCES}
    tracked, revised = _tracked(store, generations), revisions(store, tenants)
    counts = _counts(store, tenants, as_of, tracked, generations, revised["schools"])
    entries = _entries(store, region, tenants, revised["criteria"])
    rows = []
    for m in municipalities:
        scope = Scope(m, region, MUNICIPALITY, entries[m.id].groups)
        rows.append(overview_row(scope, counts[m.id], entries[m.id].recorded(scope, as_of), as_of))
    total = sum((counts[m.id] for m in municipalities), Counts())
    if not all(counts[m.id].teachers_counted for m in municipalities):
        # 001 indicator 2 for the region is computed only when every municipality counts teachers.
        total.teachers_covered = total.teachers_counted = 0
    scope = Scope(region, region, REGION_SUBJECT, entries[region.id].groups)
    total_row = overview_row(scope, total, entries[region.id].recorded(scope, as_of), as_of)
    live = {view.name: generation for view, generation in generations.items()}
    degraded = sorted({p.tenant for p in store.parked() if p.tenant in tenants and live.get(p.view) == p.generation})
    return RegionalOverview(region.id, region.name, as_of, rows, total_row, positions(store, tenants, tracked),
                            degraded)
