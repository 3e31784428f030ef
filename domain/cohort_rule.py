"""The region's published rule that proposes the cohort of ШНОР from results (004 §3.2).

Two forms, configurable per query:
- `failing`: «не менее N % не справившихся в K и более процедурах»: a school is proposed when at
  least `min_procedures` of the failing shares (ГИА-9, ГИА-11, ВПР) of the year are ≥ `threshold`;
  a procedure without a value does not count either way.
- `lowest_decile`: the schools in the lowest tenth by one indicator (an average score, lower is
  worse): ceil(n / 10) places among the schools with a value, ties at the last place all in
  (the same tie rule as domain.quintile).
A proposal is only a proposal: nothing is identified until a person confirms it (identify_school).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from math import ceil
from typing import Literal

import msgspec

from domain.base import InvalidValue
from domain.results import FAIL_SHARES, RESULT_INDICATORS, VPR_AVERAGE

RuleForm = Literal["failing", "lowest_decile"]


class CohortRule(msgspec.Struct, frozen=True):
    """The rule's form and parameters (defaults: ≥ 30 % failing in 2 or more procedures)."""

    form: RuleForm = "failing"
    threshold: Decimal = Decimal(30)
    min_procedures: int = 2
    indicator: str = VPR_AVERAGE

    def check(self) -> CohortRule:
        if self.form not in ("failing", "lowest_decile"):
            raise InvalidValue("rule", "must be failing or lowest_decile")
        if not self.threshold.is_finite() or not 0 <= self.threshold <= 100:
            raise InvalidValue("threshold", "a percentage is 0-100")
        if not 1 <= self.min_procedures <= len(FAIL_SHARES):
            raise InvalidValue("min_procedures", "must be 1-{count}", count=len(FAIL_SHARES))
        if self.indicator not in RESULT_INDICATORS:
            raise InvalidValue("indicator", "must be one of {choices}", choices=', '.join(RESULT_INDICATORS))
        return self

    def wording(self) -> str:
        if self.form == "failing":
            return (f"не менее {self.threshold} % не справившихся в {self.min_procedures} и более "
                    "процедурах (ГИА-9, ГИА-11, ВПР)")
        return f"нижний дециль по показателю «{RESULT_INDICATORS[self.indicator]}»"


class Proposal(msgspec.Struct, frozen=True):
    """One school beside the rule: proposed or not, and why, in words."""

    school: str
    proposed: bool
    reason: str


def propose(figures: Mapping[str, Mapping[str, Decimal]], rule: CohortRule) -> list[Proposal]:
    """004 §3.2: every school (by key) with its verdict under the rule, in key order."""
    rule.check()
    if rule.form == "failing":
        return [_failing(school, figures[school], rule) for school in sorted(figures)]
    return _lowest_decile(figures, rule)


def _failing(school: str, values: Mapping[str, Decimal], rule: CohortRule) -> Proposal:
    over = [name for name in FAIL_SHARES if name in values and values[name] >= rule.threshold]
    known = sum(1 for name in FAIL_SHARES if name in values)
    proposed = len(over) >= rule.min_procedures
    verdict = "предлагается" if proposed else "не предлагается"
    return Proposal(school, proposed, (
        f"{verdict}: {len(over)} из {known} процедур с долей не справившихся ≥ {rule.threshold} % "
        f"(нужно {rule.min_procedures}) (004 §3.2)"
    ))


def _lowest_decile(figures: Mapping[str, Mapping[str, Decimal]], rule: CohortRule) -> list[Proposal]:
    scored = sorted((values[rule.indicator], school) for school, values in figures.items()
                    if rule.indicator in values)
    places = ceil(len(scored) / 10)
    cutoff = scored[places - 1][0] if scored else None
    result = []
    for school in sorted(figures):
        value = figures[school].get(rule.indicator)
        if value is None:
            result.append(Proposal(school, False, "не предлагается: нет значения показателя (004 §3.2)"))
            continue
        place = 1 + sum(1 for other, _ in scored if other < value)
        inside = cutoff is not None and value <= cutoff
        verdict = "предлагается" if inside else "не предлагается"
        result.append(Proposal(school, inside, (
            f"{verdict}: место {place} из {len(scored)} снизу, нижний дециль — {places} "
            f"(⌈{len(scored)}/10⌉) (004 §3.2)"
        )))
    return result
