"""The landing page of region-wide readers: the region's municipalities, each opening «Мои задачи» read-only.

The regional overview page («Обзор региона») is not built yet; its JSON answer is
/api/v1/regions/{region}/overview.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import PathParameter

from domain.roles import REGION_OPERATOR, REGION_WIDE_READERS
from services.auth import Forbidden, Principal
from services.context import services_of
from web.pages import page
from web.region_forms import may_act

RegionInPath = Annotated[str, PathParameter(max_length=80)]


@get("/r/{region_id:str}", name="region-home")
async def region_home(
    request: Request, principal: NamedDependency[Principal], region_id: RegionInPath
) -> Response:
    registry = services_of(request).backend.registry
    region = registry.get(region_id)
    if region is None or region.kind != "region" or principal.region != region.id \
            or principal.role not in REGION_WIDE_READERS:
        raise Forbidden()
    return page(  # type: ignore[return-value]
        request, "region_home.html", region=region, municipalities=registry.municipalities(region.id),
        may_act=may_act(principal), may_import=principal.role == REGION_OPERATOR,
    )


REGION_ROUTES = [region_home]
