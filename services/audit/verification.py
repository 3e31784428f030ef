"""Verify a tenant's log: its own hash chain, its region's anchors and the signed checkpoints."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import replace
from typing import Any, NamedTuple

from eventsourcing.utils import get_topic

from domain.checkpoint import ChainCheckpoint
from services.audit.notary import Notary
from tenants import raw_reads
from tenants.backends import Backend
from tenants.chain import Verdict, verify, verify_log
from tenants.fast_chain import verify_intact
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
    recorder = backend.application(tenant_id).recorder
    if raw_reads.supported(recorder):
        verdict = verify_stored(recorder, tenant_id, anchors, sealed, on_event)
    else:
        verdict = verify_log(recorder, tenant_id, anchors, sealed=sealed, on_event=on_event)
    if verdict.ok and problem:
        return replace(verdict, ok=False, first_bad_position=verdict.anchored_through, problem=problem)
    return verdict


class _Stored(NamedTuple):
    """An event as stored, with the fields `tenants.chain.verify` hashes (cheaper than RawEvent)."""

    position: int
    stream_id: str
    version: int
    topic: str
    state: bytes


def verify_stored(recorder: Any, tenant_id: str, anchors: dict[int, str], sealed: bool = True,
                  on_event=None, batch: int = 5000) -> Verdict:
    """`verify_log` from the whole log, reading plain rows: the stored bytes are hashed, nothing
    is decoded, and each link comes with its seal in one read. An intact log is checked by the
    tight loop of tenants/fast_chain.py; any other is walked again by `verify`, which reports it."""
    key = getattr(recorder, "chain_key", None) if sealed else None
    with closing(_pages(recorder, batch, on_event)) as pages:
        verdict = verify_intact(tenant_id, pages, anchors, key)
    if verdict is not None:
        return verdict
    events: Iterator[_Stored] = _prefetched(
        lambda after: [_Stored._make(r) for r in raw_reads.raw_rows(recorder, after, batch)])
    if on_event is not None:  # progress: told each position as it is read
        events = (on_event(e.position) or e for e in events)
    chain = _prefetched(lambda after: raw_reads.chain_rows(recorder, after, batch))
    if key is None:
        return verify(tenant_id, events, ((p, h) for p, h, _ in chain), anchors)
    for_links, for_seals = itertools.tee(chain)  # read in step: the buffer stays small
    return verify(tenant_id, events, ((p, h) for p, h, _ in for_links), anchors, None, key,
                  ((p, m) for p, _, m in for_seals))


def _pages(recorder: Any, batch: int, on_event=None) -> Iterator[tuple[list, list]]:
    """The events and the links after one position, page by page (the next read on a thread while
    this one is hashed), until both are exhausted; `on_event` is told each page's last position."""

    def fetch(after: int) -> tuple[list, list]:
        return raw_reads.raw_rows(recorder, after, batch), raw_reads.chain_rows(recorder, after, batch)

    with ThreadPoolExecutor(1, thread_name_prefix="verify-read") as pool:
        events, links = fetch(0)
        while events or links:
            following = pool.submit(fetch, events[-1][0]) if events and len(events) == len(links) else None
            yield events, links
            if on_event is not None and events:
                on_event(events[-1][0])
            if following is None:
                return
            events, links = following.result()


def _prefetched(fetch: Callable[[int], list]) -> Iterator:
    """Pages by position, the next one read on a thread while this one is hashed."""
    with ThreadPoolExecutor(1, thread_name_prefix="verify-read") as pool:
        page = fetch(0)
        while page:
            following = pool.submit(fetch, page[-1][0])
            yield from page
            page = following.result()
