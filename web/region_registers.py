"""The region's other registers as pages: partnerships, visits, reports, internship requests,
approval sheets and people in roles, like the region's schools register page (web/region_register.py).

Each page is the registers' own build (the answer of /api/v1/regions/{region}/registers/<name>)
with the same scope and filters, 25 rows a page; its table shows the cells the register's export
writes (services/projections/registers/tables.py), so the page and its CSV / XLSX say the same.
Personal data never goes into an address: the people register's search by name is a POST form
(CSRF-checked), and its download of a search is posted too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from anyio import to_thread
from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter

from domain.base import InvalidValue
from services.context import Services
from services.projections.export import Column, Format
from services.projections.http import REGION_DEPENDENCIES, ReadSide, region_reader_guard
from services.projections.registers import build, tables
from services.projections.registers.params import region_scope
from tenants.registry import Tenant
from web.form_words import VALUE_LABELS
from web.formatting import number, table_date
from web.pages import page
from web.region_register import AGREEMENTS, PAGE_ROWS
from web.words import INTERNSHIP_STATUSES, PARTNERSHIP_STATUSES, REPORT_KINDS, VISIT_STATUSES

Choices = Mapping[str, str]
RegisterName = Annotated[str, PathParameter(max_length=40)]
VISIT_KINDS = {code: VALUE_LABELS[code] for code in (
    "lesson", "extracurricular", "pedagogical_council", "methodological_meeting", "consultation",
    "seminar", "internship", "other")}
DOCUMENT_KINDS = {code: VALUE_LABELS[code] for code in ("roadmap", "programme", "report", "agreement", "other")}
REPORT_STATUSES = {"filed": "сдан", "accepted": "принят", "returned": "возвращён на доработку"}
SHEET_STATUSES = {"in_approval": "на согласовании", "returned": "возвращён с замечаниями", "approved": "согласован"}
#: The cells that are dates (the export writes them ISO), shown dd.mm.yyyy as every table's dates.
DATE_CELLS = {"planned_on", "held_on", "filed_on", "decided_on", "start", "end", "submitted_on",
              "approved_on", "assigned_on", "deadline"}
#: Codes the export writes as they are stored, named in Russian on the page.
CODE_CELLS: dict[str, Choices] = {"kind": {**VISIT_KINDS, **REPORT_KINDS}}
#: Cells left off the page's table (kept in the download): a key only a programme reads.
HIDDEN = {"partnership"}


@dataclass(frozen=True)
class Register:
    """One register page: its address, title, the filters it offers and how it is built."""

    name: str
    title: str
    noun: tuple[str, str, str]
    filters: dict[str, tuple[str, Choices]]
    columns: list[Column]
    rows: Callable[[list[Any]], list[dict[str, Any]]]
    make: Callable[..., Response]
    searches: str = "Название школы"
    #: The name search reads personal data: asked by POST only, never in the address.
    private_search: bool = False


def _partnerships(read: ReadSide, services: Services, scope, fmt: Format, **chosen: str) -> Response:
    return build.partnerships(read.store, services.backend, scope, fmt, **chosen)


def _people(read: ReadSide, services: Services, scope, fmt: Format, **chosen: str) -> Response:
    return build.people(read.store, services.backend, scope, fmt, chosen.get("role"))


def _without_backend(make: Callable[..., Response]) -> Callable[..., Response]:
    return lambda read, services, scope, fmt, **chosen: make(read.store, scope, fmt, **chosen)


REGISTERS: dict[str, Register] = {r.name: r for r in (
    Register("partnerships", "Реестр партнёрств и соглашений", ("партнёрство", "партнёрства", "партнёрств"),
             {"agreement": ("Соглашение", AGREEMENTS), "status": ("Состояние", PARTNERSHIP_STATUSES)},
             tables.PARTNERSHIP_COLUMNS, tables.partnership_rows, _partnerships),
    Register("visits", "Реестр взаимопосещений", ("посещение", "посещения", "посещений"),
             {"status": ("Состояние", VISIT_STATUSES), "kind": ("Вид", VISIT_KINDS)},
             tables.VISIT_COLUMNS, tables.visit_rows, _without_backend(build.visits)),
    Register("reports", "Реестр отчётов", ("отчёт", "отчёта", "отчётов"),
             {"kind": ("Вид отчёта", REPORT_KINDS), "status": ("Состояние", REPORT_STATUSES)},
             tables.REPORT_COLUMNS, tables.report_rows, _without_backend(build.reports)),
    Register("internships", "Реестр заявок на стажировки", ("заявка", "заявки", "заявок"),
             {"status": ("Состояние", INTERNSHIP_STATUSES)},
             tables.INTERNSHIP_COLUMNS, tables.internship_rows, _without_backend(build.internships)),
    Register("approvals", "Реестр листов согласования", ("лист", "листа", "листов"),
             {"status": ("Состояние", SHEET_STATUSES), "document_kind": ("Вид документа", DOCUMENT_KINDS)},
             tables.APPROVAL_COLUMNS, tables.approval_rows, _without_backend(build.approvals)),
    Register("people", "Реестр ответственных лиц", ("запись", "записи", "записей"),
             {"role": ("Роль", tables.ROLE_RU)}, tables.PEOPLE_COLUMNS, tables.people_rows, _people,
             searches="Ф.И.О.", private_search=True),
)}


def _register(name: str) -> Register:
    if name not in REGISTERS:
        raise InvalidValue("register", "is not a register of the region")
    return REGISTERS[name]


def _cell(key: str, value: Any) -> str:
    """A cell as the page shows it: Russian dates and numbers, codes in words, «—» for nothing."""
    if value is None or value == "" or value == []:
        return "—"
    if key in DATE_CELLS:
        return table_date(date.fromisoformat(value))
    if key in CODE_CELLS:
        return CODE_CELLS[key].get(value, "—")
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, int):
        return number(value)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _filters(register: Register, given: Mapping[str, Any], municipalities: list[Tenant]) -> dict[str, str]:
    """The filters chosen: an empty choice («все») is no filter; an unknown code is refused."""
    chosen: dict[str, str] = {}
    for name in ("q", "municipality", *register.filters):
        value = given.get(name)
        if isinstance(value, str) and value.strip():
            chosen[name] = value.strip()[:200]
    for name, (_, known) in register.filters.items():
        if name in chosen and chosen[name] not in known:
            raise InvalidValue(name, "is not one of the choices")
    if "municipality" in chosen and chosen["municipality"] not in {m.id for m in municipalities}:
        raise InvalidValue("municipality", "is not a municipality of the region")
    return chosen


def _page_no(given: Mapping[str, Any]) -> int:
    raw = given.get("page_no") or "1"
    if not str(raw).isdigit() or not 1 <= int(raw) <= 1_000_000:
        raise InvalidValue("page_no", "is not a page number")
    return int(raw)


async def _answer(request: Request, region: Tenant, services: Services, read: ReadSide, register: Register,
                  chosen: dict[str, str], page_no: int, fmt: Format) -> Response:
    municipalities = services.backend.registry.municipalities(region.id)
    scope = region_scope(request, region, municipalities, None, chosen.get("q"), chosen.get("municipality"),
                         page_no, PAGE_ROWS, fmt)
    filters = {k: v for k, v in chosen.items() if k in register.filters}
    return await to_thread.run_sync(lambda: register.make(read, services, scope, fmt, **filters))


async def _page(request: Request, region: Tenant, services: Services, read: ReadSide, register: Register,
                given: Mapping[str, Any]) -> Response:
    municipalities = services.backend.registry.municipalities(region.id)
    chosen = _filters(register, given, municipalities)
    if register.private_search and request.method == "GET":
        chosen.pop("q", None)  # a name is never read from the address
    page_no = _page_no(given)
    answer = (await _answer(request, region, services, read, register, chosen, page_no, "json")).content
    columns = [c for c in register.columns if c.key not in HIDDEN]
    cells = [[_cell(c.key, row[c.key]) for c in columns] for row in register.rows(answer.rows)]
    public = {k: v for k, v in chosen.items() if not (register.private_search and k == "q")}
    return page(  # type: ignore[return-value]
        request, "region_register.html", region=region, register=register, answer=answer,
        columns=columns, cells=cells, municipalities=municipalities, chosen=chosen, registers=REGISTERS,
        query=urlencode(public), previous=urlencode({**public, "page_no": page_no - 1}),
        following=urlencode({**public, "page_no": page_no + 1}), page_no=page_no,
    )


@get("/r/{region_id:str}/registers/{name:str}", name="region-register", guards=[region_reader_guard],
     dependencies=REGION_DEPENDENCIES)
async def region_register(request: Request, region: NamedDependency[Tenant], services: NamedDependency[Services],
                          read: NamedDependency[ReadSide], name: RegisterName) -> Response:
    """One page of a register of the region matching the filters in the address."""
    return await _page(request, region, services, read, _register(name), request.query_params)


@post("/r/{region_id:str}/registers/{name:str}", name="region-register-search", guards=[region_reader_guard],
      dependencies=REGION_DEPENDENCIES, status_code=200)
async def region_register_search(request: Request, region: NamedDependency[Tenant],
                                 services: NamedDependency[Services], read: NamedDependency[ReadSide],
                                 name: RegisterName) -> Response:
    """The people register searched by name: the name comes in the form's body, never the address."""
    register = _register(name)
    form = await request.form()
    if form.get("format") in ("csv", "xlsx"):
        chosen = _filters(register, form, services.backend.registry.municipalities(region.id))
        return await _answer(request, region, services, read, register, chosen, 1, form["format"])
    return await _page(request, region, services, read, register, form)


@get("/r/{region_id:str}/registers/{name:str}/download", name="region-register-download",
     guards=[region_reader_guard], dependencies=REGION_DEPENDENCIES)
async def region_register_download(request: Request, region: NamedDependency[Tenant],
                                   services: NamedDependency[Services], read: NamedDependency[ReadSide],
                                   name: RegisterName) -> Response:
    """Every row matching the filters shown, as the registers export them (CSV or XLSX)."""
    register = _register(name)
    chosen = _filters(register, request.query_params, services.backend.registry.municipalities(region.id))
    if register.private_search:
        chosen.pop("q", None)
    fmt: Format = "csv" if request.query_params.get("format") == "csv" else "xlsx"
    return await _answer(request, region, services, read, register, chosen, 1, fmt)


REGION_REGISTER_PAGES = [region_register, region_register_search, region_register_download]
