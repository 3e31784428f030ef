"""Every read model the projection runner maintains and the API serves."""

from domain.calendar import WorkingCalendar
from services.projections.audit_trail.projection import AuditView
from services.projections.overview.projection import OverviewView
from services.projections.roadmaps.projection import RoadmapView
from services.projections.schedule.projection import ScheduleView
from services.projections.view import View


def all_views(calendar: WorkingCalendar | None = None) -> tuple[View, ...]:
    """One instance of each view, in a stable order; the calendar carries the tenant's overrides."""
    return (AuditView(), OverviewView(), RoadmapView(), ScheduleView(calendar=calendar))


__all__ = ["all_views"]
