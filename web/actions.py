"""The command forms of school users and municipal officers, and the pages they are opened from.

`/m/{tenant}/forms/{command}`: one form per command (designed for the frequent ones, generated
from the Struct for the rest), pre-filled from the link it was opened from; it posts through
CommandExecutor with the Idempotency-Key of its rendering, then redirects to the page the form
belongs to with the command's log position, which waits until its views have read it.
`/m/{tenant}/schools/{school}/actions` (a school's visits, internships and occurrences due) and
`/m/{tenant}/actions` (the officer's) list the records with the forms that act on them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import quote

import msgspec
from anyio import to_thread
from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter
from litestar.response import Redirect

from domain.base import DomainError
from domain.roles import SCHOOL_ROLES
from services.auth import Forbidden, Principal
from services.context import tenant_reader_guard
from services.projections.http import ReadSide, read_your_writes, school_scope
from services.projections.inputs import MAX_INT64
from services.projections.registers.paging import Scope
from services.projections.registers.projection import RegistersView
from services.projections.registers.queries import (
    approval_entries,
    internship_entries,
    partnership_entries,
    school_entries,
    visit_entries,
)
from services.projections.roadmaps.projection import RoadmapView
from services.projections.schedule.projection import ScheduleView
from services.projections.schedule.queries import monitoring_calendar
from tenants.registry import Tenant
from web import form_words, words
from web.command_forms import FormSpec, command_data
from web.designs import design_of, form_spec, generic_commands, new_key
from web.form_refusals import refusal
from web.form_rows import resize
from web.forms import FormState, post_command
from web.offline import accepted_answer, refused_answer, wants_json
from web.pages import SECURITY_HEADERS, page
from web.school import today_in

Position = Annotated[int | None, QueryParameter(ge=1, le=MAX_INT64)]
Done = Annotated[str | None, QueryParameter(max_length=60)]
Name = Annotated[str, PathParameter(max_length=60, pattern=r"^[a-z_]+$")]
SchoolInPath = Annotated[str, PathParameter(max_length=80)]
#: Roadmap occurrences a school sees to mark done: those not done, from this far back (a roadmap
#: runs a few school years) to this far ahead.
OCCURRENCES_BACK = timedelta(days=366 * 6)
OCCURRENCES_AHEAD = timedelta(days=62)


def _municipality(tenant: Tenant) -> None:
    if tenant.kind != "municipality":
        raise Forbidden("forms are posted in a municipality")


def _back(tenant: Tenant, principal: Principal, name: str = "") -> str:
    """The page a form belongs to: its design's own page, else the school's actions or the officer's."""
    if design_of(name).back:
        return f"/m/{tenant.id}/{design_of(name).back}"
    if principal.role in SCHOOL_ROLES:
        return f"/m/{tenant.id}/schools/{principal.school}/actions"
    return f"/m/{tenant.id}/actions"


def _fixed(spec: FormSpec, principal: Principal, given: Any, today: date, posted: bool) -> dict[str, str]:
    """Values the form does not ask: the link's (from the address or the hidden inputs), the keys.

    A link's value comes with the address; opened without it, the form asks for it (and a posted
    form names the values it carried hidden in `fixed`).
    """
    design = design_of(spec.name)
    carried = set(str(given.get("fixed", "")).split(",")) if posted else set(design.context)
    fixed = {name: str(given.get(name, ""))[:300] for name in design.context
             if given.get(name) and name in carried}
    for name, prefix in design.new_keys:
        fixed[name] = str(given.get(name, "")) or new_key(prefix, today)
    if principal.role in SCHOOL_ROLES:
        fixed |= {name: str(principal.school) for name in design.own_school}
    return fixed


