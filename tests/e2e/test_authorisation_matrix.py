"""Every read path of the OpenAPI document × every role × own and foreign tenant, region, school.

The expected status comes from the access rules (README «Roles»), written here once as a
policy; every answer, allowed or refused, is searched for identifiers of data the caller may
not see. A new endpoint is covered as soon as it is in the document.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from domain.roles import (
    ADMIN,
    AUDITOR,
    LOG_READERS,
    MUNICIPAL_OFFICER,
    REGION_OPERATOR,
    REGION_OVERSEERS,
    REGION_WIDE_READERS,
    SCHOOL_USER,
)
from services.auth import Principal
from tests.e2e.conftest import TENANTS

#: One school per municipality, each with a name no other tenant's data contains.
SCHOOLS = {
    "ru-16-kaybitsy": ("kay-1", "Кулангинская основная школа"),
    "ru-16-leninogorsk": ("len-1", "Лениногорская гимназия номер один"),
    "ru-67-smolensk": ("smol-1", "Смоленская средняя школа номер один"),
}
#: Values of the query parameters an operation needs (the schedule's range).
REQUIRED_VALUES = {"from": "2021-01-01", "to": "2021-12-31", "year": "2021", "month": "2021-03",
                   "sheet": "sheet-1", "roadmap": "roadmap-1"}
#: Printable documents of one record (a sheet, a roadmap): none exists here, so a reader gets 404.
ONE_RECORD = {"getApprovalSheetDocument", "getRoadmapDocument"}
#: Printable documents of one school: without `school` a 422 naming it (a school user's own school is
#: implied); a school the tenant does not hold, or with nothing to print, a 404.
OF_ONE_SCHOOL = {"getCriteriaDocument", "getMonthlyReportDocument"}
#: Reads of the authority's own business that school users are refused (the README «Roles»).
NOT_FOR_SCHOOL_USERS = {"listAppointments"}
#: Reads of what only a region's tenant holds (imported results): a municipality has none: 404.
REGION_TENANT_ONLY = {"listIdentificationProposals"}
REGION_OF = {t.id: t.region_id for t in TENANTS}
KIND_OF = {t.id: t.kind for t in TENANTS}


def principals() -> dict[str, Principal]:
    """A caller of every role, of the target's own scope and of foreign ones."""
    found: dict[str, Principal] = {}
    for tenant, (school, _) in SCHOOLS.items():
        region = REGION_OF[tenant]
        found[f"officer {tenant}"] = Principal(f"officer@{tenant}", MUNICIPAL_OFFICER, region, tenant)
        found[f"school user {school}"] = Principal(f"user@{school}", SCHOOL_USER, region, tenant, school)
    for region in ("ru-16", "ru-67"):
        for role in (REGION_OPERATOR, AUDITOR, ADMIN):
            found[f"{role} {region}"] = Principal(f"{role}@{region}", role, region)
    return found


@dataclass(frozen=True)
class Case:
    """One request: the path with its ids filled in, its query, and the scope it reaches."""

    operation: str
    url: str
    params: dict[str, str]
    tenant: str | None = None
    region: str | None = None
    school_asked: str | None = None


def may_read_tenant(who: Principal, tenant: str) -> bool:
    if who.region != REGION_OF[tenant]:
        return False
    return who.role in REGION_WIDE_READERS or who.tenant == tenant


def expected(case: Case, who: Principal) -> set[int]:
    """The statuses the access rules allow for this caller and request."""
    if case.region is not None:
        allowed = who.region == case.region and who.role in REGION_OVERSEERS
        return {200} if allowed else {403}
    assert case.tenant is not None
    if not may_read_tenant(who, case.tenant):
        return {403}
    if case.operation in ("listTenantEvents", "verifyTenantLog", "getStreamState"):
        if who.role not in LOG_READERS:
            return {403}
        if case.operation == "getStreamState":
            return {200, 404}  # a stream of another tenant's key does not exist here
        return {200}
    if case.operation in REGION_TENANT_ONLY and KIND_OF[case.tenant] != "region":
        return {404}
    if who.role == SCHOOL_USER and case.operation in NOT_FOR_SCHOOL_USERS:
        return {403}
    if who.role == SCHOOL_USER and case.school_asked not in (None, who.school):
        return {403}
    if case.operation in ONE_RECORD:
        return {404}
    if case.operation in OF_ONE_SCHOOL:
        return {200, 404} if case.school_asked or who.role == SCHOOL_USER else {422}
    return {200}


