"""Verify a tenant's log: its own hash chain, and the heads its region's log anchored."""

from __future__ import annotations

from eventsourcing.utils import get_topic

from domain.checkpoint import ChainCheckpoint
from tenants.backends import Backend
from tenants.chain import Verdict, verify_log

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


def verify_tenant(backend: Backend, tenant_id: str) -> Verdict:
    """The whole check: chain links, then the region's anchors for a municipality."""
    tenant = backend.registry.get(tenant_id)
    assert tenant is not None, tenant_id
    anchors = {} if tenant.kind == "region" else region_checkpoints(backend, tenant.region_id, tenant_id)
    # The region's view of the head can only lag the chain; a head before position 1 means nothing.
    return verify_log(backend.application(tenant_id).recorder, tenant_id, anchors)
