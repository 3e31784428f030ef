"""Demo script of the Irkutsk region (ru-38) and three of its municipalities, 2021.

Source: 004_c4ef3c3d81b892c7.txt, the regulation of the regional and municipal infrastructure of
support of ШНОР and ШФНСУ (Министерство образования Иркутской области, ГАУ ДПО ИРО, 2020):
- §3.2 identification by regional analytic procedures: the operator (ИРО) imports the results
  of 2020 and the context index; the rule proposes the cohort, a person confirms each school;
- §3.3 regional base support sites by contest among schools in similar adverse conditions
  whose results are well above average by quintile; the operator decides by order, and a
  regional site supports a school of another municipality.

The document names no school, person or figure: the schools, their figures, the orders'
numbers and every person here are illustrative and fictitious (152-ФЗ).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cascade.demo.model import DemoStep
from domain.roles import MUNICIPAL_OFFICER, REGION_OPERATOR
from services.auth import Principal
from tenants.registry import Tenant

REGION = "ru-38"
ANGARSK = "ru-38-angarsk"
USOLYE = "ru-38-usolye"
CHEREMKHOVO = "ru-38-cheremkhovo"
ZONE = "Asia/Irkutsk"

TENANTS: list[Tenant] = [
    Tenant(REGION, "region", REGION, "Иркутская область", ZONE),
    Tenant(ANGARSK, "municipality", REGION, "Ангарский городской округ", ZONE),
    Tenant(USOLYE, "municipality", REGION, "Усольский район", ZONE),
    Tenant(CHEREMKHOVO, "municipality", REGION, "Черемховский район", ZONE),
]

#: The operator of the infrastructure (004 §3.1, §4.2: ГАУ ДПО ИРО) acting for the ministry.
OPERATOR = Principal("operator.ru38@example.org", REGION_OPERATOR, REGION)
OFFICERS = {tenant: Principal(f"officer.{tenant}@example.org", MUNICIPAL_OFFICER, REGION, tenant)
            for tenant in (ANGARSK, USOLYE, CHEREMKHOVO)}

PRINCIPALS: dict[str, Principal] = {
    "region operator (ГАУ ДПО ИРО), Иркутская область (ru-38)": OPERATOR,
    "municipal officer, Ангарский городской округ": OFFICERS[ANGARSK],
    "municipal officer, Усольский район": OFFICERS[USOLYE],
    "municipal officer, Черемховский район": OFFICERS[CHEREMKHOVO],
}

#: (municipality, code, name, context index, ВПР average, ГИА-9 failing %, ВПР failing %).
SCHOOLS: list[tuple[str, str, str, str, str, str, str]] = [
    (ANGARSK, "angarsk-school-4", "МБОУ «СОШ № 4»", "0.35", "4.1", "4", "6"),
    (ANGARSK, "angarsk-school-17", "МБОУ «СОШ № 17»", "0.62", "3.9", "8", "12"),
    (ANGARSK, "angarsk-school-29", "МБОУ «СОШ № 29»", "0.71", "3.2", "34", "31"),
    (ANGARSK, "angarsk-school-38", "МБОУ «СОШ № 38»", "0.20", "3.8", "10", "14"),
    (USOLYE, "usolye-belorechenskaya", "МБОУ «Белореченская СОШ»", "0.66", "3.8", "9", "15"),
    (USOLYE, "usolye-mishelevskaya", "МБОУ «Мишелевская СОШ»", "0.78", "3.7", "12", "18"),
    (USOLYE, "usolye-taltsinskaya", "МБОУ «Тальцинская СОШ»", "0.83", "3.1", "41", "36"),
    (USOLYE, "usolye-sredninskaya", "МБОУ «Средненская СОШ»", "0.45", "3.6", "15", "20"),
    (CHEREMKHOVO, "cheremkhovo-alekhinskaya", "МОУ «Алехинская СОШ»", "0.88", "3.0", "38", "32"),
    (CHEREMKHOVO, "cheremkhovo-rysevskaya", "МОУ «Рысевская СОШ»", "0.74", "3.9", "7", "10"),
    (CHEREMKHOVO, "cheremkhovo-zernovskaya", "МОУ «Зерновская СОШ»", "0.58", "3.3", "31", "33"),
]
#: Sources recorded with the values: the procedure and the (illustrative) file of the operator.
RESULTS_SOURCE = "ИРО: результаты ВПР и ГИА-9 2020, индекс социального контекста (иллюстративно)"
CONTEST_ORDER = {"number": "55-мпр", "issued_on": "2021-04-20",
                 "title": "Об определении региональных базовых опорных площадок (иллюстративно)"}
IDENTIFICATION_BASIS = {"number": "40-мпр", "issued_on": "2021-03-15",
                        "title": "Перечень ШНОР по результатам ВПР и ГИА-9 2020: не менее 30 % "
                                 "не справившихся в двух процедурах (иллюстративно)"}
#: The region's published rule, as the assistant words it (domain.cohort_rule defaults).
RULE = "не менее 30 % не справившихся в 2 и более процедурах (ГИА-9, ГИА-11, ВПР)"
#: Applicants of the regional contest: codes of SCHOOLS above.
APPLICANTS = ("angarsk-school-4", "angarsk-school-17", "angarsk-school-38",
              "usolye-belorechenskaya", "usolye-mishelevskaya", "usolye-sredninskaya",
              "cheremkhovo-rysevskaya")
#: Decided by the order (the top of their context groups), and the school each site supports.
SITES = {"angarsk-school-4": ("cheremkhovo-alekhinskaya", CHEREMKHOVO),
         "cheremkhovo-rysevskaya": ("usolye-taltsinskaya", USOLYE)}


def _step(tenant: str, actor: Principal, on: str, type_: str, **fields: Any) -> DemoStep:
    return DemoStep(tenant, actor, date.fromisoformat(on), {"type": type_, **fields})


def _registrations() -> list[DemoStep]:
    return [_step(m, OFFICERS[m], "2021-01-15", "register_school", school=code, name=name)
            for m, code, name, *_ in SCHOOLS]


def _results() -> DemoStep:
    rows = []
    for m, code, name, context, average, gia9, vpr in SCHOOLS:
        for indicator, value in (("context_index", context), ("vpr_average", average),
                                 ("gia9_fail_share", gia9), ("vpr_fail_share", vpr)):
            rows.append({"municipality": m, "school": code, "school_name": name, "year": 2020,
                         "indicator": indicator, "value": value})
    return _step(REGION, OPERATOR, "2021-02-01", "import_results", source=RESULTS_SOURCE, rows=rows)


def _contest() -> list[DemoStep]:
    by_code = {code: (m, name) for m, code, name, *_ in SCHOOLS}
    steps = [_step(REGION, OPERATOR, "2021-03-01", "announce_site_contest", contest="ru38-sites-2021",
                   title="Конкурс региональных базовых опорных площадок 2021",
                   criteria="004 §3.3: школы в схожих неблагоприятных условиях (группы по индексу "
                            "социального контекста: ниже 0.5, 0.5-0.7, от 0.7) с результатами выше "
                            "средних по квинтилю и ресурсами для распространения опыта",
                   applications_from="2021-03-01", applications_until="2021-03-31",
                   context_bounds=["0.5", "0.7"])]
    for code in APPLICANTS:
        m, name = by_code[code]  # scored from the imported ВПР average and context index
        steps.append(_step(REGION, OPERATOR, "2021-03-20", "apply_to_site_contest",
                           contest="ru38-sites-2021", school=code, school_name=name,
                           applied_on="2021-03-20", results_year=2020, municipality=m))
    for site, (school, municipality) in SITES.items():
        steps.append(_step(REGION, OPERATOR, "2021-04-20", "decide_site_contest",
                           contest="ru38-sites-2021", school=site, decided_on="2021-04-20",
                           basis=CONTEST_ORDER))
        steps.append(_step(REGION, OPERATOR, "2021-04-20", "assign_site_support",
                           contest="ru38-sites-2021", site=site, school=school,
                           municipality=municipality, from_on="2021-05-01"))
        steps.append(_step(by_code[site][0], OPERATOR, "2021-04-20", "designate_school",
                           school=site, designation="base_support_site", basis=CONTEST_ORDER))
    return steps


def _identifications() -> list[DemoStep]:
    """The rule (≥ 30 % failing in two procedures) proposes four schools; the operator confirms
    three, each then identified in its municipality on the same basis, and rejects one
    (Зерновская, 31 % and 33 %) with a reason: nothing is identified without a person confirming."""
    steps: list[DemoStep] = []
    for m, code, _, _, _, gia9, vpr in SCHOOLS:
        if float(gia9) < 30 or float(vpr) < 30:
            continue
        confirmed = code != "cheremkhovo-zernovskaya"
        steps.append(_step(REGION, OPERATOR, "2021-03-15", "decide_identification_proposal",
                           municipality=m, school=code, year=2020, rule=RULE, confirmed=confirmed,
                           **({"basis": IDENTIFICATION_BASIS} if confirmed else
                              {"reason": "результаты 2020 года искажены переводом ГИА-9 в форму "
                                         "промежуточной аттестации; перепроверить по ВПР-2021"})))
        if confirmed:
            steps.append(_step(m, OPERATOR, "2021-03-15", "identify_school", school=code,
                               categories=["low_results", "adverse_conditions"], cohort_year=2021,
                               basis=IDENTIFICATION_BASIS))
    return steps


STEPS: list[DemoStep] = sorted(
    [*_registrations(), _results(), *_identifications(), *_contest()], key=lambda step: step.on
)
