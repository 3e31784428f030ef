"""Results of regional analytic procedures per school and year (004 §3.2, 003 preamble).

The region imports, per school and year, the shares failing and the average scores of ГИА and
ВПР and the context index of social conditions; each value is kept with its source (the file
and the procedure), in the region's tenant, one stream per school of a municipality.
"""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import msgspec
from eventsourcing.domain import event

from domain.base import (
    CascadeAggregate,
    InvalidTransition,
    InvalidValue,
    Provenance,
    check_key,
    composite_key,
)
from domain.school import BasisDocument

# Indicators of the regional analytic procedures (004 §3.2; 003 preamble: «по результатам ГИА»).
GIA9_FAIL_SHARE = "gia9_fail_share"
GIA11_FAIL_SHARE = "gia11_fail_share"
VPR_FAIL_SHARE = "vpr_fail_share"
GIA9_AVERAGE = "gia9_average"
GIA11_AVERAGE = "gia11_average"
VPR_AVERAGE = "vpr_average"
CONTEXT_INDEX = "context_index"

#: Russian titles, for the import template and the assistant's table.
RESULT_INDICATORS: dict[str, str] = {
    GIA9_FAIL_SHARE: "ГИА-9: доля не получивших удовлетворительный результат, %",
    GIA11_FAIL_SHARE: "ГИА-11: доля не преодолевших минимальный порог, %",
    VPR_FAIL_SHARE: "ВПР: доля отметок «2», %",
    GIA9_AVERAGE: "ГИА-9: средний балл",
    GIA11_AVERAGE: "ГИА-11: средний балл",
    VPR_AVERAGE: "ВПР: средний балл",
    CONTEXT_INDEX: "Индекс социального контекста",
}
#: The procedures whose failing shares the «≥ N % failing in K procedures» rule counts.
FAIL_SHARES: tuple[str, ...] = (GIA9_FAIL_SHARE, GIA11_FAIL_SHARE, VPR_FAIL_SHARE)
_PERCENT = frozenset(FAIL_SHARES)


class ResultRow(msgspec.Struct, frozen=True):
    """One value of one school and year, as read from a row of the imported file."""

    municipality: str
    school: str
    school_name: str
    year: int
    indicator: str
    value: Decimal


def check_row(row: ResultRow, prefix: str) -> ResultRow:
    """Refuse a row naming its field, e.g. «rows[3].value: a percentage is 0-100»."""
    try:
        check_key(row.municipality, "municipality")
        check_key(row.school, "school")
        if not row.school_name.strip():
            raise InvalidValue("school_name", "must not be empty")
        if row.indicator not in RESULT_INDICATORS:
            raise InvalidValue("indicator", "must be one of {choices}", choices=', '.join(RESULT_INDICATORS))
        if not 2000 <= row.year <= 2100:
            raise InvalidValue("year", "must be a year from 2000 to 2100")
        if not row.value.is_finite() or row.value < 0:
            raise InvalidValue("value", "must be a finite number, not negative")
        if row.indicator in _PERCENT and row.value > 100:
            raise InvalidValue("value", "a percentage is 0-100")
    except InvalidValue as error:
        raise InvalidValue(f"{prefix}.{error.field}", error.template, **error.params) from None
    return row


class SchoolResults(CascadeAggregate):
    """The imported results of one school of a municipality, year by year, with their source."""

    stream_kind = "school_results"

    class Opened(CascadeAggregate.Created):
        municipality: str
        school: str
        school_name: str

    class Recorded(CascadeAggregate.Event):
        year: int
        indicator: str
        value: Decimal
        source: str

    class ProposalDecided(CascadeAggregate.Event):
        """A person's verdict on the rule's proposal for a year (004 §3.2)."""

        year: int
        rule: str
        confirmed: bool
        reason: str
        basis: BasisDocument | None

    @staticmethod
    def key_for(municipality: str, school: str) -> str:
        return composite_key(check_key(municipality, "municipality"), check_key(school, "school"))

    @staticmethod
    def create_id(meta: Provenance, municipality: str, school: str) -> UUID:
        return SchoolResults.stream_for(meta.tenant_id, SchoolResults.key_for(municipality, school))

    @classmethod
    def open(cls, meta: Provenance, municipality: str, school: str, school_name: str) -> SchoolResults:
        return cls._create(
            cls.Opened, meta=meta, municipality=municipality, school=school, school_name=school_name
        )

    def __init__(self, meta: Provenance, municipality: str, school: str, school_name: str) -> None:
        self.municipality = municipality
        self.school = school
        self.school_name = school_name
        self.values: dict[tuple[int, str], Decimal] = {}
        self.sources: dict[tuple[int, str], str] = {}
        self.decided: set[int] = set()

    def record(self, meta: Provenance, year: int, indicator: str, value: Decimal, source: str) -> bool:
        """Record a value; the same value again is nothing new (False), another one supersedes it
        (the log keeps both, each with its source)."""
        if not source.strip():
            raise InvalidValue("source", "must name the file or procedure the values come from")
        if self.values.get((year, indicator)) == value:
            return False
        self._recorded(meta=meta, year=year, indicator=indicator, value=value, source=source)
        return True

    @event(Recorded)
    def _recorded(self, meta: Provenance, year: int, indicator: str, value: Decimal, source: str) -> None:
        self.values[(year, indicator)] = value
        self.sources[(year, indicator)] = source

    def figure(self, year: int, indicator: str, field: str) -> tuple[Decimal, str]:
        """The latest value of an indicator in a year with its source, or a refusal naming `field`."""
        if (year, indicator) not in self.values:
            raise InvalidValue(field, "school {school} of {municipality} has no imported value of {indicator} for {year}", school=self.school, municipality=self.municipality, indicator=indicator, year=year)
        return self.values[(year, indicator)], self.sources[(year, indicator)]

    def decide_proposal(
        self, meta: Provenance, year: int, rule: str, confirmed: bool, reason: str,
        basis: BasisDocument | None,
    ) -> None:
        """004 §3.2: a person confirms (with the list's basis) or rejects (with a reason) the
        proposal for a year with results, once; the identification itself is then recorded in
        the school's municipality (identify_school)."""
        if not any(y == year for y, _ in self.values):
            raise InvalidTransition("school {school} has no results of {year}", "year", school=self.school, year=year)
        if year in self.decided:
            raise InvalidTransition("the proposal for school {school} in {year} is already decided", "year", school=self.school, year=year)
        if confirmed and basis is None:
            raise InvalidValue("basis", "a confirmation cites the list or order it rests on")
        if not confirmed and not reason.strip():
            raise InvalidValue("reason", "a rejection says why")
        self._proposal_decided(meta=meta, year=year, rule=rule, confirmed=confirmed,
                               reason=reason.strip(), basis=basis)

    @event(ProposalDecided)
    def _proposal_decided(
        self, meta: Provenance, year: int, rule: str, confirmed: bool, reason: str,
        basis: BasisDocument | None,
    ) -> None:
        self.decided.add(year)
