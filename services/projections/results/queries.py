"""Identification proposals from imported results (004 §3.2): the only reader of its tables."""

from __future__ import annotations

from decimal import Decimal

import msgspec

from domain.cohort_rule import CohortRule, propose
from services.projections.results.projection import ResultsView
from services.projections.store import ViewStore


class ResultFigure(msgspec.Struct, frozen=True):
    """One of the school's values of the year, with its source."""

    indicator: str
    value: Decimal
    source: str


class Decision(msgspec.Struct, frozen=True):
    """What a person decided on the proposal: confirmed with its basis, or rejected and why."""

    confirmed: bool
    rule: str
    reason: str
    basis: str


class SchoolProposal(msgspec.Struct, frozen=True):
    """A school's figures beside the rule, and whether the rule proposes it."""

    municipality: str
    school: str
    school_name: str
    proposed: bool
    reason: str
    figures: list[ResultFigure]
    decision: Decision | None = None


class ProposalsAnswer(msgspec.Struct, frozen=True):
    """What the rule proposes for a year; a person confirms each one by identify_school."""

    tenant_id: str
    year: int
    rule: str
    view_position: int
    schools: list[SchoolProposal]
    parked: list[int] = []


def identification_proposals(
    store: ViewStore, tenant_id: str, year: int, rule: CohortRule, municipality: str | None = None
) -> ProposalsAnswer:
    """Every school with results of the year under the rule, proposed ones first."""
    rule.check()
    tables = store.reader_tables(ResultsView)
    rows = store.db.query(tables.sql(
        "SELECT s.municipality, s.school, s.school_name, v.indicator, v.value, v.source "
        "FROM {result_values} v JOIN {result_schools} s ON s.tenant = v.tenant AND s.stream_id = v.stream_id "
        "WHERE v.tenant = ? AND v.year = ? ORDER BY s.municipality, s.school, v.indicator"),
        (tenant_id, year))
    decided = {
        (row["municipality"], row["school"]): Decision(bool(row["confirmed"]), row["rule"],
                                                       row["reason"], row["basis"])
        for row in store.db.query(tables.sql(
            "SELECT s.municipality, s.school, d.confirmed, d.rule, d.reason, d.basis "
            "FROM {decisions} d JOIN {result_schools} s ON s.tenant = d.tenant "
            "AND s.stream_id = d.stream_id WHERE d.tenant = ? AND d.year = ?"), (tenant_id, year))
    }
    schools: dict[str, tuple[dict, list[ResultFigure]]] = {}
    for row in rows:
        key = f"{row['municipality']}/{row['school']}"
        schools.setdefault(key, (row, []))[1].append(
            ResultFigure(row["indicator"], Decimal(row["value"]), row["source"]))
    figures = {key: {f.indicator: f.value for f in found} for key, (_, found) in schools.items()}
    answer = []
    for proposal in propose(figures, rule):
        row, found = schools[proposal.school]
        if municipality is not None and row["municipality"] != municipality:
            continue  # the rule is applied region-wide, then one municipality is shown
        answer.append(SchoolProposal(row["municipality"], row["school"], row["school_name"],
                                     proposal.proposed, proposal.reason, found,
                                     decided.get((row["municipality"], row["school"]))))
    answer.sort(key=lambda s: (not s.proposed, s.municipality, s.school))
    reached = store.positions(ResultsView, tables.generation).get(tenant_id, 0)
    return ProposalsAnswer(tenant_id, year, rule.wording(), reached, answer,
                           store.parked_positions(ResultsView, [tenant_id]))
