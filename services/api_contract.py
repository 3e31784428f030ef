"""The OpenAPI document as a generated client needs it: who must authenticate, every query input
with its real type, the download and stream media types, and what each tag is about.

Applied to the generated document once at start-up (as describe_union and describe_problems),
so the endpoint modules stay as they are.
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.openapi.spec import (
    Components,
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIType,
    Parameter,
    Schema,
    SecurityScheme,
    Tag,
)
from litestar.routes import HTTPRoute

from domain.base import KEY_PATTERN
from services.audit.time_travel import STREAM_REF_PATTERN
from services.projections.inputs import DATE_PATTERN, INSTANT_PATTERN, MONTH_PATTERN, TEXT_PATTERN
from tenants.registry import TENANT_PATTERN

BEARER = "bearer"

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Tags of the document, in the order a reader meets them.
TAGS = {
    "commands": "Record facts: one command per request, tagged by its `type` (docs/api.md).",
    "tenants": "The municipalities and regions the caller may read.",
    "roadmaps": "Roadmap status per item, roadmap, school and municipality (JSON, CSV, XLSX).",
    "schedule": "The monitoring calendar: what is due when, on time, late or missed.",
    "overview": "Regional figures per municipality against targets, also as a live stream.",
    "registers": "Lists officials work from: schools, partnerships, people, visits, reports (CSV, XLSX).",
    "audit": "The event log, the state of a stream at a version or instant, chain verification.",
    "organisations": "Organisations that are not schools, their events for schools, teacher coverage (001).",
    "communities": "Working groups, problem groups, methodological associations, the bank of materials (004).",
    "service": "Probes and metrics for operators; no token needed (docs/operations.md).",
    "networks": "Networks of schools (002): centre, members, functions and directions by order, as of a date.",
    "appointments": "Posts appointed by order and who held each on a date (001 p.2, 003 p.1-2, p.7).",
    "contests": "Base support site contests ranked by the top-quintile rule (004 §3.3).",
    "my-tasks": "What waits on the caller: sheets to sign, reports to accept, requests to confirm, dues.",
    "risk-profiles": "Risk profiles of identified schools and their anti-risk programmes («500+»).",
    "criteria": "Effectiveness criteria of 003 per school against computed averages (JSON, CSV, XLSX).",
    "documents": "Printable documents (DOCX, PDF): partner-school list, approval sheet, reports (docs/documents.md).",
    "feeds": "Private calendar feeds (iCalendar) of what is due, behind revocable tokens (docs/reminders.md).",
    "imports": "Files officials keep in Excel or CSV, checked by a dry run, then imported once (docs/imports.md).",
}

#: `format=docx|pdf` of the printable documents: the 200 is one of these files, never JSON.
DOCUMENT_MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}

#: Query inputs the handler refuses when missing (it names them in a 422): required here too.
REQUIRED_QUERY = {("listSchedule", "from"), ("listSchedule", "to")}
REQUIRED_QUERY |= {("getApprovalSheetDocument", "sheet"), ("getMonthlyReportDocument", "month"),
                   ("getRoadmapDocument", "roadmap")}

#: Query inputs read as text but parsed as ISO 8601 instants: documented as such.
INSTANT_QUERY = {("listTenantEvents", "since"), ("listTenantEvents", "until"), ("getStreamState", "at")}

#: A percentage, 0-100, as domain/cohort_rule.py takes it.
PERCENT_PATTERN = r"^(?:100(?:\.0+)?|[0-9]{1,2}(?:\.[0-9]+)?)$"

#: What the server checks of an input, by its name, wherever it occurs (path or query): the shared
#: input types of domain/base.py, tenants/registry.py and services/projections/inputs.py.
_TENANT = {"pattern": TENANT_PATTERN, "min_length": 2, "max_length": 40}
_KEY = {"pattern": KEY_PATTERN, "min_length": 1, "max_length": 80}
_TEXT = {"pattern": TEXT_PATTERN}
INPUT_RULES: dict[str, dict[str, Any]] = {
    "tenant_id": _TENANT, "region_id": _TENANT,
    "sheet": _KEY, "roadmap": _KEY,
    "month": {"pattern": MONTH_PATTERN},
    "alarm": {"minimum": 0}, "after": {"minimum": 0},  # Litestar drops a ge=0 bound
    "stream_ref": {"pattern": STREAM_REF_PATTERN},
    "threshold": {"pattern": PERCENT_PATTERN},
    **{name: _TEXT for name in ("q", "school", "municipality", "token_id", "organiser", "scope",
                                "stream", "type", "actor", "author", "community")},
}
#: Path inputs named by a key of the programme (a school's code in its URL).
PATH_KEYS = {"school"}


def _instant() -> Schema:
    return Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.DATE_TIME, pattern=INSTANT_PATTERN)


AT = Parameter(
    name="at", param_in="query", required=False,
    schema=_instant(),
    description="Knowledge time: answer from what the logs held at this instant (ISO 8601 with "
                "its offset); without it, the live views.",
)


def describe_contract(app: Litestar) -> None:
    """Security per operation, required and `at=` query inputs, media types and tags."""
    schema = app.openapi_schema
    schema.components = schema.components or Components()
    schema.components.security_schemes = {
        BEARER: SecurityScheme(
            type="http", scheme="bearer", bearer_format="JWT",
            description="A token of the identity provider (`cascade token` in development).",
        )
    }
    used: set[str] = set()
    for operation, handler in operations_of(app):
        used.update(operation.tags or [])
        operation.security = [{BEARER: []}] if _authenticated(handler) else []
        _require_inputs(operation)
        if "read" in _parameters(handler):
            _declare_at(operation)
        _downloads(operation)
    schema.tags = [Tag(name=name, description=text) for name, text in TAGS.items() if name in used]
    schema.tags += [Tag(name=name) for name in sorted(used - set(TAGS))]


def operations_of(app: Litestar) -> list[tuple[Any, Any]]:
    """Each documented operation with the handler that serves it."""
    found = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        item = (app.openapi_schema.paths or {}).get(route.path_format)
        if item is None:
            continue
        for handler in route.route_handlers:
            if not handler.include_in_schema:
                continue
            for method in handler.http_methods:
                operation = getattr(item, method.lower(), None)
                if operation is not None:
                    found.append((operation, handler))
    return found


def _authenticated(handler: Any) -> bool:
    """Guarded handlers, and those that take the caller as a dependency, need a bearer token."""
    return bool(handler.resolve_guards()) or "principal" in _parameters(handler)


def _parameters(handler: Any) -> set[str]:
    """What the handler function takes (Litestar's parse: `sync_to_thread` wraps the function)."""
    return set(handler.parsed_fn_signature.parameters)


def _require_inputs(operation: Any) -> None:
    for parameter in operation.parameters or []:
        key = (operation.operation_id, parameter.name)
        if key in REQUIRED_QUERY:
            parameter.required = True
            parameter.schema = _without_null(parameter.schema)
        if key in INSTANT_QUERY:
            parameter.schema = _instant()
        _constrain(parameter)


def _constrain(parameter: Any) -> None:
    """Declare what the server checks: dates and instants within 2000-2100, keys, plain text."""
    rules = _KEY if parameter.param_in == "path" and parameter.name in PATH_KEYS else INPUT_RULES.get(parameter.name)
    for schema in [parameter.schema, *(getattr(parameter.schema, "one_of", None) or [])]:
        if not isinstance(schema, Schema):
            continue
        if schema.format == OpenAPIFormat.DATE:
            schema.pattern = DATE_PATTERN
        elif schema.format == OpenAPIFormat.DATE_TIME:
            schema.pattern = INSTANT_PATTERN
        elif rules and (schema.type != OpenAPIType.NULL if schema is not parameter.schema else not schema.one_of):
            for name, value in rules.items():
                setattr(schema, name, value)


def _without_null(schema: Any) -> Any:
    """`date | None` documents as oneOf [date, null]: a required input is never null."""
    variants = [s for s in (schema.one_of or []) if getattr(s, "type", None) != OpenAPIType.NULL]
    return variants[0] if len(variants) == 1 else schema


def _declare_at(operation: Any) -> None:
    names = {p.name for p in operation.parameters or []}
    if "at" not in names:
        operation.parameters = [*(operation.parameters or []), AT]


def _downloads(operation: Any) -> None:
    """`format=csv|xlsx` answers a file: the 200 lists both media types beside JSON."""
    formats = next((p for p in operation.parameters or [] if p.name == "format"), None)
    ok = (operation.responses or {}).get("200")
    if formats is None or ok is None or not hasattr(ok, "content"):
        return
    binary = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
    if "documents" in (operation.tags or []):
        ok.content = {media: OpenAPIMediaType(schema=binary) for media in DOCUMENT_MEDIA.values()}
        ok.description = "The document as a file (`format=docx` or `format=pdf`)"
        return
    ok.content = {**(ok.content or {}),
                  "text/csv": OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING)),
                  XLSX: OpenAPIMediaType(schema=binary)}
    ok.description = (ok.description or "") + " (`format=csv` or `format=xlsx`: the rows as a file)"


