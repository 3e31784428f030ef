"""Audit export: a tenant's events, chain links, region checkpoints and signed checkpoints in one JSON Lines file."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from pathlib import Path

from services.audit.notary import Notary, exported
from services.audit.verification import region_checkpoints
from tenants.backends import Backend
from tenants.chain import genesis, paged
from tenants.root_log import root_log

FORMAT = "cascade-audit-bundle"


def _signed_lines(backend: Backend, notary: Notary | None, tenant_id: str) -> list[str]:
    """The signed checkpoints that name this tenant's head, as the root log holds them."""
    if notary is None:
        return []
    return [json.dumps(exported(entry)) for entry in root_log(backend).all()
            if tenant_id in json.loads(entry.body)["heads"]]


def export_bundle(
    backend: Backend, tenant_id: str, path: Path, batch: int = 5000, notary: Notary | None = None,
    on_event=None,
) -> int:
    """Write the bundle that `services/audit/verify_bundle.py` checks offline; returns the event count."""
    tenant = backend.registry.get(tenant_id)
    assert tenant is not None, tenant_id
    recorder = backend.application(tenant_id).recorder
    anchors = {} if tenant.kind == "region" else region_checkpoints(backend, tenant.region_id, tenant_id)
    signed = _signed_lines(backend, notary, tenant_id)
    events = paged(lambda after: recorder.raw_events(after, batch), key=lambda e: e.position)
    links = paged(lambda after: recorder.chain(after, batch))
    count = 0
    head = genesis(tenant_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({
            "kind": "header", "format": FORMAT, "version": 2, "tenant": tenant_id,
            "region": tenant.region_id, "exported_at": datetime.now(UTC).isoformat(),
            "public_key": notary.public_pem if notary else None,
        }, ensure_ascii=False) + "\n")
        for event, (position, digest) in zip(events, links, strict=False):
            out.write(json.dumps({
                "kind": "event", "position": event.position, "stream_id": event.stream_id,
                "version": event.version, "topic": event.topic,
                "state": base64.b64encode(event.state).decode(), "link_position": position,
                "link": digest,
            }) + "\n")
            head = digest
            count += 1
            if on_event is not None:  # progress: told each position as it is written
                on_event(event.position)
        for position, anchor in sorted(anchors.items()):
            out.write(json.dumps({"kind": "checkpoint", "position": position, "head": anchor}) + "\n")
        out.writelines(line + "\n" for line in signed)
        out.write(json.dumps({"kind": "end", "events": count, "head": head}) + "\n")
    return count
