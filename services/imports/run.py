"""A dry run or a confirmed import of a file: one command, one correlation id, idempotent."""

from __future__ import annotations

import msgspec
from eventsourcing.application import AggregateNotFoundError

from domain.base import DomainError
from domain.imports import file_digest
from domain.results import SchoolResults
from domain.school import School
from services.auth import Principal
from services.commands.authorisation import authorise_command
from services.commands.catalogue.results import ImportResults
from services.commands.catalogue.school_import import ImportSchools
from services.commands.executor import CommandAccepted, CommandExecutor
from services.commands.registry import CATALOGUE
from services.imports.results import ResultsPlan, plan_results
from services.imports.schools import Plan, plan_schools
from tenants.application import TenantApplication
from tenants.registry import Tenant


class ImportRow(msgspec.Struct, frozen=True):
    row: int
    school: str
    name: str
    #: new, update, unchanged (registered the same: nothing written) or refused (see `errors`).
    action: str
    errors: list[str]


class ImportAnswer(msgspec.Struct, frozen=True):
    """The plan of a file and, once confirmed, what was written under which correlation id."""

    kind: str
    source: str
    sha256: str
    confirmed: bool
    rows: list[ImportRow]
    new: int
    updated: int
    unchanged: int
    refused: int
    errors: list[str]
    correlation_id: str | None = None
    events_written: int = 0
    position: int | None = None
    replayed: bool = False


def _lookup(app: TenantApplication, tenant: Tenant):  # noqa: ANN202
    def find(code: str) -> School | None:
        try:
            found = app.repository.get(School.stream_for(tenant.id, code))
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, School) else None

    return find


def _answer(plan: Plan, confirmed: bool, **written: object) -> ImportAnswer:
    rows = [ImportRow(r.row, r.school, r.name, r.action, r.errors) for r in plan.rows]
    return ImportAnswer("schools", plan.source, plan.sha256, confirmed, rows, plan.count("new"),
                        plan.count("update"), plan.count("unchanged"), plan.count("refused"),
                        plan.errors, **written)  # type: ignore[arg-type]


def import_schools(
    executor: CommandExecutor, app: TenantApplication, tenant: Tenant, principal: Principal,
    content: bytes, source: str, confirm: bool,
) -> ImportAnswer:
    """Plan the file; with `confirm`, write its good rows as one import_schools command.

    The correlation and idempotency keys come from the file's hash (and its name): the same file
    again replays the first answer and writes nothing new; under another name, or another file with
    the same schools, the command finds them registered the same and writes nothing for them.
    """
    authorise_command(CATALOGUE[ImportSchools], principal, tenant)
    sha256 = file_digest(content)
    plan = plan_schools(content, source, sha256, _lookup(app, tenant))
    command = plan.command()
    if not confirm or command is None:
        return _answer(plan, False)
    correlation = f"import-schools-{sha256[:16]}"
    accepted, replayed = executor.execute(app, tenant, principal, command, correlation_id=correlation,
                                          idempotency_key=f"import-schools-{file_digest(source.encode())[:8]}-{sha256}")
    return _answer(plan, True, correlation_id=correlation, events_written=0 if replayed else len(accepted.events),
                   position=accepted.position, replayed=replayed)


class ResultRow(msgspec.Struct, frozen=True):
    row: int
    municipality: str
    school: str
    year: str
    indicator: str
    value: str
    #: new, update (another value supersedes the recorded one), unchanged or refused (see `errors`).
    action: str
    errors: list[str]


class ResultsAnswer(msgspec.Struct, frozen=True):
    """The dry run of a results file (rows accepted, errors per cell) and, confirmed, what it wrote."""

    kind: str
    source: str
    sha256: str
    confirmed: bool
    rows: int
    accepted: int
    refused: int
    errors: list[str]
    correlation_id: str | None = None
    events_written: int = 0
    position: int | None = None
    #: Every row of the file with what it would write, as the school list's `rows`.
    lines: list[ResultRow] = []
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    replayed: bool = False


def _results_lookup(app: TenantApplication, tenant: Tenant):  # noqa: ANN202
    def find(municipality: str, school: str) -> SchoolResults | None:
        try:
            found = app.repository.get(SchoolResults.stream_for(tenant.id, SchoolResults.key_for(municipality, school)))
        except (AggregateNotFoundError, DomainError):
            return None
        return found if isinstance(found, SchoolResults) else None

    return find


def _results_found(plan: ResultsPlan) -> dict[str, object]:
    lines = [ResultRow(r.row, r.municipality, r.school, r.year, r.indicator, r.value, r.action,
                       [r.error] if r.error else []) for r in plan.rows]
    return {"kind": "results", "source": plan.source, "sha256": plan.sha256, "rows": len(plan.rows),
            "accepted": len(plan.lines), "refused": len(plan.errors), "errors": plan.errors, "lines": lines,
            "new": plan.count("new"), "updated": plan.count("update"), "unchanged": plan.count("unchanged")}


def _recorded_values(accepted: CommandAccepted) -> int:
    return sum(1 for event in accepted.events if event.type == "SchoolResults.Recorded")


def import_results(
    executor: CommandExecutor, app: TenantApplication, tenant: Tenant, principal: Principal,
    content: bytes, source: str, confirm: bool,
) -> ResultsAnswer:
    """Plan the file; with `confirm`, its good rows as import_results commands of 1000 rows each,
    under one correlation id and an idempotency key per batch from the file's hash (and name).

    The last batch carries the file's hash and the counts of the batches before it, so the file's
    `FileImport.Recorded` is written once, in that batch's transaction; a re-upload writes nothing.
    """
    authorise_command(CATALOGUE[ImportResults], principal, tenant)
    sha256 = file_digest(content)
    plan = plan_results(content, source, sha256, _results_lookup(app, tenant))
    found = _results_found(plan)
    if not confirm or not plan.lines:
        return ResultsAnswer(confirmed=False, **found)  # type: ignore[arg-type]
    correlation, written, unchanged, events, position, replays = f"import-results-{sha256[:16]}", 0, 0, 0, None, 0
    batches = plan.batches()
    key = f"import-results-{file_digest(source.encode())[:8]}-{sha256}"
    for index, batch in enumerate(batches):
        command = plan.command(batch, index == len(batches) - 1, written, unchanged)
        accepted, replayed = executor.execute(app, tenant, principal, command, correlation_id=correlation,
                                              idempotency_key=f"{key}-{index}")
        values = _recorded_values(accepted)
        written, unchanged = written + values, unchanged + len(batch) - values
        events += 0 if replayed else len(accepted.events)
        position, replays = accepted.position, replays + replayed
    return ResultsAnswer(confirmed=True, correlation_id=correlation, events_written=events, position=position,
                         replayed=replays == len(batches), **found)  # type: ignore[arg-type]
