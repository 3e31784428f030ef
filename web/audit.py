"""The auditor's pages: the audit trail, the integrity check, a stream's past state, the bundle.

Read only through the audit slice: the trail view's query (services/projections/audit_trail/
queries.py event_page), and services/audit/ (verify_tenant, state_at, export_bundle). Guarded
exactly as the JSON audit endpoints (tenant_log_guard): the region's operators and auditors for
every tenant of their region, a municipality's officers for their own. Anything else, and an
unknown tenant, is the one Russian 403 page.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from anyio import to_thread
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter

from domain.base import InvalidValue, NotFound
from domain.roles import LOG_READERS, REGION_WIDE_READERS
from services.audit.bundle import export_bundle
from services.audit.time_travel import StreamState, resolve_stream, state_at
from services.audit.verification import verify_tenant
from services.auth import Forbidden, Principal
from services.context import services_of, tenant_log_guard
from services.projections.audit_trail.queries import TrailFilter, event_page, stream_versions
from services.projections.http import ReadSide
from services.projections.inputs import MAX_INT64
from tenants.registry import Tenant
from web.event_words import KINDS, event_shown
from web.pages import ROLE_TITLES, page, web_config
from web.school import today_in
from web.state_words import field_word

PAGE_SIZE = 50
Text = Annotated[str | None, QueryParameter(max_length=200)]
Day = Annotated[str | None, QueryParameter(max_length=10)]
Before = Annotated[int | None, QueryParameter(ge=1, le=MAX_INT64)]
#: The form's time of day; left empty (the end of the day) it is posted empty.
Clock = Annotated[str | None, QueryParameter(max_length=15, pattern=r"^(\d\d:\d\d(:\d\d(\.\d{1,6})?)?)?$")]
RegionInPath = Annotated[str, PathParameter(max_length=80)]
#: The trail's `transcribed` filter: facts from paper only («yes»), or recorded on their day («no»).
#: The form's empty choice («все события») is posted empty.
FromPaper = Annotated[Literal["yes", "no", ""] | None, QueryParameter()]
#: A stream's version as the form posts it: empty is none (then the date and time choose).
Version = Annotated[str | None, QueryParameter(max_length=12)]



@get("/r/{region_id:str}/audit", name="audit-home")
async def audit_home(request: Request, principal: NamedDependency[Principal],
                     region_id: RegionInPath) -> Response:
    """The region's logs (the region's own and each municipality's) with what an auditor does to them."""
    registry = services_of(request).backend.registry
    region = registry.get(region_id)
    if region is None or region.kind != "region" or audit_link(principal) != f"/r/{region.id}/audit":
        raise Forbidden()
    return page(request, "audit_home.html", region=region,  # type: ignore[return-value]
                tenants=[region, *registry.municipalities(region.id)])


def _instant(tenant: Tenant, day: date | None, clock: str | None = None) -> datetime | None:
    """The instant a date (and time of day) names in the tenant's own time zone."""
    if day is None:
        return None
    moment = time.fromisoformat(clock) if clock else time(0)
    return datetime.combine(day, moment, ZoneInfo(tenant.timezone))


def _day(value: str | None, field: str) -> date | None:
    """A date field of a GET form: empty is none; anything but YYYY-MM-DD is a bad address."""
    if not value or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidValue(field, "a date is YYYY-MM-DD") from None


def _utc(instant: datetime | None) -> str | None:
    return None if instant is None else instant.astimezone(UTC).isoformat(timespec="microseconds")


def _stream_id(tenant: Tenant, stream: str | None) -> str | None:
    """A stream as the view keys it (its id), from an id or `<kind>/<key>` as auditors name it."""
    return str(resolve_stream(tenant.id, stream.strip())) if stream and stream.strip() else None


def audit_link(me: Principal | None) -> str:
    """The audit pages' entry for the signed-in person, if their role reads the region's logs."""
    if me is None or me.role not in LOG_READERS or me.role not in REGION_WIDE_READERS:
        return ""
    return f"/r/{me.region}/audit"


def _local(tenant: Tenant, recorded_at: str) -> datetime:
    return datetime.fromisoformat(recorded_at).astimezone(ZoneInfo(tenant.timezone))


@get("/audit/{tenant_id:str}/events", name="audit-events", guards=[tenant_log_guard])
async def audit_events(
    request: Request, tenant: NamedDependency[Tenant], read: NamedDependency[ReadSide],
    type: Text = None, actor: Text = None, stream: Text = None, since_on: Day = None,
    until_on: Day = None, before: Before = None, transcribed: FromPaper = None,
) -> Response:
    """The trail, newest first, filtered by event type, actor, stream and period, a page at a time."""
    since, until = _day(since_on, "since"), _day(until_on, "until")
    if since and until and until < since:
        raise InvalidValue("until", "the period ends before it starts")
    where = TrailFilter(
        _stream_id(tenant, stream), (type or "").strip() or None, (actor or "").strip() or None,
        _utc(_instant(tenant, since)), _utc(_instant(tenant, until + timedelta(days=1) if until else None)),
        None if not transcribed else transcribed == "yes",
    )
    trail = await to_thread.run_sync(event_page, read.store, tenant.id, "desc", None, before,
                                     where, PAGE_SIZE)
    query = {"type": type or "", "actor": actor or "", "stream": stream or "",
             "since": since.isoformat() if since else "", "until": until.isoformat() if until else "",
             "transcribed": transcribed or ""}
    # The address keeps the filters by the form's own names (the dates are since_on, until_on).
    kept = {{"since": "since_on", "until": "until_on"}.get(k, k): v for k, v in query.items() if v}
    rows = [{"event": e, "at": _local(tenant, e.recorded_at),
             "role": ROLE_TITLES.get(e.actor.get("role", ""), e.actor.get("role", ""))}
            for e in trail.events]
    return page(request, "audit_events.html", tenant=tenant, trail=trail, rows=rows,  # type: ignore[return-value]
                event_shown=event_shown, query=query, filtered=bool(kept), first_page=before is None,
                newest_url="?" + urlencode(kept),
                next_url="?" + urlencode({**kept, "before": trail.next}) if trail.next else "")


