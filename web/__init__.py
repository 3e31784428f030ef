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
from web.formatting import FILTERS
from web.imports import IMPORT_PAGES
from web.municipality import MUNICIPAL_ROUTES
from web.pages import EXCEPTION_HANDLERS, WebConfig, check_csrf, signed_in
from web.region import REGION_ROUTES
from web.school import SCHOOL_ROUTES
from web.sessions import SessionConfig, Sessions
from web.signin import SIGN_IN_ROUTES

HERE = Path(__file__).parent


def _add_filters(engine: JinjaTemplateEngine) -> None:
    engine.engine.filters.update(FILTERS)


#: Litestar's Jinja2 templates of the pages (autoescaped), with the Russian formatting filters.
TEMPLATES = TemplateConfig(
    directory=HERE / "templates", engine=JinjaTemplateEngine, engine_callback=_add_filters
)


def web_config(store: Store, lifetime_seconds: int, secure: bool,
               people: dict[str, Principal]) -> WebConfig:
    """The sessions (in `store`, `lifetime_seconds` long, Secure cookies when `secure`) and sign-in people."""
    return WebConfig(Sessions(SessionConfig(store, lifetime_seconds, secure)), people)


def web_routers() -> list[Router]:
    """The pages (sign-in open to all, the rest behind a session) and their static files."""
    common = {
        "exception_handlers": EXCEPTION_HANDLERS, "before_request": check_csrf,
        "include_in_schema": False,
    }
    return [
        Router(path="/", route_handlers=SIGN_IN_ROUTES, **common),  # type: ignore[arg-type]
        Router(path="/", route_handlers=[*SCHOOL_ROUTES, *MUNICIPAL_ROUTES, *REGION_ROUTES, *IMPORT_PAGES], guards=[signed_in],  # type: ignore[arg-type]
               **common),
        create_static_files_router(path="/static", directories=[HERE / "static"],
                                   include_in_schema=False, name="static"),
    ]


__all__ = ["TEMPLATES", "web_config", "web_routers"]
