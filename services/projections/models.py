"""Every read model the projection runner maintains and the API serves."""

from domain.regional_calendar import CalendarBook
from services.projections.appointments.projection import AppointmentView
from services.projections.audit_trail.projection import AuditView
from services.projections.communities.projection import CommunitiesView
from services.projections.contests.projection import ContestView
from services.projections.networks.projection import NetworkView
from services.projections.organisations.projection import OrganisationsView
from services.projections.overview.projection import OverviewView
from services.projections.registers.projection import RegistersView
from services.projections.reminders.projection import RemindersView
from services.projections.reports.projection import ReportView
from services.projections.results.projection import ResultsView
from services.projections.risk_profiles.projection import RiskProfilesView
from services.projections.roadmaps.projection import RoadmapView
from services.projections.schedule.projection import ScheduleView
from services.projections.view import View


def all_views(calendars: CalendarBook | None = None) -> tuple[View, ...]:
    """One instance of each view, in a stable order; the book holds each region's calendar
    (without one the schedule judges working days by the federal calendar alone)."""
    return (AuditView(), OverviewView(), RoadmapView(), ScheduleView(calendars=calendars), RegistersView(),
            NetworkView(), AppointmentView(), ContestView(), ResultsView(),
            OrganisationsView(), CommunitiesView(),
            RiskProfilesView(), ReportView(), RemindersView())


__all__ = ["all_views"]
