"""People in roles, read from the partnership's own stream when shown: never from a view table.

The log holds each Person encrypted under its own key (tenants/mapper.py); loading the
partnership decrypts it, or gives `ERASED_PERSON` once the key was destroyed (erasure,
services/privacy/erasure.py). So a register shows a name only while it is decryptable, an
erased person as erased, and no view table ever holds a name (152-ФЗ).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import msgspec
from eventsourcing.application import AggregateNotFoundError

from domain.appointment import PARTNERSHIP_POSTS, Appointment, holder_on, partnership_post_key
from domain.partnership import Partnership
from domain.people import Person
from services.projections.registers.answers import (
    PartnershipEntry,
    PersonEntry,
    PersonShown,
    SchoolEntry,
)
from services.projections.registers.search import fold
from tenants.backends import Backend
from tenants.mapper import is_erased

#: The roles a partnership names (000 app. 1, 003 p.2), and the side each works at.
ROLES = (("coordinator", "supported"), ("curator", "partner"), ("municipal_coordinator", None))


#: The appointment post of each role a partnership names.
_POST = {role: post for post, role in PARTNERSHIP_POSTS.items()}


def shown(role: str, person: Person) -> PersonShown:
    if is_erased(person):
        return PersonShown(role, None, None, True)
    return PersonShown(role, person.full_name, person.position, False)


class People:
    """Loads each partnership's people once per answer, as they stood on `day`."""

    def __init__(self, backend: Backend, day: date) -> None:
        self.backend = backend
        self.day = day
        self._cache: dict[tuple[str, str], list[PersonShown]] = {}

    def _holder(self, tenant: str, partnership: str, role: str, named: Person) -> Person:
        """The person in the post on `day`: a replacement by order (003 p.2) from its date, else
        the one the assignment named (its post's stream `<partnership>.<role>`)."""
        repository = self.backend.application(tenant).repository
        try:
            post = repository.get(Appointment.stream_for(tenant, partnership_post_key(partnership, _POST[role])))
        except AggregateNotFoundError:
            return named
        held = holder_on(post.tenures, post.ended_on, self.day)
        return held.person if held is not None else named

    def of(self, tenant: str, partnership: str) -> list[PersonShown]:
        key = (tenant, partnership)
        if key not in self._cache:
            try:
                found = self.backend.application(tenant).repository.get(
                    Partnership.stream_for(tenant, partnership))
            except AggregateNotFoundError:  # a row of a store rebuilt from another log
                self._cache[key] = []
            else:
                self._cache[key] = [shown(role, self._holder(tenant, partnership, role, getattr(found, role)))
                                    for role, _ in ROLES]
        return self._cache[key]

    def schools(self, rows: Iterable[SchoolEntry]) -> list[SchoolEntry]:
        return [msgspec.structs.replace(r, people=self.of(r.tenant_id, r.partnership))
                if r.partnership else r for r in rows]

    def partnerships(self, rows: Iterable[PartnershipEntry]) -> list[PartnershipEntry]:
        return [msgspec.structs.replace(r, people=self.of(r.tenant_id, r.partnership))
                if r.site_support is None else r for r in rows]  # a site's support names nobody

    def entries(self, partnerships: Iterable[PartnershipEntry], role: str | None = None,
                q: str | None = None) -> list[PersonEntry]:
        """One row per person in a role of each partnership; `q` searches the names shown."""
        wanted = fold(q) if q and q.strip() else None
        found = []
        for row in partnerships:
            for person, (name, side) in zip(self.of(row.tenant_id, row.partnership), ROLES, strict=False):
                if role is not None and name != role:
                    continue
                if wanted is not None and (person.full_name is None or wanted not in fold(person.full_name)):
                    continue
                school = {"supported": (row.supported_school, row.supported_name),
                          "partner": (row.partner_school, row.partner_name)}.get(side or "", (None, None))
                found.append(PersonEntry(row.tenant_id, row.partnership, name, school[0], school[1], person))
        return found
