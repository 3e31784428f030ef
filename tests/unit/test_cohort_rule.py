"""004 §3.2 the region's rule proposing the cohort from results, on tables solved by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.base import InvalidValue
from domain.cohort_rule import CohortRule, propose
from domain.results import ResultRow, check_row

D = Decimal


def test_004_3_2_failing_in_two_or_more_procedures():
    figures = {
        "s1": {"gia9_fail_share": D(35), "vpr_fail_share": D(30)},           # 2 of 2 ≥ 30: in
        "s2": {"gia9_fail_share": D(45), "gia11_fail_share": D("29.9"), "vpr_fail_share": D(10)},
        "s3": {"gia9_fail_share": D(30), "gia11_fail_share": D(31), "vpr_fail_share": D(50)},
        "s4": {"vpr_average": D(3)},                                          # no shares: out
    }
    got = {p.school: p.proposed for p in propose(figures, CohortRule())}
    assert got == {"s1": True, "s2": False, "s3": True, "s4": False}
    [s2] = [p for p in propose(figures, CohortRule()) if p.school == "s2"]
    assert s2.reason == ("не предлагается: 1 из 3 процедур с долей не справившихся ≥ 30 % "
                         "(нужно 2) (004 §3.2)")
    looser = CohortRule(threshold=D(40), min_procedures=1)
    assert [p.school for p in propose(figures, looser) if p.proposed] == ["s2", "s3"]


def test_004_3_2_lowest_decile_with_a_tie_at_the_last_place():
    # 12 schools with a value: ceil(12/10) = 2 places; 3.1, then 3.4 twice sharing place 2.
    averages = ["3.1", "3.4", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "4.0", "4.1", "4.2", "4.3"]
    figures = {f"s{i:02}": {"vpr_average": D(v)} for i, v in enumerate(averages)}
    figures["none"] = {"gia9_fail_share": D(50)}
    rule = CohortRule(form="lowest_decile")
    proposals = propose(figures, rule)
    assert [p.school for p in proposals if p.proposed] == ["s00", "s01", "s02"]
    by = {p.school: p for p in proposals}
    assert by["s02"].reason == "предлагается: место 2 из 12 снизу, нижний дециль — 2 (⌈12/10⌉) (004 §3.2)"
    assert by["none"].reason.startswith("не предлагается: нет значения")


def test_004_3_2_the_rule_is_checked():
    with pytest.raises(InvalidValue, match="min_procedures"):
        propose({}, CohortRule(min_procedures=4))
    with pytest.raises(InvalidValue, match="threshold"):
        propose({}, CohortRule(threshold=D(101)))


def test_004_3_2_a_bad_row_is_named_by_its_row_and_column():
    row = ResultRow("ru-38-angarsk", "a-1", "Школа", 2023, "vpr_fail_share", D(120))
    with pytest.raises(InvalidValue, match=r"rows\[4\]\.value: a percentage is 0-100"):
        check_row(row, "rows[4]")
    with pytest.raises(InvalidValue, match=r"rows\[0\]\.indicator"):
        check_row(ResultRow("ru-38-angarsk", "a-1", "Школа", 2023, "x", D(1)), "rows[0]")
