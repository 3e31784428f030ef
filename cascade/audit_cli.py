"""`cascade audit verify|checkpoint|state|export`: the auditor's commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cascade.settings import settings_or_exit


def cmd_audit(args: argparse.Namespace) -> int:
    """Verify chains, anchor and sign checkpoints, export a tenant's bundle or the signed checkpoints."""
    from cascade.app import open_backend, open_notary

    settings = settings_or_exit()
    notary = open_notary(settings)
    if args.action == "public-key":
        print(notary.public_pem, end="")
        return 0
    backend = open_backend(settings)
    try:
        if args.action == "verify":
            return _audit_verify(backend, args.tenant, notary)
        if args.action == "checkpoint":
            return _audit_checkpoint(backend, args.region, notary)
        if args.action == "state":
            return _audit_state(backend, args)
        if args.action == "seal":
            return _audit_seal(backend, notary)
        if args.action == "checkpoints":
            return _audit_checkpoints(backend, notary, Path(args.out))
        if args.action == "export":
            return _audit_export(backend, notary, args.tenant, Path(args.out))
        return 2
    finally:
        backend.close()


def _audit_export(backend, notary, tenant_id: str, out: Path) -> int:
    from services.audit.bundle import export_bundle

    if backend.registry.get(tenant_id) is None:
        print(f"cascade: unknown tenant {tenant_id!r}", file=sys.stderr)
        return 2
    from cascade.progress import Positions, progress

    with progress(f"exporting {tenant_id}", backend.application(tenant_id).head_position()) as advance:
        count = export_bundle(backend, tenant_id, out, notary=notary,
                              on_event=Positions(advance).reached)
    print(f"exported {count} events of {tenant_id} to {out}", file=sys.stderr)
    return 0


def _audit_seal(backend, notary) -> int:
    from services.audit.checkpoints import seal_unsealed

    results = seal_unsealed(backend, notary)
    for result in results:
        state = "sealed" if result.recorded else ("already sealed" if result.ok else "NOT sealed")
        print(f"{result.tenant}: {state} through position {result.position}"
              + (f" ({result.problem})" if result.problem else ""))
    return 1 if any(not r.ok for r in results) else 0


def _audit_checkpoints(backend, notary, out: Path) -> int:
    """Every signed checkpoint, as JSON lines an outside party keeps (with the public key first)."""
    import json

    from services.audit.notary import exported
    from tenants.root_log import root_log

    entries = root_log(backend).all()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"kind": "public-key", "pem": notary.public_pem}) + "\n")
        for entry in entries:
            handle.write(json.dumps(exported(entry)) + "\n")
    print(f"exported {len(entries)} signed checkpoints to {out}", file=sys.stderr)
    return 0


def _audit_verify(backend, tenant_id: str | None, notary) -> int:
    import time

    from cascade.progress import Positions, progress
    from services.audit.verification import verify_tenant

    tenants = [t.id for t in backend.registry.all()] if not tenant_id else [tenant_id]
    unknown = [tid for tid in tenants if backend.registry.get(tid) is None]
    if unknown:
        print(f"cascade: unknown tenant {unknown[0]!r}", file=sys.stderr)
        return 2
    heads = {tid: backend.application(tid).head_position() for tid in tenants}
    failed = 0
    with progress("verifying", sum(heads.values())) as advance:
        verdicts = []
        for tid in tenants:
            started = time.perf_counter()
            meter = Positions(advance)
            verdict = verify_tenant(backend, tid, notary, on_event=meter.reached)
            advance(max(heads[tid] - meter.at, 0))  # the bar reaches the head even if the check stops early
            verdicts.append((tid, verdict, time.perf_counter() - started))
    for tid, verdict, seconds in verdicts:
        rate = verdict.checked / seconds if seconds > 0 else 0
        if verdict.ok:
            print(f"{tid}: ok, {verdict.checked} events verified in {seconds:.2f} s ({rate:,.0f}/s); "
                  f"{verdict.unanchored} after the last checkpoint (position {verdict.anchored_through})")
        else:
            failed += 1
            print(f"{tid}: FAILED at position {verdict.first_bad_position}: {verdict.problem}")
    return 1 if failed else 0


