"""Record each municipality's verified chain head in its region's log (periodically, or on demand)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain.base import Actor, Provenance
from domain.checkpoint import ChainCheckpoint
from services.audit.verification import verify_tenant
from tenants.backends import Backend

SYSTEM = Actor(subject="cascade-checkpointer", role="system", organisation="cascade")


@dataclass(frozen=True)
class CheckpointResult:
    tenant: str
    ok: bool
    position: int
    recorded: bool
    problem: str | None = None


def checkpoint_region(backend: Backend, region_id: str) -> list[CheckpointResult]:
    """Verify every municipality of the region, then anchor each good chain head in the region log.

    A broken chain is not anchored: the last good checkpoint stays the reference.
    """
    region_app = backend.application(region_id)
    meta = Provenance(region_id, SYSTEM, correlation_id=f"checkpoint-{uuid.uuid4()}")
    results = []
    for tenant in backend.registry.municipalities(region_id):
        verdict = verify_tenant(backend, tenant.id)
        if not verdict.ok:
            results.append(CheckpointResult(tenant.id, False, verdict.first_bad_position or 0, False, verdict.problem))
            continue
        position = verdict.position
        if position == 0:
            results.append(CheckpointResult(tenant.id, True, 0, False))
            continue
        for _ in range(3):
            stream = ChainCheckpoint.stream_for(region_id, tenant.id)
            try:
                checkpoint = region_app.repository.get(stream)
            except AggregateNotFoundError:  # the first checkpoint of this tenant
                checkpoint = ChainCheckpoint.open(meta, tenant.id)
            recorded = checkpoint.record(meta, position, verdict.head, verdict.checked)
            try:
                if recorded:
                    region_app.save(checkpoint)
                break
            except IntegrityError:
                continue
        results.append(CheckpointResult(tenant.id, True, position, recorded))
    return results


class PeriodicCheckpoints:
    """Anchors every region's municipalities every `interval` seconds, beside the projector."""

    def __init__(self, backend: Backend, interval: float) -> None:
        import threading

        self.backend = backend
        self.interval = interval
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="checkpoints", daemon=True)

    def start(self) -> None:
        if self.interval > 0:
            self.thread.start()

    def _run(self) -> None:
        import structlog

        log = structlog.get_logger("cascade.audit")
        while not self.stopping.wait(self.interval):
            for region in [t.id for t in self.backend.registry.all() if t.kind == "region"]:
                try:
                    results = checkpoint_region(self.backend, region)
                except Exception:  # the next round retries; a failure must not stop the projector
                    log.exception("checkpoint round failed", region=region)
                    continue
                broken = [r.tenant for r in results if not r.ok]
                log.info("chain checkpoints", region=region, anchored=sum(r.recorded for r in results),
                         broken=broken)
                if broken:
                    log.error("chain verification failed", region=region, tenants=broken)

    def stop(self) -> None:
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(timeout=10)
