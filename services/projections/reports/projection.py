"""Reports view: the only writer of `reports`, one row per report stream with its current state.

000 p.2.2 (monthly report to the отдел образования) and 002 §4.3: a report is filed, then
accepted or returned for revision and filed again. The schedule view keeps when a report was
due and done; this one keeps what the authority still has to do with it.
"""

from __future__ import annotations

from domain.base import CascadeAggregate
from domain.report import Report
from services.projections.view import BoundTx, Index, View
from tenants.registry import Tenant


class ReportView(View):
    """The state of every report of a tenant: filed (waits for the authority), accepted, returned."""

    name = "reports"
    schema = {
        "reports": (
            "CREATE TABLE IF NOT EXISTS {reports} ("
            "tenant TEXT NOT NULL, stream_id TEXT NOT NULL, school TEXT NOT NULL, "
            "kind TEXT NOT NULL, period TEXT NOT NULL, status TEXT NOT NULL, "
            "first_filed_on TEXT NOT NULL, filed_on TEXT NOT NULL, accepted_on TEXT, "
            "returned_on TEXT, returns INTEGER NOT NULL, position BIGINT NOT NULL, "
            "PRIMARY KEY (tenant, stream_id))"
        ),
    }
    indexes = (Index("reports", "tenant, status"),)

    def process(self, tx: BoundTx, tenant: Tenant, event: CascadeAggregate.Event, position: int) -> None:
        stream = str(event.originator_id)
        match event:
            case Report.Filed():
                tx.execute(
                    "INSERT INTO {reports} (tenant, stream_id, school, kind, period, status, "
                    "first_filed_on, filed_on, returns, position) "
                    "VALUES (?, ?, ?, ?, ?, 'filed', ?, ?, 0, ?) ON CONFLICT (tenant, stream_id) DO NOTHING",
                    [tenant.id, stream, event.school, event.kind, event.period,
                     event.filed_on.isoformat(), event.filed_on.isoformat(), position],
                )
            case Report.Refiled():
                self._set(tx, tenant, stream, "status = 'filed', filed_on = ?", [event.filed_on.isoformat()], position)
            case Report.Accepted():
                self._set(tx, tenant, stream, "status = 'accepted', accepted_on = ?",
                          [event.accepted_on.isoformat()], position)
            case Report.Returned():
                self._set(tx, tenant, stream, "status = 'returned', returned_on = ?, returns = returns + 1",
                          [event.returned_on.isoformat()], position)

    @staticmethod
    def _set(tx: BoundTx, tenant: Tenant, stream: str, sets: str, params: list[str], position: int) -> None:
        tx.execute(
            f"UPDATE {{reports}} SET {sets}, position = ? WHERE tenant = ? AND stream_id = ?",
            [*params, position, tenant.id, stream],
        )
