"""Set-up shared by the register tests: schools, pairs and agreements of two municipalities."""

from __future__ import annotations

import csv
import io
from typing import Any

from tests.e2e.helpers import BASIS, TENANT, Api, officer, ok

#: Kaibitsy's schools; sorted by short name: Арабаевская, Большекайбицкая, Фёдоровская, Хозесановская, Чутеевская.
KAYBITSY_SCHOOLS = {
    "k-fed": "МБОУ «Фёдоровская СОШ»",
    "k-chu": "МБОУ «Чутеевская СОШ»",
    "k-bol": "МБОУ «Большекайбицкая СОШ»",
    "k-hoz": "МБОУ «Хозесановская СОШ»",
    "k-ara": "МБОУ «Арабаевская СОШ»",
}
BY_NAME = ["k-ara", "k-bol", "k-fed", "k-hoz", "k-chu"]
LENINOGORSK = "ru-16-leninogorsk"
SMOLENSK = "ru-67-smolensk"


def person(full_name: str, position: str = "") -> dict[str, str]:
    return {"full_name": full_name, "position": position}


def seed(api: Api) -> Api:
    """000 app. 1 pairs in Kaibitsy (one with an agreement to 31.12.2021), one school elsewhere."""
    for code, name in KAYBITSY_SCHOOLS.items():
        ok(api, {"type": "register_school", "school": code, "name": name, "locality": "с. Кайбицы"})
    ok(api, {"type": "identify_school", "school": "k-fed", "categories": ["low_results"],
             "cohort_year": 2021, "basis": BASIS, "risk_factors": ["teacher_shortage"]})
    ok(api, {"type": "identify_school", "school": "k-chu", "categories": ["adverse_conditions"],
             "cohort_year": 2020, "basis": {"number": "35", "issued_on": "2020-03-23"}})
    ok(api, {"type": "designate_school", "school": "k-bol", "designation": "leader_school"})
    for key, weak, strong, coordinator, curator in (
        ("p-fed", "k-fed", "k-bol", person("Григорьева А.В."), person("Сибгатуллина М.Д.")),
        ("p-chu", "k-chu", "k-hoz", person("Шарафутдинова Л.Т.", "заместитель директора"),
         person("Кальчева В.В.")),
    ):
        ok(api, {"type": "assign_partner", "partnership": key, "supported_school": weak,
                 "partner_school": strong, "coordinator": coordinator, "curator": curator,
                 "municipal_coordinator": person("Петрова С.Т.", "заместитель начальника"),
                 "assigned_on": "2021-02-11", "basis": BASIS})
    ok(api, {"type": "conclude_agreement", "partnership": "p-fed", "number": "С-1/2021",
             "concluded_on": "2021-02-25", "term": "calendar_year"})
    ok(api, {"type": "register_school", "school": "len-10", "name": "МБОУ «СОШ № 10»"}, tenant=LENINOGORSK)
    ok(api, {"type": "register_school", "school": "smol-1", "name": "МБОУ «Средняя школа № 1»"},
       officer(SMOLENSK, "ru-67"), tenant=SMOLENSK)
    api.project()
    return api


def register(api: Api, name: str, who: Any, tenant: str = TENANT, **params: Any) -> Any:
    response = api.get(f"/api/v1/tenants/{tenant}/registers/{name}", who, **params)
    assert response.status_code == 200, response.text
    return response.json()


def csv_rows(content: bytes) -> list[list[str]]:
    """A download as Russian Excel reads it: UTF-8 with BOM, `;` separated."""
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(content: bytes) -> tuple[Any, list[list[Any]]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]
