"""The tenant's deadline rules as the schedule view folds them (domain.md, Deadline rules).

The view remembers each `TenantRules.Changed` as (effective_from, rules) in its bookkeeping and
computes a row, when its event is read, by the rules in force on that event's date (the request
date of an internship, the signing or extension date of an agreement, the filing date of a
report). A change therefore applies to rows of events after it; rows of events read before keep
the rules then in force: the past is not rewritten.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from domain.deadline_rules import TenantRules
from domain.rules import DeadlineRules


def version(event: TenantRules.Changed) -> list[Any]:
    """What the view stores of a change: its effective date and the whole set of rules."""
    return [event.effective_from.isoformat(), msgspec.to_builtins(event.rules)]


def in_force(versions: list[list[Any]], day: date, default: DeadlineRules) -> DeadlineRules:
    """The rules of the latest version effective by `day`, else `default`."""
    found = default
    for effective_from, rules in versions:
        if date.fromisoformat(effective_from) <= day:
            found = msgspec.convert(rules, DeadlineRules)
    return found
