"""Feed endpoints: issue and revoke a private feed URL (bearer), fetch the feed (its token).

`POST /api/v1/tenants/{tenant}/feed-tokens` issues a token for the caller's own claims: a school
user's opens its own school's feed; an officer's or the region's opens the municipality's, or
one school's with `school=`. `DELETE .../feed-tokens/{id}` revokes one of the caller's tokens.
`GET /feeds/{token}/calendar.ics` needs no header (calendar programs send none): an unknown,
revoked or foreign token, or one whose claims no longer resolve in the registry, is a 404.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from litestar import Request, Response, delete, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter, QueryParameter

from domain.roles import SCHOOL_USER
from services.auth import AuthenticationFailed, Forbidden, Principal, can_read
from services.context import Services, tenant_reader_guard
from services.projections.feeds.ical import entity_tag, feed
from services.projections.feeds.tokens import FeedToken, FeedTokens, IssuedToken
from services.projections.http import school_scope
from services.projections.inputs import plain_text
from services.projections.registers.queries import school_names
from tenants.registry import Tenant

ICS = "text/calendar"
_GONE = "no such feed"


def feed_tokens(services: Services) -> FeedTokens:
    return FeedTokens(services.read.store.db.primary)  # secrets: never a lagging standby's copy


@post("/api/v1/tenants/{tenant_id:str}/feed-tokens", operation_id="issueFeedToken", tags=["feeds"],
      guards=[tenant_reader_guard], status_code=201, summary="Issue my private calendar feed URL",
      description="A new token bound to the caller's claims, checked against the registry on every "
      "fetch; `path` (with the token) is shown only now, only its hash is stored. A school user's "
      "feed is its own school's; others get the municipality's, or one school's with `school`.")
async def issue_feed_token(
    tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    services: NamedDependency[Services],
    school: Annotated[str | None, QueryParameter(description="One school's feed (its code)")] = None,
) -> IssuedToken:
    scope = school_scope(principal, school)
    if principal.role != SCHOOL_USER and scope is not None and (tenant.id, scope) not in \
            await asyncio.to_thread(school_names, services.read.serving(tenant.id).store, [tenant.id]):
        raise NotFoundException(f"school {scope!r} is not in the register of {tenant.id}")
    return await asyncio.to_thread(feed_tokens(services).issue, principal, tenant.id, scope)


@get("/api/v1/tenants/{tenant_id:str}/feed-tokens", operation_id="listFeedTokens", tags=["feeds"],
     guards=[tenant_reader_guard], summary="My feed tokens in this tenant (without the tokens)")
async def list_feed_tokens(
    tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    services: NamedDependency[Services],
) -> list[FeedToken]:
    mine = await asyncio.to_thread(feed_tokens(services).of, principal.subject)
    return [token for token in mine if token.tenant_id == tenant.id]


@delete("/api/v1/tenants/{tenant_id:str}/feed-tokens/{token_id:str}", operation_id="revokeFeedToken",
        tags=["feeds"], guards=[tenant_reader_guard], summary="Revoke one of my feed tokens",
        description="The feed URL opens nothing from now on (404); another person's token is a 404.")
async def revoke_feed_token(
    tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    services: NamedDependency[Services], token_id: Annotated[str, PathParameter()],
) -> None:
    plain_text(token_id, "token_id")
    tokens = feed_tokens(services)
    owned = [t for t in await asyncio.to_thread(tokens.of, principal.subject)
             if t.id == token_id and t.tenant_id == tenant.id and t.active]
    if not owned or not await asyncio.to_thread(tokens.revoke, token_id, principal.subject):
        raise NotFoundException(f"no live feed token {token_id!r} of the caller in {tenant.id}")


def _open(services: Services, token: str) -> tuple[Tenant, str | None]:
    """The tenant and school the token opens, its claims checked now; NotFound otherwise."""
    found = feed_tokens(services).resolve(token)
    if found is None:
        raise NotFoundException(_GONE)
    issued, principal = found
    try:
        principal = services.claims.check(principal)
    except (AuthenticationFailed, Forbidden):
        raise NotFoundException(_GONE) from None
    tenant = services.backend.registry.get(issued.tenant_id)
    if tenant is None or not can_read(principal, tenant):
        raise NotFoundException(_GONE)
    if principal.role == SCHOOL_USER and issued.school != principal.school:
        raise NotFoundException(_GONE)
    return tenant, issued.school


def _render(services: Services, token: str, alarm: int | None) -> bytes:
    tenant, school = _open(services, token)
    today = datetime.now(ZoneInfo(tenant.timezone)).date()
    return feed(services.read.serving(tenant.id).store, tenant, school, today, alarm)


@get("/feeds/{token:str}/calendar.ics", operation_id="getCalendarFeed", tags=["feeds"],
     summary="A calendar feed (iCalendar, RFC 5545) of what is due",
     description="Reports by their due day, roadmap occurrences, visits, internship deadlines, "
     "agreement expiries and notice days, one all-day event each with a stable UID; read from "
     "the views on each fetch. The token is the URL's own (no header); 404 once revoked. "
     "`ETag` changes only when an event does: `If-None-Match` with it answers 304.",
     response_description="text/calendar")
async def get_calendar_feed(
    request: Request, services: NamedDependency[Services], token: Annotated[str, PathParameter()],
    alarm: Annotated[int | None, QueryParameter(
        ge=0, le=30, description="Add a reminder (VALARM) this many days before each open obligation")] = None,
) -> Response[bytes]:
    if not token or len(token) > 100 or not token.replace("-", "").replace("_", "").isalnum():
        raise NotFoundException(_GONE)
    body = await asyncio.to_thread(_render, services, token, alarm)
    etag = f'"{entity_tag(body)}"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(b"", status_code=304, headers=headers)
    return Response(body, media_type=f"{ICS}; charset=utf-8",
                    headers={**headers, "Content-Disposition": 'inline; filename="calendar.ics"'})


FEED_ROUTES = [issue_feed_token, list_feed_tokens, revoke_feed_token, get_calendar_feed]
__all__ = ["FEED_ROUTES"]
