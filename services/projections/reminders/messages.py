"""The reminders' Russian text: subject, plain text and HTML of each kind of message."""

from __future__ import annotations

from datetime import date
from html import escape

from services.projections.schedule.queries import DueRow

SIGNATURE = "Каскад — мониторинг программы поддержки школ (ШНОР/ШФНСУ)"
FOOTER = ("Чтобы отключить напоминания, отправьте команду switch_reminders "
          "с \"enabled\": false (docs/reminders.md).")


def _date(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def _html(heading: str, paragraphs: list[str], items: list[str]) -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    listing = f"<ul>{''.join(f'<li>{escape(i)}</li>' for i in items)}</ul>" if items else ""
    return (f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{escape(heading)}</title>'
            f"</head><body><h1>{escape(heading)}</h1>{body}{listing}"
            f"<p><small>{escape(FOOTER)}</small></p><p>{escape(SIGNATURE)}</p></body></html>")


def _text(paragraphs: list[str], items: list[str]) -> str:
    listing = "\n\n" + "\n".join(f"— {i}" for i in items) if items else ""
    return "\n\n".join(paragraphs) + listing + f"\n\n{FOOTER}\n\n-- \n{SIGNATURE}\n"


def upcoming(row: DueRow, school: str, days: int) -> tuple[str, str, str]:
    """N days before the due date: (subject, text, html)."""
    subject = f"Напоминание: срок {_date(row.due_on)} — {row.title}"
    when = "завтра" if days == 1 else f"через {days} дн."
    paragraphs = ["Здравствуйте!",
                  f"{when.capitalize()}, {_date(row.due_on)}, истекает срок: {row.title}.",
                  f"Школа: {school}."]
    return subject, _text(paragraphs, []), _html(subject, paragraphs, [])


def missed(row: DueRow, school: str) -> tuple[str, str, str]:
    """The day after the due date, still not done: (subject, text, html)."""
    subject = f"Срок пропущен: {row.title} (до {_date(row.due_on)})"
    paragraphs = ["Здравствуйте!",
                  f"Срок «{row.title}» истёк {_date(row.due_on)}, выполнение не отмечено.",
                  f"Школа: {school}. Выполните и отметьте его как можно скорее."]
    return subject, _text(paragraphs, []), _html(subject, paragraphs, [])


def digest(tenant_name: str, week: str, rows: list[DueRow], names: dict[str, str]) -> tuple[str, str, str]:
    """The weekly digest to the municipal officer: what is overdue in the municipality."""
    subject = f"Сводка за неделю {week}: просрочено {len(rows)} — {tenant_name}"
    paragraphs = ["Здравствуйте!", f"Просроченные обязательства ({tenant_name}), всего {len(rows)}:"]
    items = [f"{names.get(r.school, r.school)}: {r.title} — срок {_date(r.due_on)}" for r in rows]
    return subject, _text(paragraphs, items), _html(subject, paragraphs, items)