async def _withdrawal_deadline(read: ReadSide, tenant: Tenant, internship: str,
                              today: date) -> tuple[date, date] | None:
    """The last day to withdraw and the start, as the server computes them (003 p.2.3.2).

    Read from the schedule view's row of the request, built with the tenant's production
    calendar and deadline rules, never computed a second time here.
    """
    found = [e for e in await to_thread.run_sync(
        internship_entries, read.store, Scope((tenant.id,), today, limit=None)) if e.internship == internship]
    if not found:
        return None
    start = found[0].start
    rows = (await to_thread.run_sync(
        monitoring_calendar, read.store, tenant.id, start - timedelta(days=60), start,
        found[0].school, "internship_withdrawal", today)).rows
    row = next((r for r in rows if r.id == f"internship_withdrawal:{internship}"), None)
    return None if row is None else (row.due_on, start)


#: Fields that name a school of the municipality: a select of the register's schools by name.
SCHOOL_FIELDS = frozenset({"school", "host_school", "visiting_school", "supported_school",
                           "partner_school", "centre_school"})
#: Commands naming a school not (or not necessarily) in this municipality's register.
NEW_SCHOOL = frozenset({"register_school", "apply_to_site_contest", "assign_site_support"})


async def _school_choices(read: ReadSide, tenant: Tenant, spec: FormSpec) -> None:
    """A field naming a school of the municipality asks it by name, from the register."""
    if spec.name in NEW_SCHOOL or not any(f.name in SCHOOL_FIELDS for f in spec.visible()):
        return
    schools = await to_thread.run_sync(school_entries, read.store, Scope((tenant.id,), today_in(tenant), limit=None))
    choices = tuple((s.school, s.short_name or s.name) for s in schools)
    spec.fields = [replace(f, kind="select", choices=choices, hint="") if f.name in SCHOOL_FIELDS else f
                   for f in spec.fields]


async def _render(request: Request, tenant: Tenant, principal: Principal, read: ReadSide, spec: FormSpec,
                  state: FormState, status: int = 200, deadline: tuple[date, date] | None = None) -> Response:
    await _school_choices(read, tenant, spec)
    return page(  # type: ignore[return-value]
        request, "command_form.html", status=status, tenant=tenant, spec=spec, form=state,
        back=_back(tenant, principal, spec.name), labels=form_words, deadline=deadline,
        new_keys=dict(design_of(spec.name).new_keys),
        context=[(spec.field(n).label if spec.field(n) else n, v)  # type: ignore[union-attr]
                 for n, v in spec.fixed.items() if n in design_of(spec.name).context],
    )


@get("/m/{tenant_id:str}/forms/{name:str}", name="command-form", guards=[tenant_reader_guard])
async def command_form(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], name: Name, position: Position = None,
) -> Response:
    """A command's form, pre-filled from the address it was opened with (only its own fields)."""
    _municipality(tenant)
    await _wait(request, tenant, position)
    spec = form_spec(principal, name)
    today = today_in(tenant)
    spec.fixed = _fixed(spec, principal, request.query_params, today, posted=False)
    values = {f.name: str(request.query_params.get(f.name, ""))[:2000] for f in spec.visible()}
    deadline = None
    if name == "withdraw_internship":
        deadline = await _withdrawal_deadline(read, tenant, spec.fixed.get("internship", ""), today)
    return await _render(request, tenant, principal, read, spec, FormState(values), deadline=deadline)


@post("/m/{tenant_id:str}/forms/{name:str}", name="command-post", guards=[tenant_reader_guard],
      status_code=303)
