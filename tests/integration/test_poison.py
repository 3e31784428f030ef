"""The poison probe: extreme values of every field of every command are refused or fully projected.

The cases come from the command Structs' type information (msgspec.inspect), so a new command
or field is probed without a line here. Each answer must be 2xx or 4xx; afterwards every view
has read every tenant's log to its head and nothing is parked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec.inspect as mi
import pytest

from domain import roles
from services.commands.registry import CATALOGUE, CommandSpec
from tests.e2e.conftest import (
    api,  # noqa: F401  (the fixture)
    officer,
    operator,
    school_user,
)

MUNICIPALITY = "ru-16-kaybitsy"
REGION = "ru-16"
SCHOOL = "k-1"
DATES = ["0001-01-01", "1999-12-31", "2000-01-01", "2100-12-31", "2101-01-01", "9999-12-31"]
DECIMALS = ["0", "-1", "1e300", "0.0000001", "999999999999.999999", 10**30]
CONTROL = ["a\u0000b", "a\u0007b", "a\u0085b", "\n"]


def _typical(t: mi.Type, name: str) -> Any:
    """A plausible value of a type, so that a case varies one field of an otherwise sane body."""
    match t:
        case mi.Metadata():
            return _typical(t.type, name)
        case mi.StrType():
            if t.pattern and "Za-z0-9" in t.pattern:
                return SCHOOL
            return "2021" if name == "period" else "Текст"
        case mi.DateType():
            return "2021-03-01"
        case mi.BoolType():
            return True
        case mi.IntType():
            return max(t.ge or 0, 1) if t.le is None or t.le >= 1 else t.le
        case mi.DecimalType() | mi.FloatType():
            return "1"
        case mi.LiteralType():
            return t.values[0]
        case mi.ListType() | mi.VarTupleType() | mi.SetType() | mi.FrozenSetType():
            return [_typical(t.item_type, name)] * max(t.min_length or 1, 1)
        case mi.StructType():
            return _body(t)
        case mi.UnionType():
            return _typical(next(x for x in t.types if not isinstance(x, mi.NoneType)), name)
    return None


def _body(t: mi.StructType) -> dict[str, Any]:
    body = {f.encode_name: _typical(f.type, f.name) for f in t.fields if f.required}
    if t.tag_field is not None:
        body[t.tag_field] = t.tag
    return body


def _extremes(t: mi.Type) -> Iterator[Any]:
    """The values at and beyond the edges of a type."""
    match t:
        case mi.Metadata():
            yield from _extremes(t.type)
        case mi.StrType():
            yield ""
            yield "я" * (t.max_length or 100_000)
            yield "я" * ((t.max_length or 100_000) + 1)
            yield from CONTROL
        case mi.DateType():
            yield from DATES
        case mi.IntType():
            yield from {0, -1, 2**31, 2**63, t.ge if t.ge is not None else -(2**63), t.le or 2**64}
        case mi.DecimalType() | mi.FloatType():
            yield from DECIMALS
        case mi.ListType() | mi.VarTupleType() | mi.SetType() | mi.FrozenSetType():
            yield []
            yield [_typical(t.item_type, "")] * (t.max_length or 2_000)
        case mi.UnionType():
            for member in t.types:
                if not isinstance(member, mi.NoneType):
                    yield from _extremes(member)
        case mi.StructType():
            for field in t.fields:
                for value in _extremes(field.type):
                    yield _body(t) | {field.encode_name: value}


def cases(spec: CommandSpec) -> Iterator[tuple[str, dict[str, Any]]]:
    info = mi.type_info(spec.command)
    assert isinstance(info, mi.StructType)
    base = _body(info)
    for field in info.fields:
        for value in _extremes(field.type):
            yield field.name, base | {field.encode_name: value}


def _poster(spec: CommandSpec):
    """Who may post it and where: the municipality's officer when allowed, else the region."""
    if "municipality" in spec.tenant_kinds:
        if roles.MUNICIPAL_OFFICER in spec.roles:
            return MUNICIPALITY, officer()
        return MUNICIPALITY, school_user(SCHOOL)
    return REGION, operator()


@pytest.mark.parametrize("spec", sorted(CATALOGUE.values(), key=lambda s: s.name), ids=lambda s: s.name)
def test_extreme_values_are_refused_or_applied_by_every_view(api, spec):  # noqa: F811
    assert api.post(MUNICIPALITY, {"type": "register_school", "school": SCHOOL, "name": "Школа"},
                    as_=officer()).status_code == 201
    tenant, principal = _poster(spec)
    answers = []
    for field, body in cases(spec):
        response = api.post(tenant, body, as_=principal)
        answers.append((field, response.status_code))
        assert response.status_code < 500, (field, body, response.text)
    assert answers, spec.name
    api.project()
    read = api.client.app.state.services.read
    assert read.store.parked() == []
    for view in read.views:
        reached = read.store.positions(type(view), read.store.ensure_live(type(view)))
        for name in (MUNICIPALITY, REGION):
            assert reached.get(name, 0) >= api.head(name), (view.name, name)
