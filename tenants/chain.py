"""Hash chain over a tenant's log: any change, deletion, insertion or reordering breaks a link.

link(n) = sha256(link(n-1) "\n" position "\n" stream "\n" version "\n" topic "\n" state), starting
from sha256("cascade-chain:" tenant). `services/audit/verify_bundle.py` recomputes the same with the
standard library alone, so keep this function dependency-free.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from uuid import UUID


def genesis(tenant_id: str) -> str:
    """The link before the first event: binds the chain to its tenant."""
    return hashlib.sha256(f"cascade-chain:{tenant_id}".encode()).hexdigest()


def link(previous: str, position: int, stream_id: str | UUID, version: int, topic: str, state: bytes) -> str:
    """The hash of one event chained to the one before it."""
    digest = hashlib.sha256()
    digest.update(f"{previous}\n{position}\n{UUID(str(stream_id))}\n{version}\n{topic}\n".encode())
    digest.update(state)
    return digest.hexdigest()


@dataclass(frozen=True)
class RawEvent:
    """An event exactly as stored: what the chain covers."""

    position: int
    stream_id: str
    version: int
    topic: str
    state: bytes


@dataclass(frozen=True)
class Verdict:
    """The outcome of a verification: success with a count, or the first bad position."""

    ok: bool
    checked: int
    head: str
    first_bad_position: int | None = None
    problem: str | None = None
    position: int = 0
    """Position of the last verified event: `head` is the link there."""


def chain_links(tenant_id: str, events: Iterable[RawEvent], previous: str | None = None) -> Iterator[tuple[int, str]]:
    """Links for events in log order (used when writing and when re-deriving)."""
    current = previous or genesis(tenant_id)
    for event in events:
        current = link(current, event.position, event.stream_id, event.version, event.topic, event.state)
        yield event.position, current


def verify(
    tenant_id: str,
    events: Iterable[RawEvent],
    links: Iterable[tuple[int, str]],
    checkpoints: dict[int, str] | None = None,
) -> Verdict:
    """Recompute the chain and compare it with the stored links and the region's checkpoints."""
    stored = iter(links)
    pending = next(stored, None)
    previous = genesis(tenant_id)
    checked = 0
    last = 0
    checkpoints = dict(checkpoints or {})
    for event in events:
        if pending is not None and pending[0] < event.position:
            return Verdict(False, checked, previous, pending[0], "a chained event is missing (deleted)")
        expected = link(previous, event.position, event.stream_id, event.version, event.topic, event.state)
        if pending is None or pending[0] != event.position:
            return Verdict(False, checked, previous, event.position, "an event has no chain link (inserted)")
        if pending[1] != expected:
            return Verdict(False, checked, previous, event.position, "the event differs from what was chained (altered or reordered)")
        anchor = checkpoints.pop(event.position, None)
        if anchor is not None and anchor != expected:
            return Verdict(False, checked, previous, event.position, "the chain disagrees with the region's checkpoint (rewritten)")
        previous = expected
        last = event.position
        checked += 1
        pending = next(stored, None)
    if pending is not None:
        return Verdict(False, checked, previous, pending[0], "a chained event is missing (deleted)")
    if checkpoints:
        position = min(checkpoints)
        return Verdict(False, checked, previous, position, "a checkpointed event is missing (truncated)")
    return Verdict(True, checked, previous, position=last)


def paged(fetch, key=lambda item: item[0]) -> Iterator:
    """Walk a source page by page, using the last item's position as the cursor."""
    after = 0
    while True:
        page = fetch(after)
        if not page:
            return
        yield from page
        after = key(page[-1])


def verify_log(recorder, tenant_id: str, checkpoints: dict[int, str] | None = None, batch: int = 5000) -> Verdict:
    """Verify a tenant's stored log against its stored chain (and the region's checkpoints)."""
    events = paged(lambda after: recorder.raw_events(after, batch), key=lambda e: e.position)
    links = paged(lambda after: recorder.chain(after, batch))
    return verify(tenant_id, events, links, checkpoints)
