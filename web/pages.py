"""What every page shares: the signed-in guard, CSRF on every form, the layout's context, error pages.

The signed-in guard puts the session's principal, checked against the registry by the same
RegisteredClaims as a bearer token's, where services/context.authenticate() finds it: from there
on the API's own guards and the executor judge a page's request exactly as an API request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.exceptions import ValidationException
from litestar.handlers.base import BaseRouteHandler
from litestar.response import Redirect, Template

from domain.base import DomainError
from domain.roles import ADMIN, AUDITOR, MUNICIPAL_OFFICER, REGION_OPERATOR, SCHOOL_USER
from services.auth import AuthenticationFailed, Forbidden, Principal
from services.context import services_of
from services.log_context import bind_request
from services.problems import PROBLEM_STATUS
from tenants.backends import UnknownTenant
from web.names import school_name
from web.sessions import Sessions, WebSession, csrf_matches

#: No inline script or style may run: scripts and styles come from /static only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

ROLE_TITLES = {
    REGION_OPERATOR: "оператор региона",
    MUNICIPAL_OFFICER: "специалист муниципального органа управления образованием",
    SCHOOL_USER: "представитель школы",
    AUDITOR: "аудитор",
    ADMIN: "администратор",
}


@dataclass(frozen=True)
class WebConfig:
    """What the pages need beyond Services: the sessions and the people of the sign-in page."""

    sessions: Sessions
    people: dict[str, Principal]
    """Demo people offered on the development sign-in page (empty in production)."""
    oidc: Any = None
    """The OpenID Connect relying party (web/oidc.py OidcClient) when a provider is configured."""

    def headers(self) -> dict[str, str]:
        """The pages' security headers; sign-out may lead to the provider's logout (form-action)."""
        if self.oidc is None:
            return dict(SECURITY_HEADERS)
        policy = CONTENT_SECURITY_POLICY.replace(
            "form-action 'self'", f"form-action 'self' {self.oidc.settings.origin}")
        return {**SECURITY_HEADERS, "Content-Security-Policy": policy}


def web_config(connection: ASGIConnection) -> WebConfig:
    return connection.app.state.web


class NotSignedIn(Exception):
    """No session, or one that never signed in: the sign-in page."""


class CsrfRefused(Exception):
    """A form posted without this session's CSRF token: refused, nothing written."""


def current(connection: ASGIConnection) -> tuple[str, WebSession]:
    return connection.scope["state"]["web_session"]


async def signed_in(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """Guard of every page but sign-in: a live session whose claims the registry confirms."""
    loaded = await web_config(connection).sessions.load(connection)  # type: ignore[arg-type]
    if loaded is None or loaded[1].principal is None:
        raise NotSignedIn()
    principal = services_of(connection).claims.check(loaded[1].principal)
    state = connection.scope.setdefault("state", {})
    state["web_session"] = loaded
    state["principal"] = principal
    bind_request(actor=principal.subject, role=principal.role, organisation=principal.organisation)


async def check_csrf(request: Request) -> None:
    """Before-request hook of every form: the posted token must be the session's."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    loaded = request.scope.get("state", {}).get("web_session")
    if loaded is None:
        loaded = await web_config(request).sessions.load(request)
    form = await request.form()
    if loaded is None or not csrf_matches(loaded[1], form.get("csrf_token")):
        raise CsrfRefused()


def scope_title(connection: ASGIConnection, principal: Principal) -> str:
    """The Russian name of a person's municipality, else of their region."""
    registry = services_of(connection).backend.registry
    tenant = registry.get(principal.tenant or principal.region)
    return tenant.name if tenant else ""


def offline_of(connection: ASGIConnection, principal: Principal | None) -> dict[str, str] | None:
    """What a school user's pages give their offline script (web/static/offline.js): whose queue,
    which school, and when the page was drawn («данные на 14:05 28.02», the tenant's time)."""
    if principal is None or not principal.school or not principal.tenant:
        return None
    tenant = services_of(connection).backend.registry.get(principal.tenant)
    if tenant is None or tenant.kind != "municipality":
        return None
    now = datetime.now(ZoneInfo(tenant.timezone))
    return {"tenant": tenant.id, "school": principal.school, "subject": principal.subject,
            "built": now.isoformat(timespec="seconds"), "shown": f"{now:%H:%M %d.%m}"}


def page(request: Request, template: str, status: int = 200, **context: Any) -> Template:
    """A page in the layout: who is signed in, in what scope, and the CSRF token for its forms."""
    loaded = request.scope.get("state", {}).get("web_session")
    session = loaded[1] if loaded else None
    me = session.principal if session else None
    return Template(
        template_name=template,
        context={
            "me": me, "role_title": ROLE_TITLES.get(me.role, "") if me else "",
            "scope_title": scope_title(request, me) if me else "",
            "csrf": session.csrf if session else "",
            "school_title": school_name(request, me.tenant or "", me.school) if me and me.school else "",
            "offline": offline_of(request, me),
            **context,
        },
        status_code=status, headers=web_config(request).headers(), media_type="text/html",
    )


def _error_page(request: Request, status: int, title: str, text: str) -> Template:
    # No offline block: a refusal page names no tenant or school, not even the caller's own.
    return page(request, "error.html", status=status, title=title, text=text, offline=None)


def _forbidden(request: Request, _: Exception) -> Response:
    # Says nothing of what is behind the address: the same page for foreign and unknown ones.
    return _error_page(request, 403, "Нет доступа",  # type: ignore[return-value]
                       "Эта страница вне ваших полномочий. Вернитесь на главную страницу.")


def _csrf(request: Request, _: Exception) -> Response:
    return _error_page(request, 403, "Форма устарела",  # type: ignore[return-value]
                       "Форма отправлена без действующего ключа защиты. Откройте страницу "
                       "заново и отправьте форму ещё раз; ничего не записано.")


def _not_confirmed(request: Request, _: Exception) -> Response:
    return _error_page(request, 401, "Вход не подтверждён",  # type: ignore[return-value]
                       "Ваши полномочия не подтверждены реестром. Войдите заново.")


def _bad_address(request: Request, error: Exception) -> Response:
    """A page's address with a value it cannot take (a month, a position), or a view still catching up."""
    status = PROBLEM_STATUS.get(getattr(error, "code", ""), 400)
    if status == 503:
        page_ = _error_page(request, 503, "Данные ещё обновляются",
                            "Ваше изменение записано, но страница ещё не успела его показать. "
                            "Обновите её через несколько секунд.")
        page_.headers["Retry-After"] = "2"
        return page_  # type: ignore[return-value]
    return _error_page(request, 400 if status == 422 else status,  # type: ignore[return-value]
                       "Неверный адрес", "В адресе страницы есть значение, которое она не принимает. "
                       "Вернитесь на главную страницу.")


def _sign_in(_: Request, __: Exception) -> Response:
    return Redirect("/sign-in", status_code=303, headers=SECURITY_HEADERS)


EXCEPTION_HANDLERS: dict[type[Exception], Any] = {
    Forbidden: _forbidden,
    UnknownTenant: _forbidden,
    CsrfRefused: _csrf,
    AuthenticationFailed: _not_confirmed,
    NotSignedIn: _sign_in,
    DomainError: _bad_address,
    ValidationException: _bad_address,
}