@get("/audit/{tenant_id:str}/integrity", name="audit-integrity", guards=[tenant_log_guard])
async def audit_integrity(request: Request, tenant: NamedDependency[Tenant]) -> Response:
    """Verify the tenant's chain, its region's checkpoints and the signed ones; the result in words."""
    backend, notary = services_of(request).backend, request.app.state.notary
    verdict = await to_thread.run_sync(verify_tenant, backend, tenant.id, notary)
    return page(request, "audit_integrity.html", tenant=tenant, verdict=verdict,  # type: ignore[return-value]
                checked_at=datetime.now(ZoneInfo(tenant.timezone)))


def _fields(then: StreamState | None, now: StreamState) -> list[dict[str, Any]]:
    """Every field of the aggregate, then and now, and whether it changed since."""
    names = sorted(set(now.state) | set(then.state if then else {}))
    return [{"name": name, "label": field_word(now.type, name) or name,
             "then": _shown(then.state.get(name), now.type) if then else "—",
             "now": _shown(now.state.get(name), now.type),
             "changed": then is not None and then.state.get(name) != now.state.get(name)}
            for name in names]


def _shown(value: Any, kind: str = "") -> str:
    """A field's value in words: a nested record's fields by their Russian names (web/state_words.py);
    keys that are data (a school's code, a year) as they are."""
    if value is None or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, list):
        return "; ".join(_shown(v, kind) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{field_word(kind, str(k)) or k}: {_shown(v, kind)}" for k, v in value.items())
    return str(value)


@get("/audit/{tenant_id:str}/state", name="audit-state", guards=[tenant_log_guard])
async def audit_state(
    request: Request, tenant: NamedDependency[Tenant], read: NamedDependency[ReadSide],
    stream: Text = None, on_day: Day = None, clock: Clock = None, version: Version = None,
) -> Response:
    """One stream, or every stream of the tenant, as at a chosen date and time (or, for a stream,
    at a version number), beside today."""
    on = _day(on_day, "on")
    wanted = (version or "").strip()
    context: dict[str, Any] = {"tenant": tenant, "stream": stream or "", "on": on, "clock": clock or "",
                               "version": wanted,
                               "today": today_in(tenant), "kinds": KINDS, "event_shown": event_shown}
    if on is not None and not (stream and stream.strip()):
        instant = _instant(tenant, on, clock or "23:59:59")
        context.update(instant=instant, streams=await to_thread.run_sync(
            _whole_tenant, read, tenant, instant))
    if stream and stream.strip():
        app = services_of(request).backend.application(tenant.id)
        ref = stream.strip()
        try:
            now = await to_thread.run_sync(state_at, app, tenant.id, ref, None, None)
        except (InvalidValue, NotFound):
            context["refusal"] = ("Такого потока в этом журнале нет: укажите вид и ключ (например "
                                  "school/kaybitsy-fedorovskaya) или идентификатор из журнала.")
            return page(request, "audit_state.html", status=422, **context)  # type: ignore[return-value]
        instant = _instant(tenant, on or today_in(tenant), clock or "23:59:59")
        if wanted and (not wanted.isdigit() or not 1 <= int(wanted) <= now.latest_version):
            context["refusal"] = (f"У этого потока версии с 1 по {now.latest_version}: укажите одну из них "
                                  "или оставьте версию пустой, чтобы выбрать дату.")
            context["refused_at"] = "version"
            return page(request, "audit_state.html", status=422, **context)  # type: ignore[return-value]
        try:
            then = await to_thread.run_sync(state_at, app, tenant.id, ref, int(wanted) if wanted else None,
                                            None if wanted else instant)
        except NotFound:
            then = None  # the stream did not exist yet then
        context.update(now=now, then=then, instant=instant, fields=_fields(then, now),
                       history=[{**h, "at": _local(tenant, h["recorded_at"])} for h in now.history])
    return page(request, "audit_state.html", **context)  # type: ignore[return-value]


def _whole_tenant(read: ReadSide, tenant: Tenant, instant: datetime) -> list[dict[str, Any]]:
    """Every stream of the tenant: its version at the instant and today (the trail view's query)."""
    then = {v.stream_id: v for v in stream_versions(read.store, tenant.id, _utc(instant))}
    return [{"now": v, "then": then.get(v.stream_id), "at": _local(tenant, v.last_recorded_at),
             "kind": KINDS.get(v.kind, v.kind)}
            for v in stream_versions(read.store, tenant.id)]


@get("/audit/{tenant_id:str}/bundle", name="audit-bundle", guards=[tenant_log_guard])
async def audit_bundle(request: Request, tenant: NamedDependency[Tenant]) -> Response:
    """The audit bundle (events, chain links, checkpoints, signed heads) as a JSON Lines download."""
    backend, notary = services_of(request).backend, request.app.state.notary

    def export() -> bytes:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bundle.jsonl"
            export_bundle(backend, tenant.id, path, notary=notary)
            return path.read_bytes()

    body = await to_thread.run_sync(export)
    name = f"audit-bundle-{tenant.id}-{today_in(tenant).isoformat()}.jsonl"
    return Response(body, media_type="application/x-ndjson", headers={
        **web_config(request).headers(), "Content-Disposition": f'attachment; filename="{name}"',
    })


AUDIT_PAGE_ROUTES = [audit_home, audit_events, audit_integrity, audit_state, audit_bundle]
