"""`cascade feeds issue|revoke|list`: private calendar feed URLs (services/projections/feeds).

`issue` binds a token to a person's claims, checked against the registry now and on every
fetch, and prints the feed's URL once (only the token's hash is stored); `revoke` ends it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cascade.settings import settings_or_exit
from domain.roles import MUNICIPAL_ROLES, ROLES, SCHOOL_USER


@contextmanager
def _stores(settings: Any) -> Iterator[tuple[Any, Any]]:
    """The store's backend and the feed tokens of its view database, closed afterwards."""
    from cascade.app import open_backend, open_view_database
    from services.projections.feeds.tokens import FeedTokens

    backend = open_backend(settings)
    try:
        db = open_view_database(settings, backend)
        try:
            yield backend, FeedTokens(db)
        finally:
            db.close()
    finally:
        backend.close()


def _principal(args: argparse.Namespace) -> Any:
    from services.auth import Principal

    tenant_claim = args.tenant if args.role in MUNICIPAL_ROLES else None
    school_claim = args.school if args.role == SCHOOL_USER else None
    region = args.region or args.tenant.rsplit("-", 1)[0]
    subject = args.subject or f"{args.role}@{school_claim or tenant_claim or region}"
    return Principal(subject, args.role, region, tenant_claim, school_claim)


def cmd_feeds_issue(args: argparse.Namespace) -> int:
    """Issue a feed token for a person's claims; print its id and URL."""
    from services.auth import can_read
    from services.claims import claims_refusal

    settings = settings_or_exit()
    if args.role == SCHOOL_USER and not args.school:
        print(f"cascade: --school is required for {SCHOOL_USER}", file=sys.stderr)
        return 2
    principal = _principal(args)
    with _stores(settings) as (backend, tokens):
        tenant = backend.registry.get(args.tenant)
        refusal = claims_refusal(principal, backend)
        if tenant is None or tenant.kind != "municipality":
            refusal = f"{args.tenant!r} is not a registered municipality"
        elif refusal is None and not can_read(principal, tenant):
            refusal = f"{principal.role} of {principal.region} does not read {tenant.id}"
        if refusal:
            print(f"cascade: {refusal}", file=sys.stderr)
            return 2
        issued = tokens.issue(principal, tenant.id, principal.school or args.school)
    print(f"{issued.id}\t{args.base_url.rstrip('/')}{issued.path}")
    return 0


def cmd_feeds_revoke(args: argparse.Namespace) -> int:
    """Revoke a feed token by its id: its URL opens nothing from now on."""
    with _stores(settings_or_exit()) as (_, feed_tokens):
        revoked = feed_tokens.revoke(args.id)
    if not revoked:
        print(f"cascade: no live feed token {args.id!r}", file=sys.stderr)
        return 1
    print(f"{args.id}: revoked")
    return 0


def cmd_feeds_list(args: argparse.Namespace) -> int:
    """List the feed tokens issued (never the tokens themselves)."""
    with _stores(settings_or_exit()) as (_, feed_tokens):
        tokens = feed_tokens.of(args.subject)
    for token in tokens:
        state = "revoked" if token.revoked_at else "active"
        print(f"{token.id}\t{token.tenant_id}\t{token.school or '-'}\t{token.subject}\t{state}")
    return 0


def add_feeds_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `feeds issue|revoke|list` on the `cascade` parser's subcommands."""
    feeds = subparsers.add_parser("feeds", help="private calendar feed URLs (iCalendar)")
    actions = feeds.add_subparsers(dest="action", required=True)
    issue = actions.add_parser("issue", help=cmd_feeds_issue.__doc__)
    issue.add_argument("tenant", help="the municipality whose feed it opens")
    issue.add_argument("--role", required=True, choices=list(ROLES))
    issue.add_argument("--region", help="default: the tenant's region prefix")
    issue.add_argument("--school", help="the school user's school, or the one school whose feed it opens")
    issue.add_argument("--subject", help="the person's subject (as in their bearer token)")
    issue.add_argument("--base-url", default="http://127.0.0.1:8000", help="printed before the path")
    issue.set_defaults(func=cmd_feeds_issue)
    revoke = actions.add_parser("revoke", help=cmd_feeds_revoke.__doc__)
    revoke.add_argument("id")
    revoke.set_defaults(func=cmd_feeds_revoke)
    listing = actions.add_parser("list", help=cmd_feeds_list.__doc__)
    listing.add_argument("--subject")
    listing.set_defaults(func=cmd_feeds_list)
    return feeds
