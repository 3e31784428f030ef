"""`cascade reminders send|plan|list`: the e-mail reminders' worker (docs/reminders.md).

`send` plans the day's reminders into the outbox (each once ever per obligation, kind and
person) and sends what is pending by SMTP (CASCADE_SMTP_*), retrying failures with backoff;
run it from cron (e.g. hourly) or with `--every SECONDS` as a loop beside `cascade project`.
The clock: `--today` (or CASCADE_TODAY) is the business day judged, `--now` the instant that
retries are due by; both default to now.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from cascade.settings import Settings, settings_or_exit


def rules_of(settings: Settings) -> Any:
    """ReminderRules from the settings; `tenant=N,...` parsed (a bad entry ends the run)."""
    from services.projections.reminders.planner import ReminderRules

    per_tenant = {}
    for part in filter(None, (p.strip() for p in settings.reminder_days_by_tenant.split(","))):
        tenant, _, days = part.partition("=")
        if not days.strip().isdigit() or not 0 <= int(days) <= 60:
            sys.exit(f"cascade: CASCADE_REMINDER_DAYS_BY_TENANT: {part!r} is not tenant=N (0-60)")
        per_tenant[tenant.strip()] = int(days)
    return ReminderRules(settings.reminder_days, per_tenant, settings.reminder_digest_weekday)


def smtp_of(settings: Settings) -> Any:
    from services.projections.reminders.sender import Smtp

    password = settings.smtp_password
    if password.startswith("/"):  # a path to the secret, as for the other keys
        with open(password, encoding="utf-8") as file:
            password = file.read().strip()
    return Smtp(settings.smtp_host, settings.smtp_port, settings.smtp_from, settings.smtp_tls,
                settings.smtp_user, password)


def _day(text: str | None, settings: Settings) -> date | None:
    value = text or settings.today
    return date.fromisoformat(value) if value else None


def _round(args: argparse.Namespace, settings: Settings, backend: Any, store: Any) -> str:
    from services.projections.reminders.planner import plan_day
    from services.projections.reminders.sender import send_pending

    now = datetime.fromisoformat(args.now).astimezone(UTC) if args.now else datetime.now(UTC)
    fixed = _day(args.today, settings)
    planned = 0
    for tenant in backend.registry.all():
        today = fixed or now.astimezone(ZoneInfo(tenant.timezone)).date()
        planned += plan_day(store, [tenant], today, rules_of(settings), now)
    if args.action == "plan":
        return f"planned {planned}"
    report = send_pending(backend, store, smtp_of(settings), now)
    return f"planned {planned}, sent {report.sent}, failed {report.failed}, skipped {report.skipped}"


def cmd_reminders(args: argparse.Namespace) -> int:
    """Plan and send the reminders (send), only plan them (plan), or list the outbox (list)."""
    from cascade.app import opened_stores
    from cascade.placed import server_sides
    from services.projections.reminders.queries import outbox

    settings = settings_or_exit()
    if args.action == "send" and not settings.smtp_host:
        print("cascade: CASCADE_SMTP_HOST is not set: no server to send reminders by", file=sys.stderr)
        return 2
    try:
        _day(getattr(args, "today", None), settings)
    except ValueError:
        print("cascade: --today (CASCADE_TODAY) must be an ISO date", file=sys.stderr)
        return 2
    with opened_stores(settings) as (backend, read):
        sides = server_sides(backend, read)  # regions on servers of their own: each server's outbox
        if args.action == "list":
            for e in (e for _, side in sides for e in outbox(side.store, args.tenant)):
                print(f"{e.tenant_id}\t{e.obligation}\t{e.kind}\t{e.recipient}\t{e.status}\t{e.attempts}")
            return 0
        while True:
            for server, side in sides:
                print(_round(args, settings, server, side.store), flush=True)
            if not args.every:
                return 0
            time.sleep(args.every)


def add_reminders_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `reminders send|plan|list` on the `cascade` parser's subcommands."""
    reminders = subparsers.add_parser("reminders", help=cmd_reminders.__doc__)
    actions = reminders.add_subparsers(dest="action", required=True)
    for name, text in (("send", "plan the day's reminders and send what is pending"),
                       ("plan", "only plan the day's reminders into the outbox")):
        action = actions.add_parser(name, help=text)
        action.add_argument("--today", help="the business day to judge (ISO date; default today)")
        action.add_argument("--now", help="the instant retries are due by (ISO; default now)")
        action.add_argument("--every", type=float, default=0, help="repeat every SECONDS (a loop)")
    listing = actions.add_parser("list", help="the outbox: planned, sent, pending, failed")
    listing.add_argument("--tenant")
    reminders.set_defaults(func=cmd_reminders)
    return reminders
