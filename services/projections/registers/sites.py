"""Base support sites in the registers (004 §3.3): the level decided by the contest's order, and
the support a site gives a school, shown to each side's municipality and to nobody else.

The contests model keeps the contests, decisions and supports (a regional contest lives in the
region's log); its queries are read here and joined to the registers' schools by tenant and
code. A regional site may support a school of another municipality: the supported school's
municipality sees the row with the site named as partner, the site's municipality the support
it gives; a third municipality sees neither.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import msgspec

from services.projections.contests.queries import SiteLink, site_links
from services.projections.registers.answers import (
    Agreement,
    PartnershipEntry,
    SchoolEntry,
    SiteSupport,
)
from services.projections.registers.paging import Scope
from services.projections.registers.search import fold, search_text, short_name
from services.projections.store import ViewStore

#: `status` of a partnership-register row that is a site's support, not a 003 partnership.
SITE_SUPPORT = "site_support"


#: registers.queries.school_names: (tenant, code) -> name of the schools of some tenants.
Names = Callable[[ViewStore, Sequence[str]], dict[tuple[str, str], str]]


def _links(store: ViewStore, scope: Scope, names_of: Names) -> tuple[list[SiteLink], dict[tuple[str, str], str]]:
    """The links touching the scope, and the names of the schools they support (any side)."""
    organisers = list(dict.fromkeys([*([scope.region] if scope.region else []), *scope.tenants]))
    links = site_links(store, organisers, scope.tenants, scope.as_of)
    tenants = sorted({k.municipality for k in links if k.municipality is not None})
    return links, names_of(store, tenants) if tenants else {}


def _support(link: SiteLink, names: dict[tuple[str, str], str]) -> SiteSupport:
    assert link.school is not None and link.municipality is not None and link.from_on is not None
    return SiteSupport(
        link.contest, link.level, link.site, link.site_name, link.site_municipality, link.school,
        names.get((link.municipality, link.school), link.school), link.municipality, link.from_on,
        link.municipality != link.site_municipality,
    )


def with_sites(store: ViewStore, scope: Scope, rows: list[SchoolEntry], names_of: Names) -> list[SchoolEntry]:
    """Each school's site level and the supports it gives or receives."""
    links, names = _links(store, scope, names_of)
    found = []
    for row in rows:
        at = (row.tenant_id, row.school)
        decided = [k for k in links if (k.site_municipality, k.site) == at]
        found.append(msgspec.structs.replace(
            row, base_site_level=decided[0].level if decided else None,
            site_supports=[_support(k, names) for k in decided if k.school is not None],
            supported_by=[_support(k, names) for k in links
                          if k.school is not None and (k.municipality, k.school) == at],
        ))
    return found


def is_site(row: SchoolEntry) -> bool:
    return row.base_site_level is not None or "base_support_site" in row.designations


def support_entries(store: ViewStore, scope: Scope, names_of: Names) -> list[PartnershipEntry]:
    """The supports touching the scope, as partnership rows of the side that sees them."""
    found = []
    links, names = _links(store, scope, names_of)
    for link in links:
        if link.school is None:
            continue
        support = _support(link, names)
        tenant = support.school_tenant if support.school_tenant in scope.tenants else support.site_tenant
        if scope.school is not None and (tenant, scope.school) not in (
                (support.school_tenant, support.school), (support.site_tenant, support.site)):
            continue
        found.append(PartnershipEntry(
            tenant_id=tenant, municipality=scope.name_of(tenant),
            partnership=f"{support.contest}/{support.site}/{support.school}",
            supported_school=support.school, supported_name=support.school_name,
            partner_school=support.site, partner_name=support.site_name, status=SITE_SUPPORT,
            assigned_on=support.from_on, basis=None, agreement=Agreement(None, None, None, "none"),
            notice_given_on=None, takes_effect_on=None, ended_on=None, deadline=None,
            days_left=None, site_support=support,
        ))
    return found


def sort_key(row: PartnershipEntry) -> tuple[str, str, str]:
    """The partnerships' order: the supported school's folded short then full name, tenant, key."""
    return (f"{fold(short_name(row.supported_name))} {fold(row.supported_name)}", row.tenant_id,
            row.partnership)


def found_by(q: str | None, *names: str) -> bool:
    """The `q` rule of the registers (registers.search): its folded words in order."""
    if not q or not q.strip():
        return True
    pattern = ".*".join(re.escape(word) for word in fold(q).split(" "))
    return re.search(pattern, search_text(*names)) is not None
