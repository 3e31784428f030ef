"""Production sign-in: OpenID Connect authorization code flow with PKCE (S256), by Authlib.

`/sign-in/oidc` keeps a fresh state, nonce and PKCE verifier with the browser's (not yet signed
in) session and sends the browser to the provider. `/sign-in/callback` takes them back once
(single use), refuses a state that is not this session's, exchanges the code with the verifier,
and accepts the ID token only if its signature verifies against the provider's JWKS and its
issuer, audience (our client id), expiry and nonce are right. The claims named in the settings
become the Principal, checked against the registry exactly as a bearer token's
(services/claims.py RegisteredClaims); only then is a session made (a new id). Sign-out ends the
server session and, if the provider offers an end_session_endpoint, sends the browser there.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
import msgspec
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri, prepare_token_request
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from litestar.connection import ASGIConnection

from services.auth import ALGORITHMS, Principal
from web.pages import web_config

#: How long a started sign-in may wait for the provider's answer.
PENDING_SECONDS = 600
#: Seconds the provider's keys are used before they are fetched again.
KEYS_SECONDS = 300
_LEEWAY = 30


@dataclass(frozen=True)
class ClaimNames:
    """Which ID token claims carry the person's role, region, municipality and school."""

    role: str = "role"
    region: str = "region"
    tenant: str = "tenant"
    school: str = "school"


