"""The words of a school's place in the programme: categories, risk factors, designations, bases."""

from __future__ import annotations

from datetime import date
from typing import Literal

import msgspec

#: ШНОР: low educational results; ШФНСУ: adverse social conditions (004 §3.2).
Category = Literal["low_results", "adverse_conditions"]

#: Risk factors of the federal "500+" practice chosen for a school at identification.
RiskFactor = Literal[
    "low_equipment",
    "teacher_shortage",
    "insufficient_teacher_competence",
    "low_process_adaptivity",
    "pupils_at_risk_of_failure",
    "low_parental_involvement",
    "poor_school_environment",
    "low_learning_motivation",
    "high_share_special_needs",
    "language_cultural_barriers",
]

#: Roles a school can be given: leader/partner school, base support site (004 §3.3),
#: network interaction centre (002 §1.3).
Designation = Literal["leader_school", "base_support_site", "network_centre"]


#: The rule each designation's results requirement comes from, named in the refusal.
RESULTS_RULE = {
    "leader_school": "001: a leader school has good results over the last 3-5 years",
    "network_centre": "002 §1.3: a network centre is a school with stable results",
    "base_support_site": "004 §3.3: a base support site shows results well above average",
}


class BasisDocument(msgspec.Struct, frozen=True):
    """The order or procedure a decision rests on, e.g. order 20/2 of 11.02.2021, GIA-2018."""

    number: str
    issued_on: date
    title: str = ""
