"""A tenant's deadline rules, changed by its own order from a date (domain.md, Deadline rules).

One stream per tenant. Each change names the values it changes, the date it takes effect and the
order it rests on; the rules in force on a day are those of the latest change effective by then,
or the documents' defaults (`domain.rules.DEFAULT_RULES`) before any change. A change never
rewrites the past: a command judged on an earlier day keeps the rules then in force.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec
from eventsourcing.domain import event

from domain.base import CascadeAggregate, InvalidValue, Provenance, check_business_date
from domain.duty import DutyOrder, check_order
from domain.rules import DEFAULT_RULES, DeadlineRules

#: The one key of a tenant's rules stream.
KEY = "deadline-rules"


class RulesVersion(msgspec.Struct, frozen=True):
    """The whole set of rules in force from `effective_from` until the next version."""

    effective_from: date
    rules: DeadlineRules
    order: DutyOrder


def rules_on(versions: tuple[RulesVersion, ...], day: date) -> DeadlineRules:
    """The rules in force on `day`: the latest version effective by then, else the defaults."""
    found = DEFAULT_RULES
    for version in versions:
        if version.effective_from <= day:
            found = version.rules
    return found


def changed_rules(base: DeadlineRules, changes: dict[str, Any]) -> DeadlineRules:
    """`base` with `changes` applied, validated field by field (InvalidValue names the field)."""
    if not changes:
        raise InvalidValue("changes", "must change at least one rule")
    unknown = sorted(set(changes) - set(DeadlineRules.__struct_fields__))
    if unknown:
        raise InvalidValue(unknown[0], "is not a deadline rule")
    return msgspec.structs.replace(base, **changes)


class TenantRules(CascadeAggregate):
    """The deadline rules of one tenant as its orders changed them."""

    stream_kind = "rules"

    class Opened(CascadeAggregate.Created):
        """The tenant's rules stream exists; the documents' defaults are in force."""

        key: str

    class Changed(CascadeAggregate.Event):
        """A change by an order; `rules` is the whole set in force from `effective_from`."""

        rules: DeadlineRules
        effective_from: date
        order: DutyOrder

    @classmethod
    def open(cls, meta: Provenance) -> TenantRules:
        return cls._create(cls.Opened, meta=meta, key=KEY)

    def __init__(self, meta: Provenance, key: str) -> None:
        self.key = key
        self.versions: tuple[RulesVersion, ...] = ()

    def change(self, meta: Provenance, changes: dict[str, Any], effective_from: date,
               order: DutyOrder) -> None:
        """An order changes the rules from its own date, on top of those then in force."""
        check_business_date(effective_from, "effective_from")
        if self.versions and effective_from <= self.versions[-1].effective_from:
            raise InvalidValue("effective_from", "must be after {effective_from}, the date the rules in force took effect", effective_from=self.versions[-1].effective_from)
        self._changed(meta=meta, rules=changed_rules(self.on(effective_from), changes),
                      effective_from=effective_from, order=check_order(order))

    @event(Changed)
    def _changed(self, meta: Provenance, rules: DeadlineRules, effective_from: date,
                 order: DutyOrder) -> None:
        self.versions = (*self.versions, RulesVersion(effective_from, rules, order))

    def on(self, day: date) -> DeadlineRules:
        """The rules in force on `day`."""
        return rules_on(self.versions, day)
