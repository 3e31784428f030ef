"""`cascade tenants list|add-region|add-municipality`: provision and list tenants."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cascade.settings import settings_or_exit


def cmd_tenants(args: argparse.Namespace) -> int:
    """Provision or list tenants."""
    from cascade.app import open_backend
    from tenants.registry import RegistryError, Tenant

    backend = open_backend(settings_or_exit())
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


def add_tenants_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `tenants list|add-region|add-municipality` on the `cascade` parser."""
    tenants = subparsers.add_parser("tenants", help=cmd_tenants.__doc__)
    actions = tenants.add_subparsers(dest="action", required=True)
    actions.add_parser("list")
    add_region = actions.add_parser("add-region")
    add_region.add_argument("id")
    add_region.add_argument("--name", required=True)
    add_region.add_argument("--timezone", default="Europe/Moscow")
    add_muni = actions.add_parser("add-municipality")
    add_muni.add_argument("id")
    add_muni.add_argument("--region", required=True)
    add_muni.add_argument("--name", required=True)
    add_muni.add_argument("--timezone", default="Europe/Moscow")
    tenants.set_defaults(func=cmd_tenants)
    return tenants
