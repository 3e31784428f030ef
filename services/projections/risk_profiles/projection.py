"""Risk profiles view: the only writer of its tables (issue 11 item 7).

- `risk_assessments`: every assessment of a school (its date, the factors with their levels),
  so the profile on a date is the latest assessment by then;
- `risk_programmes`: the anti-risk programme of each factor (goals, measures, indicators, JSON).
"""

from __future__ import annotations

import json
from typing import Any

import msgspec

from domain.base import CascadeAggregate
from domain.risk import RiskProfile
from services.projections.view import BoundTx, Index, View
from tenants.registry import Tenant


def _json(value: Any) -> str:
    return msgspec.json.encode(value).decode()


class RiskProfilesView(View):
    """Risk profiles; read through risk_profiles.queries only."""

    name = "risk_profiles"
    schema = {
        "risk_assessments": (
            "CREATE TABLE IF NOT EXISTS {risk_assessments} ("
            "tenant TEXT NOT NULL, stream_id TEXT NOT NULL, school TEXT NOT NULL, "
            "assessed_on TEXT NOT NULL, factors TEXT NOT NULL, source TEXT NOT NULL, "
            "position BIGINT NOT NULL, PRIMARY KEY (tenant, position))"
        ),
        "risk_programmes": (
            "CREATE TABLE IF NOT EXISTS {risk_programmes} ("
            "tenant TEXT NOT NULL, school TEXT NOT NULL, factor TEXT NOT NULL, title TEXT NOT NULL, "
            "goals TEXT NOT NULL, measures TEXT NOT NULL, indicators TEXT NOT NULL, "
            "adopted_on TEXT NOT NULL, position BIGINT NOT NULL, PRIMARY KEY (tenant, school, factor))"
        ),
    }
    indexes = (Index("risk_assessments", "tenant, school"), Index("risk_assessments", "tenant, stream_id"))

    def process(self, tx: BoundTx, tenant: Tenant, event: CascadeAggregate.Event, position: int) -> None:
        match event:
            case RiskProfile.Assessed():
                _assessment(tx, tenant.id, str(event.originator_id), event.school, event, position)
            case RiskProfile.Reassessed():
                rows = tx.query("SELECT school FROM {risk_assessments} WHERE tenant = ? AND stream_id = ?",
                                (tenant.id, str(event.originator_id)))
                if rows:
                    _assessment(tx, tenant.id, str(event.originator_id), rows[0]["school"], event, position)
            case RiskProfile.ProgrammeAdopted():
                _programme(tx, tenant.id, event, position)


def _assessment(tx: BoundTx, tenant: str, stream: str, school: str, event: Any, position: int) -> None:
    tx.execute(
        "INSERT INTO {risk_assessments} (tenant, stream_id, school, assessed_on, factors, source, position) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, position) DO NOTHING",
        (tenant, stream, school, event.assessed_on.isoformat(), _json(event.factors), event.source, position),
    )


def _programme(tx: BoundTx, tenant: str, event: Any, position: int) -> None:
    rows = tx.query("SELECT school FROM {risk_assessments} WHERE tenant = ? AND stream_id = ?",
                    (tenant, str(event.originator_id)))
    if not rows:
        return
    p = event.programme
    tx.execute(
        "INSERT INTO {risk_programmes} (tenant, school, factor, title, goals, measures, indicators, "
        "adopted_on, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, school, factor) DO NOTHING",
        (tenant, rows[0]["school"], p.factor, p.title, json.dumps(list(p.goals), ensure_ascii=False),
         _json(p.measures), _json(p.indicators), p.adopted_on.isoformat(), position),
    )
