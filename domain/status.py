"""Derived statuses (overdue, on time, late, missed), judged here once and never stored (domain.md)."""

from __future__ import annotations

from datetime import date
from typing import Literal

#: An obligation (something a school owes) as of a date.
#: closed_by_exit: «закрыто выходом из программы», due after the school left and not done (W5).
#: rescheduled: moved to another day (W7) and not yet due there; judged against the new day.
ObligationStatus = Literal["on_time", "late", "missed", "due", "cancelled", "closed_by_exit", "rescheduled"]
#: One occurrence of a roadmap item (W7): "pending" is an obligation's "due".
OccurrenceStatus = Literal[
    "on_time", "late", "missed", "pending", "cancelled", "closed_by_exit", "rescheduled"
]
#: An informational date (a limit or a term) as of a date.
InformationalStatus = Literal["done", "passed", "due", "cancelled"]

#: Stored item statuses that are still open, so can become overdue.
OPEN_ITEM_STATUSES: frozenset[str] = frozenset({"planned", "in_progress"})


def is_overdue(status: str, final_due: date | None, as_of: date) -> bool:
    """A roadmap item still open after its last due date; one without a final date never is."""
    return status in OPEN_ITEM_STATUSES and final_due is not None and final_due < as_of


def is_closed_by_exit(status: str, final_due: date | None, exited_on: date | None) -> bool:
    """W5: an item still open whose last due date (none: open-ended) lies after its school's exit."""
    return (exited_on is not None and status in OPEN_ITEM_STATUSES
            and (final_due is None or final_due > exited_on))


def is_on_time(due_on: date, done_on: date | None) -> bool:
    """Done on or before the day it was due."""
    return done_on is not None and done_on <= due_on


def is_missed(due_on: date, done_on: date | None, cancelled: bool, as_of: date) -> bool:
    """Neither done nor cancelled, and its day has passed."""
    return not cancelled and done_on is None and due_on < as_of


def is_done_by(done_on: date | None, as_of: date) -> bool:
    """Done on or before the date asked about."""
    return done_on is not None and done_on <= as_of


def obligation_status(
    due_on: date, done_on: date | None, cancelled: bool, as_of: date, closed_by_exit: bool = False,
    moved: bool = False,
) -> ObligationStatus:
    """Only missed versus due depends on `as_of`; a done obligation is on time or late for good.

    An obligation due after its school left the programme and not done is closed by the exit,
    never missed: after an exit the school owes nothing further (W5, 001 goal of the programme).
    One moved to another day (`moved`, W7) is judged against that day: rescheduled until then.
    """
    if cancelled:
        return "cancelled"
    if done_on is not None:
        return "on_time" if is_on_time(due_on, done_on) else "late"
    if closed_by_exit:
        return "closed_by_exit"
    if is_missed(due_on, done_on, cancelled, as_of):
        return "missed"
    return "rescheduled" if moved else "due"


def occurrence_status(
    due_on: date, done_on: date | None, cancelled_on: date | None, as_of: date,
    exited_on: date | None = None, moved: bool = False,
) -> OccurrenceStatus:
    """One occurrence of a roadmap item as of a business date (W7), from effective dates: done
    or cancelled only from the day it was, so `as_of` before it shows what was due then; due
    after its school's exit and not done: closed by the exit (W5)."""
    done = done_on if done_on is not None and done_on <= as_of else None
    cancelled = cancelled_on is not None and cancelled_on <= as_of and done is None
    closed = exited_on is not None and due_on > exited_on
    status = obligation_status(due_on, done, cancelled, as_of, closed, moved)
    return "pending" if status == "due" else status


def informational_status(
    due_on: date, done_on: date | None, cancelled: bool, as_of: date
) -> InformationalStatus:
    """A limit or a term: done, passed (its day is behind `as_of`), due or cancelled."""
    if cancelled:
        return "cancelled"
    if done_on is not None:
        return "done"
    return "passed" if due_on < as_of else "due"
