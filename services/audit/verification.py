"""Verify a tenant's log: its own hash chain, its region's anchors and the signed checkpoints."""

from __future__ import annotations

from dataclasses import replace

from eventsourcing.utils import get_topic

from domain.checkpoint import ChainCheckpoint
from services.audit.notary import Notary
from tenants.backends import Backend
from tenants.chain import Verdict, verify_log
from tenants.root_log import root_log

CHECKPOINT_TOPIC = get_topic(ChainCheckpoint.Checkpointed)


def region_checkpoints(backend: Backend, region_id: str, tenant_id: str) -> dict[int, str]:
    """Chain heads of a municipality as recorded in its region's log, by position."""
    app = backend.application(region_id)
    anchors: dict[int, str] = {}
    after = 0
    while batch := app.recorder.select_notifications(
        start=after, limit=1000, topics=[CHECKPOINT_TOPIC], inclusive_of_start=False
    ):
        for notification in batch:
            event = app.mapper.to_domain_event(notification)
            if event.tenant == tenant_id:
                anchors[event.position] = event.head
        after = batch[-1].id
    return anchors


def verify_tenant(backend: Backend, tenant_id: str, notary: Notary | None = None, sealed: bool = True,
                  on_event=None) -> Verdict:
    """The whole check: chain links and seals, the region's anchors, and (with a notary) the signed heads."""
    tenant = backend.registry.get(tenant_id)
    assert tenant is not None, tenant_id
    anchors = {} if tenant.kind == "region" else region_checkpoints(backend, tenant.region_id, tenant_id)
    problem = None
    if notary is not None:
        root = notary.anchors(root_log(backend), whole=True)
        problem = root.problem
        for position, head in root.heads.get(tenant_id, {}).items():
            if anchors.setdefault(position, head) != head:
                return Verdict(False, 0, "", position, "the region's checkpoint disagrees with the signed one")
    verdict = verify_log(backend.application(tenant_id).recorder, tenant_id, anchors, sealed=sealed,
                         on_event=on_event)
    if verdict.ok and problem:
        return replace(verdict, ok=False, first_bad_position=verdict.anchored_through, problem=problem)
    return verdict
