"""The region's read pages: the identification assistant (004 §3.2: the rule's proposals, each
school's figures beside it), the base-site contests (004 §3.3: the ranked table with reasons) and
the programmes with their targets (001).

Read through the results' and contests' own queries, the same answers as the JSON API's
/identification-proposals and /contests; the tables download through the views' export.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import urlencode

from anyio import to_thread
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from domain.cohort_rule import CohortRule, RuleForm
from services.auth import Principal
from services.context import Services
from services.projections.contests.queries import ContestsAnswer, contest_tables
from services.projections.export import Column, Format, tabular
from services.projections.http import REGION_DEPENDENCIES, ReadSide, region_reader_guard
from services.projections.overview.answers import ProgrammeEntry, ProgrammeTarget
from services.projections.overview.queries import programmes
from services.projections.results.queries import ProposalsAnswer, identification_proposals
from tenants.registry import Tenant
from web.pages import page
from web.region_forms import may_act

Year = Annotated[int, QueryParameter(ge=2000, le=2100)]
Fmt = Annotated[Format, QueryParameter(name="format")]
Threshold = Annotated[Decimal, QueryParameter()]
Procedures = Annotated[int, QueryParameter(ge=1, le=3)]
Rule = Annotated[RuleForm, QueryParameter()]
INDICATORS = {"context_index": "индекс социального контекста", "vpr_average": "средний балл ВПР",
              "gia9_fail_share": "доля не сдавших ГИА-9, %", "vpr_fail_share": "доля не справившихся с ВПР, %",
              "gia11_fail_share": "доля не сдавших ГИА-11, %"}
PROPOSAL_COLUMNS = [Column("school_name", "Школа"), Column("municipality", "Муниципалитет"),
                    Column("proposed", "Предложена правилом"), Column("reason", "Основание"),
                    Column("figures", "Показатели"), Column("decision", "Решение")]
CONTEST_COLUMNS = [Column("contest", "Конкурс"), Column("group", "Группа"), Column("place", "Место"),
                   Column("school_name", "Школа"), Column("municipality", "Муниципалитет"),
                   Column("score", "Балл"), Column("context_index", "Индекс контекста"),
                   Column("in_top_quintile", "В верхней пятой части"), Column("reason", "Обоснование места"),
                   Column("site", "Присвоен статус площадки")]


def _proposals(read: ReadSide, region: Tenant, year: int, rule: RuleForm, threshold: Decimal,
               min_procedures: int) -> ProposalsAnswer:
    return identification_proposals(read.store, region.id, year,
                                    CohortRule(rule, threshold, min_procedures), None)


def proposal_rows(answer: ProposalsAnswer) -> list[dict[str, Any]]:
    return [{"school_name": s.school_name, "municipality": s.municipality, "proposed": s.proposed,
             "reason": s.reason,
             "figures": [f"{INDICATORS.get(f.indicator, f.indicator)}: {f.value}" for f in s.figures],
             "decision": "" if s.decision is None else ("подтверждена" if s.decision.confirmed
                                                        else f"отклонена: {s.decision.reason}")}
            for s in answer.schools]


def contest_rows(answer: ContestsAnswer) -> list[dict[str, Any]]:
    return [{"contest": c.title, "group": a.group_title, "place": f"{a.place} из {a.group_size}",
             "school_name": a.school_name, "municipality": a.municipality, "score": a.score,
             "context_index": a.context_index, "in_top_quintile": a.in_top_quintile,
             "reason": a.reason, "site": a.site}
            for c in answer.contests for a in c.applications]


@get("/r/{region_id:str}/identification", name="region-identification", guards=[region_reader_guard],
     dependencies=REGION_DEPENDENCIES)
async def identification(
    request: Request, region: NamedDependency[Tenant], read: NamedDependency[ReadSide],
    principal: NamedDependency[Principal],
    year: Year = 2020, rule: Rule = "failing", threshold: Threshold = Decimal(30),
    min_procedures: Procedures = 2,
) -> Response:
    """The identification assistant (004 §3.2): what the rule proposes, each school's figures beside it."""
    answer = await to_thread.run_sync(_proposals, read, region, year, rule, threshold, min_procedures)
    query = urlencode({"year": year, "rule": rule, "threshold": threshold, "min_procedures": min_procedures})
    return page(  # type: ignore[return-value]
        request, "region_identification.html", region=region, answer=answer, year=year, rule=rule,
        threshold=threshold, min_procedures=min_procedures, query=query, indicators=INDICATORS,
        may_act=may_act(principal),
    )


@get("/r/{region_id:str}/identification/download", name="region-identification-download",
     guards=[region_reader_guard], dependencies=REGION_DEPENDENCIES)
