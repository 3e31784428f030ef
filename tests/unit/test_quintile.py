"""004 §3.3 top quintile among schools in similar adverse conditions: a table solved by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.base import InvalidValue
from domain.quintile import Entrant, context_group, quota, top_quintile

BOUNDS = (Decimal("0.4"), Decimal("0.7"))


def _entrant(school: str, score: str, index: str) -> Entrant:
    return Entrant(school, Decimal(score), Decimal(index))


#: Three context groups cut at 0.4 and 0.7. By hand:
#: group 1 (index < 0.4), 7 schools: quota ceil(7/5) = 2; places 1, 2, 2, 4, 5, 6, 7; the tie
#:   at place 2 takes a2 and a3 both in: 3 schools in the quintile.
#: group 2 (0.4 <= index < 0.7), 3 schools (smaller than 5): quota 1; b1 and b2 tie at
#:   place 1, both in; b3 at place 3 out.
#: group 3 (index >= 0.7; c3 sits exactly on the bound), 6 schools: quota 2; places
#:   1, 2, 3, 4, 4, 6: c1 and c2 in; the tie at place 4 is outside the quota, both out.
TABLE = [
    _entrant("a4", "70", "0.10"), _entrant("a1", "80", "0.20"), _entrant("a3", "75", "0.39"),
    _entrant("a2", "75", "0.05"), _entrant("a5", "60", "0.30"), _entrant("a6", "55", "0.00"),
    _entrant("a7", "50", "0.25"),
    _entrant("b3", "40", "0.50"), _entrant("b2", "65", "0.40"), _entrant("b1", "65", "0.69"),
    _entrant("c6", "10", "0.90"), _entrant("c1", "90", "0.95"), _entrant("c3", "70", "0.70"),
    _entrant("c5", "60", "0.80"), _entrant("c2", "85", "0.75"), _entrant("c4", "60", "0.71"),
]

EXPECTED = [  # (school, group, place, group size, quota, in the top quintile)
    ("a1", 0, 1, 7, 2, True), ("a2", 0, 2, 7, 2, True), ("a3", 0, 2, 7, 2, True),
    ("a4", 0, 4, 7, 2, False), ("a5", 0, 5, 7, 2, False), ("a6", 0, 6, 7, 2, False),
    ("a7", 0, 7, 7, 2, False),
    ("b1", 1, 1, 3, 1, True), ("b2", 1, 1, 3, 1, True), ("b3", 1, 3, 3, 1, False),
    ("c1", 2, 1, 6, 2, True), ("c2", 2, 2, 6, 2, True), ("c3", 2, 3, 6, 2, False),
    ("c4", 2, 4, 6, 2, False), ("c5", 2, 4, 6, 2, False), ("c6", 2, 6, 6, 2, False),
]


def test_004_3_3_top_quintile_by_context_group_with_ties_and_small_groups() -> None:
    table = top_quintile(TABLE, BOUNDS)
    got = [(p.school, p.group, p.place, p.group_size, p.quota, p.in_top_quintile) for p in table]
    assert got == EXPECTED


def test_004_3_3_each_place_has_its_reason() -> None:
    placing = {p.school: p for p in top_quintile(TABLE, BOUNDS)}
    assert placing["a3"].reason == (
        "группа условий 1 (индекс ниже 0.4): место 2 из 7, квота верхнего квинтиля 2 (⌈7/5⌉) "
        "— в верхнем квинтиле (004 §3.3)"
    )
    assert placing["c4"].reason.endswith("место 4 из 6, квота верхнего квинтиля 2 (⌈6/5⌉) "
                                         "— вне верхнего квинтиля (004 §3.3)")
    assert "индекс от 0.4 до 0.7" in placing["b3"].reason


def test_004_3_3_a_lone_school_is_the_best_of_its_group() -> None:
    [only] = top_quintile([_entrant("x", "1", "0.5")], BOUNDS)
    assert (only.group, only.place, only.quota, only.in_top_quintile) == (1, 1, 1, True)


def test_004_3_3_quota_is_the_best_fifth_rounded_up() -> None:
    assert [quota(n) for n in (1, 4, 5, 6, 10, 11)] == [1, 1, 1, 2, 2, 3]


def test_004_3_3_a_bound_belongs_to_the_upper_band() -> None:
    assert [context_group(Decimal(v), BOUNDS) for v in ("0.39", "0.4", "0.7", "5")] == [0, 1, 2, 2]


def test_004_3_3_without_bounds_all_schools_are_one_group() -> None:
    table = top_quintile(TABLE)
    assert {p.group for p in table} == {0}
    # 16 schools: quota ceil(16/5) = 4; 90, 85, 80, then 75 twice sharing place 4: five in.
    assert [p.school for p in table if p.in_top_quintile] == ["c1", "c2", "a1", "a2", "a3"]


def test_004_3_3_bounds_must_ascend_and_schools_not_repeat() -> None:
    with pytest.raises(InvalidValue, match="context_bounds"):
        top_quintile(TABLE, (Decimal("0.7"), Decimal("0.4")))
    with pytest.raises(InvalidValue, match="school"):
        top_quintile([_entrant("x", "1", "0"), _entrant("x", "2", "0")])
