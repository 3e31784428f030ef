"""`cascade` command line: init, tenants, token(s), demo, serve."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cascade.audit_cli import add_audit_parser
from cascade.bench_cli import add_bench_parser
from cascade.privacy_cli import add_privacy_parser
from cascade.settings import ConfigurationError, Settings, load_settings

ROLES = ["region_operator", "municipal_officer", "school_user", "auditor", "admin"]


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigurationError as error:
        sys.exit(f"cascade: {error}")


def cmd_init(args: argparse.Namespace) -> int:
    """Create the store (and, in development, the signing key)."""
    from cascade.app import open_backend
    from services.auth import ensure_development_key

    settings = _settings()
    settings.data_path.mkdir(parents=True, exist_ok=True)
    if settings.mode == "development":
        ensure_development_key(settings.dev_key_path)
    backend = open_backend(settings)
    count = len(backend.registry.all())
    backend.close()
    print(f"store ready ({settings.store}); {count} tenants registered", file=sys.stderr)
    return 0


def cmd_tenants(args: argparse.Namespace) -> int:
    """Provision or list tenants."""
    from cascade.app import open_backend
    from tenants.registry import RegistryError, Tenant

    backend = open_backend(_settings())
    try:
        if args.action == "list":
            for tenant in backend.registry.all():
                print(f"{tenant.id}\t{tenant.kind}\t{tenant.region_id}\t{tenant.timezone}\t{tenant.name}")
            return 0
        if args.action == "add-region":
            tenant = Tenant(args.id, "region", args.id, args.name, args.timezone)
        else:
            tenant = Tenant(args.id, "municipality", args.region, args.name, args.timezone)
        try:
            created = backend.provision(tenant)
        except RegistryError as error:
            print(f"cascade: {error}", file=sys.stderr)
            return 2
        print(f"{'created' if created else 'already present'}: {tenant.id}", file=sys.stderr)
        return 0
    finally:
        backend.close()


def cmd_token(args: argparse.Namespace) -> int:
    """Print a development token alone on stdout."""
    from services.auth import Principal, ensure_development_key, mint_token

    settings = _settings()
    if settings.mode == "production":
        print("cascade: tokens are issued by the identity provider in production", file=sys.stderr)
        return 2
    if args.role in ("municipal_officer", "school_user") and not args.tenant:
        print(f"cascade: --tenant is required for {args.role}", file=sys.stderr)
        return 2
    if args.role == "school_user" and not args.school:
        print("cascade: --school is required for school_user", file=sys.stderr)
        return 2
    region = args.region or (args.tenant.rsplit("-", 1)[0] if args.tenant else "")
    if not region:
        print("cascade: --region is required", file=sys.stderr)
        return 2
    subject = args.subject or f"{args.role}@{args.school or args.tenant or region}"
    principal = Principal(subject, args.role, region, args.tenant, args.school)
    key = ensure_development_key(settings.dev_key_path)
    print(mint_token(key, principal, audience=settings.jwt_audience, issuer=settings.jwt_issuer))
    return 0


def cmd_tokens(args: argparse.Namespace) -> int:
    """Print a development token for each role of the demo data."""
    from cascade.demo.tokens import print_demo_tokens

    return print_demo_tokens(_settings())


def cmd_demo(args: argparse.Namespace) -> int:
    """Load the demo data through the command handlers (once, unless --force)."""
    from cascade.demo.loader import load_demo

    return load_demo(_settings(), once=args.once)


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the API with uvicorn."""
    import uvicorn

    from cascade.app import create_app
    from cascade.logging import configure_logging

    settings = _settings()
    configure_logging(settings.log_format, settings.log_level)
    app = create_app(settings, projector=settings.projector == "inprocess")
    print(
        f"Cascade API on http://{settings.host}:{settings.port}  "
        f"(docs: http://{settings.host}:{settings.port}/docs)",
        file=sys.stderr,
    )
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", access_log=False)
    return 0


