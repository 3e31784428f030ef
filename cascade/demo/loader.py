"""Load the demo: provision its tenants, then post every step through the command executor."""

from __future__ import annotations

import sys
from datetime import datetime, time
from zoneinfo import ZoneInfo

import msgspec

from cascade.app import load_calendars, open_backend
from cascade.demo.data import DEMO_STEPS, DEMO_TENANTS
from cascade.settings import Settings
from services.commands.api import AnyCommand
from services.commands.executor import CommandExecutor, was_answered
from tenants.backends import Backend


def load_demo(settings: Settings, once: bool = True) -> int:
    """Idempotent: each step carries a fixed Idempotency-Key, so a rerun writes nothing new."""
    backend = open_backend(settings)
    try:
        if once and _already_loaded(backend):
            print("demo data already loaded", file=sys.stderr)
            return 0
        executor = CommandExecutor(load_calendars(settings), logs=backend.application)
        written = post_demo(backend, executor)
        print(f"demo data loaded: {written} events in {len(DEMO_TENANTS)} tenants", file=sys.stderr)
        return 0
    finally:
        backend.close()


def _already_loaded(backend: Backend) -> bool:
    last = DEMO_STEPS[-1]
    if backend.registry.get(last.tenant) is None:
        return False
    return was_answered(backend.application(last.tenant), last.actor, _key(len(DEMO_STEPS) - 1))


def _key(index: int) -> str:
    return f"demo-{index:04d}"


def post_demo(backend: Backend, executor: CommandExecutor) -> int:
    """Post every step in order; returns the number of events written."""
    for tenant in DEMO_TENANTS:
        existing = backend.registry.get(tenant.id)
        if existing is None:
            backend.provision(tenant)
        elif (existing.kind, existing.region_id) != (tenant.kind, tenant.region_id):
            raise RuntimeError(f"tenant {tenant.id} exists as a {existing.kind} of {existing.region_id}")
    written = 0
    for index, step in enumerate(DEMO_STEPS):
        tenant = backend.registry.get(step.tenant)
        assert tenant is not None, step.tenant
        command = msgspec.convert(step.command, AnyCommand, strict=False)
        noon = datetime.combine(step.on, time(12), ZoneInfo(tenant.timezone))
        accepted, replayed = executor.execute(
            backend.application(tenant.id), tenant, step.actor, command,
            correlation_id=f"demo-{index:04d}", idempotency_key=_key(index), now=noon,
        )
        if not replayed:
            written += len(accepted.events)
    return written
