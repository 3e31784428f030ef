"""Shape of the demo script: tenants, people, and an ordered list of dated commands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from services.auth import Principal


@dataclass(frozen=True)
class DemoStep:
    """One command as a client would post it, by whom, and on which business day."""

    tenant: str
    actor: Principal
    on: date
    command: dict[str, Any]