def describe_examples(app: Litestar, examples: dict[str, Any]) -> None:
    """A request example per command type (`value` is the body), and the 201 as it is served."""
    from litestar.openapi.spec import Example, OpenAPIHeader, OpenAPIResponse, Reference

    operation = app.openapi_schema.paths["/api/v1/tenants/{tenant_id}/commands"].post
    body = operation.request_body.content["application/json"]
    body.examples = {name: Example(summary=example.summary, value=example.command)
                     for name, example in sorted(examples.items())}
    created = operation.responses["201"]
    text = Schema(type=OpenAPIType.STRING)
    operation.responses["201"] = OpenAPIResponse(
        description="Recorded: the events written and the tenant log position after the write "
                    "(or, with `Idempotent-Replayed: true`, the first answer to the same key).",
        content=getattr(created, "content", None) if not isinstance(created, Reference) else None,
        headers={
            "Location": OpenAPIHeader(schema=text, description=(
                "The stream the first event was written to, at that version "
                "(`/api/v1/tenants/{tenant_id}/streams/{stream_id}?version=N`).")),
            "Idempotent-Replayed": OpenAPIHeader(schema=text, description="`true` on a replayed answer"),
            "X-Request-ID": OpenAPIHeader(schema=text, description="The request's id, in every log line"),
        },
    )


def name_for_clients(app: Litestar) -> None:
    """Names a generated client can keep apart (openapi-python-client takes class names from them).

    Litestar prefixes a component whose struct name is taken by another module's
    (`schedule_queries_Evidence`) but keeps the bare `title`, so two classes would share a name;
    and an inline enum is named after its schema and property (`Factor.level` -> `FactorLevel`),
    which may be another component's name.
    """
    components = app.openapi_schema.components.schemas or {}
    pascal = {key.replace("_", "").lower() for key in components}
    for key, component in components.items():
        if getattr(component, "title", None) and component.title != key:
            component.title = key
        for prop, value in (getattr(component, "properties", None) or {}).items():
            enum_name = f"{key}{prop.title().replace('_', '')}".lower()
            if getattr(value, "enum", None) and not getattr(value, "title", None) and enum_name in pascal:
                value.title = f"{key}{prop.title().replace('_', '')}Value"

