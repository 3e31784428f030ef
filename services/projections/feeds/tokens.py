"""Private feed tokens: a calendar program cannot send a bearer token, so the URL carries one.

A feed token stands for the claims of the person it was issued to (subject, role, region,
municipality, school) and for the feed it opens (the municipality's, or one school's). Only
the SHA-256 of the token is stored: whoever reads the table cannot rebuild a feed URL. The
claims are checked against the registry on every fetch (services/claims.py), exactly like a
bearer token's; a revoked token, an unknown one, or one whose claims no longer resolve opens
nothing. The table is a register of secrets, not a view: it is not built from events, so a
rebuild of the views never drops it.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, datetime

import msgspec

from services.auth import Principal
from services.projections.database import ViewDatabase

_TABLE = (
    "CREATE TABLE IF NOT EXISTS feed_tokens ("
    "id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL, "
    "subject TEXT NOT NULL, role TEXT NOT NULL, region TEXT NOT NULL, claim_tenant TEXT, "
    "claim_school TEXT, school TEXT, issued_at TEXT NOT NULL, revoked_at TEXT)"
)


class FeedToken(msgspec.Struct, frozen=True):
    """An issued token as stored (without the token): whose it is and which feed it opens."""

    id: str
    tenant_id: str
    school: str | None
    subject: str
    role: str
    issued_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class IssuedToken(msgspec.Struct, frozen=True):
    """What the issuer sees once: the token itself and the feed's path."""

    id: str
    tenant_id: str
    school: str | None
    token: str
    path: str


def token_hash(token: str) -> str:
    return hashlib.sha256(f"cascade-feed\n{token}".encode()).hexdigest()


def feed_path(token: str) -> str:
    return f"/feeds/{token}/calendar.ics"


class FeedTokens:
    """The feed tokens of an installation, in the view database beside the views."""

    def __init__(self, db: ViewDatabase) -> None:
        self.db = db
        with db.transaction() as tx:
            tx.lock("feed-tokens-ddl")
            tx.execute(_TABLE)

    def issue(self, principal: Principal, tenant_id: str, school: str | None) -> IssuedToken:
        """A new token for the principal's claims, opening the tenant's (or one school's) feed."""
        token, token_id = secrets.token_urlsafe(32), uuid.uuid4().hex[:16]
        with self.db.transaction() as tx:
            tx.execute(
                "INSERT INTO feed_tokens (id, token_hash, tenant, subject, role, region, claim_tenant, "
                "claim_school, school, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (token_id, token_hash(token), tenant_id, principal.subject, principal.role,
                 principal.region, principal.tenant, principal.school, school,
                 datetime.now(UTC).isoformat()),
            )
        return IssuedToken(token_id, tenant_id, school, token, feed_path(token))

    def revoke(self, token_id: str, subject: str | None = None) -> bool:
        """Revoke a live token (only the subject's own, when given): False if there was none."""
        sql, params = "UPDATE feed_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [
            datetime.now(UTC).isoformat(), token_id]
        if subject is not None:
            sql, params = sql + " AND subject = ?", [*params, subject]
        with self.db.transaction() as tx:
            return tx.execute(sql, params) > 0

    def resolve(self, token: str) -> tuple[FeedToken, Principal] | None:
        """The live token and the claims it carries, or None (unknown or revoked)."""
        rows = self.db.query("SELECT * FROM feed_tokens WHERE token_hash = ? AND revoked_at IS NULL",
                             (token_hash(token),))
        if not rows:
            return None
        row = rows[0]
        principal = Principal(row["subject"], row["role"], row["region"], row["claim_tenant"],
                              row["claim_school"])
        return _token(row), principal

    def of(self, subject: str | None = None) -> list[FeedToken]:
        """Every token issued (to one subject), oldest first."""
        sql, params = "SELECT * FROM feed_tokens", []
        if subject is not None:
            sql, params = sql + " WHERE subject = ?", [subject]
        return [_token(row) for row in self.db.query(sql + " ORDER BY issued_at, id", params)]


def _token(row: dict) -> FeedToken:
    revoked = row["revoked_at"]
    return FeedToken(row["id"], row["tenant"], row["school"], row["subject"], row["role"],
                     datetime.fromisoformat(row["issued_at"]),
                     datetime.fromisoformat(revoked) if revoked else None)
