"""RFC 9457 problem details: every refusal, in one place, with a stable type and the field at fault."""

from __future__ import annotations

import re
import time
from typing import Any

import msgspec
import psycopg
import structlog
from eventsourcing.persistence import InterfaceError as StoreDisconnected
from eventsourcing.persistence import OperationalError as StoreUnavailable
from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotFoundException,
    SerializationException,
    ValidationException,
)
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from domain.base import DomainError
from services.auth import AuthenticationFailed, Forbidden
from services.commands.body import BodyRefused
from services.problem_texts import TEXTS, language, problem_examples, texts
from services.rule_messages import russian_detail
from tenants.backends import UnknownTenant

log = structlog.get_logger("cascade.api")

MEDIA_TYPE = "application/problem+json"

#: Problem type (`/problems/<code>`) -> HTTP status: the refusals raised with a code, in one table.
PROBLEM_STATUS = {
    # The body as JSON text (services/commands/body.py).
    "malformed-json": 400,
    "json-too-deep": 400,
    "unsupported-media-type": 415,
    "duplicate-key": 422,
    # Who is asking (services/auth.py, services/claims.py).
    "unauthenticated": 401,
    "invalid-claims": 401,
    "forbidden": 403,
    "school-not-registered": 403,
    # Business rules (DomainError codes).
    "invalid-value": 422,
    "deadline-rule": 422,
    "invalid-transition": 409,
    "already-exists": 409,
    "version-conflict": 409,
    "idempotency-key-reused": 422,
    "not-found": 404,
    "not-your-turn": 403,
    "view-not-caught-up": 503,
}


class Problem(msgspec.Struct, omit_defaults=True):
    """The body of every error answer."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    field: str | None = None
    errors: list[dict[str, Any]] | None = None


def problem_response(
    request: Request, status: int, code: str, detail: str, field: str | None = None,
    errors: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None,
    russian: str | None = None,
) -> Response:
    """Build the problem answer in the caller's language and write the request's failure log line.

    `detail` is the English message of the rule (logged, and answered with `Accept-Language: en`);
    `russian` the rule's own Russian sentence when there is one (else the type's sentence).
    """
    started = request.scope.get("state", {}).get("started")
    log.info(
        "request refused" if status < 500 else "request failed",
        status=status, problem=code, field=field, path=request.url.path,
        duration_ms=round((time.perf_counter() - started) * 1000, 2) if started else None,
    )
    title, detail = texts(code, language(request.headers.get("accept-language")), detail, field, russian)
    body = Problem(
        type=f"/problems/{code}", title=title, status=status, detail=detail,
        instance=request.url.path, field=field, errors=errors,
    )
    return Response(
        content=msgspec.json.encode(body), status_code=status, media_type=MEDIA_TYPE,
        headers=headers,
    )


def _domain_error(request: Request, error: DomainError) -> Response:
    status = PROBLEM_STATUS.get(error.code, 422)
    headers = {"Retry-After": "1"} if status == 503 else None
    return problem_response(request, status, error.code, error.message, error.field, headers=headers,
                            russian=russian_detail(error))


def _body_refused(request: Request, error: BodyRefused) -> Response:
    return problem_response(
        request, PROBLEM_STATUS[error.code], error.code, error.message, error.field,
    )


def _authentication(request: Request, error: AuthenticationFailed) -> Response:
    return problem_response(
        request, PROBLEM_STATUS[error.code], error.code, str(error), error.field,
        headers={"WWW-Authenticate": 'Bearer realm="cascade"'},
    )


def _forbidden(request: Request, error: Forbidden) -> Response:
    return problem_response(
        request, PROBLEM_STATUS[error.code], error.code, error.message, error.field,
    )


def _unknown_tenant(request: Request, error: UnknownTenant) -> Response:
    return problem_response(
        request, 404, "unknown-tenant", f"tenant {error.args[0]!r} is not registered",
        "tenant_id",
    )


_AT = re.compile(r" - at `\$\.?(?P<path>[^`]*)`$")
#: msgspec's "missing required field `x`", and services/commands/limits' "invalid field `x`".
_MISSING = re.compile(r"(?:missing required|invalid) field `(?P<name>[^`]+)`")


def _field_of(key: str | None, message: str) -> str | None:
    """The offending field as a dotted path, also for a missing one (litestar says `data`)."""
    path = "" if key in (None, "data") else str(key)
    missing = _MISSING.search(message)
    if missing:
        return f"{path}.{missing['name']}" if path else missing["name"]
    return path or None


def _public_name(request: Request, key: Any) -> Any:
    """The name a client sends (`format`), never the handler's own (`fmt`)."""
    handler = request.scope.get("route_handler")
    parameter = handler.parsed_fn_signature.parameters.get(key) if handler and key else None
    kwarg = getattr(parameter, "kwarg_definition", None)
    for alias in ("query", "header", "name"):
        if getattr(kwarg, alias, None):
            return getattr(kwarg, alias)
    return key


