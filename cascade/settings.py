"""Configuration from CASCADE_* environment variables, loaded once, with safe embedded defaults."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import msgspec

PREFIX = "CASCADE_"


class ConfigurationError(RuntimeError):
    """The configuration is unsafe or incomplete: the service refuses to start."""


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Every knob of the service; README lists each variable."""

    mode: Literal["development", "production"] = "development"
    """development: embedded store and a generated signing key; production: refuses both."""
    store: Literal["sqlite", "postgres"] = "sqlite"
    """Event store backend."""
    data_dir: str = "var"
    """Where the SQLite files and the development signing key live."""
    pg_url: str = ""
    """PostgreSQL URL (postgresql://user:password@host:port/dbname) when store=postgres."""
    pg_schema: str = "public"
    """Schema holding the per-tenant tables."""
    pg_pool_size: int = 10
    """Connections shared by all tenants."""
    pg_lock_timeout: int = 5
    """Seconds a writer waits for a tenant table lock before failing (the library waits forever)."""
    host: str = "127.0.0.1"
    """Address the API listens on."""
    port: int = 8000
    """Port the API listens on."""
    jwt_public_key: str = ""
    """PEM public key (or path to a PEM file) of the identity provider."""
    jwks_url: str = ""
    """JWKS URL of the identity provider (instead of a fixed public key)."""
    jwks_cache_seconds: float = 300
    """Seconds the provider's keys are trusted before they are fetched again: a key it removes
    stops working within this time."""
    jwks_min_refresh_seconds: float = 5
    """Least seconds between two fetches: a token with an unknown key id fetches the keys at once
    unless the last fetch was sooner (a flood of invented key ids cannot hammer the provider)."""
    jwt_audience: str = "cascade"
    """Required `aud` claim."""
    jwt_issuer: str = ""
    """Required `iss` claim when set."""
    log_format: Literal["auto", "json", "console"] = "auto"
    """auto: console on a terminal, JSON lines otherwise."""
    log_level: str = "INFO"
    """Minimum level logged."""
    max_body_bytes: int = 65536
    """Largest command body accepted; larger ones get 413."""
    projector: Literal["inprocess", "external"] = "inprocess"
    """inprocess: `cascade serve` also runs the projections; external: run `cascade project`."""
    checkpoint_interval: int = 300
    """Longest wait, in seconds, between chain checkpoints of the projector (0: off); one also runs at start-up."""
    ready_parked_seconds: float = 3600.0
    """How long a view may keep an event parked before /health/ready answers 503 (it is listed at once)."""
    checkpoint_events: int = 1000
    """New events (across tenants) after which a checkpoint runs before the interval is up (0: by time only)."""
    audit_key: str = ""
    """Ed25519 PEM private key (or path) that signs checkpoints; development generates one under data_dir."""
    chain_key: str = ""
    """Secret (64+ hex digits, or a path to a file holding them) sealing every chain link; development generates one."""
    checkpoint_witness: str = ""
    """File keeping the newest signed checkpoint outside the database (default: <data_dir>/checkpoint-witness.json)."""
    calendar_file: str = ""
    """JSON overrides of the production calendar (transfer decrees), applied without a code change."""
    calendar_dir: str = ""
    """Per-region override tables written by `cascade calendar set-days` (default: <data_dir>/calendars)."""
    metrics_port: int = 9101
    """Port on which `cascade project` (following the logs) serves its Prometheus /metrics (0: off)."""
    startup_wait_seconds: float = 120.0
    """How long `serve` and `project` retry an unreachable PostgreSQL at start-up, with backoff (0: one try)."""
    session_seconds: int = 8 * 3600
    """Lifetime of a signed-in page session (the cookie and its server-side state), in seconds."""
    oidc_discovery_url: str = ""
    """OpenID Connect discovery document of the identity provider (…/.well-known/openid-configuration);
    set, the sign-in page offers «Войти через поставщика удостоверений» (authorization code + PKCE)."""
    oidc_client_id: str = ""
    """This installation's client id at the provider (also the ID token's required audience)."""
    oidc_client_secret: str = ""
    """The client's secret at the provider (client_secret_basic at the token endpoint)."""
    oidc_redirect_url: str = ""
    """Where the provider returns the browser: https://<this host>/sign-in/callback."""
    oidc_scopes: str = "openid profile"
    """Scopes asked for (space separated; `openid` is always asked)."""
    oidc_role_claim: str = "role"
    """ID token claim holding the person's role (region_operator, municipal_officer, …)."""
    oidc_region_claim: str = "region"
    """ID token claim holding the region id (e.g. ru-16)."""
    oidc_tenant_claim: str = "tenant"
    """ID token claim holding the municipality id of municipal and school people."""
    oidc_school_claim: str = "school"
    """ID token claim holding the school code of school people."""
    oidc_post_logout_url: str = ""
    """Where the provider sends the browser after RP-initiated logout (default: /sign-in of the redirect URL's host)."""
    smtp_host: str = ""
    """SMTP server of the reminders (empty: `cascade reminders send` refuses to run)."""
    smtp_port: int = 25
    """Its port (587 with starttls, 465 with ssl)."""
    smtp_from: str = "cascade@localhost"
    """The reminders' From address."""
    smtp_tls: Literal["none", "starttls", "ssl"] = "none"
    """none, starttls (upgrade after connecting) or ssl (TLS from the start)."""
    smtp_user: str = ""
    """SMTP login when the server needs one (with smtp_password, a secret or a path to it)."""
    smtp_password: str = ""
    """Its password, or a path to a file holding it."""
    reminder_days: int = 1
    """Days before a due date the person who owes it is reminded."""
    reminder_days_by_tenant: str = ""
    """Per-tenant days before, `tenant=N,tenant=N` (others: reminder_days)."""
    reminder_digest_weekday: int = 0
    """Weekday of the municipal officer's digest of what is overdue (0 = Monday ... 6 = Sunday)."""
    today: str = ""
    """The reminders' clock: an ISO date to judge as today (tests, replays); empty: the tenant's today."""
    cors_origins: str = ""
    """Comma-separated origins (`https://portal.example.ru`) whose pages may call the API (CORS); empty: off."""
    stop_timeout_seconds: float = 10.0
    """On SIGTERM: open event streams end at once, requests in flight get this long, then the rest is cut."""
    keepalive_seconds: float = 5.0
    """An idle keep-alive connection is closed after this long."""
    pg_read_url: str = ""
    """A PostgreSQL hot standby of CASCADE_PG_URL (streaming replication) the queries read the views
    from; commands, the projector and every write stay on the primary (empty: read the primary)."""
    pg_region_urls: str = ""
    """Regions placed on servers of their own: `ru-16=postgresql://…` pairs separated by spaces;
    each such region and its municipalities (logs, keys, views) live on that server; the others,
    and the registry, on CASCADE_PG_URL (empty: every tenant there)."""

    @property
    def cors_origin_list(self) -> list[str]:
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]

    @property
    def region_urls(self) -> dict[str, str]:
        """CASCADE_PG_REGION_URLS as region -> server URL."""
        placed = {}
        for pair in self.pg_region_urls.split():
            region, sep, url = pair.partition("=")
            if not (sep and region and url.startswith(("postgresql://", "postgres://"))):
                raise ConfigurationError(
                    f"CASCADE_PG_REGION_URLS: {pair!r} is not region=postgresql://… (pairs separated by spaces)"
                )
            if region in placed:
                raise ConfigurationError(f"CASCADE_PG_REGION_URLS names region {region} twice")
            placed[region] = url
        return placed

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir)

    @property
    def dev_key_path(self) -> Path:
        return self.data_path / "dev-signing-key.pem"

    @property
    def dev_audit_key_path(self) -> Path:
        return self.data_path / "audit-signing-key.pem"

    @property
    def dev_chain_key_path(self) -> Path:
        return self.data_path / "chain-key"

    @property
    def calendar_path(self) -> Path:
        return Path(self.calendar_dir) if self.calendar_dir else self.data_path / "calendars"

    @property
    def witness_path(self) -> Path:
        return Path(self.checkpoint_witness) if self.checkpoint_witness else self.data_path / "checkpoint-witness.json"

    def check(self) -> Settings:
        """Refuse configurations that would be unsafe in production."""
        if self.mode == "production":
            if self.store != "postgres":
                raise ConfigurationError("production mode requires CASCADE_STORE=postgres")
            if not (self.jwt_public_key or self.jwks_url):
                raise ConfigurationError(
                    "production mode requires CASCADE_JWT_PUBLIC_KEY or CASCADE_JWKS_URL"
                )
            if self.jwt_public_key and self._is_development_key():
                raise ConfigurationError("production mode refuses the development signing key")
            if not self.audit_key:
                raise ConfigurationError("production mode requires CASCADE_AUDIT_KEY (the checkpoint signing key)")
            if _same_secret(self.audit_key, self.dev_audit_key_path, lambda v: read_pem(v).strip().encode()):
                raise ConfigurationError("production mode refuses the development checkpoint signing key")
            self._check_chain_key()
        if self.oidc_discovery_url and not (self.oidc_client_id and self.oidc_redirect_url):
            raise ConfigurationError(
                "CASCADE_OIDC_DISCOVERY_URL requires CASCADE_OIDC_CLIENT_ID and CASCADE_OIDC_REDIRECT_URL"
            )
        if self.store == "postgres" and not self.pg_url:
            raise ConfigurationError("CASCADE_STORE=postgres requires CASCADE_PG_URL")
        if self.region_urls and self.store != "postgres":
            raise ConfigurationError("CASCADE_PG_REGION_URLS (regions on their own servers) requires CASCADE_STORE=postgres")
        if self.pg_read_url and self.store != "postgres":
            raise ConfigurationError("CASCADE_PG_READ_URL (a hot standby) requires CASCADE_STORE=postgres")
        return self

    def _check_chain_key(self) -> None:
        if not self.chain_key:
            raise ConfigurationError("production mode requires CASCADE_CHAIN_KEY (the chain seal key)")
        if _same_secret(self.chain_key, self.dev_chain_key_path, read_secret):
            raise ConfigurationError("production mode refuses the development chain seal key")

    def _is_development_key(self) -> bool:
        from services.auth import development_public_pem

        dev = development_public_pem(self.dev_key_path)
        return dev is not None and dev.strip() == read_pem(self.jwt_public_key).strip()


