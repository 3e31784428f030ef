"""Bearer JWTs: who the caller is (Principal) and which tenants it may read or write."""

from __future__ import annotations

import time
from pathlib import Path

import jwt
import msgspec
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.roles import MUNICIPAL_ROLES, REGION_WIDE_READERS, SCHOOL_ROLES, Role
from services.jwks import JwksKeys, UnknownSigningKey
from tenants.registry import Tenant

ALGORITHMS = ["EdDSA", "RS256", "ES256"]


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


class TokenVerifier:
    """Checks signature, expiry, audience and issuer, then the claims' shape."""

    def __init__(
        self,
        public_pem: str = "",
        jwks: JwksKeys | None = None,
        audience: str = "cascade",
        issuer: str = "",
    ) -> None:
        self._key = public_pem or None
        self._jwks = jwks
        self.audience = audience
        self.issuer = issuer or None

    def verify(self, token: str) -> Principal:
        try:
            key = self._jwks.key_for(token) if self._jwks else self._key
            claims = jwt.decode(
                token,
                key=key,
                algorithms=ALGORITHMS,
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
