"""Import of a municipality's school list (docs/imports.md): one command per file, atomic.

Each row registers a school not yet registered and records the list's description of it (short
name, address, director, categories as listed); a school already registered the same writes
nothing, so re-uploading a file writes nothing new. The import itself is recorded once per file
(FileImport: its SHA-256 and counts), which the audit trail shows with the command's correlation id.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from domain.imports import FileImport
from domain.people import Person as PersonRecord
from domain.roles import MUNICIPALITY_ONLY
from domain.school import School
from services.commands.catalogue.common import Key, OptionalLine, ShortText
from services.commands.catalogue.partnership import Person
from services.commands.registry import Command, handles
from services.commands.session import Session

#: The categories a list may name: ШНОР, ШФНСУ (004 §3.2) and the designations (001, 002 §1.3, 004 §3.3).
ListedCategory = Literal["low_results", "adverse_conditions", "leader_school", "network_centre",
                         "base_support_site"]
Sha256 = Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{64}$", description="SHA-256 of the file, hex")]


class SchoolLine(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One school of the list, e.g. {"school": "k-fed", "name": "МБОУ «Фёдоровская СОШ»"}."""

    school: Key
    name: ShortText
    short_name: OptionalLine = ""
    address: OptionalLine = ""
    director: Person | None = None
    categories: Annotated[list[ListedCategory], msgspec.Meta(max_length=5)] = []

    def director_record(self) -> PersonRecord | None:
        return None if self.director is None else PersonRecord(
            self.director.full_name, self.director.position, self.director.contact)


class ImportSchools(Command, tag="import_schools"):
    """Register the schools of the municipality's list and record how it describes them.

    `sha256` and `source` name the file; `refused` counts the file's rows left out because the
    dry run found errors in them. A school already registered the same is left as it is.
    """

    source: ShortText
    sha256: Sha256
    rows: Annotated[list[SchoolLine], msgspec.Meta(min_length=1, max_length=1000)]
    refused: Annotated[int, msgspec.Meta(ge=0, le=100_000)] = 0


def unchanged(school: School | None, line: SchoolLine) -> bool:
    """Registered and described the same: the row writes nothing (a registered name stays)."""
    return school is not None and not school.details_differ(
        line.short_name, line.address, line.director_record(), tuple(line.categories))


@handles(ImportSchools, roles=MUNICIPALITY_ONLY)
def import_schools(cmd: ImportSchools, session: Session) -> None:
    written = 0
    for line in cmd.rows:
        found = session.find(School, School.stream_for(session.tenant.id, line.school))
        if unchanged(found, line):
            continue
        if found is None:
            school = session.new(School.register(session.meta, line.school, line.name), "school", line.school)
        else:
            school = session.add(found)
        written += school.record_details(session.meta, line.short_name, line.address,
                                         line.director_record(), tuple(line.categories)) or found is None
    stream = FileImport.create_id(session.meta, "schools", cmd.sha256)
    if session.find(FileImport, stream) is None:
        counts = (len(cmd.rows) + cmd.refused, written, len(cmd.rows) - written, cmd.refused)
        session.new(FileImport.record(session.meta, "schools", cmd.source, cmd.sha256, counts),
                    "sha256", cmd.sha256)