def read_pem(value: str) -> str:
    """A PEM given inline or as a path to a file."""
    if value.lstrip().startswith("-----BEGIN"):
        return value
    return Path(value).read_text()


def _same_secret(value: str, development: Path, read) -> bool:
    """Whether a configured key is the development one (a key not readable here cannot be compared)."""
    if not development.exists():
        return False
    try:
        return read(value) == read(str(development))
    except (OSError, ConfigurationError):
        return False


def read_secret(value: str) -> bytes:
    """A key of at least 32 bytes given as hex digits, inline or in a file."""
    text = Path(value).read_text() if Path(value).is_file() else value
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        raise ConfigurationError("a key must be hex digits (or a path to a file holding them)") from None
    if len(key) < 32:
        raise ConfigurationError("a key must hold at least 32 bytes (64 hex digits)")
    return key


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from the environment; unknown CASCADE_* variables are an error, not ignored."""
    environ = os.environ if environ is None else environ
    fields = set(Settings.__struct_fields__)
    values: dict[str, str] = {}
    for name, value in environ.items():
        if not name.startswith(PREFIX) or name.startswith("CASCADE_TEST_"):
            continue
        key = name.removeprefix(PREFIX).lower()
        if key not in fields:
            raise ConfigurationError(f"unknown setting {name}")
        values[key] = value
    try:
        return msgspec.convert(values, Settings, strict=False).check()
    except msgspec.ValidationError as error:
        raise ConfigurationError(f"invalid setting: {error}") from None


def settings_or_exit(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings for a command line run: a configuration error ends it with the reason."""
    try:
        return load_settings(environ)
    except ConfigurationError as error:
        sys.exit(f"cascade: {error}")


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines (as in deploy/production.env), comments and blanks skipped."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip().strip('"')
    return values
