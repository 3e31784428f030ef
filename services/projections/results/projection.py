"""Results view (004 §3.2): the only writer of its table.

Tables `result_schools` (one row per school stream), `decisions` (a person's verdict
on a proposal, per school and year) and `result_values`: the current value of each school, year and indicator imported into a
region tenant, with its source (a later import of another value supersedes it; the log keeps
both). The identification proposals are computed on read (queries.py, domain.cohort_rule).
"""

from __future__ import annotations

from domain.base import CascadeAggregate
from domain.results import SchoolResults
from services.projections.view import BoundTx, Index, View
from tenants.registry import Tenant


class ResultsView(View):
    """Imported results per school and year."""

    name = "results"
    schema = {
        "result_schools": (
            "CREATE TABLE IF NOT EXISTS {result_schools} ("
            "tenant TEXT NOT NULL, stream_id TEXT NOT NULL, municipality TEXT NOT NULL, "
            "school TEXT NOT NULL, school_name TEXT NOT NULL, PRIMARY KEY (tenant, stream_id))"
        ),
        "result_values": (
            "CREATE TABLE IF NOT EXISTS {result_values} ("
            "tenant TEXT NOT NULL, stream_id TEXT NOT NULL, year INTEGER NOT NULL, "
            "indicator TEXT NOT NULL, value TEXT NOT NULL, source TEXT NOT NULL, "
            "PRIMARY KEY (tenant, stream_id, year, indicator))"
        ),
        "decisions": (
            "CREATE TABLE IF NOT EXISTS {decisions} ("
            "tenant TEXT NOT NULL, stream_id TEXT NOT NULL, year INTEGER NOT NULL, "
            "confirmed INTEGER NOT NULL, rule TEXT NOT NULL, reason TEXT NOT NULL, "
            "basis TEXT NOT NULL, PRIMARY KEY (tenant, stream_id, year))"
        ),
    }
    indexes = (Index("result_values", "tenant, year"),)

    def process(self, tx: BoundTx, tenant: Tenant, event: CascadeAggregate.Event, position: int) -> None:
        match event:
            case SchoolResults.Opened():
                tx.execute(
                    "INSERT INTO {result_schools} (tenant, stream_id, municipality, school, school_name) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (tenant.id, str(event.originator_id), event.municipality, event.school,
                     event.school_name),
                )
            case SchoolResults.Recorded():
                key = (tenant.id, str(event.originator_id), event.year, event.indicator)
                tx.execute(
                    "DELETE FROM {result_values} WHERE tenant = ? AND stream_id = ? AND year = ? "
                    "AND indicator = ?", key,
                )
                tx.execute(
                    "INSERT INTO {result_values} (tenant, stream_id, year, indicator, value, "
                    "source) VALUES (?, ?, ?, ?, ?, ?)", (*key, str(event.value), event.source),
                )
            case SchoolResults.ProposalDecided():
                basis = "" if event.basis is None else f"№ {event.basis.number} от {event.basis.issued_on}"
                tx.execute(
                    "INSERT INTO {decisions} (tenant, stream_id, year, confirmed, rule, reason, "
                    "basis) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (tenant.id, str(event.originator_id), event.year, int(event.confirmed),
                     event.rule, event.reason, basis),
                )
