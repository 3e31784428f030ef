"""People in roles, read from the partnership's own stream when shown: never from a view table.

The log holds each Person encrypted under its own key (tenants/mapper.py); loading the
partnership decrypts it, or gives `ERASED_PERSON` once the key was destroyed (erasure,
services/privacy/erasure.py). So a register shows a name only while it is decryptable, an
erased person as erased, and no view table ever holds a name (152-ФЗ).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
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
from services.projections.registers.paging import Built
from services.projections.registers.search import fold
from tenants import stream_reads
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
    """Loads each partnership's people once per answer, as they stood on `day`: a partnership's
    stream and, per role shown, its post's stream, only for the rows shown (issue 16 goal 2)."""

    def __init__(self, backend: Backend, day: date) -> None:
        self.backend = backend
        self.day = day
        self._found: dict[tuple[str, str], Partnership | None] = {}
        self._shown: dict[tuple[str, str, str], PersonShown] = {}
        #: Post streams read ahead by `read_ahead` (None: the post does not exist).
        self._posts: dict[tuple[str, str, str], Appointment | None] = {}

    def read_ahead(self, keys: Iterable[tuple[str, str]]) -> None:
        """The partnerships (tenant, key) about to be shown and their three posts, one query per
        tenant (tenants/stream_reads.py) instead of two round trips per stream."""
        by_tenant: dict[str, list[str]] = {}
        for tenant, partnership in keys:
            if partnership and (tenant, partnership) not in self._found:
                by_tenant.setdefault(tenant, []).append(partnership)
        for tenant, partnerships in by_tenant.items():
            app = self.backend.application(tenant)
            if not stream_reads.supported(app):
                continue
            streams = {Partnership.stream_for(tenant, p): (p, None) for p in partnerships}
            streams.update({Appointment.stream_for(tenant, partnership_post_key(p, post)): (p, role)
                            for p in partnerships for post, role in PARTNERSHIP_POSTS.items()})
            loaded = stream_reads.load_many(app, list(streams))
            for stream, (partnership, role) in streams.items():
                if role is None:
                    self._found[(tenant, partnership)] = loaded.get(stream)
                else:
                    self._posts[(tenant, partnership, role)] = loaded.get(stream)

    def _holder(self, tenant: str, partnership: str, role: str, named: Person) -> Person:
        """The person in the post on `day`: a replacement by order (003 p.2) from its date, else
        the one the assignment named (its post's stream `<partnership>.<role>`)."""
        if (tenant, partnership, role) in self._posts:
            post = self._posts[(tenant, partnership, role)]
            if post is None:
                return named
        else:
            repository = self.backend.application(tenant).repository
            try:
                post = repository.get(Appointment.stream_for(tenant, partnership_post_key(partnership, _POST[role])))
            except AggregateNotFoundError:
                return named
        held = holder_on(post.tenures, post.ended_on, self.day)
        return held.person if held is not None else named

    def _partnership(self, tenant: str, partnership: str) -> Partnership | None:
        key = (tenant, partnership)
        if key not in self._found:
            try:
                self._found[key] = self.backend.application(tenant).repository.get(
                    Partnership.stream_for(tenant, partnership))
            except AggregateNotFoundError:  # a row of a store rebuilt from another log
                self._found[key] = None
        return self._found[key]

    def person(self, tenant: str, partnership: str, role: str) -> PersonShown | None:
        """Who holds `role` of the partnership on `day`; None when the log has no such partnership."""
        key = (tenant, partnership, role)
        if key not in self._shown:
            found = self._partnership(tenant, partnership)
            if found is None:
                return None
            self._shown[key] = shown(role, self._holder(tenant, partnership, role, getattr(found, role)))
        return self._shown[key]

    def of(self, tenant: str, partnership: str) -> list[PersonShown]:
        people = [self.person(tenant, partnership, role) for role, _ in ROLES]
        return [p for p in people if p is not None]

    def schools(self, rows: Sequence[SchoolEntry]) -> list[SchoolEntry]:
        self.read_ahead((r.tenant_id, r.partnership) for r in rows if r.partnership)
        return [msgspec.structs.replace(r, people=self.of(r.tenant_id, r.partnership))
                if r.partnership else r for r in rows]

    def partnerships(self, rows: Sequence[PartnershipEntry]) -> list[PartnershipEntry]:
        self.read_ahead((r.tenant_id, r.partnership) for r in rows if r.site_support is None)
        return [msgspec.structs.replace(r, people=self.of(r.tenant_id, r.partnership))
                if r.site_support is None else r for r in rows]  # a site's support names nobody

    def _entry(self, row: PartnershipEntry, role: str, side: str | None) -> PersonEntry | None:
        person = self.person(row.tenant_id, row.partnership, role)
        if person is None:
            return None
        school = {"supported": (row.supported_school, row.supported_name),
                  "partner": (row.partner_school, row.partner_name)}.get(side or "", (None, None))
        return PersonEntry(row.tenant_id, row.partnership, role, school[0], school[1], person)

    def entries(self, partnerships: Iterable[PartnershipEntry], role: str | None = None,
                q: str | None = None) -> Sequence[PersonEntry]:
        """One row per person in a role of each partnership; `q` searches the names shown, so
        every row is decrypted; without it only the rows read (the page) are."""
        slots = [(row, name, side) for row in partnerships for name, side in ROLES
                 if role is None or name == role]
        if not (q and q.strip()):
            return _Shown(slots, lambda slot: self._entry(*slot), self)
        wanted = fold(q)
        self.read_ahead((row.tenant_id, row.partnership) for row, _, _ in slots)
        found = (self._entry(*slot) for slot in slots)
        return [e for e in found if e is not None and e.person.full_name is not None
                and wanted in fold(e.person.full_name)]


class _Shown(Built[PersonEntry | None]):
    """The people register's rows decrypted as read; a partnership the log lacks (a store rebuilt
    from another log) shows no row, as before (its slots still count in the total)."""

    def __iter__(self) -> Iterator[PersonEntry]:  # type: ignore[override]
        return (e for e in super().__iter__() if e is not None)

    def __init__(self, slots: Sequence, build: Callable, people: People) -> None:  # type: ignore[type-arg]
        super().__init__(slots, build)
        self.people = people

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        if isinstance(index, slice):  # a page: its partnerships and posts read in one query per tenant
            self.people.read_ahead((row.tenant_id, row.partnership) for row, _, _ in self.rows[index])
        found = super().__getitem__(index)
        return [e for e in found if e is not None] if isinstance(index, slice) else found
