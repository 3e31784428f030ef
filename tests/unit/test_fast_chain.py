"""The tight loop over an intact chain gives `verify`'s very verdict, and gives up on anything else."""

from __future__ import annotations

import uuid

import pytest

from tenants.chain import RawEvent, chain_links, seal, verify
from tenants.fast_chain import verify_intact

KEY = b"k" * 32
TENANT = "ru-16-kaybitsy"


def _log(count: int = 30) -> tuple[list[tuple], list[tuple]]:
    streams = [str(uuid.uuid5(uuid.NAMESPACE_URL, f"s{i}")) for i in range(4)]
    events = [RawEvent(p, streams[p % 4], p // 4 + 1, "domain.school:School.Registered", f'{{"n":{p}}}'.encode())
              for p in range(1, count + 1)]
    links = list(chain_links(TENANT, events))
    rows = [(e.position, e.stream_id, e.version, e.topic, e.state) for e in events]
    return rows, [(p, h, seal(KEY, p, h)) for p, h in links]


def _pages(rows, links, size=7):
    return [(rows[i:i + size], links[i:i + size]) for i in range(0, max(len(rows), len(links)), size)]


def _reference(rows, links, anchors, key):
    events = [RawEvent(*r) for r in rows]
    return verify(TENANT, events, [(p, h) for p, h, _ in links], anchors, None, key,
                  [(p, m) for p, _, m in links] if key else ())


@pytest.mark.parametrize("key", [KEY, None])
@pytest.mark.parametrize("anchored", [(), (10,), (10, 30)])
def test_an_intact_log_gets_the_verdict_verify_gives(key, anchored):
    rows, links = _log()
    anchors = {p: links[p - 1][1] for p in anchored}
    fast = verify_intact(TENANT, _pages(rows, links), anchors, key)
    assert fast is not None and fast.ok
    assert fast == _reference(rows, links, anchors, key)


def test_links_without_seals_covered_by_an_anchor_are_intact():
    rows, links = _log()
    links = [(p, h, None if p <= 12 else m) for p, h, m in links]
    anchors = {15: links[14][1]}
    fast = verify_intact(TENANT, _pages(rows, links), anchors, KEY)
    assert fast is not None and fast == _reference(rows, links, anchors, KEY)


def _altered(rows, links, how):
    rows, links = list(rows), list(links)
    if how == "state":
        rows[5] = (*rows[5][:4], b'{"n":"x"}')
    elif how == "deleted event":
        del rows[5]
    elif how == "deleted link":
        del links[5]
    elif how == "seal":
        links[5] = (*links[5][:2], "0" * 64)
    elif how == "unsealed after the anchor":
        links[-1] = (*links[-1][:2], None)
    elif how == "extra link":
        links.append((31, "0" * 64, None))
    elif how == "stream":
        rows[0] = (rows[0][0], str(uuid.uuid4()), *rows[0][2:])
    return rows, links


@pytest.mark.parametrize("how", ["state", "deleted event", "deleted link", "seal", "unsealed after the anchor",
                                 "extra link", "stream", "anchor", "truncated"])
def test_anything_but_an_intact_log_is_handed_back(how):
    rows, links = _altered(*_log(), how)
    anchors = {10: links[9][1]}
    if how == "anchor":
        anchors = {10: "0" * 64}
    if how == "truncated":
        anchors = {40: "0" * 64}
    assert verify_intact(TENANT, _pages(rows, links), anchors, KEY) is None
    assert not _reference(rows, links, anchors, KEY).ok


def test_streams_are_hashed_as_link_writes_them_whatever_their_stored_spelling():
    rows, links = _log()
    hexed = [(p, uuid.UUID(s).hex, *rest) for p, s, *rest in rows]  # SQLite stores them so
    fast = verify_intact(TENANT, _pages(hexed, links), {}, KEY)
    assert fast is not None and fast == _reference(rows, links, {}, KEY) == _reference(hexed, links, {}, KEY)


@pytest.mark.parametrize("key", [b"short", KEY, b"x" * 64, b"long" * 40])
def test_seals_are_checked_with_hmacs_own_result_for_any_key_length(key):
    rows, links = _log(5)
    links = [(p, h, seal(key, p, h)) for p, h, _ in links]
    assert verify_intact(TENANT, _pages(rows, links), {}, key) == _reference(rows, links, {}, key)
    links[2] = (*links[2][:2], seal(key + b"!", *links[2][:2]))
    assert verify_intact(TENANT, _pages(rows, links), {}, key) is None
