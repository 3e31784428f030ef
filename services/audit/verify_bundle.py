#!/usr/bin/env python3
"""Offline verifier of a Cascade audit bundle. Standard library only: copy it anywhere and run

    python3 verify_bundle.py BUNDLE.jsonl

Exit status 0 when every event is chained as exported and agrees with the region's checkpoints,
1 with the first bad position otherwise.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import uuid


def genesis(tenant_id: str) -> str:
    return hashlib.sha256(f"cascade-chain:{tenant_id}".encode()).hexdigest()


def link(previous: str, position: int, stream_id: str, version: int, topic: str, state: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(f"{previous}\n{position}\n{uuid.UUID(stream_id)}\n{version}\n{topic}\n".encode())
    digest.update(state)
    return digest.hexdigest()


def verify(path: str) -> tuple[bool, str]:
    with open(path, encoding="utf-8") as handle:
        lines = [json.loads(line) for line in handle if line.strip()]
    if not lines or lines[0].get("kind") != "header" or lines[0].get("format") != "cascade-audit-bundle":
        return False, "not a cascade audit bundle"
    header, end = lines[0], lines[-1]
    if end.get("kind") != "end":
        return False, "the bundle is truncated (no end line)"
    previous, links, count = genesis(header["tenant"]), {}, 0
    last_position = 0
    for entry in lines[1:-1]:
        if entry["kind"] != "event":
            continue
        if entry["position"] <= last_position or entry["link_position"] != entry["position"]:
            return False, f"position {entry['position']}: out of order or not linked"
        expected = link(previous, entry["position"], entry["stream_id"], entry["version"],
                        entry["topic"], base64.b64decode(entry["state"]))
        if expected != entry["link"]:
            return False, f"position {entry['position']}: the event differs from its chain link"
        previous = links[entry["position"]] = expected
        last_position = entry["position"]
        count += 1
    for entry in lines[1:-1]:
        if entry["kind"] == "checkpoint" and links.get(entry["position"]) != entry["head"]:
            return False, f"position {entry['position']}: disagrees with the region's checkpoint"
    if count != end["events"] or previous != end["head"]:
        return False, "the event count or final head does not match the end line"
    return True, f"{count} events of {header['tenant']} verified; head {previous}"


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    ok, message = verify(sys.argv[1])
    print(("OK: " if ok else "FAILED: ") + message)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
