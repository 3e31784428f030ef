"""Anchor chain heads: each municipality's in its region's log, and every tenant's in a signed checkpoint."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain.base import Actor, Provenance
from domain.checkpoint import ChainCheckpoint
from services.audit.notary import Notary
from tenants.backends import Backend
from tenants.chain import verify_log
from tenants.root_log import RootEntry, root_log

SYSTEM = Actor(subject="cascade-checkpointer", role="system", organisation="cascade")


@dataclass(frozen=True)
class CheckpointResult:
    tenant: str
    ok: bool
    position: int
    recorded: bool
    problem: str | None = None


def _load(backend: Backend, region_id: str, tenant_id: str, meta: Provenance) -> ChainCheckpoint:
    try:
        return backend.application(region_id).repository.get(ChainCheckpoint.stream_for(region_id, tenant_id))
    except AggregateNotFoundError:  # the first checkpoint of this tenant
        return ChainCheckpoint.open(meta, tenant_id)


def checkpoint_region(backend: Backend, region_id: str) -> list[CheckpointResult]:
    """Verify every municipality of the region since its last anchor, then anchor each good head.

    A broken chain is not anchored: the last good checkpoint stays the reference.
    """
    region_app = backend.application(region_id)
    meta = Provenance(region_id, SYSTEM, correlation_id=f"checkpoint-{uuid.uuid4()}")
    results = []
    for tenant in backend.registry.municipalities(region_id):
        last = _load(backend, region_id, tenant.id, meta)
        since = (last.position, last.head) if last.position else None
        verdict = verify_log(backend.application(tenant.id).recorder, tenant.id, since=since)
        if not verdict.ok:
            results.append(CheckpointResult(tenant.id, False, verdict.first_bad_position or 0, False, verdict.problem))
            continue
        recorded = False
        for _ in range(3 if verdict.position else 0):
            checkpoint = _load(backend, region_id, tenant.id, meta)
            try:
                recorded = checkpoint.record(meta, verdict.position, verdict.head, verdict.checked)
                if recorded:
                    region_app.save(checkpoint)
                break
            except IntegrityError:  # another checkpointer saved first: reload and compare
                continue
        results.append(CheckpointResult(tenant.id, True, verdict.position, recorded))
    return results


def sign_heads(backend: Backend, notary: Notary) -> tuple[RootEntry | None, list[CheckpointResult]]:
    """Verify every tenant since its last signed head and sign the heads that moved."""
    log = root_log(backend)
    anchors = notary.anchors(log)
    if anchors.problem:
        return None, [CheckpointResult("root", False, 0, False, anchors.problem)]
    moved: dict[str, tuple[int, str]] = {}
    broken = []
    for tenant in backend.registry.all():
        heads = anchors.heads.get(tenant.id, {})
        since = max(heads.items()) if heads else None
        verdict = verify_log(backend.application(tenant.id).recorder, tenant.id, since=since)
        if not verdict.ok:
            broken.append(CheckpointResult(tenant.id, False, verdict.first_bad_position or 0, False, verdict.problem))
        elif verdict.position > (since[0] if since else 0):
            moved[tenant.id] = (verdict.position, verdict.head)
    try:
        return notary.sign(log, moved), broken
    except ValueError as refused:
        return None, [*broken, CheckpointResult("root", False, 0, False, str(refused))]


def checkpoint_all(backend: Backend, notary: Notary | None) -> list[CheckpointResult]:
    """One round: every region's municipalities into the region logs, then every head signed."""
    results = []
    for region in [t.id for t in backend.registry.all() if t.kind == "region"]:
        results += checkpoint_region(backend, region)
    if notary is not None:
        results += sign_heads(backend, notary)[1]
    return results



def seal_unsealed(backend: Backend, notary: Notary | None) -> list[CheckpointResult]:
    """Once, on upgrade: seal the links written before seals existed, after verifying them."""
    from services.audit.verification import verify_tenant

    results = []
    for tenant in backend.registry.all():
        verdict = verify_tenant(backend, tenant.id, notary, sealed=False)
        if not verdict.ok:
            results.append(CheckpointResult(tenant.id, False, verdict.first_bad_position or 0, False, verdict.problem))
            continue
        sealed = backend.application(tenant.id).recorder.seal_missing(verdict.position)  # type: ignore[attr-defined]
        results.append(CheckpointResult(tenant.id, True, verdict.position, sealed > 0))
    return results