def _validation(request: Request, error: ValidationException) -> Response:
    errors = []
    for item in error.extra or []:
        if isinstance(item, dict):
            key, message = item.get("key"), str(item.get("message"))
            if message == repr(key):
                continue  # a path input Litestar could not resolve after another input failed
            errors.append({"field": _field_of(_public_name(request, key), message), "message": message})
    detail = error.detail or "request is not valid"
    match = _AT.search(detail)
    if match and not errors:
        errors.append({"field": match["path"], "message": detail[: match.start()]})
    field = errors[0]["field"] if errors else None
    message = "; ".join(f"{e['field']}: {e['message']}" if e["field"] else str(e["message"]) for e in errors)
    status = 400 if "Malformed" in detail or "JSON" in detail else 422
    return problem_response(
        request, status, "malformed-request" if status == 400 else "invalid-request",
        message or detail, field, errors or None,
    )


def _http(request: Request, error: HTTPException) -> Response:
    status = error.status_code
    if status >= 500:
        return _internal(request, error)
    # Litestar wraps msgspec's DecodeError: "JSON is malformed: …" or "Input data was truncated".
    undecodable = isinstance(error.__cause__, SerializationException)
    if status == 400 and (undecodable or "malformed" in str(error.detail).lower()):
        return problem_response(request, 400, "malformed-json", str(error.detail))
    code = {404: "not-found", 405: "method-not-allowed", 413: "body-too-large",
            415: "unsupported-media-type", 429: "too-many-requests"}.get(status, "bad-request")
    return problem_response(request, status, code, str(error.detail),
                            headers=getattr(error, "headers", None))


def _store_unavailable(request: Request, error: Exception) -> Response:
    log.warning("event store unavailable", error=str(error)[:500])
    return problem_response(
        request, 503, "store-unavailable",
        "the event store cannot be reached; nothing was written, retry later",
        headers={"Retry-After": "5"},
    )


def _internal(request: Request, error: Exception) -> Response:
    log.exception("unhandled error", path=request.url.path)
    return problem_response(
        request, HTTP_500_INTERNAL_SERVER_ERROR, "internal-error",
        "the request failed on our side; it has been logged",
    )


def describe_problems(schema: Any) -> None:
    """Document refusals as they are served: `application/problem+json` bodies of `Problem`.

    Litestar documents a 400 with its own `{status_code, detail, extra}` JSON body; the handlers
    above answer every 4xx and 5xx with problem details instead, so the OpenAPI document says so.
    """
    from litestar.openapi.spec import (
        Components,
        OpenAPIResponse,
        OpenAPIType,
        Schema,
    )

    text = Schema(type=OpenAPIType.STRING)
    schema.components = schema.components or Components()
    schema.components.schemas = schema.components.schemas or {}
    schema.components.schemas["Problem"] = Schema(
        type=OpenAPIType.OBJECT,
        required=["type", "title", "status", "detail"],
        properties={
            "type": Schema(type=OpenAPIType.STRING, enum=sorted(f"/problems/{code}" for code in TEXTS),
                           description="Stable problem type (docs/api.md lists when each is answered)"),
            "title": text,
            "status": Schema(type=OpenAPIType.INTEGER),
            "detail": text,
            "instance": text,
            "field": Schema(type=OpenAPIType.STRING, description="Dotted path of the field at fault"),
            "errors": Schema(
                type=OpenAPIType.ARRAY,
                items=Schema(
                    type=OpenAPIType.OBJECT,
                    required=["field", "message"],
                    properties={
                        "field": Schema(type=[OpenAPIType.STRING, OpenAPIType.NULL]),
                        "message": text,
                    },
                ),
            ),
        },
        description="RFC 9457 problem details: the body of every refusal (docs/api.md lists the types).",
    )
    refused = OpenAPIResponse(description="Refused; nothing was written", content=_problem_content(False))
    failed = OpenAPIResponse(description="Unavailable or failed; nothing was written",
                             content=_problem_content(True))
    for path_item in (schema.paths or {}).values():
        for method in ("get", "put", "post", "delete", "patch"):
            operation = getattr(path_item, method)
            if operation is None:
                continue
            responses = dict(operation.responses or {})
            responses.pop("400", None)  # Litestar's ValidationException body, never served
            responses["4XX"] = refused
            responses["5XX"] = failed
            operation.responses = responses


def _problem_content(failed: bool) -> dict[str, Any]:
    """The problem+json body of 4XX (or 5XX) answers, with an example per status."""
    from litestar.openapi.spec import Example, OpenAPIMediaType, Reference

    examples = {status: Example(summary=body["type"], value=body)
                for status, body in problem_examples(failed).items()}
    return {MEDIA_TYPE: OpenAPIMediaType(schema=Reference(ref="#/components/schemas/Problem"),
                                         examples=examples)}


EXCEPTION_HANDLERS = {
    DomainError: _domain_error,
    BodyRefused: _body_refused,
    AuthenticationFailed: _authentication,
    Forbidden: _forbidden,
    UnknownTenant: _unknown_tenant,
    ValidationException: _validation,
    NotFoundException: _http,
    HTTPException: _http,
    StoreUnavailable: _store_unavailable,
    StoreDisconnected: _store_unavailable,
    # The read side talks to PostgreSQL through psycopg directly: a lost connection or a pool
    # that cannot get one (psycopg_pool.PoolTimeout) is the same outage, not a bug.
    psycopg.OperationalError: _store_unavailable,
    Exception: _internal,
}
