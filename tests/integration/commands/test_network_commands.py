"""Networks of schools (002) in-process: established by order, recomposed by later orders, dissolved."""

from datetime import date

from domain.base import InvalidTransition, InvalidValue, NotFound
from domain.network import NetworkComposition
from domain.school import BasisDocument
from services.auth import Forbidden
from services.commands.catalogue.common import Basis
from services.commands.catalogue.network import DissolveNetwork, EstablishNetwork, RecomposeNetwork
from services.commands.catalogue.school import IdentifySchool
from tests.integration.commands.facts import BASIS, identified, registered
from tests.integration.commands.scenario import OPERATOR, event, school_user

ORDER = Basis("105-од", date(2021, 9, 1), "О составе сетей")
LATER = Basis("40-од", date(2022, 3, 1), "Об изменении состава сетей")


def established(key="net-1", centre="c-1", members=("m-1", "m-2"), on=date(2021, 9, 1)) -> EstablishNetwork:
    return EstablishNetwork(network=key, name="Сеть №1", centre_school=centre, members=list(members),
                            effective_from=on, order=ORDER, functions="Аналитическая функция",
                            priority_directions="Повышение качества образования")


def test_002_1_3_a_network_centre_is_set_up_on_a_school_by_order(scenario):
    scenario.given(*registered("c-1", "m-1", "m-2")).when(established()).then(
        event("Network.Established", centre_school="c-1", name="Сеть №1", composition=NetworkComposition(
            date(2021, 9, 1), ("m-1", "m-2"), "Аналитическая функция", "Повышение качества образования",
            BasisDocument("105-од", date(2021, 9, 1), "О составе сетей"))),
        event("School.Designated", designation="network_centre"),
        event("School.NetworkCentreChanged", network="net-1", centre=True, on=date(2021, 9, 1)))


def test_002_1_3_a_school_already_a_network_centre_is_not_designated_twice(scenario):
    scenario.given(*registered("c-1", "m-1", "m-2", "m-3"), established()).when(
        established(key="net-2", members=("m-3",))).then(
        event("Network.Established", centre_school="c-1"),
        event("School.NetworkCentreChanged", network="net-2", centre=True))


def test_002_1_3_a_school_with_low_results_is_no_network_centre(scenario):
    scenario.given(*registered("c-1", "m-1", "m-2"), identified("c-1")).when(
        established()).then_refused(InvalidTransition, "centre_school")


def test_002_1_3_a_school_in_adverse_conditions_only_may_be_a_centre(scenario):
    adverse = IdentifySchool(school="c-1", categories=["adverse_conditions"], cohort_year=2021, basis=BASIS)
    scenario.given(*registered("c-1", "m-1", "m-2"), adverse).when(established()).then(
        event("Network.Established"), event("School.Designated"), event("School.NetworkCentreChanged"))


def test_002_4_2_members_are_registered_schools_other_than_the_centre(scenario):
    scenario.given(*registered("c-1", "m-1")).when(established()).then_refused(NotFound, "members")
    scenario.given(*registered("m-2")).when(
        established(members=("m-1", "c-1"))).then_refused(InvalidValue, "members")
    scenario.when(established(members=("m-1", "m-1"))).then_refused(InvalidValue, "members")


def test_002_4_2_only_the_municipal_department_sets_the_composition(scenario):
    scenario.given(*registered("c-1", "m-1", "m-2"))
    for caller in (OPERATOR, school_user("c-1")):
        scenario.when(established(), by=caller).then_refused(Forbidden)


def test_002_4_2_a_later_order_recomposes_the_network_from_its_date(scenario):
    scenario.given(*registered("c-1", "m-1", "m-2", "m-3"), established()).when(RecomposeNetwork(
        network="net-1", members=["m-1", "m-3"], effective_from=date(2022, 3, 1), order=LATER,
        functions="Аналитическая функция", priority_directions="Подготовка к ГИА")).then(
        event("Network.Recomposed", composition=NetworkComposition(
            date(2022, 3, 1), ("m-1", "m-3"), "Аналитическая функция", "Подготовка к ГИА",
            BasisDocument("40-од", date(2022, 3, 1), "Об изменении состава сетей"))))


def test_002_4_2_a_recomposition_takes_effect_after_the_one_in_force(scenario):
    scenario.given(*registered("c-1", "m-1", "m-2"), established()).when(RecomposeNetwork(
        network="net-1", members=["m-1"], effective_from=date(2021, 9, 1), order=LATER)).then_refused(
        InvalidValue, "effective_from")


def test_a_dissolved_network_is_not_recomposed(scenario):
    scenario.given(*registered("c-1", "m-1", "m-2"), established(),
                   DissolveNetwork(network="net-1", dissolved_on=date(2023, 9, 1), order=LATER)).when(
        RecomposeNetwork(network="net-1", members=["m-1"], effective_from=date(2023, 10, 1),
                         order=LATER)).then_refused(InvalidTransition, "network")


def test_an_unknown_network_is_not_recomposed(scenario):
    scenario.given(*registered("m-1")).when(RecomposeNetwork(
        network="nope", members=["m-1"], effective_from=date(2022, 1, 1), order=LATER)).then_refused(
        NotFound, "network")


def test_002_an_order_dissolving_the_network_ends_its_centre_from_that_day(scenario):
    scenario.given(*registered("c-1", "m-1", "m-2"), established()).when(
        DissolveNetwork(network="net-1", dissolved_on=date(2023, 9, 1), order=LATER)).then(
        event("Network.Dissolved", dissolved_on=date(2023, 9, 1)),
        event("School.NetworkCentreChanged", network="net-1", centre=False, on=date(2023, 9, 1),
              basis=BasisDocument("40-од", date(2022, 3, 1), "Об изменении состава сетей")))


def test_002_a_network_is_dissolved_once(scenario):
    scenario.given(*registered("c-1", "m-1", "m-2"), established(),
                   DissolveNetwork(network="net-1", dissolved_on=date(2023, 9, 1), order=LATER)).when(
        DissolveNetwork(network="net-1", dissolved_on=date(2023, 10, 2), order=LATER)).then_refused(
        InvalidTransition, "network")
