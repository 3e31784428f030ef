"""The region tenant's forms: the commands a regional operator posts, through the same engine.

Programmes and targets, the decision on an identification proposal (opened from its row of the
identification assistant), the base-site contests, reporting duties, appointments, approvals:
every command the region's operator may post in the region tenant has the form generated from its
Struct (web/command_forms.py), designed ones pre-filled from the page they were opened from
(web/designs.py), posted through CommandExecutor with a key per rendering. «Действия региона»
lists them; a municipal officer or an auditor gets the Russian 403 page.
"""

from __future__ import annotations

import msgspec
from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect

from domain.base import DomainError
from services.auth import Forbidden, Principal
from services.commands.registry import CATALOGUE
from services.projections.contests.projection import ContestView
from services.projections.http import REGION_DEPENDENCIES, read_your_writes, region_reader_guard
from services.projections.overview.projection import OverviewView
from services.projections.results.projection import ResultsView
from tenants.registry import Tenant
from web import form_words
from web.actions import Done, Name, Position, _fixed
from web.command_forms import FormSpec, command_data
from web.designs import design_of, form_spec, generic_commands, may_post
from web.form_refusals import refusal
from web.form_rows import resize
from web.forms import FormState, post_command
from web.pages import SECURITY_HEADERS, page
from web.school import today_in

KIND = "region"


def may_act(principal: Principal) -> bool:
    """Whether the person posts the region's commands (its operator), so its pages link the forms."""
    return any(may_post(principal, command, KIND) for command in CATALOGUE)


def _action(region: Tenant, name: str) -> str:
    return f"/r/{region.id}/forms/{name}"


def _render(request: Request, region: Tenant, spec: FormSpec, state: FormState, status: int = 200) -> Response:
    return page(  # type: ignore[return-value]
        request, "command_form.html", status=status, tenant=region, spec=spec, form=state,
        back=f"/r/{region.id}/actions", labels=form_words, deadline=None, action=_action(region, spec.name),
        context=[(spec.field(n).label if spec.field(n) else n, v)  # type: ignore[union-attr]
                 for n, v in spec.fixed.items() if n in design_of(spec.name).context],
    )


async def _wait(request: Request, region: Tenant, position: int | None) -> None:
    for view in (ResultsView, ContestView, OverviewView):
        await read_your_writes(request, view, region.id, position)


@get("/r/{region_id:str}/forms/{name:str}", name="region-command-form", guards=[region_reader_guard],
     dependencies=REGION_DEPENDENCIES)
async def region_command_form(
    request: Request, region: NamedDependency[Tenant], principal: NamedDependency[Principal],
    name: Name, position: Position = None,
) -> Response:
    """A region command's form, pre-filled from the address it was opened with."""
    await _wait(request, region, position)
    spec = form_spec(principal, name, KIND)
    spec.fixed = _fixed(spec, principal, request.query_params, today_in(region), posted=False)
    values = {f.name: str(request.query_params.get(f.name, ""))[:2000] for f in spec.visible()}
    return _render(request, region, spec, FormState(values))


@post("/r/{region_id:str}/forms/{name:str}", name="region-command-post", guards=[region_reader_guard],
      dependencies=REGION_DEPENDENCIES, status_code=303)
async def region_command_post(
    request: Request, region: NamedDependency[Tenant], principal: NamedDependency[Principal], name: Name,
) -> Response:
    """Post the command through the executor; refused, the form again with the reason at its field."""
    spec = form_spec(principal, name, KIND)
    form = await request.form()
    spec.fixed = _fixed(spec, principal, form, today_in(region), posted=True)
    row_pressed = resize(spec, form)
    data, typed = command_data(spec, form)
    if row_pressed:  # a row added or removed: the form again with what was typed, nothing posted
        return _render(request, region, spec, FormState(typed))
    key = str(form.get("idempotency_key", ""))[:200] or None
    try:
        accepted = await post_command(request, region, principal, spec.command, data, key)
    except (msgspec.ValidationError, DomainError, Forbidden) as error:
        return _render(request, region, spec, FormState(typed, refusals=[refusal(error, spec)]), status=422)
    target = f"/r/{region.id}/actions?position={accepted.position}&done={name}"
    return Redirect(target, status_code=303, headers=SECURITY_HEADERS)


@get("/r/{region_id:str}/actions", name="region-actions", guards=[region_reader_guard],
     dependencies=REGION_DEPENDENCIES)
async def region_actions(
    request: Request, region: NamedDependency[Tenant], principal: NamedDependency[Principal],
    position: Position = None, done: Done = None,
) -> Response:
    """«Действия региона»: every command the region's operator posts here, each with its form."""
    commands = generic_commands(principal, KIND)
    if not commands:
        raise Forbidden("the region's forms are its operators'")
    await _wait(request, region, position)
    return page(  # type: ignore[return-value]
        request, "region_actions.html", region=region, commands=commands,
        done=form_words.COMMAND_TITLES.get(done or ""),
    )


REGION_FORM_ROUTES = [region_command_form, region_command_post, region_actions]
