"""`cascade project --retry-parked`: apply parked events again, after a fix, in log order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import structlog

from services.projections.failures import decode, event
from services.projections.store import ParkedEvent, ViewStore
from services.projections.view import BoundTx, View
from tenants.backends import Backend

log = structlog.get_logger("cascade.projections")


@dataclass
class RetryReport:
    """Parked events applied now, and those that failed again (still parked)."""

    applied: list[ParkedEvent] = field(default_factory=list)
    still_parked: list[ParkedEvent] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"applied {len(self.applied)} parked events; {len(self.still_parked)} still parked"]
        lines += [f"  {p.view} {p.tenant} position {p.position}: {p.error}" for p in self.still_parked]
        return "\n".join(lines)


def retry_parked(backend: Backend, store: ViewStore, views: Sequence[View]) -> RetryReport:
    """Each parked event is applied to its view in its own transaction; a success unparks it.

    The view has meanwhile applied the later events of the log, so an event applied late may
    leave other rows than in-order application would: `cascade rebuild VIEW` gives the exact
    view. An event of a view that is not configured any more stays parked.
    """
    by_name = {view.name: view for view in views}
    report = RetryReport()
    for parked in store.parked():
        view = by_name.get(parked.view)
        if view is None:
            report.still_parked.append(parked)
            continue
        try:
            _apply(backend, store, view, parked)
        except Exception as error:  # recorded on the parked row, shown by `parked()`
            store.failed_again(parked, f"{type(error).__name__}: {error}")
            report.still_parked.append(parked)
            log.error("parked event failed again", view=parked.view, tenant=parked.tenant,
                      position=parked.position, error=repr(error))
        else:
            report.applied.append(parked)
            log.info("parked event applied", view=parked.view, tenant=parked.tenant,
                     position=parked.position)
    return report


def _apply(backend: Backend, store: ViewStore, view: View, parked: ParkedEvent) -> None:
    app = backend.application(parked.tenant)
    tenant = backend.registry.get(parked.tenant)
    found = app.recorder.select_notifications(start=parked.position, limit=1, inclusive_of_start=True)
    if not found or found[0].id != parked.position or tenant is None:
        raise LookupError(f"position {parked.position} is not in the log of {parked.tenant}")
    with store.db.transaction() as tx:
        tx.lock(f"projection:{parked.tenant}")
        bound = BoundTx(tx, view.tables(parked.generation))
        view.process(bound, tenant, event(decode(app, found[0])), parked.position)
        store.unpark(tx, parked)
