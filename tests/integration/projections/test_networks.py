"""Networks view (002) fed with events on both backends: compositions by order as of a date, and
the end-of-year analytic note the network centres owe (002 §4.3) shown missing when not filed."""

from __future__ import annotations

from datetime import date

import pytest

from domain.duty import DueRule, DutyOrder, DutyTerms, ReportingDuty
from domain.network import Network
from domain.school import BasisDocument, School
from services.projections.networks.projection import NetworkView
from services.projections.networks.queries import networks_as_of
from services.projections.schedule.projection import ScheduleView
from services.projections.schedule.queries import monitoring_calendar
from tests.integration.projections.feed import KAYBITSY, Feed, provenance

ORDER = BasisDocument("105-од", date(2021, 9, 1), "О составе сетей")
LATER = BasisDocument("40-од", date(2022, 3, 1), "Об изменении состава")


@pytest.fixture
def feed(store) -> Feed:
    return Feed(store, [NetworkView(), ScheduleView()])


def school(code: str, name: str) -> School:
    return School.register(provenance(), code, name, "")


def network_of(centre: School, *members: School) -> Network:
    return Network.establish(provenance(), "net-1", "Сеть №1", centre, members, "Аналитическая функция",
                             "Повышение качества", date(2021, 9, 1), ORDER)


def test_002_4_2_the_composition_in_force_on_a_date_and_its_history(store, feed):
    centre, a, b, c = (school("c", "СОШ №1"), school("a", "СОШ №2"), school("b", "СОШ №3"),
                       school("d", "СОШ №4"))
    net = network_of(centre, a, b)
    net.recompose(provenance(), (a, c), "Организационная функция", "Подготовка к ГИА",
                  date(2022, 3, 1), LATER)
    feed(centre, a, b, c, net)
    before = networks_as_of(store, KAYBITSY.id, None, date(2022, 2, 28)).networks[0]
    assert before.centre.name == "СОШ №1"
    assert [m.name for m in before.in_force.members] == ["СОШ №2", "СОШ №3"]
    assert before.in_force.until == date(2022, 2, 28)
    after = networks_as_of(store, KAYBITSY.id, None, date(2022, 3, 1)).networks[0]
    assert [m.school for m in after.in_force.members] == ["a", "d"]
    assert after.in_force.priority_directions == "Подготовка к ГИА"
    assert after.in_force.order == LATER
    assert [h.effective_from for h in after.history] == [date(2021, 9, 1), date(2022, 3, 1)]
    assert networks_as_of(store, KAYBITSY.id, None, date(2021, 8, 31)).networks[0].in_force is None


def test_002_4_2_a_dissolved_network_has_no_composition_after_its_end(store, feed):
    centre, a = school("c", "СОШ №1"), school("a", "СОШ №2")
    net = network_of(centre, a)
    net.dissolve(provenance(), date(2023, 9, 1), LATER)
    feed(centre, a, net)
    entry = networks_as_of(store, KAYBITSY.id, None, date(2023, 9, 1)).networks[0]
    assert entry.in_force is None and entry.dissolved_on == date(2023, 9, 1)
    assert entry.history[0].until == date(2023, 8, 31)


def test_a_school_sees_only_the_networks_it_belongs_to(store, feed):
    centre, a, b = school("c", "СОШ №1"), school("a", "СОШ №2"), school("b", "СОШ №3")
    feed(centre, a, b, network_of(centre, a))
    assert [n.network for n in networks_as_of(store, KAYBITSY.id, "a", date(2022, 1, 1)).networks] == ["net-1"]
    assert [n.network for n in networks_as_of(store, KAYBITSY.id, "c", date(2022, 1, 1)).networks] == ["net-1"]
    assert networks_as_of(store, KAYBITSY.id, "b", date(2022, 1, 1)).networks == []


def test_002_4_3_the_network_centre_owes_the_analytic_note_and_it_is_missing_unfiled(store, feed):
    centre, a = school("c", "СОШ №1"), school("a", "СОШ №2")
    centre.designate(provenance(), "network_centre", ORDER)  # as establish_network does
    duty = ReportingDuty.adopt(
        provenance(), "analytic-note",
        DutyTerms("annual_analytic_note", "Информационно-аналитическая справка", "network_centres",
                  DueRule("school_year_end", 30, 6), "отдел образования"),
        date(2021, 9, 1), DutyOrder("105-од", date(2021, 9, 1), "п. 4.3"))
    feed(centre, a, network_of(centre, a), duty)
    rows = monitoring_calendar(store, KAYBITSY.id, date(2021, 9, 1), date(2022, 8, 31), None,
                               "annual_analytic_note", date(2022, 7, 1)).rows
    assert [(r.school, r.due_on, r.status) for r in rows] == [("c", date(2022, 6, 30), "missed")]


def _note_duty() -> ReportingDuty:
    return ReportingDuty.adopt(
        provenance(), "analytic-note",
        DutyTerms("annual_analytic_note", "Информационно-аналитическая справка", "network_centres",
                  DueRule("school_year_end", 30, 6), "отдел образования"),
        date(2021, 9, 1), DutyOrder("105-од", date(2021, 9, 1), "п. 4.3"))


def _notes(store) -> list[tuple[str, date]]:
    rows = monitoring_calendar(store, KAYBITSY.id, date(2021, 9, 1), date(2025, 8, 31), None,
                               "annual_analytic_note", date(2025, 8, 31)).rows
    return [(r.school, r.due_on) for r in rows]


def test_002_a_dissolved_network_s_centre_stops_owing_the_analytic_note_from_that_day(store, feed):
    """Given a centre owing the §4.3 note each 30 June, when an order dissolves its network on
    1 June 2023, then the notes of 2022 stay owed and those from 2023 on are not."""
    centre, a = school("c", "СОШ №1"), school("a", "СОШ №2")
    centre.designate(provenance(), "network_centre", ORDER)
    net = network_of(centre, a)
    centre.centre_network(provenance(), "net-1", date(2021, 9, 1), ORDER)
    feed(centre, a, net, _note_duty())
    assert _notes(store) == [("c", date(2022, 6, 30)), ("c", date(2023, 6, 30)),
                             ("c", date(2024, 6, 30)), ("c", date(2025, 6, 30))]
    net.dissolve(provenance(), date(2023, 6, 1), LATER)
    centre.end_network_centre(provenance(), "net-1", date(2023, 6, 1), LATER)
    feed(net, centre)
    assert _notes(store) == [("c", date(2022, 6, 30))]


def test_002_a_centre_of_another_running_network_still_owes_the_note(store, feed):
    centre, a = school("c", "СОШ №1"), school("a", "СОШ №2")
    centre.designate(provenance(), "network_centre", ORDER)
    for key in ("net-1", "net-2"):
        centre.centre_network(provenance(), key, date(2021, 9, 1), ORDER)
    centre.end_network_centre(provenance(), "net-1", date(2023, 6, 1), LATER)
    feed(centre, a, _note_duty())
    assert ("c", date(2024, 6, 30)) in _notes(store)
