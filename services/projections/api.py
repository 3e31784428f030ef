"""Read endpoints: the tenants visible to the caller, and the list of every read route."""

from __future__ import annotations

from litestar import get
from litestar.di import NamedDependency

from services.auth import Principal, can_read
from services.context import Services
from services.projections.appointments.api import APPOINTMENT_ROUTES
from services.projections.audit_trail.api import list_events
from services.projections.communities.api import COMMUNITY_ROUTES
from services.projections.contests.api import CONTEST_ROUTES
from services.projections.criteria_report.api import CRITERIA_ROUTES
from services.projections.feeds.api import FEED_ROUTES
from services.projections.my_tasks.api import MY_TASKS_ROUTES
from services.projections.networks.api import NETWORK_ROUTES
from services.projections.organisations.api import ORGANISATION_ROUTES
from services.projections.overview.api import OVERVIEW_ROUTES
from services.projections.registers.api import REGISTER_ROUTES
from services.projections.results.api import RESULTS_ROUTES
from services.projections.risk_profiles.api import RISK_ROUTES
from services.projections.roadmaps.api import list_roadmaps
from services.projections.schedule.api import list_schedule
from tenants.registry import Tenant


@get(
    "/api/v1/tenants",
    operation_id="listTenants",
    tags=["tenants"],
    summary="Tenants the caller may read",
    sync_to_thread=False,
)
def list_tenants(principal: NamedDependency[Principal], services: NamedDependency[Services]) -> list[Tenant]:
    return [t for t in services.backend.registry.all() if can_read(principal, t)]


READ_ROUTES = [list_tenants, list_events, list_roadmaps, list_schedule, *OVERVIEW_ROUTES, *REGISTER_ROUTES,
               *NETWORK_ROUTES, *APPOINTMENT_ROUTES, *CONTEST_ROUTES, *RESULTS_ROUTES,
               *ORGANISATION_ROUTES, *COMMUNITY_ROUTES,
               *MY_TASKS_ROUTES, *CRITERIA_ROUTES, *RISK_ROUTES, *FEED_ROUTES]
