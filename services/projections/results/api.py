"""GET identification proposals: the region's rule applied to imported results (004 §3.2)."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Annotated

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from domain.base import NotFound
from domain.cohort_rule import CohortRule, RuleForm
from services.context import tenant_reader_guard
from services.projections.http import ReadSide, read_your_writes
from services.projections.inputs import MAX_INT64
from services.projections.results.projection import ResultsView
from services.projections.results.queries import ProposalsAnswer, identification_proposals
from tenants.registry import Tenant


@get(
    "/api/v1/tenants/{tenant_id:str}/identification-proposals",
    operation_id="listIdentificationProposals",
    tags=["contests"],
    guards=[tenant_reader_guard],
    summary="Cohort proposed by the region's rule from imported results, each school's figures beside it",
    description=(
        "004 §3.2: `rule=failing` (default: ≥ `threshold` % failing in `min_procedures` or more "
        "of ГИА-9, ГИА-11, ВПР) or `rule=lowest_decile` (the lowest tenth by `indicator`, ties at "
        "the last place in). Only a proposal: a person confirms each school with identify_school "
        "in its municipality, citing the rule as its basis. Region tenants only."
    ),
)
async def list_proposals(
    request: Request,
    tenant: NamedDependency[Tenant],
    read: NamedDependency[ReadSide],
    year: Annotated[int, QueryParameter(ge=2000, le=2100, description="Year of the results")],
    rule: Annotated[RuleForm, QueryParameter(description="failing or lowest_decile")] = "failing",
    threshold: Annotated[Decimal, QueryParameter(description="Failing share, %")] = Decimal(30),
    min_procedures: Annotated[int, QueryParameter(ge=1, le=3)] = 2,
    indicator: Annotated[str, QueryParameter(max_length=80)] = "vpr_average",
    municipality: Annotated[str | None, QueryParameter(max_length=80)] = None,
    position: Annotated[
        int | None, QueryParameter(ge=1, le=MAX_INT64, description="Wait until the view has read this log position")
    ] = None,
) -> Response[ProposalsAnswer]:
    if tenant.kind != "region":
        raise NotFound("results are imported into the region's tenant: a municipality has no proposals", "tenant_id")
    await read_your_writes(request, ResultsView, tenant.id, position)
    cohort = CohortRule(rule, threshold, min_procedures, indicator)
    return Response(await asyncio.to_thread(
        identification_proposals, read.store, tenant.id, year, cohort, municipality))


RESULTS_ROUTES = [list_proposals]
