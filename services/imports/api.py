"""POST a school list (XLSX or CSV) to see the dry run, then again with `confirm=true` to import it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from anyio import to_thread
from litestar import Request, Response, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter

from domain.base import InvalidValue
from services.auth import Principal
from services.commands.executor import CommandExecutor
from services.context import Services
from services.imports.run import ImportAnswer, ResultsAnswer, import_results, import_schools
from services.imports.table import TableError
from tenants.registry import Tenant

#: A school list is a few hundred rows: larger than the command bodies' limit, far below this.
MAX_IMPORT_BYTES = 2 * 1024 * 1024
_SOURCE = Annotated[str | None, QueryParameter(max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$",
                                               description="The file's name as recorded (default: the upload's)")]


async def _upload(request: Request) -> tuple[bytes, str]:
    """The file's bytes and name: a multipart field `file`, or the body itself."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InvalidValue("file", "multipart body must have a `file` field")
        return await upload.read(), upload.filename or "upload"
    return await request.body(), "upload"


@post(
    "/api/v1/tenants/{tenant_id:str}/imports/schools", operation_id="importSchools", tags=["imports"],
    status_code=200, request_max_body_size=MAX_IMPORT_BYTES,
    summary="Import the municipality's school list from XLSX or CSV: a dry run unless confirmed",
    description=(
        "The body is the file (its bytes, or multipart/form-data with a `file` field; up to 2 MB). Columns: "
        "«Код», «Наименование» (required), «Краткое название», «Адрес», «Директор», «Категории». "
        "The answer lists every row with what it would write (new, update, unchanged) or its errors "
        "per cell in Russian («Строка 7, столбец «Краткое название»: ...»). Nothing is written "
        "unless `confirm=true`; then the good rows are written as one import_schools command under "
        "one correlation id derived from the file's SHA-256, recorded as an import with its counts. "
        "The same file again writes nothing new."
    ),
)
async def post_school_import(
    request: Request,
    tenant_id: Annotated[str, PathParameter(description="The municipality")],
    principal: NamedDependency[Principal],
    tenant: NamedDependency[Tenant],
    services: NamedDependency[Services],
    executor: NamedDependency[CommandExecutor],
    confirm: Annotated[bool, QueryParameter(description="Write the good rows (default: dry run)")] = False,
    source: _SOURCE = None,
) -> Response[ImportAnswer]:
    return Response(await _run(request, services, tenant, principal, executor, import_schools, source, confirm))


@post(
    "/api/v1/tenants/{tenant_id:str}/imports/results", operation_id="importResults", tags=["imports"],
    status_code=200, request_max_body_size=MAX_IMPORT_BYTES,
    summary="Import the region's results per school and year (004 §3.2): a dry run unless confirmed",
    description=(
        "The body is the file (its bytes, or multipart/form-data with a `file` field; up to 2 MB) "
        "with the columns municipality, school, school_name, year, indicator, value. The answer "
        "lists every row (`lines`) with what it would write (new, update, unchanged) or its errors "
        "per cell in Russian; nothing is written unless `confirm=true`, then import_results "
        "commands of up to 1000 rows under one correlation id, the last one recording the file "
        "once (FileImport.Recorded, kind results, with its SHA-256 and counts); the same file "
        "again writes nothing new."
    ),
)
async def post_results_import(
    request: Request,
    tenant_id: Annotated[str, PathParameter(description="The region tenant")],
    principal: NamedDependency[Principal],
    tenant: NamedDependency[Tenant],
    services: NamedDependency[Services],
    executor: NamedDependency[CommandExecutor],
    confirm: Annotated[bool, QueryParameter(description="Write the good rows (default: dry run)")] = False,
    source: _SOURCE = None,
) -> Response[ResultsAnswer]:
    return Response(await _run(request, services, tenant, principal, executor, import_results, source, confirm))


async def _run(request: Request, services: Services, tenant: Tenant, principal: Principal,
               executor: CommandExecutor, run: Callable[..., Any], source: str | None, confirm: bool) -> Any:
    """The uploaded file through one import (a dry run unless confirmed); a file it cannot read is a 422."""
    content, name = await _upload(request)
    if not content:
        raise InvalidValue("file", "файл пуст")
    app = services.backend.application(tenant.id)
    try:
        return await to_thread.run_sync(run, executor, app, tenant, principal, content, source or name, confirm)
    except TableError as error:
        raise InvalidValue("file", str(error)) from None


IMPORT_ROUTES = [post_school_import, post_results_import]
