"""Who may post which command where, decided by services/commands/authorisation.py alone."""

import pytest

import services.commands.catalogue  # noqa: F401  (registers every handler)
from domain.roles import ADMIN, AUDITOR, MUNICIPAL_OFFICER, REGION_OPERATOR, ROLES, SCHOOL_USER
from services.auth import Forbidden, Principal
from services.commands.authorisation import authorise_command, authorise_tenant, require_school
from services.commands.body import BodyRefused, check_json_body, nesting_depth
from services.commands.registry import CATALOGUE
from tenants.registry import Tenant

REGION = Tenant("ru-16", "region", "ru-16", "Татарстан")
KAYBITSY = Tenant("ru-16-kaybitsy", "municipality", "ru-16", "Кайбицкий район")
LENINOGORSK = Tenant("ru-16-leninogorsk", "municipality", "ru-16", "Лениногорский район")


def principal(role, tenant=KAYBITSY.id, region="ru-16"):
    municipal = role in (MUNICIPAL_OFFICER, SCHOOL_USER)
    school = "k-1" if role == SCHOOL_USER else None
    return Principal(f"{role}@x", role, region, tenant if municipal else None, school)


@pytest.mark.parametrize("role", [AUDITOR, ADMIN])
def test_auditors_and_admins_write_nothing_anywhere(role):
    for tenant in (REGION, KAYBITSY):
        with pytest.raises(Forbidden, match="writes nothing"):
            authorise_tenant(principal(role), tenant)


@pytest.mark.parametrize("role", [MUNICIPAL_OFFICER, SCHOOL_USER])
def test_municipal_roles_write_only_in_their_own_municipality(role):
    authorise_tenant(principal(role), KAYBITSY)
    for elsewhere in (LENINOGORSK, REGION):
        with pytest.raises(Forbidden):
            authorise_tenant(principal(role), elsewhere)


def test_nobody_writes_in_another_region():
    for role in (REGION_OPERATOR, MUNICIPAL_OFFICER, SCHOOL_USER):
        with pytest.raises(Forbidden):
            authorise_tenant(principal(role, region="ru-67"), KAYBITSY)


@pytest.mark.parametrize("spec", list(CATALOGUE.values()), ids=lambda spec: spec.name)
def test_each_command_admits_exactly_its_roles_and_kinds_of_tenant(spec):
    for role in ROLES:
        for tenant in (REGION, KAYBITSY):
            caller = principal(role)  # municipal roles of Kaybitsy, regional roles of ru-16
            allowed = role in spec.roles and tenant.kind in spec.tenant_kinds
            if tenant is REGION and role in (MUNICIPAL_OFFICER, SCHOOL_USER):
                allowed = False  # a municipality's people write in their municipality only
            if allowed:
                authorise_command(spec, caller, tenant)
            else:
                with pytest.raises(Forbidden):
                    authorise_command(spec, caller, tenant)


def test_a_school_user_acts_only_on_its_own_school_and_others_on_any():
    require_school(principal(SCHOOL_USER), "k-2", "k-1")
    with pytest.raises(Forbidden):
        require_school(principal(SCHOOL_USER), "k-2")
    require_school(principal(MUNICIPAL_OFFICER), "k-2")


@pytest.mark.parametrize("text, depth", [("{}", 1), ('{"a": [[{}]]}', 4), ('"[[[["', 0),
                                         ('{"a": "\\"[[", "b": [1]}', 2)])
def test_nesting_is_counted_outside_strings_only(text, depth):
    assert nesting_depth(text) == depth


@pytest.mark.parametrize("content_type, body, code", [
    ("text/plain", b"{}", "unsupported-media-type"),
    ("application/json; charset=utf-16", b"{}", "unsupported-media-type"),
    ("application/json", b'{"a": "\xff"}', "malformed-json"),
    ("application/json", b"[" * 40 + b"]" * 40, "json-too-deep"),
    ("application/json", b'{"a": 1, "a": 2}', "duplicate-key"),
])
def test_bodies_that_are_not_plain_json_are_refused_with_their_problem(content_type, body, code):
    with pytest.raises(BodyRefused) as refused:
        check_json_body(content_type, body)
    assert refused.value.code == code


def test_a_plain_json_body_passes_and_a_malformed_one_is_left_to_the_decoder():
    check_json_body("application/json; charset=UTF-8", b'{"type": "register_school", "a": [1]}')
    check_json_body("application/json", b'{"type": ')
