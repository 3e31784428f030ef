#!/usr/bin/env python3
"""Offline verifier of a Cascade audit bundle. Standard library only: copy it anywhere and run

    python3 verify_bundle.py BUNDLE.jsonl [--public-key INSTALLATION_KEY.pem]

It recomputes the hash chain of every event, compares it with the region's checkpoints and with
the signed checkpoints, and checks each signature (Ed25519, RFC 8032, written out below) with the
published public key given by --public-key, or else with the key the bundle carries (then compare
that key with the published one yourself). Exit status 0 when all agree, 1 with the first bad
position otherwise. It cannot see events written after the last checkpoint being rewritten with a
recomputed chain, nor whether signed checkpoints of the installation are missing: it reports how
many events follow the last checkpoint, and a party keeping every signed checkpoint can compare.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import uuid

# Ed25519 verification (RFC 8032, section 6), so that no package is needed ----------------------
_P = 2**255 - 19
_D = -121665 * pow(121666, _P - 2, _P) % _P
_Q = 2**252 + 27742317777372353535851937790883648493
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)
_SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")


def _add(a: tuple, b: tuple) -> tuple:
    x = (a[1] - a[0]) * (b[1] - b[0]) % _P
    y = (a[1] + a[0]) * (b[1] + b[0]) % _P
    c, d = 2 * a[3] * b[3] * _D % _P, 2 * a[2] * b[2] % _P
    e, f, g, h = y - x, d - c, d + c, y + x
    return (e * f, g * h, f * g, e * h)


def _mul(s: int, point: tuple) -> tuple:
    result = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            result = _add(result, point)
        point, s = _add(point, point), s >> 1
    return result


def _recover_x(y: int, sign: int) -> int | None:
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P:
        return None
    return _P - x if (x & 1) != sign else x


def _decompress(data: bytes) -> tuple | None:
    y = int.from_bytes(data, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % _P)


_GY = 4 * pow(5, _P - 2, _P) % _P
_G = (_recover_x(_GY, 0), _GY, 1, _recover_x(_GY, 0) * _GY % _P)


def ed25519_valid(public: bytes, message: bytes, signature: bytes) -> bool:
    if len(public) != 32 or len(signature) != 64:
        return False
    a, r = _decompress(public), _decompress(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= _Q:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % _Q
    left, right = _mul(s, _G), _add(r, _mul(h, a))
    return (left[0] * right[2] - right[0] * left[2]) % _P == 0 and (left[1] * right[2] - right[1] * left[2]) % _P == 0


def raw_public_key(pem: str) -> bytes:
    """The 32 bytes of an Ed25519 public key in PEM (SubjectPublicKeyInfo)."""
    der = base64.b64decode("".join(line for line in pem.strip().splitlines() if "-----" not in line))
    if not der.startswith(_SPKI_PREFIX) or len(der) != 44:
        raise ValueError("not an Ed25519 public key")
    return der[len(_SPKI_PREFIX):]


# The hash chain (same formula as tenants/chain.py) ---------------------------------------------
def genesis(tenant_id: str) -> str:
    return hashlib.sha256(f"cascade-chain:{tenant_id}".encode()).hexdigest()


def link(previous: str, position: int, stream_id: str, version: int, topic: str, state: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(f"{previous}\n{position}\n{uuid.UUID(stream_id)}\n{version}\n{topic}\n".encode())
    digest.update(state)
    return digest.hexdigest()


def _chain(header: dict, entries: list[dict]) -> tuple[str | None, dict[int, str], str]:
    """Recompute the links; the first problem, or the links by position and the final head."""
    previous, links, last = genesis(header["tenant"]), {}, 0
    for entry in entries:
        if entry["kind"] != "event":
            continue
        if entry["position"] <= last or entry["link_position"] != entry["position"]:
            return f"position {entry['position']}: out of order or not linked", links, previous
        expected = link(previous, entry["position"], entry["stream_id"], entry["version"],
                        entry["topic"], base64.b64decode(entry["state"]))
        if expected != entry["link"]:
            return f"position {entry['position']}: the event differs from its chain link", links, previous
        previous = links[entry["position"]] = expected
        last = entry["position"]
    return None, links, previous


def _anchors(header: dict, entries: list[dict], links: dict[int, str], public: bytes | None) -> tuple[str | None, list[int]]:
    """Region and signed checkpoints against the links; the first problem, or the anchored positions."""
    anchored = []
    for entry in entries:
        if entry["kind"] == "checkpoint":
            position, head, source = entry["position"], entry["head"], "the region's checkpoint"
        elif entry["kind"] == "signed-checkpoint":
            body = entry["body"].encode()
            if public is None or not ed25519_valid(public, body, base64.b64decode(entry["signature"])):
                return f"signed checkpoint {entry['seq']}: the signature does not verify", anchored
            position, head = json.loads(body)["heads"][header["tenant"]]
            source = f"signed checkpoint {entry['seq']}"
        else:
            continue
        if links.get(position) != head:
            return f"position {position}: disagrees with {source}", anchored
        anchored.append(position)
    return None, anchored


def verify(path: str, public_pem: str | None = None) -> tuple[bool, str]:
    with open(path, encoding="utf-8") as handle:
        lines = [json.loads(line) for line in handle if line.strip()]
    if not lines or lines[0].get("kind") != "header" or lines[0].get("format") != "cascade-audit-bundle":
        return False, "not a cascade audit bundle"
    header, end = lines[0], lines[-1]
    if end.get("kind") != "end":
        return False, "the bundle is truncated (no end line)"
    problem, links, head = _chain(header, lines[1:-1])
    if problem:
        return False, problem
    key = public_pem or header.get("public_key")
    problem, anchored = _anchors(header, lines[1:-1], links, raw_public_key(key) if key else None)
    if problem:
        return False, problem
    if len(links) != end["events"] or head != end["head"]:
        return False, "the event count or final head does not match the end line"
    newest = max(anchored, default=0)
    signed = sum(1 for e in lines if e["kind"] == "signed-checkpoint")
    key_note = "" if not signed else (" with the given public key" if public_pem else " with the bundle's own key")
    return True, (f"{len(links)} events of {header['tenant']} verified; head {head}; {len(anchored)} checkpoints "
                  f"({signed} signed, checked{key_note}); {sum(p > newest for p in links)} events after the last")


def main(argv: list[str]) -> int:
    """`BUNDLE` or `BUNDLE --public-key FILE`."""
    if len(argv) not in (1, 3) or (len(argv) == 3 and argv[1] != "--public-key"):
        print(__doc__, file=sys.stderr)
        return 2
    public_pem = None
    if len(argv) == 3:
        with open(argv[2], encoding="utf-8") as handle:
            public_pem = handle.read()
    ok, message = verify(argv[0], public_pem)
    print(("OK: " if ok else "FAILED: ") + message)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
