"""«Кабинет»: the Russian web application, server-rendered on the read models and the executor.

Pages read only through the read models' query functions and post only through
CommandExecutor; sign-in makes a server-side session whose claims are checked against the
registry on every request, exactly as a bearer token's (services/claims.py).
"""

from __future__ import annotations

from pathlib import Path

from litestar import Router
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.stores.base import Store
from litestar.template import TemplateConfig

from services.auth import Principal
from web.actions import ACTION_ROUTES
from web.audit import AUDIT_PAGE_ROUTES, audit_link
from web.calendar_page import CALENDAR_ROUTES
from web.documents import DOCUMENT_PAGES
from web.downloads import DOWNLOAD_ROUTES
from web.feeds_page import FEED_PAGES
from web.formatting import FILTERS
from web.imports import IMPORT_PAGES
from web.municipality import MUNICIPAL_ROUTES
from web.offline import OFFLINE_ROUTES, WORKER_ROUTES
from web.oidc import ClaimNames, OidcClient, OidcSettings
from web.oidc_routes import OIDC_ROUTES
from web.overview import OVERVIEW_ROUTES, session_principal
from web.pages import EXCEPTION_HANDLERS, WebConfig, check_csrf, signed_in
from web.region import REGION_ROUTES
from web.region_forms import REGION_FORM_ROUTES
from web.region_reads import REGION_READ_ROUTES
from web.region_register import REGISTER_PAGE_ROUTES
from web.region_registers import REGION_REGISTER_PAGES
from web.school import SCHOOL_ROUTES
from web.sessions import SessionConfig, Sessions
from web.signin import SIGN_IN_ROUTES

HERE = Path(__file__).parent


def _add_filters(engine: JinjaTemplateEngine) -> None:
    engine.engine.filters.update(FILTERS)
    engine.engine.globals["audit_link"] = audit_link


#: Litestar's Jinja2 templates of the pages (autoescaped), with the Russian formatting filters.
TEMPLATES = TemplateConfig(
    directory=HERE / "templates", engine=JinjaTemplateEngine, engine_callback=_add_filters
)


def web_config(store: Store, lifetime_seconds: int, secure: bool,
               people: dict[str, Principal], oidc: OidcSettings | None = None) -> WebConfig:
    """The sessions (in `store`, `lifetime_seconds` long, Secure cookies when `secure`), the
    development sign-in people, and the OpenID Connect provider when one is configured."""
    return WebConfig(Sessions(SessionConfig(store, lifetime_seconds, secure)), people,
                     OidcClient(oidc) if oidc else None)


def web_routers() -> list[Router]:
    """The pages (sign-in open to all, the rest behind a session) and their static files."""
    common = {
        "exception_handlers": EXCEPTION_HANDLERS, "before_request": check_csrf,
        "include_in_schema": False,
    }
    return [
        Router(path="/", route_handlers=[*SIGN_IN_ROUTES, *OIDC_ROUTES, *WORKER_ROUTES], **common),  # type: ignore[arg-type]
        Router(path="/", route_handlers=[*SCHOOL_ROUTES, *MUNICIPAL_ROUTES, *REGION_ROUTES, *AUDIT_PAGE_ROUTES,
                                         *DOCUMENT_PAGES, *OVERVIEW_ROUTES, *REGISTER_PAGE_ROUTES,
                                         *CALENDAR_ROUTES, *REGION_READ_ROUTES, *DOWNLOAD_ROUTES,
                                         *ACTION_ROUTES, *IMPORT_PAGES, *OFFLINE_ROUTES, *REGION_FORM_ROUTES,
                                         *REGION_REGISTER_PAGES, *FEED_PAGES],
               guards=[signed_in],  # type: ignore[arg-type]
               **common),
        create_static_files_router(path="/static", directories=[HERE / "static"],
                                   include_in_schema=False, name="static"),
    ]


__all__ = ["TEMPLATES", "ClaimNames", "OidcSettings", "session_principal", "web_config", "web_routers"]
