"""Development tokens for the people of the demo, printed by `make run`."""

from __future__ import annotations

from cascade.demo.data import DEMO_PRINCIPALS
from cascade.settings import Settings
from services.auth import ensure_development_key, mint_token


def print_demo_tokens(settings: Settings) -> int:
    if settings.mode == "production":
        print("tokens are issued by the identity provider in production")
        return 2
    key = ensure_development_key(settings.dev_key_path)
    print("Development tokens (send as 'Authorization: Bearer <token>'):")
    for label, principal in DEMO_PRINCIPALS.items():
        token = mint_token(key, principal, audience=settings.jwt_audience, issuer=settings.jwt_issuer)
        print(f"\n# {label}: role={principal.role} region={principal.region} "
              f"tenant={principal.tenant or '-'} school={principal.school or '-'}\n{token}")
    return 0
