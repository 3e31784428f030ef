"""Development sign-in: choose one of the demo people (as `cascade tokens` lists them); sign-out.

The chosen person's claims go through the registry check before a session is made, exactly as a
token's would; a person the registry does not confirm is refused on the page.
"""

from __future__ import annotations

import re

from litestar import Request, Response, get, post
from litestar.response import Redirect

from domain.roles import AUDITOR, MUNICIPAL_ROLES, SCHOOL_ROLES
from services.auth import AuthenticationFailed, Forbidden, Principal
from services.context import services_of
from web.oidc import oidc_of, sign_out_target
from web.pages import (
    ROLE_TITLES,
    SECURITY_HEADERS,
    current,
    page,
    scope_title,
    signed_in,
    web_config,
)


def home_of(principal: Principal) -> str:
    """Where a person lands after signing in: their own scope's first page."""
    if principal.role in SCHOOL_ROLES:
        return f"/m/{principal.tenant}/schools/{principal.school}"
    if principal.role in MUNICIPAL_ROLES:
        return f"/m/{principal.tenant}"
    if principal.role == AUDITOR:  # the auditor's work is the logs
        return f"/r/{principal.region}/audit"
    return f"/r/{principal.region}"


def _choices(request: Request, people: dict[str, Principal]) -> list[dict[str, str]]:
    return [
        {"id": str(index), "role": ROLE_TITLES.get(p.role, ""), "name": scope_title(request, p),
         "school": _school_name(label), "subject": p.subject}
        for index, (label, p) in enumerate(people.items())
    ]


def _school_name(label: str) -> str:
    """The school's Russian name in a demo label («…»), if it names one."""
    quoted = re.search(r"\S*\s?«.+»", label)
    return quoted.group(0) if quoted else ""


@get("/", name="web-root", include_in_schema=False)
async def root(request: Request) -> Redirect:
    loaded = await web_config(request).sessions.load(request)
    if loaded is None or loaded[1].principal is None:
        return Redirect("/sign-in", status_code=303)
    return Redirect(home_of(loaded[1].principal), status_code=303)


@get("/sign-in", name="sign-in", include_in_schema=False)
async def sign_in_page(request: Request) -> Response:
    sessions = web_config(request).sessions
    loaded = await sessions.load(request)
    if loaded is None:
        loaded = await sessions.start(None)
        request.scope.setdefault("state", {})["web_session"] = loaded
        return sessions.attach(_sign_in_form(request), loaded[0])
    request.scope.setdefault("state", {})["web_session"] = loaded
    return _sign_in_form(request)


def _sign_in_form(request: Request, refusal: str = "", status: int = 200) -> Response:
    people = web_config(request).people
    return page(request, "sign_in.html", status=status, people=_choices(request, people),
                refusal=refusal, development=bool(people), oidc=oidc_of(request) is not None)  # type: ignore[return-value]


@post("/sign-in", name="sign-in-post", include_in_schema=False, status_code=303)
async def sign_in(request: Request) -> Response:
    config = web_config(request)
    form = await request.form()
    people = list(config.people.values())
    chosen = str(form.get("person", ""))
    if not chosen.isdigit() or int(chosen) >= len(people):
        return _sign_in_form(request, "Выберите, от чьего имени войти.", status=422)
    principal = people[int(chosen)]
    try:
        services_of(request).claims.check(principal)
    except (AuthenticationFailed, Forbidden):
        return _sign_in_form(request, "Реестр не подтверждает полномочия этого человека: "
                                      "загрузите демонстрационные данные (make run).", status=403)
    old = await config.sessions.load(request)
    if old is not None:
        await config.sessions.end(old[0])
    session_id, _ = await config.sessions.start(principal)
    redirect = Redirect(home_of(principal), status_code=303, headers=SECURITY_HEADERS)
    return config.sessions.attach(redirect, session_id)


@post("/sign-out", name="sign-out", guards=[signed_in], include_in_schema=False, status_code=303)
async def sign_out(request: Request) -> Response:
    config = web_config(request)
    session_id, _ = current(request)
    target = await sign_out_target(request, session_id)
    await config.sessions.end(session_id)
    return config.sessions.detach(Redirect(target, status_code=303, headers=SECURITY_HEADERS))


SIGN_IN_ROUTES = [root, sign_in_page, sign_in, sign_out]