async def identification_download(
    region: NamedDependency[Tenant], read: NamedDependency[ReadSide], year: Year = 2020,
    rule: Rule = "failing", threshold: Threshold = Decimal(30), min_procedures: Procedures = 2,
    fmt: Fmt = "xlsx",
) -> Response:
    answer = await to_thread.run_sync(_proposals, read, region, year, rule, threshold, min_procedures)
    return tabular(proposal_rows(answer), PROPOSAL_COLUMNS, "csv" if fmt == "csv" else "xlsx",
                   f"identification-{region.id}-{year}", "Предложения по отбору", answer.rule)


@get("/r/{region_id:str}/contests", name="region-contests", guards=[region_reader_guard],
     dependencies=REGION_DEPENDENCIES)
async def contests(request: Request, region: NamedDependency[Tenant], read: NamedDependency[ReadSide],
                   principal: NamedDependency[Principal]) -> Response:
    """The base-site contests (004 §3.3): every application ranked in its group, with its reason."""
    answer = await to_thread.run_sync(contest_tables, read.store, region)
    return page(request, "region_contests.html", region=region, answer=answer,  # type: ignore[return-value]
                may_act=may_act(principal))


@get("/r/{region_id:str}/contests/download", name="region-contests-download",
     guards=[region_reader_guard], dependencies=REGION_DEPENDENCIES)
async def contests_download(region: NamedDependency[Tenant], read: NamedDependency[ReadSide],
                            fmt: Fmt = "xlsx") -> Response:
    answer = await to_thread.run_sync(contest_tables, read.store, region)
    return tabular(contest_rows(answer), CONTEST_COLUMNS, "csv" if fmt == "csv" else "xlsx",
                   f"contests-{region.id}", "Конкурс базовых площадок")


UNITS = {"percent": "%", "score": "балл", "boolean": "да / нет", "count": "шт."}
COMPARISONS = {">=": "не менее", "<=": "не более", "=": "равно", ">= regional average": "не ниже среднего по региону",
               "< district average": "ниже среднего по муниципалитету"}
PROGRAMME_COLUMNS = [Column("tenant", "Уровень"), Column("programme", "Программа"), Column("period", "Период"),
                     Column("title", "Показатель"), Column("target", "Целевое значение")]


def target_words(target: ProgrammeTarget) -> str:
    """«не менее 50 %», «равно да / нет: 1», «не ниже среднего по региону»."""
    comparison = COMPARISONS.get(target.comparison, "—")
    if target.value is None:
        return comparison
    unit = UNITS.get(target.unit, target.unit)
    value = f"{target.value:g}".replace(".", ",")
    return f"{comparison} {value} {unit}" if target.unit != "boolean" else f"{comparison} {'да' if target.value else 'нет'}"


def _programmes(read: ReadSide, region: Tenant, services: Services) -> tuple[list[ProgrammeEntry], dict[str, str]]:
    tenants = [region, *services.backend.registry.municipalities(region.id)]
    return programmes(read.store, [t.id for t in tenants]), {t.id: t.name for t in tenants}


@get("/r/{region_id:str}/programmes", name="region-programmes", guards=[region_reader_guard],
     dependencies=REGION_DEPENDENCIES)
async def programme_list(request: Request, region: NamedDependency[Tenant], read: NamedDependency[ReadSide],
                         services: NamedDependency[Services], principal: NamedDependency[Principal]) -> Response:
    """The programmes of the region and its municipalities, each with its period and targets."""
    found, names = await to_thread.run_sync(_programmes, read, region, services)
    return page(request, "region_programmes.html", region=region, programmes=found,  # type: ignore[return-value]
                names=names, target_words=target_words, may_act=may_act(principal))


@get("/r/{region_id:str}/programmes/download", name="region-programmes-download",
     guards=[region_reader_guard], dependencies=REGION_DEPENDENCIES)
async def programmes_download(region: NamedDependency[Tenant], read: NamedDependency[ReadSide],
                              services: NamedDependency[Services], fmt: Fmt = "xlsx") -> Response:
    found, names = await to_thread.run_sync(_programmes, read, region, services)
    rows = [{"tenant": names.get(p.tenant_id, p.tenant_id), "programme": p.title or "—",
             "period": f"{p.period_start:%d.%m.%Y} – {p.period_end:%d.%m.%Y}", "title": t.title,
             "target": target_words(t)} for p in found for t in p.targets]
    return tabular(rows, PROGRAMME_COLUMNS, "csv" if fmt == "csv" else "xlsx", f"programmes-{region.id}",
                   "Программы и цели")


REGION_READ_ROUTES = [identification, identification_download, contests, contests_download, programme_list,
                      programmes_download]
