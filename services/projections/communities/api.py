"""GET communities (004 §4.5-4.8) and the municipal bank of methodical materials (004 §4.7)."""

from __future__ import annotations

import asyncio
from typing import Annotated

import msgspec
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from domain.community import CommunityKind, CommunityLevel
from services.auth import Principal
from services.context import tenant_reader_guard
from services.projections.communities import queries
from services.projections.communities.projection import CommunitiesView
from services.projections.communities.queries import CommunityRow, Filters, MaterialRow
from services.projections.communities.tables import (
    COMMUNITY_COLUMNS,
    MATERIAL_COLUMNS,
    community_rows,
    material_rows,
)
from services.projections.export import FORMAT_HELP, Format, heading, tabular
from services.projections.http import ReadSide, read_your_writes, school_scope
from services.projections.inputs import MAX_INT64, plain_text
from services.projections.registers.queries import school_names
from tenants.registry import Tenant

Search = Annotated[str | None, QueryParameter(max_length=200, description="Words of the name, title or "
                                               "subject (Russian, case- and ё/е-insensitive)")]
Key = Annotated[str | None, QueryParameter(max_length=80, description="Only this one")]
Position = Annotated[int | None, QueryParameter(ge=1, le=MAX_INT64,
                                                description="Wait until the view has read this log position")]
Kind = Annotated[CommunityKind | None, QueryParameter(description="Only communities of this kind")]
Level = Annotated[CommunityLevel | None, QueryParameter(description="municipal or school")]
Fmt = Annotated[Format, QueryParameter(name="format", description=FORMAT_HELP)]
Withdrawn = Annotated[bool, QueryParameter(description="Also the materials taken out of the bank")]


class CommunitiesAnswer(msgspec.Struct, frozen=True):
    tenant_id: str
    communities: list[CommunityRow]
    position: int


class MaterialsAnswer(msgspec.Struct, frozen=True):
    tenant_id: str
    materials: list[MaterialRow]
    position: int


@get("/api/v1/tenants/{tenant_id:str}/communities", operation_id="listCommunities",
     tags=["communities"], guards=[tenant_reader_guard],
     summary="Working groups, problem groups, methodological associations, creative groups",
     description="Municipal and school level (004 §3.1, §4.5-4.8), ordered by name: member schools "
     "with their teachers counted, meetings held (each with its date, topic and participants), "
     "materials in the bank. `format=csv|xlsx` downloads them with Russian headers. `school`: communities the school owns or is a member of; a school user "
     "sees only those of its own school.")
async def list_communities(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], q: Search = None, kind: Kind = None, level: Level = None,
    school: Key = None, position: Position = None, fmt: Fmt = "json",
) -> Response[CommunitiesAnswer]:
    scope = school_scope(principal, school)
    plain_text(q, "q")
    await read_your_writes(request, CommunitiesView, tenant.id, position)
    filters = Filters(q=q, kind=kind, level=level, school=scope)
    rows = await asyncio.to_thread(queries.communities, read.store, tenant.id, filters)
    if fmt != "json":
        found = await asyncio.to_thread(school_names, read.store, [tenant.id])
        names = {code: name for (_, code), name in found.items()}
        return tabular(community_rows(rows, names), COMMUNITY_COLUMNS, fmt, f"communities-{tenant.id}",
                       "Рабочие группы, проблемные группы, методические объединения",
                       heading("Сообщества", tenant.name, None, поиск=q, вид=kind, уровень=level, школа=names.get(scope or "", scope)))
    return Response(CommunitiesAnswer(tenant.id, rows, queries.reached(read.store, tenant.id)))


@get("/api/v1/tenants/{tenant_id:str}/methodical-materials", operation_id="listMethodicalMaterials",
     tags=["communities"], guards=[tenant_reader_guard],
     summary="The municipal bank of methodical materials (004 §4.7), searchable",
     description="Newest first: title, author organisation (a school or an organisation), link or "
     "file name, subject, the community that prepared it. Withdrawn materials only with "
     "`withdrawn=true`. `format=csv|xlsx` downloads them with Russian headers. The bank is shared: every reader of the municipality sees all of it.")
async def list_methodical_materials(
    request: Request, tenant: NamedDependency[Tenant], read: NamedDependency[ReadSide],
    q: Search = None, author: Key = None, community: Key = None, withdrawn: Withdrawn = False,
    position: Position = None, fmt: Fmt = "json",
) -> Response[MaterialsAnswer]:
    for value, field in ((q, "q"), (author, "author"), (community, "community")):
        plain_text(value, field)
    await read_your_writes(request, CommunitiesView, tenant.id, position)
    filters = Filters(q=q, author=author, community=community, withdrawn=withdrawn)
    rows = await asyncio.to_thread(queries.materials, read.store, tenant.id, filters)
    if fmt != "json":
        return tabular(material_rows(rows), MATERIAL_COLUMNS, fmt, f"materials-{tenant.id}",
                       "Муниципальный банк методических материалов",
                       heading("Банк методических материалов", tenant.name, None, поиск=q, автор=author,
                               объединение=community))
    return Response(MaterialsAnswer(tenant.id, rows, queries.reached(read.store, tenant.id)))


COMMUNITY_ROUTES = [list_communities, list_methodical_materials]
