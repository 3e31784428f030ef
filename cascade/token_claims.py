"""`cascade token` mints only tokens the service would accept: claims checked against the registry."""

from __future__ import annotations

from cascade.app import open_backend
from cascade.settings import Settings
from services.auth import Principal
from services.claims import claims_refusal


def token_refusal(settings: Settings, principal: Principal) -> str | None:
    """Why the service would refuse a token for this principal, or None."""
    backend = open_backend(settings)
    try:
        return claims_refusal(principal, backend)
    finally:
        backend.close()
