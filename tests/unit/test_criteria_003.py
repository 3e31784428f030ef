"""003 effectiveness criteria: averages, the trend of criterion 9, the derived criterion 7."""

from decimal import Decimal as D

from domain.criteria import (
    NUMBER_003,
    absence_verdict,
    criterion_of,
    judged,
    mean,
    partnership_verdict,
    subject_of,
    subjects_verdict,
    trend,
)
from domain.indicators import EFFECTIVENESS_CRITERIA_003, USE_OPTIONAL_SUBJECTS_AVERAGE


def test_003_the_nine_criteria_are_numbered_in_the_order_of_the_table():
    assert NUMBER_003["grade9_no_certificate_share"] == 1
    assert NUMBER_003["partnership_plan_executed"] == 7
    assert NUMBER_003["unexcused_absence_rate"] == 9
    assert len(NUMBER_003) == 9


def test_003_averages_are_the_mean_of_the_recorded_values():
    assert mean([D(60), D(70), D(80)]) == D(70)
    assert mean([]) is None


def test_003_c5_a_per_subject_average_belongs_to_criterion_5():
    assert subject_of("use_average_physics") == "physics"
    assert subject_of("use_average_") is None and subject_of("use_russian_average") is None
    assert criterion_of("use_average_chemistry") == USE_OPTIONAL_SUBJECTS_AVERAGE
    assert criterion_of("network_teachers_share") is None


def test_003_c5_every_subject_judged_must_be_met():
    assert subjects_verdict(["met", "met"]) == "met"
    assert subjects_verdict(["met", "not_met", "no_data"]) == "not_met"
    assert subjects_verdict(["no_data"]) == "no_data"


def test_003_c3_equal_to_the_regional_average_is_met():
    russian = EFFECTIVENESS_CRITERIA_003[2]
    assert judged(russian, D(70), D(70)) == "met"
    assert judged(russian, D("69.9"), D(70)) == "not_met"
    assert judged(russian, D(70), None) == "no_data"
    assert judged(russian, None, D(70)) == "no_data"


def test_003_c9_trend_is_the_move_since_the_previous_period():
    assert trend(D(5), D(3)) == "decrease"
    assert trend(D(3), D(5)) == "increase"
    assert trend(D(3), D(3)) == "unchanged"
    assert trend(None, D(3)) == "unknown"


def test_003_c9_below_the_district_average_and_decreasing_is_met():
    assert absence_verdict(D(3), D(5), "decrease") == "met"
    assert absence_verdict(D(3), D(5), "unknown") == "met"
    assert absence_verdict(D(3), D(5), "increase") == "not_met"
    assert absence_verdict(D(5), D(5), "decrease") == "not_met"
    assert absence_verdict(D(3), None, "decrease") == "no_data"


def test_003_c7_agreement_in_force_and_no_item_overdue_is_met():
    assert partnership_verdict("in_force", active=5, overdue=0) == "met"
    assert partnership_verdict("expiring", active=5, overdue=0) == "met"
    assert partnership_verdict("in_force", active=5, overdue=1) == "not_met"
    assert partnership_verdict("expired", active=5, overdue=0) == "not_met"
    assert partnership_verdict("none", active=0, overdue=0) == "not_met"
    assert partnership_verdict("in_force", active=0, overdue=0) == "no_data"
