"""The iCalendar (RFC 5545) feed of what a municipality or one school owes, built on each fetch.

Read only from the schedule's and registers' queries, so a fact arrives in the feed as soon as
the schedule view has read it. One all-day VEVENT per row of the monitoring calendar (reports
by their due day, roadmap occurrences, visits, internship deadlines with the withdrawal day of
003 p.2.3.2, agreement expiries and notice days of 003 §3.1-3.3) on its due date; its UID is
the row's id, stable per obligation, so a calendar program updates an event instead of adding
a second one. A cancelled row stays in the feed with STATUS:CANCELLED, so the program removes
it from its calendar rather than keeping a stale copy.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from domain.base import FIRST_DATE, LAST_DATE
from services.projections.registers.queries import school_names
from services.projections.schedule.queries import DueRow, monitoring_calendar
from services.projections.store import ViewStore
from tenants.registry import Tenant

#: What each row kind is, as the event's category and the summary's first words.
KINDS_RU = {
    "roadmap_item": "Мероприятие дорожной карты",
    "monthly_report": "Ежемесячный отчёт",
    "annual_analytic_note": "Аналитическая записка",
    "effectiveness_analysis": "Анализ эффективности",
    "named_report": "Отчёт",
    "visit": "Посещение",
    "internship_request": "Заявка на стажировку",
    "internship_withdrawal": "Отзыв заявки на стажировку",
    "agreement_expiry": "Окончание срока договора",
    "termination_notice": "Уведомление о расторжении",
    "termination_effective": "Расторжение договора",
    "partnership_agreement": "Партнёрский договор",
}
STATUSES_RU = {
    "due": "предстоит", "missed": "пропущено", "on_time": "выполнено в срок",
    "late": "выполнено с опозданием", "cancelled": "отменено",
    "closed_by_exit": "не требуется: школа вышла из программы", "done": "выполнено",
    "passed": "срок прошёл", "rescheduled": "перенесено",
}
PRODID = "-//Cascade//Календарь сроков//RU"


def _uid(tenant: Tenant, row: DueRow) -> str:
    return f"{row.id}@{tenant.id}.cascade"


def _description(row: DueRow, school: str, as_of: date) -> str:
    lines = [row.title, f"Школа: {school}", f"Срок: {row.due_on:%d.%m.%Y}",
             f"Состояние на {as_of:%d.%m.%Y}: {STATUSES_RU.get(row.status, row.status)}"]
    if row.done_on is not None:
        lines.append(f"Выполнено: {row.done_on:%d.%m.%Y}")
    if row.moved_from is not None:
        lines.append(f"Перенесено с {row.moved_from:%d.%m.%Y}")
    if not row.obligation:
        lines.append("Справочная дата (не обязательство)")
    return "\n".join(lines)


def _event(tenant: Tenant, row: DueRow, school: str, as_of: date, stamp: datetime,
           alarm_days: int | None) -> Event:
    event = Event()
    event.add("uid", _uid(tenant, row))
    event.add("dtstamp", stamp)
    event.add("dtstart", row.due_on)
    event.add("dtend", row.due_on + timedelta(days=1))
    event.add("summary", f"{KINDS_RU.get(row.kind, row.kind)}: {row.title} — {school}")
    event.add("description", _description(row, school, as_of))
    event.add("categories", [KINDS_RU.get(row.kind, row.kind)])
    event.add("transp", "TRANSPARENT")
    event.add("x-cascade-school", row.school)
    event.add("x-cascade-kind", row.kind)
    event.add("status", "CANCELLED" if row.status in ("cancelled", "closed_by_exit") else "CONFIRMED")
    if alarm_days is not None and row.obligation and row.status == "due":
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Срок {row.due_on:%d.%m.%Y}: {row.title}")
        alarm.add("trigger", timedelta(days=-alarm_days))
        event.add_component(alarm)
    return event


def feed_rows(store: ViewStore, tenant: Tenant, school: str | None, as_of: date) -> list[DueRow]:
    """Every row of the tenant's monitoring calendar (of one school), statuses for `as_of`."""
    return monitoring_calendar(store, tenant.id, FIRST_DATE, LAST_DATE, school, None, as_of).rows


def feed(store: ViewStore, tenant: Tenant, school: str | None, as_of: date,
         alarm_days: int | None = None) -> bytes:
    """The feed as iCalendar bytes (blocking): the municipality's, or one school's."""
    names = school_names(store, [tenant.id])
    name = tenant.name if school is None else f"{names.get((tenant.id, school), school)}, {tenant.name}"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Каскад: сроки — {name}")
    calendar.add("x-wr-timezone", tenant.timezone)
    stamp = datetime.now(UTC).replace(microsecond=0)
    for row in feed_rows(store, tenant, school, as_of):
        school_name = names.get((tenant.id, row.school), row.school)
        calendar.add_component(_event(tenant, row, school_name, as_of, stamp, alarm_days))
    return calendar.to_ical()


def entity_tag(body: bytes) -> str:
    """The feed's ETag: its bytes without the DTSTAMP lines (the instant of each fetch)."""
    lines = [line for line in body.splitlines() if not line.startswith(b"DTSTAMP")]
    return hashlib.sha256(b"\n".join(lines)).hexdigest()[:32]
