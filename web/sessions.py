"""Server-side sessions of the pages: a random id in an HttpOnly, SameSite=Lax cookie, the state in a store.

The cookie holds nothing but the id; the principal's claims and the CSRF token stay on the
server. Signing in replaces the session (a new id: no fixation); signing out deletes it, so the
old cookie opens nothing. Every request re-checks the claims against the registry
(services/claims.py), exactly as a bearer token's are.
"""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass

import msgspec
from litestar import Request, Response
from litestar.datastructures import Cookie
from litestar.stores.base import Store

from services.auth import Principal

COOKIE = "cascade_session"
#: What `start` issues (32 random bytes, URL-safe base64); any other cookie value names no session.
_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{43}$")


class WebSession(msgspec.Struct, frozen=True):
    """What the server keeps for one browser: the CSRF token, and the principal once signed in."""

    csrf: str
    principal: Principal | None = None


_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(WebSession)


@dataclass(frozen=True)
class SessionConfig:
    """Where sessions live, how long they last, and whether the cookie is Secure (production)."""

    store: Store
    lifetime_seconds: int
    secure: bool

    def cookie(self, session_id: str) -> Cookie:
        return Cookie(
            key=COOKIE, value=session_id, path="/", httponly=True, samesite="lax",
            secure=self.secure, max_age=self.lifetime_seconds,
        )

    def expired_cookie(self) -> Cookie:
        return Cookie(
            key=COOKIE, value="", path="/", httponly=True, samesite="lax", secure=self.secure,
            max_age=0,
        )


class Sessions:
    """Create, read, replace and delete sessions in the configured store."""

    def __init__(self, config: SessionConfig) -> None:
        self.config = config

    async def load(self, request: Request) -> tuple[str, WebSession] | None:
        session_id = request.cookies.get(COOKIE, "")
        if not _SESSION_ID.match(session_id):
            return None
        raw = await self.config.store.get(_key(session_id))
        return (session_id, _decoder.decode(raw)) if raw is not None else None

    async def start(self, principal: Principal | None) -> tuple[str, WebSession]:
        """A new session under a new id, with a fresh CSRF token."""
        session_id = secrets.token_urlsafe(32)
        session = WebSession(csrf=secrets.token_urlsafe(32), principal=principal)
        await self.config.store.set(
            _key(session_id), _encoder.encode(session), expires_in=self.config.lifetime_seconds
        )
        return session_id, session

    async def end(self, session_id: str) -> None:
        await self.config.store.delete(_key(session_id))

    def attach(self, response: Response, session_id: str) -> Response:
        response.set_cookie(self.config.cookie(session_id))
        return response

    def detach(self, response: Response) -> Response:
        response.set_cookie(self.config.expired_cookie())
        return response


def _key(session_id: str) -> str:
    """The store key of a session id (the store may hold other things too)."""
    return f"web-session-{session_id}"


def csrf_matches(session: WebSession, sent: str | None) -> bool:
    """The form's token is the session's (compared in constant time)."""
    return bool(sent) and hmac.compare_digest(session.csrf.encode(), (sent or "").encode())
