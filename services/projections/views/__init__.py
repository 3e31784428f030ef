"""Every view the projection runner maintains and the API serves."""

from domain.calendar import WorkingCalendar
from services.projections.view import View
from services.projections.views.audit import AuditView
from services.projections.views.overview import OverviewView
from services.projections.views.roadmaps import RoadmapView
from services.projections.views.schedule import ScheduleView


def all_views(calendar: WorkingCalendar | None = None) -> tuple[View, ...]:
    """One instance of each view, in a stable order; the calendar carries the tenant's overrides."""
    return (AuditView(), OverviewView(), RoadmapView(), ScheduleView(calendar=calendar))


__all__ = ["all_views"]
