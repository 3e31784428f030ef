"""Who acts in the cascade (domain.md «Who uses it»): role names and the sets rules are written in."""

from __future__ import annotations

from typing import Literal

Role = Literal["region_operator", "municipal_officer", "school_user", "auditor", "admin"]

REGION_OPERATOR: Role = "region_operator"
MUNICIPAL_OFFICER: Role = "municipal_officer"
SCHOOL_USER: Role = "school_user"
AUDITOR: Role = "auditor"
ADMIN: Role = "admin"

#: Every role, in the order the CLI and the docs list them.
ROLES: tuple[Role, ...] = (REGION_OPERATOR, MUNICIPAL_OFFICER, SCHOOL_USER, AUDITOR, ADMIN)

#: Roles bound to one municipality tenant (the token names it).
MUNICIPAL_ROLES: frozenset[Role] = frozenset({MUNICIPAL_OFFICER, SCHOOL_USER})
#: Roles that read every tenant of their region.
REGION_WIDE_READERS: frozenset[Role] = frozenset({REGION_OPERATOR, AUDITOR, ADMIN})
#: Roles that read the region's overview and registers.
REGION_OVERSEERS: frozenset[Role] = frozenset({REGION_OPERATOR, AUDITOR})
#: Roles that read a tenant's raw event log (its officers, the region, auditors).
LOG_READERS: frozenset[Role] = frozenset({MUNICIPAL_OFFICER, REGION_OPERATOR, AUDITOR})
#: Roles that record facts at all; auditors and admins write nothing.
WRITERS: frozenset[Role] = frozenset({MUNICIPAL_OFFICER, REGION_OPERATOR, SCHOOL_USER})
#: Authorities of a programme: the municipality and the region.
AUTHORITIES: frozenset[Role] = frozenset({MUNICIPAL_OFFICER, REGION_OPERATOR})
#: Facts only the municipality records (its registers, partnerships, roadmaps).
MUNICIPALITY_ONLY: frozenset[Role] = frozenset({MUNICIPAL_OFFICER})
#: Roles whose token names one school of their municipality.
SCHOOL_ROLES: frozenset[Role] = frozenset({SCHOOL_USER})
#: Who may enter a fact from paper with its real, earlier date (issue 10 item 9): the
#: authorities, never a school user.
TRANSCRIBERS: frozenset[Role] = frozenset({MUNICIPAL_OFFICER, REGION_OPERATOR})
#: Who adopts a programme in each kind of tenant (region, municipality).
ADOPTER_OF_TENANT_KIND: dict[str, Role] = {"region": REGION_OPERATOR, "municipality": MUNICIPAL_OFFICER}

#: The subject of region-level facts (programme targets, indicators) in a region tenant.
REGION_SUBJECT = "region"
