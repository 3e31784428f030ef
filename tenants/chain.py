"""Hash chain over a tenant's log: any change, deletion, insertion or reordering breaks a link.

link(n) = sha256(link(n-1) "\n" position "\n" stream "\n" version "\n" topic "\n" state), starting
from sha256("cascade-chain:" tenant). `services/audit/verify_bundle.py` recomputes the same with the
standard library alone, so keep this function dependency-free.
"""

from __future__ import annotations

import hashlib
import hmac
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


def seal(key: bytes, position: int, link_hash: str) -> str:
    """A link's HMAC under the installation's chain key, held outside the database.

    Whoever can write the tables can recompute the links but not their seals.
    """
    return hmac.new(key, f"{position}\n{link_hash}".encode(), hashlib.sha256).hexdigest()


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
    anchored_through: int = 0
    """Position of the newest event an anchor (checkpoint) covers; 0 when none does."""
    unanchored: int = 0
    """Verified events after the newest anchor: the window a rewrite could still go unnoticed in."""


def chain_links(tenant_id: str, events: Iterable[RawEvent], previous: str | None = None) -> Iterator[tuple[int, str]]:
    """Links for events in log order (used when writing and when re-deriving)."""
    current = previous or genesis(tenant_id)
    for event in events:
        current = link(current, event.position, event.stream_id, event.version, event.topic, event.state)
        yield event.position, current


class _Walk:
    """The running state of one verification, so each check reads as one line."""

    def __init__(self, tenant_id: str, since: tuple[int, str] | None) -> None:
        self.previous = since[1] if since else genesis(tenant_id)
        self.checked = 0
        self.last = since[0] if since else 0
        self.anchored_through = self.last
        self.unanchored = 0
        self.unsealed: int | None = None
        """First link without a seal since the newest anchor: only an anchor may cover those."""

    def fail(self, position: int, problem: str) -> Verdict:
        return Verdict(False, self.checked, self.previous, position, problem, self.last,
                       self.anchored_through, self.unanchored)

    def step(self, position: int, digest: str, anchored: bool) -> None:
        self.previous, self.last = digest, position
        self.checked += 1
        if anchored:
            self.anchored_through, self.unanchored, self.unsealed = position, 0, None
        else:
            self.unanchored += 1

    def sealed(self, key: bytes | None, position: int, digest: str, stored: str | None) -> bool:
        """False when a seal is there but wrong; a missing seal waits for an anchor to cover it."""
        if key is None:
            return True
        if stored is None:
            self.unsealed = position if self.unsealed is None else self.unsealed
            return True
        return hmac.compare_digest(stored, seal(key, position, digest))


def verify(
    tenant_id: str,
    events: Iterable[RawEvent],
    links: Iterable[tuple[int, str]],
    checkpoints: dict[int, str] | None = None,
    since: tuple[int, str] | None = None,
    key: bytes | None = None,
    seals: Iterable[tuple[int, str | None]] = (),
) -> Verdict:
    """Recompute the chain and compare it with the stored links, their seals and the anchored heads.

    With `since` (a position and its link, verified before), only the events after it are walked.
    With a key, each link's seal is checked; a link without one must be covered by an anchor.
    """
    stored, seal_of = iter(links), iter(seals)
    if key is None:
        seal_of = iter(())
    pending = next(stored, None)
    walk = _Walk(tenant_id, since)
    checkpoints = {p: h for p, h in (checkpoints or {}).items() if not since or p > since[0]}
    for event in events:
        if pending is not None and pending[0] < event.position:
            return walk.fail(pending[0], "a chained event is missing (deleted)")
        expected = link(walk.previous, event.position, event.stream_id, event.version, event.topic, event.state)
        if pending is None or pending[0] != event.position:
            return walk.fail(event.position, "an event has no chain link (inserted)")
        if pending[1] != expected:
            return walk.fail(event.position, "the event differs from what was chained (altered or reordered)")
        position_sealed, stored_seal = next(seal_of, (0, None))
        stored_seal = stored_seal if position_sealed == event.position else None
        if not walk.sealed(key, event.position, expected, stored_seal):
            return walk.fail(event.position, "the link's seal does not match (chain recomputed without the key)")
        anchor = checkpoints.pop(event.position, None)
        if anchor is not None and anchor != expected:
            return walk.fail(event.position, "the chain disagrees with its checkpoint (rewritten)")
        walk.step(event.position, expected, anchor is not None)
        pending = next(stored, None)
    if pending is not None:
        return walk.fail(pending[0], "a chained event is missing (deleted)")
    if checkpoints:
        return walk.fail(min(checkpoints), "a checkpointed event is missing (truncated)")
    if walk.unsealed is not None:
        return walk.fail(walk.unsealed, "a link after the newest checkpoint has no seal (written without the key)")
    return Verdict(True, walk.checked, walk.previous, position=walk.last,
                   anchored_through=walk.anchored_through, unanchored=walk.unanchored)


def paged(fetch, key=lambda item: item[0], start: int = 0) -> Iterator:
    """Walk a source page by page, using the last item's position as the cursor."""
    after = start
    while True:
        page = fetch(after)
        if not page:
            return
        yield from page
        after = key(page[-1])


def verify_log(
    recorder, tenant_id: str, checkpoints: dict[int, str] | None = None, batch: int = 5000,
    since: tuple[int, str] | None = None, sealed: bool = True, on_event=None,
) -> Verdict:
    """Verify a tenant's stored log against its stored chain and its anchored heads.

    With `since`, from that verified position on, after checking its link is still the one stored.
    Seals are checked when the recorder holds the chain key, unless `sealed` is False.
    """
    start = since[0] if since else 0
    if since and recorder.chain(start - 1, 1) != [since]:
        return Verdict(False, 0, since[1], start, "the chain disagrees with its checkpoint (rewritten)", start)
    events = paged(lambda after: recorder.raw_events(after, batch), key=lambda e: e.position, start=start)
    if on_event is not None:  # progress: told each position as it is read
        events = (on_event(e.position) or e for e in events)
    links = paged(lambda after: recorder.chain(after, batch), start=start)
    key = getattr(recorder, "chain_key", None) if sealed else None
    seals = paged(lambda after: recorder.seals(after, batch), start=start) if key else ()
    return verify(tenant_id, events, links, checkpoints, since, key, seals)
