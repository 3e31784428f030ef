"""«Импорт списка школ»: the municipal officer uploads the school list kept in Excel, sees the dry
run row by row (errors per cell), then confirms; the same executor and import as the API and CLI.
«Импорт результатов» does the same for the region's operator and the results per school and year
(004 §3.2) that the identification assistant reads.

The confirmation form carries the checked file itself (base64) and its hash, so what is written
is exactly what was shown; nothing is written before the officer confirms.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

from anyio import to_thread
from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency

from domain.base import DomainError
from domain.imports import file_digest
from domain.roles import MUNICIPALITY_ONLY, REGION_OPERATOR
from services.auth import Forbidden, Principal
from services.context import services_of, tenant_reader_guard
from services.imports.api import MAX_IMPORT_BYTES
from services.imports.results import COLUMNS as RESULT_COLUMNS
from services.imports.run import import_results, import_schools
from services.imports.schools import COLUMNS
from services.imports.table import TableError
from services.projections.http import REGION_DEPENDENCIES, region_reader_guard
from tenants.registry import Tenant
from web.pages import page

ACTIONS = {"new": "новая школа", "update": "обновление сведений", "unchanged": "без изменений",
           "refused": "ошибка — не будет записана"}
#: The largest list the page takes, as the API (the confirmation form carries it back in base64).
MAX_FILE = MAX_IMPORT_BYTES


def _officer(principal: Principal, tenant: Tenant) -> None:
    if principal.role not in MUNICIPALITY_ONLY or tenant.kind != "municipality":
        raise Forbidden("the school list is imported by the municipality's officer")


def _form(request: Request, tenant: Tenant, status: int = 200, **context: object) -> Response:
    return page(request, "import_schools.html", status=status, tenant=tenant,  # type: ignore[return-value]
                columns=list(COLUMNS), actions=ACTIONS, **context)


@get("/m/{tenant_id:str}/imports/schools", name="import-schools", guards=[tenant_reader_guard])
async def import_schools_page(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
) -> Response:
    """The upload form and the columns the file needs."""
    _officer(principal, tenant)
    return _form(request, tenant)


async def _file(request: Request) -> tuple[bytes, str, bool]:
    """The uploaded file (a dry run), or the confirmed one sent back by the confirmation form."""
    form = await request.form()
    upload = form.get("file")
    if isinstance(upload, UploadFile):
        return await upload.read(), upload.filename or "upload", False
    try:
        content = base64.b64decode(str(form.get("content", "")), validate=True)
    except (binascii.Error, ValueError):
        content = b""
    if file_digest(content) != str(form.get("sha256", "")):
        raise TableError("подтверждение не совпадает с проверенным файлом; загрузите файл снова")
    return content, str(form.get("source", ""))[:200] or "upload", True


@post("/m/{tenant_id:str}/imports/schools", name="import-schools-run", guards=[tenant_reader_guard],
      request_max_body_size=MAX_FILE * 2)
async def import_schools_run(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
) -> Response:
    """A dry run of the uploaded file, or, from the confirmation form, the import itself."""
    _officer(principal, tenant)
    return await _run(request, tenant, principal, import_schools, _form)


RESULT_ACTIONS = {"new": "новое значение", "update": "новое значение вместо записанного",
                  "unchanged": "без изменений", "refused": "ошибка — не будет записана"}


def _operator(principal: Principal, region: Tenant) -> None:
    if principal.role != REGION_OPERATOR or region.kind != "region":
        raise Forbidden("the results are imported by the region's operator")


def _results_form(request: Request, region: Tenant, status: int = 200, **context: object) -> Response:
    return page(request, "import_results.html", status=status, region=region,  # type: ignore[return-value]
                columns=list(RESULT_COLUMNS), actions=RESULT_ACTIONS, **context)


@get("/r/{region_id:str}/imports/results", name="import-results", guards=[region_reader_guard],
     dependencies=REGION_DEPENDENCIES)
async def import_results_page(
    request: Request, region: NamedDependency[Tenant], principal: NamedDependency[Principal],
) -> Response:
    """The upload form and the columns the results file needs."""
    _operator(principal, region)
    return _results_form(request, region)


@post("/r/{region_id:str}/imports/results", name="import-results-run", guards=[region_reader_guard],
      dependencies=REGION_DEPENDENCIES, request_max_body_size=MAX_FILE * 2)
async def import_results_run(
    request: Request, region: NamedDependency[Tenant], principal: NamedDependency[Principal],
) -> Response:
    """A dry run of the uploaded results file, or, from the confirmation form, the import itself."""
    _operator(principal, region)
    return await _run(request, region, principal, import_results, _results_form)


async def _run(request: Request, tenant: Tenant, principal: Principal, run: Callable[..., Any],
               form: Callable[..., Response]) -> Response:
    """The uploaded file through one import (a dry run unless confirmed), shown on its form."""
    try:
        content, source, confirm = await _file(request)
        if not content or len(content) > MAX_FILE:
            raise TableError("файл пуст или больше 2 МБ")
        services = services_of(request)
        answer = await to_thread.run_sync(
            run, services.executor, services.backend.application(tenant.id), tenant, principal,
            content, source, confirm)
    except (TableError, DomainError) as error:
        return form(request, tenant, status=422, problem=str(error))
    return form(request, tenant, answer=answer, content=base64.b64encode(content).decode("ascii"))


IMPORT_PAGES = [import_schools_page, import_schools_run, import_results_page, import_results_run]
