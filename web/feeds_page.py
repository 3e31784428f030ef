"""«Календарь и напоминания»: a person's iCal feed links and reminder subscription, in Russian.

The feed tokens are the API's (services/projections/feeds: `POST/GET/DELETE
/api/v1/tenants/{tenant}/feed-tokens`, `cascade feeds`): a token is issued for the signed-in
person's own claims (a school user's opens its own school's feed; an officer's the municipality's,
or one school's), its link is shown once, right after it is made (only its hash is kept), and
«Отозвать» closes it for good. Issuing and revoking are forms (CSRF-checked); the token never
goes into the page's own address. The reminder subscription is the reminders view's
(`subscriber`): subscribing and switching on or off are the commands `subscribe_reminders` and
`switch_reminders`, posted through their forms (web/designs.py), which return here.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from litestar.response import Redirect

from domain.base import InvalidValue, NotFound
from domain.roles import SCHOOL_ROLES, SCHOOL_USER
from services.auth import Principal
from services.context import Services, tenant_reader_guard
from services.projections.feeds.api import feed_tokens
from services.projections.feeds.tokens import IssuedToken
from services.projections.http import ReadSide, read_your_writes
from services.projections.inputs import MAX_INT64
from services.projections.registers.queries import school_names
from services.projections.reminders.projection import RemindersView
from services.projections.reminders.queries import subscriber
from tenants.registry import Tenant
from web.form_words import COMMAND_TITLES
from web.pages import SECURITY_HEADERS, page

Position = Annotated[int | None, QueryParameter(ge=1, le=MAX_INT64)]
Done = Annotated[str | None, QueryParameter(max_length=60)]
REVOKED = "Отозвать ссылку на календарь"


def _municipality(tenant: Tenant) -> None:
    if tenant.kind != "municipality":
        raise NotFound("feeds and reminders are a municipality's", "tenant")


async def _page(request: Request, tenant: Tenant, principal: Principal, read: ReadSide, services: Services,
                issued: IssuedToken | None = None, done: str | None = None, status: int = 200) -> Response:
    tokens = [t for t in await asyncio.to_thread(feed_tokens(services).of, principal.subject)
              if t.tenant_id == tenant.id]
    names = await asyncio.to_thread(school_names, read.store, [tenant.id])
    schools = {} if principal.role in SCHOOL_ROLES else \
        dict(sorted(((code, name) for (_, code), name in names.items()), key=lambda pair: pair[1]))
    mine = await asyncio.to_thread(subscriber, read.store, tenant.id, principal.subject)
    return page(  # type: ignore[return-value]
        request, "feeds.html", status=status, tenant=tenant, tokens=sorted(tokens, key=lambda t: t.issued_at,
                                                                          reverse=True),
        school_of={code: name for (_, code), name in names.items()}, schools=schools, issued=issued,
        feed_url=str(request.base_url).rstrip("/") + issued.path if issued else "", subscription=mine,
        done=REVOKED if done == "revoke_feed" else COMMAND_TITLES.get(done or "", ""), school_user=principal.role == SCHOOL_USER,
    )


@get("/m/{tenant_id:str}/feeds", name="feeds", guards=[tenant_reader_guard])
async def feeds(request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
                read: NamedDependency[ReadSide], services: NamedDependency[Services],
                position: Position = None, done: Done = None) -> Response:
    """My calendar feed links and my reminder subscription in this municipality."""
    _municipality(tenant)
    await read_your_writes(request, RemindersView, tenant.id, position)
    return await _page(request, tenant, principal, read, services, done=done)


@post("/m/{tenant_id:str}/feeds/issue", name="feeds-issue", guards=[tenant_reader_guard], status_code=200)
async def feeds_issue(request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
                      read: NamedDependency[ReadSide], services: NamedDependency[Services]) -> Response:
    """A new feed link for my own claims, shown this once (a school user's: its own school's)."""
    _municipality(tenant)
    form = await request.form()
    school = None if principal.role in SCHOOL_ROLES else (str(form.get("school", "")).strip() or None)
    if principal.role in SCHOOL_ROLES:
        school = principal.school
    elif school is not None and (tenant.id, school) not in await asyncio.to_thread(
            school_names, read.store, [tenant.id]):
        raise InvalidValue("school", "is not a school of the municipality")
    issued = await asyncio.to_thread(feed_tokens(services).issue, principal, tenant.id, school)
    return await _page(request, tenant, principal, read, services, issued=issued)


@post("/m/{tenant_id:str}/feeds/revoke", name="feeds-revoke", guards=[tenant_reader_guard], status_code=200)
async def feeds_revoke(request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
                       read: NamedDependency[ReadSide], services: NamedDependency[Services]) -> Response:
    """Revoke one of my feed links in this municipality: it opens nothing from now on."""
    _municipality(tenant)
    token_id = str((await request.form()).get("token", ""))[:80]
    tokens = feed_tokens(services)
    owned = [t for t in await asyncio.to_thread(tokens.of, principal.subject)
             if t.id == token_id and t.tenant_id == tenant.id and t.active]
    if owned:
        await asyncio.to_thread(tokens.revoke, token_id, principal.subject)
    return await _page(request, tenant, principal, read, services, done="revoke_feed" if owned else None)


@get(["/m/{tenant_id:str}/feeds/issue", "/m/{tenant_id:str}/feeds/revoke"], name="feeds-again",
     guards=[tenant_reader_guard])
async def feeds_again(tenant: NamedDependency[Tenant]) -> Redirect:
    """A form's address opened again (a reload): the page itself; a link is shown only once."""
    return Redirect(f"/m/{tenant.id}/feeds", status_code=303, headers=SECURITY_HEADERS)


FEED_PAGES = [feeds, feeds_issue, feeds_revoke, feeds_again]
