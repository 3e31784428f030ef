"""`cascade` command line: init, tenants, token(s), demo, serve.

Each group of commands lives in its own module (tenants_cli, project_cli, audit_cli,
privacy_cli, calendar_cli); this one holds the small commands and the parser that joins them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cascade.audit_cli import add_audit_parser
from cascade.calendar_cli import add_calendar_parser
from cascade.feeds_cli import add_feeds_parser
from cascade.import_cli import add_import_parser
from cascade.privacy_cli import add_privacy_parser
from cascade.project_cli import add_project_parsers
from cascade.reminders_cli import add_reminders_parser
from cascade.settings import settings_or_exit
from cascade.tenants_cli import add_tenants_parser
from domain.roles import MUNICIPAL_ROLES, ROLES, SCHOOL_USER


def cmd_init(args: argparse.Namespace) -> int:
    """Create the store (and, in development, the signing key)."""
    from cascade.app import open_backend
    from services.auth import ensure_development_key

    settings = settings_or_exit()
    settings.data_path.mkdir(parents=True, exist_ok=True)
    if settings.mode == "development":
        ensure_development_key(settings.dev_key_path)
    backend = open_backend(settings)
    count = len(backend.registry.all())
    backend.close()
    print(f"store ready ({settings.store}); {count} tenants registered", file=sys.stderr)
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    """Print a development token alone on stdout."""
    from cascade.token_claims import token_refusal
    from services.auth import Principal, ensure_development_key, mint_token

    settings = settings_or_exit()
    if settings.mode == "production":
        print("cascade: tokens are issued by the identity provider in production", file=sys.stderr)
        return 2
    if args.role in MUNICIPAL_ROLES and not args.tenant:
        print(f"cascade: --tenant is required for {args.role}", file=sys.stderr)
        return 2
    if args.role == SCHOOL_USER and not args.school:
        print(f"cascade: --school is required for {SCHOOL_USER}", file=sys.stderr)
        return 2
    region = args.region or (args.tenant.rsplit("-", 1)[0] if args.tenant else "")
    if not region:
        print("cascade: --region is required", file=sys.stderr)
        return 2
    subject = args.subject or f"{args.role}@{args.school or args.tenant or region}"
    principal = Principal(subject, args.role, region, args.tenant, args.school)
    if refusal := token_refusal(settings, principal):
        print(f"cascade: {refusal}", file=sys.stderr)
        return 2
    key = ensure_development_key(settings.dev_key_path)
    print(mint_token(key, principal, audience=settings.jwt_audience, issuer=settings.jwt_issuer))
    return 0


def cmd_tokens(args: argparse.Namespace) -> int:
    """Print a development token for each role of the demo data."""
    from cascade.demo.tokens import print_demo_tokens

    return print_demo_tokens(settings_or_exit())


def cmd_demo(args: argparse.Namespace) -> int:
    """Load the demo data through the command handlers (once, unless --force)."""
    from cascade.demo.loader import load_demo

    settings = settings_or_exit()
    if settings.mode == "production":
        print("cascade: demo refused in production mode: it would record invented facts in real logs",
              file=sys.stderr)
        return 2
    return load_demo(settings, once=args.once)


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the API with uvicorn."""
    import structlog

    from cascade.app import create_app
    from cascade.logging import configure_logging
    from cascade.serving import serve
    from cascade.startup import database_or_exit
    from services.observability.tracing import configure_tracing

    settings = settings_or_exit()
    configure_logging(settings.log_format, settings.log_level)
    configure_tracing("cascade")
    if (code := database_or_exit(settings)) is not None:
        return code
    app = create_app(settings, projector=settings.projector == "inprocess")
    # A log line like every other: JSON in JSON mode, so a collector parses the start-up too.
    structlog.get_logger("cascade.startup").info(
        "serving", url=f"http://{settings.host}:{settings.port}",
        signin=f"http://{settings.host}:{settings.port}/sign-in",
        docs=f"http://{settings.host}:{settings.port}/docs", projector=settings.projector,
    )
    serve(app, settings)
    return 0


def _add_token_parser(subparsers) -> None:
    token = subparsers.add_parser("token", help=cmd_token.__doc__)
    token.add_argument("--role", required=True, choices=list(ROLES))
    token.add_argument("--region")
    token.add_argument("--tenant")
    token.add_argument("--school")
    token.add_argument("--subject")
    token.set_defaults(func=cmd_token)


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cascade")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cascade", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"cascade {package_version()}",
                        help="print the installed version and exit")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help=cmd_init.__doc__).set_defaults(func=cmd_init)
    add_tenants_parser(sub)
    _add_token_parser(sub)
    sub.add_parser("tokens", help=cmd_tokens.__doc__).set_defaults(func=cmd_tokens)
    demo = sub.add_parser("demo", help=cmd_demo.__doc__)
    demo.add_argument("--once", action="store_true", help="do nothing if the demo is loaded")
    demo.set_defaults(func=cmd_demo)
    sub.add_parser("serve", help=cmd_serve.__doc__).set_defaults(func=cmd_serve)
    add_project_parsers(sub)
    add_audit_parser(sub)
    add_privacy_parser(sub)
    add_calendar_parser(sub)
    add_import_parser(sub)
    add_feeds_parser(sub)
    add_reminders_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
