"""POST /api/v1/tenants/{tenant_id}/commands: one command, tagged by "type", answered 201."""

from __future__ import annotations

import inspect
import time
from typing import Annotated, Any, Union

import msgspec
import structlog
from litestar import Request, Response, post
from litestar.di import Provide
from litestar.params import Body, HeaderParameter, PathParameter

import services.commands.catalogue  # noqa: F401  (registers every handler)
from services.auth import Principal
from services.commands.authorisation import command_writer_guard
from services.commands.body import check_command_body
from services.commands.executor import CommandAccepted, CommandExecutor
from services.commands.registry import CATALOGUE
from services.commands.transcription import Transcribed, TranscribedDocument
from services.context import Services, request_id, services_of
from services.log_context import bind_request
from services.observability.metrics import observe_command
from tenants.registry import Tenant

log = structlog.get_logger("cascade.commands")

#: Every command of the catalogue, as one discriminated union on "type".
AnyCommand = Union[tuple(CATALOGUE)]  # type: ignore[valid-type]  # noqa: UP007

IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        required=False,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description="Repeat a request safely: the same key and body returns the first answer.",
    ),
]
TenantIdInPath = Annotated[str, PathParameter(description="Tenant (municipality or region) id")]


async def post_command(
    request: Request,
    tenant_id: TenantIdInPath,
    data: Annotated[Any, Body(description="One command, tagged by its `type`.")],
    idempotency_key: IdempotencyKey = None,
) -> Response[CommandAccepted]:
    """Record one fact in the tenant's log."""
    # The guard resolved the caller and the tenant: read there, not as four DI dependencies
    # (Litestar resolves those in an anyio task group per request, about 5 % of a command's CPU).
    state = request.scope.get("state", {})
    started = state.get("started", time.perf_counter())
    principal: Principal = state["principal"]
    tenant: Tenant = state["tenant"]
    services: Services = services_of(request)
    executor = services.executor
    correlation_id = request_id(request)
    command_name = type(data).__struct_config__.tag
    bind_request(command=command_name, request_id=correlation_id)
    if data.transcribed is not None:  # a fact from paper: its day is in every line of the request
        bind_request(transcribed_on=data.transcribed.effective_on.isoformat())
    app = services.backend.application(tenant.id)
    with observe_command(request.app, tenant.id, command_name) as outcome:
        accepted, replayed = await _in_thread(
            executor.execute, app, tenant, principal, data, correlation_id, idempotency_key
        )
        outcome.done(replayed)
    log.info(
        "command accepted" if not replayed else "command replayed",
        status=201, events=len(accepted.events), position=accepted.position,
        duration_ms=round((time.perf_counter() - started) * 1000, 2),
    )
    headers = {"X-Request-ID": correlation_id}
    if accepted.events:  # the resource the command created or changed, at the version it made
        first = accepted.events[0]
        headers["Location"] = f"/api/v1/tenants/{tenant.id}/streams/{first.stream_id}?version={first.version}"
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return Response(msgspec.to_builtins(accepted), status_code=201, headers=headers)


async def _in_thread(fn: Any, *args: Any) -> Any:
    """The store is synchronous: run it off the event loop."""
    from anyio import to_thread

    return await to_thread.run_sync(fn, *args)


post_command.__annotations__["data"] = Annotated[AnyCommand, Body(description="One command, tagged by its `type`.")]

command_endpoint = post(
    "/api/v1/tenants/{tenant_id:str}/commands",
    operation_id="postCommand",
    tags=["commands"],
    guards=[command_writer_guard],
    before_request=check_command_body,
    summary="Post one command",
    description="Every command type of the catalogue, as a union discriminated by `type`.",
    status_code=201,
)(post_command)


def describe_union(schema: Any) -> None:
    """Mark the command body as a union discriminated by `type` in the OpenAPI document."""
    from litestar.openapi.spec import Discriminator

    body = schema.paths["/api/v1/tenants/{tenant_id}/commands"].post.request_body
    union = body.content["application/json"].schema
    components = schema.components.schemas
    for spec in CATALOGUE.values():
        component = components.get(spec.command.__name__)
        if component is not None and spec.command.__doc__:
            component.description = spec.command.__doc__.strip()
    # Every command may carry `transcribed` (a fact copied from paper, issue 10 item 9).
    for struct in (Transcribed, TranscribedDocument):
        component = components.get(struct.__name__)
        if component is not None and struct.__doc__:
            component.description = inspect.cleandoc(struct.__doc__)
    union.discriminator = Discriminator(
        property_name="type",
        mapping={
            spec.name: f"#/components/schemas/{spec.command.__name__}" for spec in CATALOGUE.values()
        },
    )


def provide_executor(request: Request) -> CommandExecutor:
    """Dependency `executor`: the one way any fact is written."""
    return services_of(request).executor


COMMAND_DEPENDENCIES = {"executor": Provide(provide_executor, sync_to_thread=False)}
