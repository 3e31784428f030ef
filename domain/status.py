"""Derived statuses (overdue, on time, late, missed), judged here once and never stored (domain.md)."""

from __future__ import annotations

from datetime import date
from typing import Literal

#: An obligation (something a school owes) as of a date.
#: closed_by_exit: «закрыто выходом из программы», due after the school left and not done (W5).
ObligationStatus = Literal["on_time", "late", "missed", "due", "cancelled", "closed_by_exit"]
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
    due_on: date, done_on: date | None, cancelled: bool, as_of: date, closed_by_exit: bool = False
) -> ObligationStatus:
    """Only missed versus due depends on `as_of`; a done obligation is on time or late for good.

    An obligation due after its school left the programme and not done is closed by the exit,
    never missed: after an exit the school owes nothing further (W5, 001 goal of the programme).
    """
    if cancelled:
        return "cancelled"
    if done_on is not None:
        return "on_time" if is_on_time(due_on, done_on) else "late"
    if closed_by_exit:
        return "closed_by_exit"
    return "missed" if is_missed(due_on, done_on, cancelled, as_of) else "due"


def informational_status(
    due_on: date, done_on: date | None, cancelled: bool, as_of: date
) -> InformationalStatus:
    """A limit or a term: done, passed (its day is behind `as_of`), due or cancelled."""
    if cancelled:
        return "cancelled"
    if done_on is not None:
        return "done"
    return "passed" if due_on < as_of else "due"
