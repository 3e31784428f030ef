"""Import of regional results per school and year, one command per row batch (004 §3.2)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from domain.imports import FileImport
from domain.results import ResultRow, SchoolResults, check_row
from domain.roles import REGION_OPERATOR
from services.commands.catalogue.common import (
    Basis,
    Key,
    Number,
    OptionalLine,
    ShortText,
    Year,
    basis_or_none,
)
from services.commands.registry import Command, handles
from services.commands.session import Session


class ResultLine(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One value of a school and year, e.g. ВПР failing share 32.5 % in 2023."""

    municipality: Key
    school: Key
    school_name: ShortText
    year: Year
    indicator: Key
    value: Number

    def to_domain(self) -> ResultRow:
        return ResultRow(self.municipality, self.school, self.school_name, self.year,
                         self.indicator, self.value)


Count = Annotated[int, msgspec.Meta(ge=0, le=10_000_000)]


class ResultsFile(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The file a last batch closes (docs/imports.md): its hash and the counts of the batches before.

    `rows` and `refused` count the whole file's data rows; `written` and `unchanged` the rows of
    the earlier batches (this batch adds its own)."""

    sha256: Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{64}$", description="SHA-256 of the file, hex")]
    rows: Count
    refused: Count = 0
    written: Count = 0
    unchanged: Count = 0


class ImportResults(Command, tag="import_results"):
    """Record a batch of results (ГИА, ВПР, the context index) with their source.

    The whole batch is written or, if one row is wrong, nothing: the refusal names the row and
    the column, e.g. `rows[3].value`. The same value again is nothing new. The last batch of a
    file names it (`file`): its import is then recorded once, in this batch's transaction.
    """

    source: ShortText
    rows: Annotated[list[ResultLine], msgspec.Meta(min_length=1, max_length=1000)]
    file: ResultsFile | None = None


@handles(ImportResults, roles=frozenset({REGION_OPERATOR}), tenants=("region",))
def import_results(cmd: ImportResults, session: Session) -> None:
    rows = [check_row(line.to_domain(), f"rows[{index}]") for index, line in enumerate(cmd.rows)]
    streams: dict[str, SchoolResults] = {}
    written = 0
    for row in rows:
        key = SchoolResults.key_for(row.municipality, row.school)
        results = streams.get(key)
        if results is None:
            stream = SchoolResults.create_id(session.meta, row.municipality, row.school)
            found = session.find(SchoolResults, stream)
            results = session.add(found) if found is not None else session.new(
                SchoolResults.open(session.meta, row.municipality, row.school, row.school_name),
                "school", key,
            )
            streams[key] = results
        written += results.record(session.meta, row.year, row.indicator, row.value, cmd.source)
    if cmd.file is not None:
        _record_file(cmd.file, cmd.source, written, len(rows) - written, session)


def _record_file(file: ResultsFile, source: str, written: int, unchanged: int, session: Session) -> None:
    """The file's FileImport (kind "results"), once per file: a re-upload records nothing."""
    stream = FileImport.create_id(session.meta, "results", file.sha256)
    if session.find(FileImport, stream) is None:
        counts = (file.rows, file.written + written, file.unchanged + unchanged, file.refused)
        session.new(FileImport.record(session.meta, "results", source, file.sha256, counts),
                    "sha256", file.sha256)


class DecideIdentificationProposal(Command, tag="decide_identification_proposal"):
    """Confirm (citing the list's basis) or reject (saying why) the rule's proposal of a school
    for a year (004 §3.2). A confirmed school is then identified in its municipality with
    identify_school on the same basis: nothing is identified without a person confirming."""

    municipality: Key
    school: Key
    year: Year
    rule: ShortText
    confirmed: bool
    reason: OptionalLine = ""
    basis: Basis | None = None


@handles(DecideIdentificationProposal, roles=frozenset({REGION_OPERATOR}), tenants=("region",))
def decide_identification_proposal(cmd: DecideIdentificationProposal, session: Session) -> None:
    key = SchoolResults.key_for(cmd.municipality, cmd.school)
    stream = SchoolResults.create_id(session.meta, cmd.municipality, cmd.school)
    results = session.target(SchoolResults, stream, "school", key)
    results.decide_proposal(session.meta, cmd.year, cmd.rule, cmd.confirmed, cmd.reason,
                            basis_or_none(cmd.basis))