@dataclass(frozen=True)
class OidcSettings:
    """The identity provider and this installation's client registration there."""

    discovery_url: str
    client_id: str
    client_secret: str
    redirect_url: str
    scopes: str = "openid profile"
    claims: ClaimNames = ClaimNames()
    post_logout_url: str = ""

    @property
    def scope(self) -> str:
        asked = self.scopes.split()
        return " ".join(asked if "openid" in asked else ["openid", *asked])

    @property
    def origin(self) -> str:
        """The provider's origin (its logout page is there): the one other place a form may lead."""
        parts = urlsplit(self.discovery_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def after_logout(self) -> str:
        if self.post_logout_url:
            return self.post_logout_url
        parts = urlsplit(self.redirect_url)
        return f"{parts.scheme}://{parts.netloc}/sign-in"


class Pending(msgspec.Struct, frozen=True):
    """A started sign-in: what the provider's answer must match (kept on the server)."""

    state: str
    nonce: str
    verifier: str


class SignInRefused(Exception):
    """The provider's answer cannot sign anyone in; `reason` is the Russian sentence shown."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


STALE = "Ответ поставщика удостоверений не относится к начатому здесь входу (или устарел). Начните вход заново."
UNTRUSTED = "Поставщик удостоверений вернул удостоверение, которое не прошло проверку. Войдите заново."
UNREACHABLE = "Поставщик удостоверений сейчас не отвечает. Попробуйте войти через несколько минут."
DECLINED = "Вход отменён у поставщика удостоверений."


class OidcClient:
    """The relying party: discovery and keys (cached), the authorization URL, the code exchange."""

    def __init__(self, settings: OidcSettings) -> None:
        self.settings = settings
        self._metadata: dict[str, Any] | None = None
        self._keys: tuple[float, KeySet] | None = None

    async def metadata(self) -> dict[str, Any]:
        if self._metadata is None:
            self._metadata = await _get_json(self.settings.discovery_url)
        return self._metadata

    async def keys(self, refresh: bool = False) -> KeySet:
        if refresh or self._keys is None or time.monotonic() - self._keys[0] > KEYS_SECONDS:
            document = await _get_json((await self.metadata())["jwks_uri"])
            self._keys = (time.monotonic(), KeySet.import_key_set(document))
        return self._keys[1]

    async def start(self) -> tuple[str, Pending]:
        """The provider's authorization URL for a new sign-in, and what its answer must match."""
        pending = Pending(secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(48))
        s = self.settings
        url = prepare_grant_uri(
            (await self.metadata())["authorization_endpoint"], s.client_id, "code",
            redirect_uri=s.redirect_url, scope=s.scope, state=pending.state, nonce=pending.nonce,
            code_challenge=create_s256_code_challenge(pending.verifier), code_challenge_method="S256",
        )
        return url, pending

    async def finish(self, pending: Pending, state: str, code: str) -> tuple[Principal, str]:
        """The principal the provider vouches for, and the raw ID token (for logout)."""
        if not hmac.compare_digest(pending.state.encode(), state.encode()):
            raise SignInRefused(STALE, "state does not match the session's")
        metadata = await self.metadata()
        s = self.settings
        body = prepare_token_request("authorization_code", code=code, redirect_uri=s.redirect_url,
                                     code_verifier=pending.verifier)
        try:
            async with httpx.AsyncClient(timeout=15) as http:
                answer = await http.post(
                    metadata["token_endpoint"], content=body, auth=(s.client_id, s.client_secret),
                    headers={"Content-Type": "application/x-www-form-urlencoded",
                             "Accept": "application/json"},
                )
        except httpx.HTTPError as error:
            raise SignInRefused(UNREACHABLE, f"token endpoint unreachable: {error}") from None
        if answer.status_code != 200:
            raise SignInRefused(STALE, f"token endpoint refused the code: {answer.text[:200]}")
        raw = answer.json().get("id_token")
        if not raw:
            raise SignInRefused(UNTRUSTED, "the token response has no id_token")
        claims = await self._verified(raw, pending.nonce, metadata["issuer"])
        return self.principal(claims), raw

    async def _verified(self, raw: str, nonce: str, issuer: str) -> dict[str, Any]:
        """The ID token's claims once signature, issuer, audience, expiry and nonce all check."""
        try:
            try:
                decoded = jwt.decode(raw, await self.keys(), algorithms=ALGORITHMS)
            except JoseError:  # perhaps a key the provider rotated in since we fetched
                decoded = jwt.decode(raw, await self.keys(refresh=True), algorithms=ALGORITHMS)
            claims = CodeIDToken(
                decoded.claims, decoded.header,
                options={"iss": {"essential": True, "value": issuer},
                         "aud": {"essential": True, "value": self.settings.client_id}},
                params={"nonce": nonce, "client_id": self.settings.client_id},
            )
            claims.validate(leeway=_LEEWAY)
        except (JoseError, ValueError) as error:
            raise SignInRefused(UNTRUSTED, f"id token refused: {error}") from None
        return dict(claims)

    def principal(self, claims: dict[str, Any]) -> Principal:
        """The claims named in the settings, as the Principal a bearer token would give."""
        names = self.settings.claims
        try:
            return msgspec.convert({
                "subject": claims.get("sub"), "role": claims.get(names.role),
                "region": claims.get(names.region), "tenant": claims.get(names.tenant) or None,
                "school": claims.get(names.school) or None,
            }, Principal)
        except msgspec.ValidationError as error:
            raise SignInRefused(UNTRUSTED, f"claims do not name a role and region: {error}") from None

    async def logout_url(self, id_token: str) -> str | None:
        """The provider's RP-initiated logout address for this sign-in, if it offers one."""
        try:
            endpoint = (await self.metadata()).get("end_session_endpoint")
        except SignInRefused:
            return None
        if not endpoint:
            return None
        query = urlencode({"id_token_hint": id_token, "client_id": self.settings.client_id,
                           "post_logout_redirect_uri": self.settings.after_logout})
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


async def _get_json(url: str) -> dict[str, Any]:
    try:
        async with httpx.AsyncClient(timeout=15) as http:
            answer = await http.get(url)
            answer.raise_for_status()
            return answer.json()
    except (httpx.HTTPError, ValueError) as error:
        raise SignInRefused(UNREACHABLE, f"{url}: {error}") from None


def pending_key(session_id: str) -> str:
    """The store key of a session's started sign-in."""
    return f"web-oidc-pending-{session_id}"


def logout_key(session_id: str) -> str:
    """The store key of a signed-in session's ID token (the logout hint)."""
    return f"web-oidc-id-token-{session_id}"


def oidc_of(connection: ASGIConnection) -> OidcClient | None:
    return web_config(connection).oidc


async def sign_out_target(request: ASGIConnection, session_id: str) -> str:
    """Where sign-out sends the browser: the provider's logout if it offers one, else /sign-in."""
    client, store = oidc_of(request), web_config(request).sessions.config.store
    id_token = await store.get(logout_key(session_id))
    await store.delete(logout_key(session_id))
    if client is None or id_token is None:
        return "/sign-in"
    return await client.logout_url(id_token.decode()) or "/sign-in"
