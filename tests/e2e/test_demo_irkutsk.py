"""With the demo loaded, Irkutsk (004) shows its ranked contest, proposals and the support across
municipalities, each municipality its own side."""

from __future__ import annotations

import pytest

from cascade.demo import data_irkutsk as irkutsk
from tests.e2e.registers import csv_rows, xlsx_rows


@pytest.fixture
def demo_api(projected_demo_copy):
    """The demo posted and projected (a copy of the store it was loaded into once per worker and
    backend); `api.project()` finds nothing left to do."""
    projected_demo_copy.project()
    return projected_demo_copy


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


def _register(api, tenant: str, what: str) -> list[dict]:
    return api.get(f"/api/v1/tenants/{tenant}/registers/{what}", irkutsk.OFFICERS[tenant],
                   limit=500).json()["rows"]


def test_004_3_3_the_schools_registers_show_the_sites_level_and_each_side_of_the_support(demo_api):
    angarsk = {r["school"]: r for r in _register(demo_api, irkutsk.ANGARSK, "schools")}
    assert angarsk["angarsk-school-4"]["base_site_level"] == "regional"
    assert angarsk["angarsk-school-17"]["base_site_level"] is None
    assert [(s["school"], s["school_name"], s["school_tenant"])
            for s in angarsk["angarsk-school-4"]["site_supports"]] == [
        ("cheremkhovo-alekhinskaya", "МОУ «Алехинская СОШ»", irkutsk.CHEREMKHOVO)]
    cheremkhovo = {r["school"]: r for r in _register(demo_api, irkutsk.CHEREMKHOVO, "schools")}
    assert [(s["site"], s["site_name"], s["site_tenant"], s["level"])
            for s in cheremkhovo["cheremkhovo-alekhinskaya"]["supported_by"]] == [
        ("angarsk-school-4", "МБОУ «СОШ № 4»", irkutsk.ANGARSK, "regional")]
    assert cheremkhovo["cheremkhovo-rysevskaya"]["base_site_level"] == "regional"


def test_004_3_3_each_municipality_partnerships_register_lists_only_its_side(demo_api):
    def pairs(tenant: str) -> set[tuple[str, str]]:
        return {(r["partner_school"], r["supported_school"])
                for r in _register(demo_api, tenant, "partnerships") if r["status"] == "site_support"}
    assert pairs(irkutsk.ANGARSK) == {("angarsk-school-4", "cheremkhovo-alekhinskaya")}
    assert pairs(irkutsk.CHEREMKHOVO) == {("angarsk-school-4", "cheremkhovo-alekhinskaya"),
                                          ("cheremkhovo-rysevskaya", "usolye-taltsinskaya")}
    assert pairs(irkutsk.USOLYE) == {("cheremkhovo-rysevskaya", "usolye-taltsinskaya")}
    region = demo_api.get(f"/api/v1/regions/{irkutsk.REGION}/registers/partnerships",
                          irkutsk.OPERATOR, limit=500).json()["rows"]
    assert len([r for r in region if r["status"] == "site_support"]) == 2


def test_004_3_3_the_irkutsk_scores_come_from_the_imported_results(demo_api):
    [contest] = demo_api.get(f"/api/v1/tenants/{irkutsk.REGION}/contests", irkutsk.OPERATOR).json()["contests"]
    first = contest["applications"][0]
    assert first["school"] == "angarsk-school-4"
    assert [(f["indicator"], f["year"], f["value"], f["source"]) for f in first["figures"]] == [
        ("vpr_average", 2020, "4.1", irkutsk.RESULTS_SOURCE),
        ("context_index", 2020, "0.35", irkutsk.RESULTS_SOURCE)]


def test_004_3_3_the_ranked_contest_table_downloads_as_csv_and_xlsx(demo_api):
    url = f"/api/v1/tenants/{irkutsk.REGION}/contests"
    rows = csv_rows(demo_api.get(url, irkutsk.OPERATOR, format="csv").content)
    assert rows[0][:3] == ["Конкурс", "Группа (индекс социального контекста)", "Место"]
    assert [(r[2], r[8], r[5]) for r in rows[1:4]] == [
        ("1", "angarsk-school-4", "да"), ("2", "angarsk-school-38", "нет"),
        ("3", "usolye-sredninskaya", "нет")]
    assert all(r[6] for r in rows[1:])  # the reason for each place
    response = demo_api.get(url, irkutsk.OPERATOR, format="xlsx")
    _, table = xlsx_rows(response.content)
    assert table[0][0] == "Конкурс базовых площадок: Иркутская область"
    assert len(table) == len(rows) + 1 and table[2][8] == "angarsk-school-4"
