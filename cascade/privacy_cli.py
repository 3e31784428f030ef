"""`cascade privacy erase TENANT --name "ФИО" [--contact ...]`: erasure on request (152-ФЗ)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cascade.settings import ConfigurationError, load_settings


def cmd_privacy(args: argparse.Namespace) -> int:
    """Erase a person's name and contact from a tenant's logs (by key) and from every view."""
    from cascade.app import open_backend, open_read_side
    from cascade.placed import close_read_side, side_of
    from services.privacy.erasure import erase_person

    try:
        settings = load_settings()
    except ConfigurationError as error:
        print(f"cascade: {error}", file=sys.stderr)
        return 2
    if not args.name.strip():
        print("cascade: --name must not be empty", file=sys.stderr)
        return 2
    backend = open_backend(settings)
    try:
        if backend.registry.get(args.tenant) is None:
            print(f"cascade: unknown tenant {args.tenant!r}", file=sys.stderr)
            return 2
        read = open_read_side(settings, backend)
        try:
            server, side = side_of(backend, read, args.tenant)  # regions on servers of their own
            report = erase_person(server, side, args.tenant, args.name, args.contact or "")
        finally:
            close_read_side(read)
    finally:
        backend.close()
    # The name is not echoed: terminals and CI logs keep what they print.
    if report.erased:
        print(
            f"{args.tenant}: erased {len(report.erased)} person key(s); "
            f"rebuilt {report.views_rebuilt} views"
        )
        return 0
    print(
        f"{args.tenant}: no live personal data under that name; "
        f"rebuilt {report.views_rebuilt} views anyway",
        file=sys.stderr,
    )
    return 1


def add_privacy_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `privacy erase` on the `cascade` parser's subcommands."""
    privacy = subparsers.add_parser("privacy", help=cmd_privacy.__doc__)
    actions = privacy.add_subparsers(dest="action", required=True)
    erase = actions.add_parser(
        "erase", help="destroy a person's key in a tenant and rebuild every view"
    )
    erase.add_argument("tenant")
    erase.add_argument("--name", required=True, help="full name (ФИО) as recorded")
    erase.add_argument(
        "--contact", default="", help="only the records with this contact (default: any)"
    )
    privacy.set_defaults(func=cmd_privacy)
    return privacy