def cases(document: dict) -> list[Case]:
    """Each GET operation for every tenant and region, with foreign ids in the query too."""
    found: list[Case] = []
    for path, operations in document["paths"].items():
        get = operations.get("get")
        if get is None or ("{tenant_id}" not in path and "{region_id}" not in path):
            continue
        operation = get["operationId"]
        query = {p["name"] for p in get.get("parameters", []) if p["in"] == "query"}
        required = {name: value for name, value in REQUIRED_VALUES.items() if name in query}
        if "{region_id}" in path:
            for region in ("ru-16", "ru-67"):
                params = {**required, **({"max_seconds": "1"} if "max_seconds" in query else {})}
                found.append(Case(operation, path.replace("{region_id}", region), params,
                                  region=region))
            continue
        for tenant in REGION_OF:
            base = path.replace("{tenant_id}", tenant)
            for school, _ in [*SCHOOLS.values(), (None, "")]:
                if "{school}" in base:  # a school's card: every school asked in the path
                    if school is not None:
                        found.append(Case(operation, base.replace("{school}", school), required,
                                          tenant=tenant, school_asked=school))
                elif "{stream_ref}" in base:
                    if school is None:
                        continue
                    found.append(Case(operation, base.replace("{stream_ref}", f"school/{school}"),
                                      required, tenant=tenant))
                elif "school" in query and school is not None:
                    found.append(Case(operation, base, {**required, "school": school},
                                      tenant=tenant, school_asked=school))
                elif school is None:
                    found.append(Case(operation, base, required, tenant=tenant))
    return found


def visible(who: Principal, case: Case) -> set[str]:
    """Tenants whose data may appear in this answer."""
    if case.region is not None:
        return {t for t, r in REGION_OF.items() if r == case.region}
    return {case.tenant} if case.tenant else set()


def leaked(text: str, allowed: set[str], asked: str = "") -> list[str]:
    """Identifiers of seeded data outside the allowed tenants that the answer contains.

    An identifier the caller itself sent (echoed in a refusal) reveals nothing.
    """
    return [
        marker
        for tenant, (school, name) in SCHOOLS.items()
        if tenant not in allowed
        for marker in (school, name)
        if marker in text and marker not in asked
    ]


@pytest.fixture
def seeded(api):
    for tenant, (school, name) in SCHOOLS.items():
        officer = principals()[f"officer {tenant}"]
        answer = api.post(tenant, {"type": "register_school", "school": school, "name": name}, officer)
        assert answer.status_code == 201, answer.text
    api.project()
    return api


def test_every_read_path_answers_each_role_as_the_access_rules_say(seeded):
    api = seeded
    document = api.client.get("/docs/openapi.json").json()
    everyone = principals()
    all_cases = cases(document)
    operations = {case.operation for case in all_cases}
    assert {"listTenantEvents", "listRoadmapStatus", "getRegionalOverview"} <= operations
    failures = []
    for case in all_cases:
        for name, who in everyone.items():
            response = api.client.get(case.url, params=case.params, headers=api.headers(who))
            allowed = expected(case, who)
            if response.status_code not in allowed:
                failures.append(f"{name} GET {case.url} {case.params}: {response.status_code} "
                                f"not in {sorted(allowed)}")
                continue
            if response.status_code >= 400:
                assert response.headers["content-type"].startswith("application/problem+json")
            shown = visible(who, case) if response.status_code == 200 else set()
            if leaks := leaked(response.text, shown, f"{case.url} {case.params}"):
                failures.append(f"{name} GET {case.url} {case.params} shows {leaks}")
    assert failures == [], "\n".join(failures)


def test_without_a_token_every_read_path_is_401(seeded):
    api = seeded
    document = api.client.get("/docs/openapi.json").json()
    for case in cases(document):
        response = api.client.get(case.url, params=case.params)
        assert response.status_code == 401, (case.url, response.text)
        assert leaked(response.text, set(), f"{case.url} {case.params}") == []


def test_a_school_user_cannot_name_another_school_in_a_command_body(seeded):
    api = seeded
    other = {"type": "register_school", "school": "kay-2", "name": "Вторая школа"}
    assert api.post("ru-16-kaybitsy", other, principals()["officer ru-16-kaybitsy"]).status_code == 201
    user = principals()["school user kay-1"]
    before = api.count("ru-16-kaybitsy")
    for school in ("kay-2", "len-1", "smol-1"):
        body = {"type": "file_report", "school": school, "kind": "monthly_roadmap",
                "period": "2021-03", "summary": "Отчёт за март"}
        response = api.post("ru-16-kaybitsy", body, user)
        assert response.status_code in (403, 404, 422), (school, response.text)
        assert leaked(response.text, {"ru-16-kaybitsy"}, school) == []
    assert api.count("ru-16-kaybitsy") == before
