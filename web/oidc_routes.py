"""The OpenID Connect sign-in pages: start at the provider, come back, and sign out there too.

What a started sign-in must match (web/oidc.py Pending) and the ID token kept for RP-initiated
logout live in the sessions' store beside the session, never in the cookie or the URL.
"""

from __future__ import annotations

import msgspec
from litestar import Request, Response, get
from litestar.response import Redirect

from services.auth import AuthenticationFailed, Forbidden
from services.context import services_of
from web.oidc import (
    DECLINED,
    PENDING_SECONDS,
    STALE,
    Pending,
    SignInRefused,
    logout_key,
    oidc_of,
    pending_key,
)
from web.pages import SECURITY_HEADERS, page, web_config
from web.signin import home_of

NOT_CONFIRMED = ("Реестр не подтверждает полномочия, которые назвал поставщик удостоверений "
                 "(регион, муниципалитет или школа). Обратитесь к администратору.")
_pending = msgspec.json.Decoder(Pending)


def _refused(request: Request, reason: str, status: int = 403) -> Response:
    return page(request, "sign_in.html", status=status, people=[], refusal=reason,  # type: ignore[return-value]
                development=False, oidc=oidc_of(request) is not None)


@get("/sign-in/oidc", name="sign-in-oidc", include_in_schema=False)
async def start_sign_in(request: Request) -> Response:
    """Send the browser to the provider with a fresh state, nonce and PKCE challenge."""
    client, sessions = oidc_of(request), web_config(request).sessions
    if client is None:
        return _refused(request, "Вход через поставщика удостоверений здесь не настроен.", 404)
    loaded = await sessions.load(request)
    fresh = loaded is None
    session_id = (await sessions.start(None))[0] if loaded is None else loaded[0]
    try:
        url, pending = await client.start()
    except SignInRefused as refused:
        return _refused(request, refused.reason, 503)
    await sessions.config.store.set(pending_key(session_id), msgspec.json.encode(pending),
                                    expires_in=PENDING_SECONDS)
    redirect = Redirect(url, status_code=303, headers=SECURITY_HEADERS)
    return sessions.attach(redirect, session_id) if fresh else redirect


@get("/sign-in/callback", name="sign-in-callback", include_in_schema=False)
async def finish_sign_in(request: Request) -> Response:
    """The provider's answer: checked, exchanged, verified, confirmed by the registry, signed in."""
    client, sessions = oidc_of(request), web_config(request).sessions
    if client is None:
        return _refused(request, "Вход через поставщика удостоверений здесь не настроен.", 404)
    loaded = await sessions.load(request)
    raw = await sessions.config.store.get(pending_key(loaded[0])) if loaded else None
    if loaded is None or raw is None:
        return _refused(request, STALE)
    await sessions.config.store.delete(pending_key(loaded[0]))  # a state is good once
    query = request.query_params
    if query.get("error"):
        return _refused(request, DECLINED)
    try:
        principal, id_token = await client.finish(
            _pending.decode(raw), str(query.get("state", "")), str(query.get("code", ""))
        )
        services_of(request).claims.check(principal)
    except SignInRefused as refused:
        return _refused(request, refused.reason)
    except (AuthenticationFailed, Forbidden):
        return _refused(request, NOT_CONFIRMED)
    await sessions.end(loaded[0])
    session_id, _ = await sessions.start(principal)
    await sessions.config.store.set(logout_key(session_id), id_token.encode(),
                                    expires_in=sessions.config.lifetime_seconds)
    redirect = Redirect(home_of(principal), status_code=303, headers=SECURITY_HEADERS)
    return sessions.attach(redirect, session_id)


OIDC_ROUTES = [start_sign_in, finish_sign_in]
