"""create_app(): wires settings, the store, token verification and both sides' routes."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.middleware import DefineMiddleware
from litestar.middleware.compression import CompressionMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.types import ASGIApp, Receive, Scope, Send

from cascade.calendar_store import load_calendar_book
from cascade.demo.examples import command_examples
from cascade.docs_ui import ASSETS_ROUTER, render_plugins
from cascade.placed import close_read_side, open_standby_side, placed_read_side
from cascade.projector import InProcessProjector
from cascade.settings import Settings, read_pem, read_secret
from domain.regional_calendar import CalendarBook
from services.api_conformance import (
    allow_every_method,
    describe_business_refusals,
    describe_numbers,
)
from services.api_contract import describe_contract, describe_examples, name_for_clients
from services.audit.api import AUDIT_DEPENDENCIES, AUDIT_ROUTES
from services.audit.notary import Notary
from services.audit.signing import InstallationKey
from services.auth import TokenVerifier, ensure_development_key, public_pem
from services.commands.api import COMMAND_DEPENDENCIES, command_endpoint, describe_union
from services.commands.executor import CommandExecutor
from services.context import DEPENDENCIES, Services
from services.documents.api import DOCUMENT_ROUTES
from services.health import HEALTH_ROUTES
from services.http_cache import COMPRESSION, conditional_get
from services.imports.api import IMPORT_ROUTES
from services.jwks import JwksKeys
from services.log_context import start_request
from services.observability.setup import OBSERVABILITY_ROUTES, http_middleware, process_metrics
from services.problems import EXCEPTION_HANDLERS, describe_problems
from services.projections.api import READ_ROUTES
from services.projections.database import PostgresViewDatabase, SQLiteViewDatabase, ViewDatabase
from services.projections.history import HistoryCheckpoints
from services.projections.http import READ_DEPENDENCIES, ReadSide
from services.projections.models import all_views
from services.projections.scratch import ScratchReplays
from services.projections.store import ViewStore
from tenants.backends import Backend, PostgresBackend, SQLiteBackend
from tenants.placement import PlacedBackend
from web import TEMPLATES, ClaimNames, OidcSettings, session_principal, web_config, web_routers


def open_backend(settings: Settings) -> Backend:
    """The configured store, sealing its chain links; only this function and tenants/ know which one it is."""
    backend: Backend
    if settings.store == "postgres" and settings.region_urls:
        backend = PlacedBackend(
            settings.pg_url, settings.region_urls, schema=settings.pg_schema,
            pool_size=settings.pg_pool_size, lock_timeout=settings.pg_lock_timeout,
        )
    elif settings.store == "postgres":
        backend = PostgresBackend(
            settings.pg_url, schema=settings.pg_schema, pool_size=settings.pg_pool_size,
            lock_timeout=settings.pg_lock_timeout,
        )
    else:
        backend = SQLiteBackend(settings.data_path)
    with ExitStack() as on_error:  # a key that cannot be read: the pool opened closed, not leaked
        on_error.callback(backend.close)
        backend.chain_key = load_chain_key(settings)
        on_error.pop_all()
    return backend


def load_chain_key(settings: Settings) -> bytes:
    """CASCADE_CHAIN_KEY, or the development key generated once under the data directory."""
    if settings.chain_key:
        return read_secret(settings.chain_key)
    path = settings.dev_chain_key_path
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32) + "\n")
        path.chmod(0o600)
    return read_secret(str(path))


def open_view_database(settings: Settings, backend: Backend) -> ViewDatabase:
    """Views live beside the logs: in the same PostgreSQL schema, or in `views.sqlite`."""
    if isinstance(backend, PostgresBackend | PlacedBackend):  # placed: the home server's views
        return PostgresViewDatabase(backend.url, schema=backend.schema)
    return SQLiteViewDatabase(settings.data_path / "views.sqlite")


def open_read_side(settings: Settings, backend: Backend) -> ReadSide:
    """The views, their pool and scratch replays; `close_read_side` releases them (or a failure here)."""
    views = all_views(load_calendars(settings))
    store = ViewStore(open_view_database(settings, backend))
    with ExitStack() as on_error:
        on_error.callback(store.db.close)
        store.reconcile(views)  # a view whose tables or revision changed is replayed from position 0
        history = HistoryCheckpoints(backend, store.db, views)  # views at an instant start from these
        scratch = ScratchReplays(backend, views, history=history)
        on_error.callback(scratch.close)
        read = placed_read_side(backend, ReadSide(store, views, scratch))  # closes its own on failure
        on_error.pop_all()
    return read


@contextmanager
def opened_stores(settings: Settings) -> Iterator[tuple[Backend, ReadSide]]:
    """The store and its read side for one command, both closed however the command ends."""
    with ExitStack() as opened:
        backend = open_backend(settings)
        opened.callback(backend.close)
        read = open_read_side(settings, backend)
        opened.callback(close_read_side, read)
        yield backend, read


def open_notary(settings: Settings) -> Notary:
    """The installation's checkpoint signer: the configured key, or the development one."""
    if settings.audit_key:
        key = InstallationKey.from_pem(read_pem(settings.audit_key).encode())
    else:
        key = InstallationKey.development(settings.dev_audit_key_path)
    return Notary(key, settings.witness_path)


def load_calendars(settings: Settings) -> CalendarBook:
    """Each region's production calendar: federal decrees (bundled, or CASCADE_CALENDAR_FILE),
    the region's own days (domain/data/regions.json) and its table under CASCADE_CALENDAR_DIR.
    Read once at start-up (cascade/calendar_store.py)."""
    return load_calendar_book(settings.calendar_file, settings.calendar_path)


