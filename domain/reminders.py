"""Who gets e-mail reminders of what they owe, at which address, and whether they want them.

One stream per person (their token's subject) in the tenant they act in. The address is
personal data (152-ФЗ): it is held in a `Person` (full name, contact = the address), which the
log stores encrypted under the person's key (tenants/mapper.py), so erasure on request
(services/privacy) makes it unreadable and no reminder can reach it any more. A person can
switch reminders off and on again; the reminders read model never stores the address.
"""

from __future__ import annotations

import hashlib
import re

from eventsourcing.domain import event

from domain.base import CascadeAggregate, InvalidValue, Provenance
from domain.people import Person, check_person

_ADDRESS = re.compile(r"^[^@\s<>\"]{1,64}@[^@\s<>\"]+\.[^@\s<>\"]+$")


def subscriber_key(subject: str) -> str:
    """The stream key of a person's subscription: subjects may hold characters keys may not."""
    return "s-" + hashlib.sha256(f"cascade-subscriber\n{subject}".encode()).hexdigest()[:40]


def check_address(address: str, field: str) -> str:
    """An e-mail address: local part, @, a domain with a dot; no spaces or angle brackets."""
    if len(address) > 254 or not _ADDRESS.match(address):
        raise InvalidValue(field, "must be an e-mail address such as name@example.org")
    return address


class ReminderSubscription(CascadeAggregate):
    """One person's reminders: their address (encrypted), their role's scope, on or off."""

    stream_kind = "reminder_subscription"

    class Subscribed(CascadeAggregate.Created):
        """The person gave an address; reminders are on."""

        key: str
        subject: str
        role: str
        school: str | None
        person: Person

    class AddressChanged(CascadeAggregate.Event):
        person: Person

    class SwitchedOff(CascadeAggregate.Event):
        """The person wants no more reminders or digests (those already sent stay recorded)."""

    class SwitchedOn(CascadeAggregate.Event):
        """Reminders again, from the next one due."""

    @classmethod
    def subscribe(cls, meta: Provenance, subject: str, role: str, school: str | None,
                  person: Person) -> ReminderSubscription:
        check_person(person, "full_name")
        check_address(person.contact, "email")
        return cls._create(cls.Subscribed, meta=meta, key=subscriber_key(subject), subject=subject,
                           role=role, school=school, person=person)

    def __init__(self, meta: Provenance, key: str, subject: str, role: str, school: str | None,
                 person: Person) -> None:
        self.key = key
        self.subject = subject
        self.role = role
        self.school = school
        self.person = person
        self.enabled = True

    def change_address(self, meta: Provenance, person: Person) -> None:
        check_person(person, "full_name")
        check_address(person.contact, "email")
        self._address_changed(meta=meta, person=person)

    @event(AddressChanged)
    def _address_changed(self, meta: Provenance, person: Person) -> None:
        self.person = person

    def switch(self, meta: Provenance, enabled: bool) -> None:
        self._require(enabled != self.enabled, "reminders are already {value}", "enabled", value='on' if enabled else 'off')
        if enabled:
            self._switched_on(meta=meta)
        else:
            self._switched_off(meta=meta)

    @event(SwitchedOff)
    def _switched_off(self, meta: Provenance) -> None:
        self.enabled = False

    @event(SwitchedOn)
    def _switched_on(self, meta: Provenance) -> None:
        self.enabled = True
