"""Bearer JWTs: who the caller is (Principal) and which tenants it may read or write."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt
import msgspec
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from domain.roles import MUNICIPAL_ROLES, REGION_WIDE_READERS, SCHOOL_ROLES, Role
from services.jwks import JwksKeys, UnknownSigningKey
from tenants.registry import Tenant

ALGORITHMS = ["EdDSA", "RS256", "ES256"]
#: The one algorithm each kind of parsed key verifies: a token naming another is refused (401).
_KEY_ALGORITHMS = ((Ed25519PublicKey, "EdDSA"), (RSAPublicKey, "RS256"), (EllipticCurvePublicKey, "ES256"))


class Principal(msgspec.Struct, frozen=True):
    """The authenticated caller, from the token's claims."""

    subject: str
    role: Role
    region: str
    tenant: str | None = None
    school: str | None = None

    @property
    def organisation(self) -> str:
        """The organisation acting: the school, else the municipality, else the region."""
        return self.school or self.tenant or self.region


class AuthenticationFailed(Exception):
    """No token, a bad signature, an expired or malformed token: 401."""

    code = "unauthenticated"
    field: str | None = None


class InvalidClaims(AuthenticationFailed):
    """Well signed, but a claim names what the registry does not hold, or contradicts it: 401."""

    code = "invalid-claims"

    def __init__(self, claim: str, message: str) -> None:
        super().__init__(f"invalid claims: {message}")
        self.field = f"token.{claim}"


class Forbidden(Exception):
    """Authenticated, but outside the caller's scope: 403, never saying what exists elsewhere."""

    code = "forbidden"
    field: str | None = None

    def __init__(self, message: str = "outside the caller's scope") -> None:
        super().__init__(message)
        self.message = message


class SchoolNotRegistered(Forbidden):
    """A school user's school is not (yet) registered in its municipality: 403 until it is."""

    code = "school-not-registered"
    field = "token.school"


def can_read(principal: Principal, tenant: Tenant) -> bool:
    """Regional roles read every tenant of their region; others only their own municipality."""
    if principal.region != tenant.region_id:
        return False
    if principal.role in REGION_WIDE_READERS:
        return True
    return principal.tenant == tenant.id


def parsed_key(pem: str) -> Any:
    """The public key of a PEM text, parsed once; the text itself when it is no key (PyJWT then
    refuses every token with it, as before)."""
    try:
        return serialization.load_pem_public_key(pem.encode())
    except (ValueError, TypeError):
        return pem


def algorithms_for(key: Any) -> list[str]:
    """The algorithm a parsed key verifies; every accepted one for a text key."""
    return next(([alg] for kind, alg in _KEY_ALGORITHMS if isinstance(key, kind)), ALGORITHMS)


class TokenVerifier:
    """Checks signature, expiry, audience and issuer, then the claims' shape.

    The configured key is parsed once here, not by PyJWT on every call (3.7 % of a command's
    samples under load, issue 16); the identity provider's keys are parsed when fetched.
    """

    def __init__(
        self,
        public_pem: str = "",
        jwks: JwksKeys | None = None,
        audience: str = "cascade",
        issuer: str = "",
    ) -> None:
        self._key = parsed_key(public_pem) if public_pem else None
        self._jwks = jwks
        self.audience = audience
        self.issuer = issuer or None

    def verify(self, token: str) -> Principal:
        """The token's principal; may fetch the identity provider's keys (blocking)."""
        return self._verify(token, self._jwks.key_for if self._jwks else None)

    def verify_in_memory(self, token: str) -> Principal | None:
        """verify() without any fetch, or None when the provider's keys are due one (or the token
        names a key not held): the caller then verifies off the event loop."""
        if self._jwks is None:
            return self._verify(token, None)
        try:
            key = self._jwks.key_in_memory(token)
        except jwt.PyJWTError as error:
            raise AuthenticationFailed(f"invalid token: {error}") from None
        return None if key is None else self._verify(token, lambda _: key)

    def _verify(self, token: str, key_for: Callable[[str], Any] | None) -> Principal:
        try:
            key = key_for(token) if key_for else self._key
            claims = jwt.decode(
                token,
                key=key,
                algorithms=algorithms_for(key),
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "sub", "aud"]},
            )
        except (jwt.PyJWTError, UnknownSigningKey) as error:
            raise AuthenticationFailed(f"invalid token: {error}") from None
        try:
            principal = msgspec.convert(
                {
                    "subject": claims.get("sub"),
                    "role": claims.get("role"),
                    "region": claims.get("region"),
                    "tenant": claims.get("tenant"),
                    "school": claims.get("school"),
                },
                Principal,
            )
        except msgspec.ValidationError as error:
            raise AuthenticationFailed(f"invalid claims: {error}") from None
        if not principal.subject.strip():
            raise AuthenticationFailed("invalid claims: the sub claim is empty")
        if principal.role in MUNICIPAL_ROLES and not principal.tenant:
            raise AuthenticationFailed("invalid claims: this role needs a tenant claim")
        if principal.role in SCHOOL_ROLES and not principal.school:
            raise AuthenticationFailed("invalid claims: school_user needs a school claim")
        return principal


def ensure_development_key(path: Path) -> Ed25519PrivateKey:
    """The development signing key, generated once under the data directory."""
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        assert isinstance(key, Ed25519PrivateKey)
        return key
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.write_bytes(pem)
    path.chmod(0o600)
    return key


def public_pem(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def development_public_pem(path: Path) -> str | None:
    """Public half of the development key, if one was ever generated here."""
    return public_pem(ensure_development_key(path)) if path.exists() else None


def mint_token(
    key: Ed25519PrivateKey,
    principal: Principal,
    audience: str = "cascade",
    ttl_seconds: int = 30 * 24 * 3600,
    issuer: str = "",
) -> str:
    """A signed token for a principal (development and tests only)."""
    now = int(time.time())
    claims = {
        "sub": principal.subject,
        "role": principal.role,
        "region": principal.region,
        "aud": audience,
        "iat": now,
        "exp": now + ttl_seconds,
    }
    if principal.tenant:
        claims["tenant"] = principal.tenant
    if principal.school:
        claims["school"] = principal.school
    if issuer:
        claims["iss"] = issuer
    return jwt.encode(claims, key, algorithm="EdDSA")