def _audit_state(backend, args: argparse.Namespace) -> int:
    """One stream at a version or instant, or every view of the tenant as of an instant (JSON)."""
    from datetime import datetime

    import msgspec

    from domain.base import DomainError
    from services.audit.time_travel import state_at

    if backend.registry.get(args.tenant) is None:
        print(f"cascade: unknown tenant {args.tenant!r}", file=sys.stderr)
        return 2
    try:
        at = datetime.fromisoformat(args.at) if args.at else None
    except ValueError:
        print("cascade: --at must be an ISO 8601 instant with offset", file=sys.stderr)
        return 2
    try:
        if args.stream:
            result = state_at(backend.application(args.tenant), args.tenant, args.stream, args.version, at)
            print(msgspec.json.format(msgspec.json.encode(result)).decode())
            return 0
        if at is None:
            print("cascade: give a STREAM, or --at for the whole tenant", file=sys.stderr)
            return 2
        print(msgspec.json.format(msgspec.json.encode(_tenant_views_at(backend, args.tenant, at))).decode())
        return 0
    except DomainError as error:
        print(f"cascade: {error.message}", file=sys.stderr)
        return 2


def _tenant_views_at(backend, tenant_id: str, at) -> dict:
    """Every view's rows of one tenant, replayed into a scratch copy up to `at`."""
    from cascade.app import load_calendars
    from services.projections.models import all_views
    from services.projections.scratch import ScratchReplays

    scratch = ScratchReplays(backend, all_views(load_calendars(settings_or_exit())))
    try:
        store = scratch.store_at([tenant_id], at)
        dump: dict = {}
        for view in scratch.views:
            tables = store.reader_tables(type(view))
            dump[view.name] = {
                name: store.db.query(f"SELECT * FROM {tables.physical(name)} WHERE tenant = ?", (tenant_id,))
                for name in view.schema
            }
        return {"tenant_id": tenant_id, "at": at.isoformat(), "views": dump}
    finally:
        scratch.close()


def _audit_checkpoint(backend, region_id: str | None, notary) -> int:
    from services.audit.checkpoints import checkpoint_region, sign_heads

    regions = [region_id] if region_id else [t.id for t in backend.registry.all() if t.kind == "region"]
    failed = 0
    for region in regions:
        for result in checkpoint_region(backend, region):
            state = "anchored" if result.recorded else ("unchanged" if result.ok else "NOT anchored")
            print(f"{region} <- {result.tenant}: {state} at position {result.position}"
                  + (f" ({result.problem})" if result.problem else ""))
            failed += not result.ok
    entry, problems = sign_heads(backend, notary)
    for problem in problems:
        print(f"signed checkpoint: {problem.tenant} NOT signed ({problem.problem})")
    print(f"signed checkpoint {entry.seq}" if entry else "signed checkpoint: unchanged")
    return 1 if failed or problems else 0


def add_audit_parser(sub: Any) -> None:
    """The `audit` command and its actions."""
    audit = sub.add_parser("audit", help=cmd_audit.__doc__)
    audit_actions = audit.add_subparsers(dest="action", required=True)
    verify = audit_actions.add_parser("verify", help="verify one tenant, or all")
    verify.add_argument("tenant", nargs="?")
    checkpoint = audit_actions.add_parser("checkpoint", help="anchor chain heads in region logs")
    checkpoint.add_argument("region", nargs="?")
    state = audit_actions.add_parser("state", help="replay a stream, or the tenant's views, to the past")
    state.add_argument("tenant")
    state.add_argument("stream", nargs="?", help="stream id or kind/key, e.g. school/kaybitsy-1")
    state.add_argument("--version", type=int)
    state.add_argument("--at", help="ISO 8601 instant with offset")
    export = audit_actions.add_parser("export", help="write a self-contained bundle")
    export.add_argument("tenant")
    export.add_argument("--out", required=True)
    signed = audit_actions.add_parser("checkpoints", help="write every signed checkpoint, for outside parties")
    signed.add_argument("--out", required=True)
    audit_actions.add_parser("public-key", help="print the public key that checks signed checkpoints")
    audit_actions.add_parser("seal", help="once, on upgrade: seal the verified links written before seals")
    audit.set_defaults(func=cmd_audit)