async def command_post(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], name: Name,
) -> Response:
    """Post the command through the executor; refused, the form again with the reason at its field."""
    _municipality(tenant)
    spec = form_spec(principal, name)
    form = await request.form()
    today = today_in(tenant)
    spec.fixed = _fixed(spec, principal, form, today, posted=True)
    row_pressed = resize(spec, form)
    data, typed = command_data(spec, form)
    if row_pressed:  # a row added or removed: the form again with what was typed, nothing posted
        return await _render(request, tenant, principal, read, spec, FormState(typed), status=200)
    key = str(form.get("idempotency_key", ""))[:200] or None
    try:
        accepted = await post_command(request, tenant, principal, spec.command, data, key)
    except (msgspec.ValidationError, DomainError, Forbidden) as error:
        deadline = None
        if name == "withdraw_internship":
            deadline = await _withdrawal_deadline(read, tenant, spec.fixed.get("internship", ""), today)
        state = FormState(typed, refusals=[refusal(error, spec)])
        if wants_json(request):
            return refused_answer(name, state.refusals)
        return await _render(request, tenant, principal, read, spec, state, status=422, deadline=deadline)
    then = design_of(name).then
    if then is not None:
        target = f"/m/{tenant.id}/forms/{then[0]}?{then[1]}={quote(spec.fixed[then[1]])}&position={accepted.position}"
    else:
        target = f"{_back(tenant, principal, name)}?position={accepted.position}&done={name}"
    if wants_json(request):
        return accepted_answer(accepted, target)
    return Redirect(target, status_code=303, headers=SECURITY_HEADERS)


async def _wait(request: Request, tenant: Tenant, position: int | None) -> None:
    for view in (RegistersView, ScheduleView, RoadmapView):
        await read_your_writes(request, view, tenant.id, position)


def _done_title(done: str | None) -> str | None:
    return form_words.COMMAND_TITLES.get(done or "")


@get("/m/{tenant_id:str}/schools/{school:str}/actions", name="school-actions", guards=[tenant_reader_guard])
async def school_actions(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], school: SchoolInPath, position: Position = None, done: Done = None,
) -> Response:
    """A school's visits, internship requests and roadmap occurrences due, each with its form."""
    _municipality(tenant)
    if principal.role not in SCHOOL_ROLES or school_scope(principal, school) != school:
        raise Forbidden("a school's forms are its own users'")
    await _wait(request, tenant, position)
    today = today_in(tenant)
    scope = Scope((tenant.id,), today, school=school, limit=None)
    visits = await to_thread.run_sync(visit_entries, read.store, scope)
    internships = await to_thread.run_sync(internship_entries, read.store, scope)
    due = await to_thread.run_sync(
        monitoring_calendar, read.store, tenant.id, today - OCCURRENCES_BACK, today + OCCURRENCES_AHEAD,
        school, "roadmap_item", today)
    deadlines = {e.internship: await _withdrawal_deadline(read, tenant, e.internship, today)
                 for e in internships if e.school == school}
    occurrences = [(r, r.id.split(":")) for r in due.rows
                   if r.kind == "roadmap_item" and r.status in ("due", "missed")]
    return page(  # type: ignore[return-value]
        request, "school_actions.html", tenant=tenant, school=school, today=today, visits=visits,
        internships=internships, occurrences=occurrences, deadlines=deadlines, words=words,
        done=_done_title(done),
    )


@get("/m/{tenant_id:str}/actions", name="municipal-actions", guards=[tenant_reader_guard])
async def municipal_actions(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], position: Position = None, done: Done = None,
) -> Response:
    """The officer's records with the forms that act on them, then every other command's form."""
    _municipality(tenant)
    if principal.role in SCHOOL_ROLES:
        raise Forbidden("the municipality's forms are its officers'")
    await _wait(request, tenant, position)
    today = today_in(tenant)
    scope = Scope((tenant.id,), today, limit=None)
    store = read.store
    return page(  # type: ignore[return-value]
        request, "municipal_actions.html", tenant=tenant, today=today, words=words,
        internships=await to_thread.run_sync(internship_entries, store, scope, "submitted"),
        sheets=await to_thread.run_sync(approval_entries, store, scope, "in_approval"),
        visits=await to_thread.run_sync(visit_entries, store, scope, "planned"),
        pairs=await to_thread.run_sync(partnership_entries, store, scope),
        schools=await to_thread.run_sync(school_entries, store, scope),
        commands=generic_commands(principal), done=_done_title(done),
    )


ACTION_ROUTES = [command_form, command_post, school_actions, municipal_actions]