def cmd_project(args: argparse.Namespace) -> int:
    """Run the projections: catch up every tenant, then follow (or stop with --once)."""
    from cascade.app import open_backend, open_notary, open_read_side
    from cascade.logging import configure_logging
    from services.audit.schedule import PeriodicCheckpoints
    from services.projections.runner import ProjectionRunner
    from tenants.changes import change_feed

    settings = _settings()
    configure_logging(settings.log_format, settings.log_level)
    backend = open_backend(settings)
    read = open_read_side(settings, backend)
    feed = change_feed(backend)
    runner = ProjectionRunner(backend, read.store, read.views, feed)
    checkpoints = PeriodicCheckpoints(backend, 0 if args.once else settings.checkpoint_interval,
                                      open_notary(settings), settings.checkpoint_events)
    try:
        if args.once:
            print(f"projected {runner.run_once()} events", file=sys.stderr)
        else:
            checkpoints.start()
            runner.run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        checkpoints.stop()
        feed.close()
        read.store.db.close()
        backend.close()
    return 0


def cmd_rebuild(args: argparse.Namespace) -> int:
    """Rebuild one view from the start of every log while the old copy keeps serving."""
    from cascade.app import open_backend, open_read_side
    from services.projections.rebuild import rebuild

    settings = _settings()
    backend = open_backend(settings)
    read = open_read_side(settings, backend)
    try:
        views = {view.name: view for view in read.views}
        if args.view not in views:
            print(f"cascade: unknown view {args.view!r}; views: {', '.join(sorted(views))}", file=sys.stderr)
            return 2
        report = rebuild(backend, read.store, views[args.view])
        print(
            f"rebuilt {report.view}: generation {report.generation} replaces {report.replaced}; "
            f"{report.events} events in {report.seconds:.2f} s ({report.events_per_second:,.0f} events/s)"
        )
        return 0
    finally:
        read.store.db.close()
        backend.close()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cascade", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help=cmd_init.__doc__).set_defaults(func=cmd_init)

    tenants = sub.add_parser("tenants", help=cmd_tenants.__doc__)
    tenant_actions = tenants.add_subparsers(dest="action", required=True)
    tenant_actions.add_parser("list")
    add_region = tenant_actions.add_parser("add-region")
    add_region.add_argument("id")
    add_region.add_argument("--name", required=True)
    add_region.add_argument("--timezone", default="Europe/Moscow")
    add_muni = tenant_actions.add_parser("add-municipality")
    add_muni.add_argument("id")
    add_muni.add_argument("--region", required=True)
    add_muni.add_argument("--name", required=True)
    add_muni.add_argument("--timezone", default="Europe/Moscow")
    tenants.set_defaults(func=cmd_tenants)

    token = sub.add_parser("token", help=cmd_token.__doc__)
    token.add_argument("--role", required=True, choices=ROLES)
    token.add_argument("--region")
    token.add_argument("--tenant")
    token.add_argument("--school")
    token.add_argument("--subject")
    token.set_defaults(func=cmd_token)

    sub.add_parser("tokens", help=cmd_tokens.__doc__).set_defaults(func=cmd_tokens)
    demo = sub.add_parser("demo", help=cmd_demo.__doc__)
    demo.add_argument("--once", action="store_true", help="do nothing if the demo is loaded")
    demo.set_defaults(func=cmd_demo)
    sub.add_parser("serve", help=cmd_serve.__doc__).set_defaults(func=cmd_serve)
    project = sub.add_parser("project", help=cmd_project.__doc__)
    project.add_argument("--once", action="store_true", help="catch up and exit")
    project.set_defaults(func=cmd_project)
    rebuild_parser = sub.add_parser("rebuild", help=cmd_rebuild.__doc__)
    rebuild_parser.add_argument("view")
    rebuild_parser.set_defaults(func=cmd_rebuild)
    add_audit_parser(sub)
    add_privacy_parser(sub)
    add_bench_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
