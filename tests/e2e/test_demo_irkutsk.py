"""With the demo loaded, Irkutsk (004) shows its ranked contest, proposals and the support across
municipalities, each municipality its own side."""

from __future__ import annotations

import pytest

from cascade.calendar_store import bundled_calendars
from cascade.demo import data_irkutsk as irkutsk
from cascade.demo.loader import post_demo
from services.commands.executor import CommandExecutor


@pytest.fixture
def demo_api(api):
    post_demo(api.backend, CommandExecutor(bundled_calendars()))
    api.project()
    return api


def test_004_3_3_the_irkutsk_contest_table_shows_its_ranked_applications(demo_api):
    body = demo_api.get(f"/api/v1/tenants/{irkutsk.REGION}/contests", irkutsk.OPERATOR).json()
    [contest] = body["contests"]
    rows = [(a["group"], a["place"], a["school"], a["in_top_quintile"], a["site"])
            for a in contest["applications"]]
    assert rows == [
        (1, 1, "angarsk-school-4", True, True), (1, 2, "angarsk-school-38", False, False),
        (1, 3, "usolye-sredninskaya", False, False),
        (2, 1, "angarsk-school-17", True, False), (2, 2, "usolye-belorechenskaya", False, False),
        (3, 1, "cheremkhovo-rysevskaya", True, True), (3, 2, "usolye-mishelevskaya", False, False),
    ]
    assert {(s["site"], s["municipality"], s["cross_municipality"]) for s in contest["supports"]} == {
        ("angarsk-school-4", irkutsk.CHEREMKHOVO, True),
        ("cheremkhovo-rysevskaya", irkutsk.USOLYE, True)}


def test_004_3_3_the_supported_municipality_sees_its_own_side(demo_api):
    officer = irkutsk.OFFICERS[irkutsk.CHEREMKHOVO]
    [side] = demo_api.get(f"/api/v1/tenants/{irkutsk.CHEREMKHOVO}/contests", officer).json()["contests"]
    assert [a["school"] for a in side["applications"]] == ["cheremkhovo-rysevskaya"]
    assert {(s["site"], s["school"]) for s in side["supports"]} == {
        ("angarsk-school-4", "cheremkhovo-alekhinskaya"),
        ("cheremkhovo-rysevskaya", "usolye-taltsinskaya")}


def test_004_3_2_the_irkutsk_proposals_come_from_the_imported_results(demo_api):
    body = demo_api.get(f"/api/v1/tenants/{irkutsk.REGION}/identification-proposals",
                        irkutsk.OPERATOR, year=2020).json()
    proposed = [s["school"] for s in body["schools"] if s["proposed"]]
    assert proposed == ["angarsk-school-29", "cheremkhovo-alekhinskaya",
                        "cheremkhovo-zernovskaya", "usolye-taltsinskaya"]
    assert len(body["schools"]) == len(irkutsk.SCHOOLS)
    decided = {s["school"]: s["decision"]["confirmed"] for s in body["schools"] if s["decision"]}
    assert decided == {"angarsk-school-29": True, "cheremkhovo-alekhinskaya": True,
                       "cheremkhovo-zernovskaya": False, "usolye-taltsinskaya": True}
