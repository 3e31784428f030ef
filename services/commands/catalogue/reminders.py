"""A person's own e-mail reminders: give an address, switch them off or on (docs/reminders.md).

Each command acts on the caller's own subscription only (its token's subject): nobody sets or
switches another person's reminders. The address is stored encrypted with the person's name
(domain/reminders.py), erasable on request like every personal datum (152-ФЗ).
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from domain.people import Person
from domain.reminders import ReminderSubscription, subscriber_key
from domain.roles import WRITERS
from services.commands.catalogue.common import OptionalLine, ShortText
from services.commands.registry import Command, handles
from services.commands.session import Session

Address = Annotated[str, msgspec.Meta(min_length=3, max_length=254, pattern=r"^[^@\s<>\"]+@[^@\s<>\"]+$")]


class SubscribeReminders(Command, tag="subscribe_reminders"):
    """Send me reminders of what I owe (a school user) or the weekly digest (an officer) at `email`.

    Repeating it with another address changes the address; reminders are switched on with
    `switch_reminders`."""

    full_name: ShortText
    email: Address
    position: OptionalLine = ""


class SwitchReminders(Command, tag="switch_reminders"):
    """Switch my reminders off (`enabled: false`) or on again."""

    enabled: bool


@handles(SubscribeReminders, roles=WRITERS)
def subscribe_reminders(cmd: SubscribeReminders, session: Session) -> None:
    principal, key = session.principal, subscriber_key(session.principal.subject)
    person = Person(cmd.full_name, cmd.position, cmd.email)
    found = session.find(ReminderSubscription, ReminderSubscription.stream_for(session.tenant.id, key))
    if found is None:
        session.new(ReminderSubscription.subscribe(session.meta, principal.subject, principal.role,
                                                   principal.school, person), "subscription", key)
    else:
        session.target(ReminderSubscription, found.id, "subscription", key).change_address(
            session.meta, person)


@handles(SwitchReminders, roles=WRITERS)
def switch_reminders(cmd: SwitchReminders, session: Session) -> None:
    key = subscriber_key(session.principal.subject)
    subscription = session.target(ReminderSubscription,
                                  ReminderSubscription.stream_for(session.tenant.id, key),
                                  "subscription", key)
    subscription.switch(session.meta, cmd.enabled)