def open_web(settings: Settings):
    """The pages' sessions (files under the data directory) and, in development, the demo people."""
    from litestar.stores.file import FileStore

    from cascade.demo.data import DEMO_PRINCIPALS

    people = DEMO_PRINCIPALS if settings.mode == "development" else {}
    store = FileStore(settings.data_path / "web-sessions", create_directories=True)
    return web_config(store, settings.session_seconds, settings.mode == "production", people,
                      oidc_settings(settings))


def oidc_settings(settings: Settings) -> OidcSettings | None:
    """The identity provider of the pages' sign-in (CASCADE_OIDC_*), when one is configured."""
    if not settings.oidc_discovery_url:
        return None
    return OidcSettings(
        settings.oidc_discovery_url, settings.oidc_client_id, settings.oidc_client_secret,
        settings.oidc_redirect_url, settings.oidc_scopes,
        ClaimNames(settings.oidc_role_claim, settings.oidc_region_claim,
                   settings.oidc_tenant_claim, settings.oidc_school_claim),
        settings.oidc_post_logout_url,
    )


def token_verifier(settings: Settings) -> TokenVerifier:
    if settings.jwks_url or settings.jwt_public_key:
        return TokenVerifier(
            public_pem=read_pem(settings.jwt_public_key) if settings.jwt_public_key else "",
            jwks=JwksKeys(
                settings.jwks_url, settings.jwks_cache_seconds, settings.jwks_min_refresh_seconds
            ) if settings.jwks_url else None,
            audience=settings.jwt_audience, issuer=settings.jwt_issuer,
        )
    key = ensure_development_key(settings.dev_key_path)
    return TokenVerifier(public_pem(key), audience=settings.jwt_audience, issuer=settings.jwt_issuer)


def request_context(app: ASGIApp) -> ASGIApp:
    """Fresh log context and start time per request, before guards run."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope.setdefault("state", {})["started"] = time.perf_counter()
            start_request(method=scope["method"], path=scope["path"])
        await app(scope, receive, send)

    return middleware


def http_hygiene() -> list:
    """Compression outside, conditional GET inside: the ETag is of the uncompressed answer.

    Brotli when the client accepts it, else gzip; event streams are never compressed (a
    compressor would hold their events back) and answers under 500 bytes stay as they are.
    """
    return [DefineMiddleware(CompressionMiddleware, config=COMPRESSION), conditional_get]


def cors(settings: Settings) -> CORSConfig | None:
    """Browsers of the listed origins may call the API (CASCADE_CORS_ORIGINS); none by default."""
    origins = settings.cors_origin_list
    if not origins:
        return None
    return CORSConfig(
        allow_origins=origins, allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "Accept-Language",
                       "If-None-Match", "X-Request-ID"],
        expose_headers=["ETag", "Location", "Retry-After", "X-Request-ID", "Idempotent-Replayed"],
        allow_credentials=False, max_age=600,
    )


def create_app(
    settings: Settings, backend: Backend | None = None, projector: bool = False
) -> Litestar:
    """The whole HTTP service; with `projector`, the projections run in a thread beside it."""
    settings.check()
    opened = ExitStack()  # closed in reverse at shutdown, or at once if the app cannot be made
    try:
        store = backend or open_backend(settings)
        if backend is None:
            opened.callback(store.close)
        read = open_read_side(settings, store)
        opened.callback(close_read_side, read)
        queries = open_standby_side(settings, read)
        if queries is not read:
            opened.callback(queries.store.db.close)
        return _service(settings, store, read, queries, projector, opened)
    except BaseException:
        opened.close()
        raise


def _service(
    settings: Settings, store: Backend, read: ReadSide, queries: ReadSide, projector: bool, opened: ExitStack
) -> Litestar:
    """The app on what `create_app` opened; `opened` is closed when it shuts down."""
    services = Services(
        backend=store,
        verifier=token_verifier(settings),
        executor=CommandExecutor(load_calendars(settings), logs=store.application),
        read=queries,
    )
    services.ready_parked_seconds = settings.ready_parked_seconds
    notary = open_notary(settings)
    projection = InProcessProjector(
        store, read, settings.checkpoint_interval, notary, settings.checkpoint_events
    ) if projector else None
    if projection:
        opened.callback(projection.stop)
    metrics = process_metrics(store, read.store, read.views)
    app = Litestar(
        route_handlers=[*HEALTH_ROUTES, command_endpoint, *READ_ROUTES, *AUDIT_ROUTES,
                        *OBSERVABILITY_ROUTES, ASSETS_ROUTER, *web_routers(), *DOCUMENT_ROUTES,
                        *IMPORT_ROUTES],
        template_config=TEMPLATES,
        dependencies={**DEPENDENCIES, **COMMAND_DEPENDENCIES, **READ_DEPENDENCIES, **AUDIT_DEPENDENCIES},
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        middleware=[request_context, *http_middleware(metrics), *http_hygiene()],
        cors_config=cors(settings),
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="Cascade API",
            version="1",
            description="Commands and views of the regional school-support cascade (ШНОР/ШФНСУ).",
            path="/docs",
            render_plugins=render_plugins(),
        ),
        on_startup=[lambda: projection.start()] if projection else [],
        on_shutdown=[opened.close],
        debug=False,
    )
    app.state.services = services
    app.state.notary = notary
    app.state.metrics = metrics
    app.state.web = open_web(settings)
    app.state.session_principal = session_principal
    _describe_api(app)
    return app


def _describe_api(app: Litestar) -> None:
    """The OpenAPI document says all the server does: unions, problems, examples, refusals."""
    describe_union(app.openapi_schema)
    describe_problems(app.openapi_schema)
    describe_contract(app)
    describe_examples(app, command_examples())
    for describe in (name_for_clients, allow_every_method, describe_numbers, describe_business_refusals):
        describe(app)
