"""The school's pages offline (issue 13): the offline bundle, the manifest, the service worker,
and the JSON answer a queued form gets.

The bundle is everything a school's pages show and its forms need, in one request: this month's
obligations, the roadmaps with their occurrences, the visits, internship requests (with the last
day to withdraw, as the schedule view computed it) and occurrences due, the signed-in subject and
the session's CSRF token, and the time it was built. Its ETag is the hash of all but that time,
so a conditional GET of an unchanged bundle is a 304 with no body.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import msgspec
from anyio import to_thread
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import PathParameter

from domain.roles import SCHOOL_ROLES
from services.auth import Forbidden, Principal
from services.commands.executor import CommandAccepted
from services.context import tenant_reader_guard
from services.projections.http import ReadSide, school_scope
from services.projections.registers.paging import Scope
from services.projections.registers.queries import internship_entries, visit_entries
from services.projections.roadmaps.queries import roadmap_status
from services.projections.schedule.queries import monitoring_calendar
from tenants.registry import Tenant
from web.forms import Refusal
from web.pages import SECURITY_HEADERS, current

HERE = Path(__file__).parent
SchoolInPath = Annotated[str, PathParameter(max_length=80)]
#: The header a page's script sends when it posts a queued form: answer JSON, not a page.
QUEUE_HEADER = "x-cascade-queue"
OCCURRENCES_BACK = timedelta(days=366 * 6)
OCCURRENCES_AHEAD = timedelta(days=62)


def wants_json(request: Request) -> bool:
    return request.headers.get(QUEUE_HEADER) == "1"


def accepted_answer(accepted: CommandAccepted, target: str) -> Response:
    """What the queue shows of an accepted command: its log position and the page showing it."""
    body = {"status": "accepted", "command": accepted.command, "position": accepted.position,
            "events": [e.type for e in accepted.events], "next": target}
    return Response(body, status_code=200, headers=SECURITY_HEADERS, media_type="application/json")


def refused_answer(command: str, refusals: list[Refusal]) -> Response:
    """A refusal as the queue shows it: the Russian sentence per field (web/messages.py)."""
    body = {"status": "refused", "command": command,
            "refusals": [{"field": r.field, "message": r.message} for r in refusals]}
    return Response(body, status_code=422, headers=SECURITY_HEADERS, media_type="application/json")


def _own(principal: Principal, school: str) -> str:
    if principal.role not in SCHOOL_ROLES or school_scope(principal, school) != school:
        raise Forbidden("a school's offline bundle is its own users'")
    return school


def _bundle(read: ReadSide, tenant: Tenant, school: str, today: date) -> dict[str, Any]:
    first = today.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    month = monitoring_calendar(read.store, tenant.id, first, last, school, None, today)
    due = monitoring_calendar(read.store, tenant.id, today - OCCURRENCES_BACK, today + OCCURRENCES_AHEAD,
                              school, "roadmap_item", today)
    withdrawals = monitoring_calendar(read.store, tenant.id, today - OCCURRENCES_BACK,
                                      today + OCCURRENCES_AHEAD * 6, school, "internship_withdrawal", today)
    scope = Scope((tenant.id,), today, school=school, limit=None)
    return {
        "tenant": tenant.id, "school": school, "month": first.strftime("%Y-%m"), "today": today,
        "obligations": month.rows, "roadmaps": roadmap_status(read.store, tenant.id, school, today),
        "occurrences_due": [r for r in due.rows if r.status in ("due", "missed")],
        "visits": visit_entries(read.store, scope), "internships": internship_entries(read.store, scope),
        "withdrawal_deadlines": {r.id.split(":", 1)[1]: r.due_on for r in withdrawals.rows},
    }


@get("/m/{tenant_id:str}/schools/{school:str}/offline-bundle", name="offline-bundle",
     guards=[tenant_reader_guard])
async def offline_bundle(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], school: SchoolInPath,
) -> Response:
    """The school's offline bundle; `If-None-Match` with its ETag: 304, nothing sent."""
    _own(principal, school)
    now = datetime.now(ZoneInfo(tenant.timezone))
    data = await to_thread.run_sync(_bundle, read, tenant, school, now.date())
    data |= {"subject": principal.subject, "csrf": current(request)[1].csrf}
    encoded = msgspec.json.encode(data)
    etag = '"' + hashlib.sha256(encoded).hexdigest()[:32] + '"'
    headers = {**SECURITY_HEADERS, "ETag": etag, "Cache-Control": "private, no-cache", "Vary": "Cookie"}
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(b"", status_code=304, headers=headers)
    body = msgspec.json.encode({**data, "built_at": now.isoformat(timespec="seconds"),
                                "built_shown": f"{now:%H:%M %d.%m}"})
    return Response(body, headers=headers, media_type="application/json")


@get("/m/{tenant_id:str}/schools/{school:str}/manifest.webmanifest", name="offline-manifest",
     guards=[tenant_reader_guard])
async def manifest(principal: NamedDependency[Principal], tenant: NamedDependency[Tenant],
                   school: SchoolInPath) -> Response:
    """The web app manifest of a school's pages: installable, starting at «Что сделать»."""
    _own(principal, school)
    start = f"/m/{tenant.id}/schools/{school}"
    body = {
        "name": "Каскад · Кабинет школы", "short_name": "Каскад", "lang": "ru", "dir": "ltr",
        "start_url": start, "scope": f"/m/{tenant.id}/", "id": start, "display": "standalone",
        "background_color": "#ffffff", "theme_color": "#1d4f91",
        "description": "Что сделать, дорожная карта и отметки школы — в том числе без связи.",
        "icons": [{"src": "/static/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }
    return Response(body, media_type="application/manifest+json", headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"})


@get("/m/{tenant_id:str}/sw.js", name="offline-worker", include_in_schema=False)
async def service_worker(tenant_id: Annotated[str, PathParameter(max_length=80, pattern=r"^[a-z0-9-]+$")]) -> Response:
    """The service worker, served under the municipality's pages so its scope is `/m/{tenant}/`."""
    script = (HERE / "static" / "offline-sw.js").read_bytes()
    return Response(script, media_type="text/javascript",
                    headers={"Cache-Control": "no-cache", "Content-Security-Policy": SECURITY_HEADERS["Content-Security-Policy"],
                             "X-Content-Type-Options": "nosniff"})


OFFLINE_ROUTES = [offline_bundle, manifest]
WORKER_ROUTES = [service_worker]
