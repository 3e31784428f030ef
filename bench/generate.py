"""Synthetic region: N municipalities, M schools and years of programme activity, from a seed.

The same seed and sizes give the same events (count and types; person keys and nonces are
random). Everything is written through the domain aggregates and `app.save(*events)` in
batches: never hand-made rows, never HTTP. Each event carries the provenance of a synthetic
actor (`*@bench.example.org`) and is recorded at its simulated business day (09:00 Moscow
onwards), so `at=` and `since=` queries over the history mean something.

Shape, after the documents: ~1/3 of schools identified (ШНОР/ШФНСУ) each year, each paired with
a leader school, agreements concluded, extended, some terminated; a roadmap per school and year
with every schedule form, approved on a sequential approval sheet; monthly reports by the 28th
(some late, some missing, some returned), effectiveness analyses, analytic notes of leader
schools; visits planned, held, cancelled or missed; internship requests; indicator values
against the programme targets, a few corrected; schools exiting and new cohorts identified.

Run: `python -m bench generate --seed 1 --municipalities 40 --schools 1500 --years 5 [--scale 1]`.
"""

from __future__ import annotations

import heapq
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.approval import ApprovalSheet, Approver, DocumentRef
from domain.base import Actor, CascadeAggregate, Provenance
from domain.calendar import WorkingCalendar
from domain.internship import InternshipRequest
from domain.partnership import Partnership, Person
from domain.programme import (
    EFFECTIVENESS_CRITERIA_003,
    MUNICIPALITY,
    NETWORK_TEACHERS_SHARE,
    PROGRAMME_INDICATORS_001,
    UNEXCUSED_ABSENCE_RATE,
    IndicatorSeries,
    Programme,
)
from domain.report import Report
from domain.roadmap import Evidence, Roadmap
from domain.rules import DEFAULT_RULES, internship_withdrawal_deadline, report_due_date
from domain.schedule import (
    DateList,
    Deadline,
    Monthly,
    OpenEnded,
    Schedule,
    SeparateSchedule,
    Window,
    Yearly,
    add_months,
    final_due,
)
from domain.school import BasisDocument, School
from domain.visit import Visit
from tenants.backends import Backend
from tenants.registry import Tenant

MOSCOW = ZoneInfo("Europe/Moscow")
#: Events per `app.save()`: the bulk path of the store.
BATCH = 1000
#: Visits planned per partnership and school week; the main knob of the size.
VISITS_PER_WEEK = 3
SCHEDULE_FORMS = (Deadline, Window, DateList, Yearly, Monthly, OpenEnded, SeparateSchedule)
_USE = ("use_russian_average", "use_mathematics_average", "use_optional_subjects_average",
        "use_80_plus_share")
_VISIT_KINDS = ("lesson", "lesson", "extracurricular", "consultation", "methodological_meeting",
                "pedagogical_council", "seminar", "other")
_SURNAMES = ("Сафина", "Гарипов", "Иванова", "Петров", "Кузнецова", "Смирнов", "Абрамова",
             "Хайруллин", "Никитина", "Захаров", "Миронова", "Валиев", "Орлова", "Тихонов")
_POSITIONS = ("заместитель директора по УВР", "учитель математики", "учитель русского языка",
              "методист", "руководитель ШМО", "педагог-психолог")


@dataclass(frozen=True)
class Shape:
    """What to generate; `scale` shrinks the region (schools and municipalities), not the years."""

    seed: int = 1
    municipalities: int = 40
    schools: int = 1500
    years: int = 5
    scale: float = 1.0
    first_year: int = 2021
    region: str = ""

    @property
    def region_id(self) -> str:
        return self.region or f"bench-{self.seed}"

    @property
    def sized_municipalities(self) -> int:
        return max(2, round(self.municipalities * self.scale))

    @property
    def sized_schools(self) -> int:
        return max(6 * self.sized_municipalities, round(self.schools * self.scale))


@dataclass
class Manifest:
    """What was written, and what later benchmarks need to address it."""

    shape: Shape
    region: Tenant
    municipalities: list[Tenant]
    schools: dict[str, list[str]] = field(default_factory=dict)
    partnerships: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    roadmaps: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    forms: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def events(self) -> int:
        return sum(self.counts.values())

    @property
    def tenants(self) -> list[Tenant]:
        return [self.region, *self.municipalities]


# Recorded instants -----------------------------------------------------------------------------
_clock = threading.local()
_clock_users = 0
_clock_lock = threading.Lock()


def _create_timestamp() -> datetime:
    now = getattr(_clock, "now", None)
    return now if now is not None else datetime.now(UTC)


@contextmanager
def simulated_clock() -> Iterator[None]:
    """Events created in this thread are recorded at `_clock.now`; other threads keep real time."""
    global _clock_users
    with _clock_lock:
        if _clock_users == 0:
            CascadeAggregate.Event.create_timestamp = staticmethod(_create_timestamp)  # type: ignore[method-assign]
        _clock_users += 1
    try:
        yield
    finally:
        _clock.now = None
        with _clock_lock:
            _clock_users -= 1
            if _clock_users == 0:
                del CascadeAggregate.Event.create_timestamp


def recorded_at(instant: datetime) -> None:
    """Inside `simulated_clock()`: events created from now on in this thread are recorded at `instant`."""
    _clock.now = instant


# Writing ---------------------------------------------------------------------------------------
class Writer:
    """Collects events in the order they happen and saves them `batch` at a time."""

    def __init__(self, app: Any, batch: int, counts: Counter[str], forms: Counter[str]) -> None:
        self.app = app
        self.batch = batch
        self.counts = counts
        self.forms = forms
        self.pending: list[Any] = []
        self.snapshotted: dict[UUID, int] = {}
        self.intervals = getattr(app, "snapshotting_intervals", {}) if app is not None else {}

    def take(self, *aggregates: CascadeAggregate) -> None:
        for aggregate in aggregates:
            events = aggregate.collect_events()
            interval = self.intervals.get(type(aggregate))
            if interval:
                self.snapshotted[aggregate.id] = interval
            self.pending.extend(events)
        if len(self.pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        if self.app is not None:
            self.app.save(*self.pending)
        for event in self.pending:
            self.counts[type(event).__qualname__] += 1
            schedule = getattr(event, "schedule", None)
            if schedule is not None:
                self.forms[type(schedule).__name__] += 1
            interval = self.snapshotted.get(event.originator_id)
            if self.app is not None and interval and event.originator_version % interval == 0:
                self.app.take_snapshot(event.originator_id, event.originator_version)
        self.pending = []


class Agenda:
    """Actions by business day; each runs at its own recorded instant and may schedule more."""

    def __init__(self) -> None:
        self._heap: list[tuple[date, int, Callable[[date], None]]] = []
        self._serial = 0
        self.action = 0

    def at(self, day: date, action: Callable[[date], None]) -> None:
        heapq.heappush(self._heap, (day, self._serial, action))
        self._serial += 1

    def run(self) -> None:
        current, within = None, 0
        while self._heap:
            day, _, action = heapq.heappop(self._heap)
            within = within + 1 if day == current else 0
            current = day
            _clock.now = datetime.combine(day, clock_time(9), MOSCOW) + timedelta(seconds=5 * within)
            self.action += 1
            action(day)


# The simulation --------------------------------------------------------------------------------
class TenantSim:
    """Common to the region and a municipality: actors, provenance, the agenda and the writer."""

    def __init__(self, tenant: Tenant, shape: Shape, writer: Writer, rng: random.Random) -> None:
        self.tenant = tenant
        self.shape = shape
        self.writer = writer
        self.rng = rng
        self.agenda = Agenda()
        self.series: dict[tuple[str, str], IndicatorSeries] = {}
        self.officer = Actor(f"officer@{tenant.id}.bench.example.org", "municipal_officer", tenant.id)
        self.operator = Actor(f"operator@{tenant.region_id}.bench.example.org", "region_operator",
                              tenant.region_id)

    def plan(self) -> None:
        """Put the first actions on the agenda; they schedule the rest."""
        raise NotImplementedError

    def meta(self, actor: Actor) -> Provenance:
        return Provenance(self.tenant.id, actor, f"gen-{self.shape.seed}-{self.tenant.id}-{self.agenda.action}")

    def value(self, low: float, high: float) -> Decimal:
        return Decimal(f"{self.rng.uniform(low, high):.1f}")

    def record(self, actor: Actor, subject: str, indicator: str, period: str, value: Decimal,
               on: date, correct_on: date | None = None) -> None:
        """Record a value (opening the series on first use); maybe correct it later."""
        series = self.series.get((subject, indicator))
        if series is None:
            series = IndicatorSeries.open(self.meta(actor), subject, indicator)
            self.series[(subject, indicator)] = series
        series.record(self.meta(actor), period, value, on, "Мониторинг (синтетические данные)")
        self.writer.take(series)
        if correct_on is not None:
            def correct(day: date) -> None:
                series.record(self.meta(actor), period, value + Decimal("0.5"), day,
                              "Мониторинг (синтетические данные)", reason="Уточнение после проверки")
                self.writer.take(series)
            self.agenda.at(correct_on, correct)


class RegionSim(TenantSim):
    """The region's own facts: its programme and targets, regional averages."""

    def plan(self) -> None:
        first, years = self.shape.first_year, self.shape.years
        self.agenda.at(date(first, 8, 20), self.adopt)
        for year in range(first, first + years):
            self.agenda.at(date(year + 1, 7, 5), lambda day, y=year: self.averages(day, y + 1))
            for month in (12, 3, 6, 9):
                on = date(year if month == 12 else year + 1, month, 28)
                period = f"{on.year}-Q{(on.month - 1) // 3 + 1}"
                self.agenda.at(on, lambda day, p=period: self.record(
                    self.operator, "region", NETWORK_TEACHERS_SHARE, p, self.value(30, 70), day))

    def adopt(self, day: date) -> None:
        first = self.shape.first_year
        programme = Programme.adopt(
            self.meta(self.operator), f"{self.tenant.id}-programme", "Региональная программа "
            "поддержки ШНОР и ШФНСУ (синтетическая)", "regional", date(first, 1, 1),
            date(first + self.shape.years, 12, 31), day,
            PROGRAMME_INDICATORS_001 + EFFECTIVENESS_CRITERIA_003,
            BasisDocument(f"{first}/ПР-1", day, "Об утверждении региональной программы"))
        self.writer.take(programme)

    def averages(self, day: date, year: int) -> None:
        for indicator in _USE:
            self.record(self.operator, "region", indicator, str(year), self.value(45, 75), day)


@dataclass
class Pair:
    """A partnership and the facts the simulation needs to drive it."""

    partnership: Partnership
    supported: str
    partner: str


class MunicipalitySim(TenantSim):
    """One municipality: its schools, their partners, roadmaps, reports, visits and values."""

    def __init__(self, tenant: Tenant, shape: Shape, writer: Writer, rng: random.Random,
                 codes: list[str], calendar: WorkingCalendar) -> None:
        super().__init__(tenant, shape, writer, rng)
        self.codes = codes
        self.calendar = calendar
        self.schools: dict[str, School] = {}
        self.users = {code: Actor(f"user@{code}.bench.example.org", "school_user", code) for code in codes}
        leaders = max(1, len(codes) * 3 // 10)
        self.leaders = codes[:leaders]
        self.candidates = codes[leaders:]
        self.pairs: dict[str, Pair] = {}
        self.roadmaps: dict[str, Roadmap] = {}
        self.serial = 0

    def next_key(self, prefix: str) -> str:
        self.serial += 1
        return f"{prefix}-{self.serial}"

    def person(self) -> Person:
        surname = self.rng.choice(_SURNAMES)
        initials = f"{self.rng.choice('АБВГДЕИКЛМНОПРСТ')}.{self.rng.choice('АВГДИМНОПС')}."
        return Person(f"{surname} {initials}", self.rng.choice(_POSITIONS),
                      f"{self.rng.randrange(10**6):06d}@bench.example.org")

    def in_programme(self) -> list[str]:
        return [code for code in self.candidates if self.schools[code].in_programme]

    # Plan --------------------------------------------------------------------------------
    def plan(self) -> None:
        first = self.shape.first_year
        self.agenda.at(date(first, 8, 25), self.setup)
        for year in range(first, first + self.shape.years):
            self.agenda.at(date(year, 8, 28), lambda day, y=year: self.begin_year(day, y))

    def setup(self, day: date) -> None:
        for code in self.codes:
            school = School.register(self.meta(self.officer), code, f"МБОУ «СОШ {code}»",
                                     f"с. {code.rsplit('-', 1)[-1]}")
            self.schools[code] = school
            self.writer.take(school)
        basis = BasisDocument(f"{day.year}/ЛШ", day, "О школах-лидерах")
        for index, code in enumerate(self.leaders):
            school = self.schools[code]
            school.designate(self.meta(self.operator), "leader_school", basis)
            if index == 0:
                school.designate(self.meta(self.operator), "base_support_site", basis)
            if index == 1:
                school.designate(self.meta(self.operator), "network_centre", basis)
            self.writer.take(school)
        if self.rng.random() < 0.5:
            programme = Programme.adopt(
                self.meta(self.officer), f"{self.tenant.id}-network", "Муниципальная программа "
                "сетевого взаимодействия (синтетическая)", "municipal", date(day.year, 9, 1),
                date(day.year + self.shape.years, 8, 31), day, PROGRAMME_INDICATORS_001)
            self.writer.take(programme)

    def begin_year(self, day: date, year: int) -> None:
        """Everything of school year `year`/`year + 1`, decided from the state on 28 August."""
        at = self.agenda.at
        at(date(year, 9, 3), lambda d: self.identify(d, year))
        at(date(year, 9, 5), lambda d: self.extend_agreements(d, year))
        at(date(year, 9, 12), lambda d: self.start_approvals(d, year))
        month = date(year, 9, 1)
        while month <= date(year + 1, 8, 1):
            self.plan_month(month)
            month = add_months(month, 1)
        monday = date(year, 9, 8) - timedelta(days=date(year, 9, 8).weekday())
        while monday < date(year + 1, 5, 25):
            for _ in range(VISITS_PER_WEEK):
                at(monday, self.plan_visits)
            monday += timedelta(days=7)
        for month_no, start_year in ((11, year), (3, year + 1)):
            at(date(start_year, month_no, 1) - timedelta(days=25),
               lambda d, m=month_no, y=start_year: self.request_internships(d, y, m))
        at(date(year, 12, 12), lambda d: self.effectiveness(d, year))
        at(date(year + 1, 6, 20), lambda d: self.analytic_notes(d, year))
        at(date(year + 1, 7, 10), lambda d: self.criteria(d, year + 1))
        if year < self.shape.first_year + self.shape.years - 1:
            at(date(year + 1, 4, 20), lambda d: self.plan_exits(d, year))

    # Schools and partners ------------------------------------------------------------------
    def identify(self, day: date, year: int) -> None:
        target = round(len(self.codes) / 3)
        free = [c for c in self.candidates if not self.schools[c].in_programme]
        free.sort(key=lambda c: (bool(self.schools[c].identifications), self.rng.random()))
        basis = BasisDocument(f"{year}/ШНОР-{self.tenant.id[-3:]}", day, "Об утверждении перечня ШНОР и ШФНСУ")
        for code in free[: max(0, target - len(self.in_programme()))]:
            school = self.schools[code]
            categories = self.rng.choice((("low_results",), ("adverse_conditions",),
                                          ("low_results", "adverse_conditions")))
            factors = tuple(self.rng.sample(["low_equipment", "teacher_shortage",
                                             "pupils_at_risk_of_failure", "low_learning_motivation",
                                             "low_parental_involvement"], self.rng.randint(1, 3)))
            school.identify(self.meta(self.operator), categories, year, basis, factors)
            self.writer.take(school)
            self.agenda.at(day + timedelta(days=self.rng.randint(3, 7)), lambda d, c=code: self.assign(d, c))

    def assign(self, day: date, code: str) -> None:
        leader = self.rng.choice(self.leaders)
        key = self.next_key(f"pr-{code}")
        partnership = Partnership.assign(
            self.meta(self.officer), key, self.schools[code], self.schools[leader], self.person(),
            self.person(), self.person(), day,
            BasisDocument(f"{day.year}/П-{self.serial}", day, "О закреплении школ-партнёров"))
        self.pairs[code] = Pair(partnership, code, leader)
        self.writer.take(partnership)
        concluded = day + timedelta(days=self.rng.randint(5, 25))
        self.agenda.at(concluded, lambda d: self.conclude(d, partnership))

    def conclude(self, day: date, partnership: Partnership) -> None:
        if partnership.status == "assigned":
            partnership.conclude_agreement(self.meta(self.officer), f"СВ-{self.serial}/{day.year}", day, DEFAULT_RULES)
            self.writer.take(partnership)

    def extend_agreements(self, day: date, year: int) -> None:
        for code in self.in_programme():
            pair = self.pairs.get(code)
            if pair is None or pair.partnership.status != "concluded":
                continue
            partnership = pair.partnership
            assert partnership.term_until is not None
            partnership.extend(self.meta(self.officer), f"ДС-{self.next_key('ext')}", day,
                               add_months(partnership.term_until, 12))
            self.writer.take(partnership)
            if self.rng.random() < 0.05:  # a partner withdraws: notice, end, a new partner
                notice = day + timedelta(days=self.rng.randint(20, 40))
                self.agenda.at(notice, lambda d, c=code: self.terminate(d, c, exiting=False))

    def terminate(self, day: date, code: str, exiting: bool) -> None:
        pair = self.pairs.get(code)
        if pair is None or pair.partnership.status != "concluded":
            return
        effective = add_months(day, 2) if not exiting else date(day.year, 6, 30)
        pair.partnership.notify_termination(self.meta(self.officer), day, effective, DEFAULT_RULES)
        self.writer.take(pair.partnership)

        def end(d: date) -> None:
            pair.partnership.end(self.meta(self.officer), d, "Расторжение по уведомлению")
            self.writer.take(pair.partnership)
            if exiting:
                school = self.schools[code]
                school.exit_programme(self.meta(self.officer), d, "Переход в эффективный режим работы")
                self.writer.take(school)
                del self.pairs[code]
            else:
                self.assign(d, code)
        self.agenda.at(effective, end)

    def plan_exits(self, day: date, year: int) -> None:
        """About a third of the schools in their second year or later leave in June."""
        for code in self.in_programme():
            school = self.schools[code]
            if school.cohort_year is not None and school.cohort_year < year and self.rng.random() < 0.35:
                self.terminate(day, code, exiting=True)

    # Approval and roadmaps -----------------------------------------------------------------
    def start_approvals(self, day: date, year: int) -> None:
        for code in self.in_programme():
            pair = self.pairs.get(code)
            if pair is None:
                continue
            roadmap_key = f"rm-{code}-{year}"
            approvers = (
                Approver(self.users[code].subject, "директор", code),
                Approver(self.users[pair.partner].subject, "куратор", pair.partner),
                Approver(self.officer.subject, "начальник отдела образования", self.tenant.id),
            )
            submitted = day + timedelta(days=self.rng.randint(0, 4))

            def submit(d: date, c: str = code, k: str = roadmap_key, a: tuple = approvers) -> None:
                sheet = ApprovalSheet.submit(
                    self.meta(self.users[c]), f"as-{k}",
                    DocumentRef("roadmap", k, f"Дорожная карта {c} на {year}/{year + 1} уч. год"), a, d)
                self.writer.take(sheet)
                self.agenda.at(d + timedelta(days=self.rng.randint(1, 3)),
                               lambda d2: self.sign(d2, sheet, c, k, year, returned=False))
            self.agenda.at(submitted, submit)

    def sign(self, day: date, sheet: ApprovalSheet, code: str, key: str, year: int, returned: bool) -> None:
        approver = sheet.current_approver
        assert approver is not None
        actor = Actor(approver.subject, "school_user" if approver.organisation != self.tenant.id
                      else "municipal_officer", approver.organisation)
        if not returned and len(sheet.signed) == 1 and self.rng.random() < 0.15:
            sheet.return_with_remarks(self.meta(actor), approver.subject, day, "Уточнить сроки и ответственных")
            self.writer.take(sheet)

            def resubmit(d: date) -> None:
                sheet.resubmit(self.meta(self.users[code]), d)
                self.writer.take(sheet)
                self.agenda.at(d + timedelta(days=1), lambda d2: self.sign(d2, sheet, code, key, year, True))
            self.agenda.at(day + timedelta(days=self.rng.randint(2, 4)), resubmit)
            return
        sheet.sign_off(self.meta(actor), approver.subject, day)
        self.writer.take(sheet)
        if sheet.status == "approved":
            self.approve_roadmap(day, code, key, year)
        else:
            self.agenda.at(day + timedelta(days=self.rng.randint(1, 3)),
                           lambda d: self.sign(d, sheet, code, key, year, returned))

    def approve_roadmap(self, day: date, code: str, key: str, year: int) -> None:
        roadmap = Roadmap.approve(
            self.meta(self.officer), key, code, f"Дорожная карта {code} на {year}/{year + 1} уч. год",
            date(year, 9, 1), date(year + 1, 8, 31), day,
            BasisDocument(f"{year}/ДК-{self.serial}", day, "Об утверждении дорожных карт"))
        self.roadmaps[code] = roadmap
        for number, (section, title, schedule, responsible) in enumerate(roadmap_items(year), start=1):
            item = f"item-{number:02d}"
            roadmap.add_item(self.meta(self.officer), item, section, title, schedule, responsible)
            self.plan_item(day, roadmap, item, schedule)
        self.writer.take(roadmap)

    def plan_item(self, approved: date, roadmap: Roadmap, item: str, schedule: Schedule) -> None:
        """Started, done on time or late, rescheduled, cancelled, or left open (overdue)."""
        due = final_due(schedule) or date(approved.year + 1, 6, 20)
        due = max(due, approved + timedelta(days=2))
        user = self.users[roadmap.school]
        roll = self.rng.random()
        if roll < 0.04:
            self.agenda.at(approved + timedelta(days=self.rng.randint(1, max(1, (due - approved).days - 1))),
                           lambda d: self.item_step(roadmap, item, "cancel", d))
            return
        if roll < 0.11 and isinstance(schedule, Deadline | Window):
            moved = Deadline(due + timedelta(days=30), "Перенесено")
            self.agenda.at(max(approved + timedelta(days=1), due - timedelta(days=5)),
                           lambda d: self.item_step(roadmap, item, "reschedule", d, moved))
            due = moved.due
        if self.rng.random() < 0.65:
            start = max(approved + timedelta(days=1), due - timedelta(days=self.rng.randint(5, 30)))
            self.agenda.at(start, lambda d: self.item_step(roadmap, item, "start", d, user=user))
        else:
            start = approved + timedelta(days=1)
        if self.rng.random() < 0.82:
            late = self.rng.random() < 0.2
            done = due + timedelta(days=self.rng.randint(1, 25)) if late else \
                max(start, due - timedelta(days=self.rng.randint(0, 10)))
            self.agenda.at(done, lambda d: self.item_step(roadmap, item, "complete", d, user=user))

    def item_step(self, roadmap: Roadmap, item: str, step: str, day: date, schedule: Schedule | None = None,
                  user: Actor | None = None) -> None:
        current = roadmap.items[item]
        if current.status not in ("planned", "in_progress"):
            return
        if step == "cancel":
            roadmap.cancel_item(self.meta(self.officer), item, "Мероприятие признано нецелесообразным")
        elif step == "reschedule":
            assert schedule is not None
            roadmap.reschedule_item(self.meta(self.officer), item, schedule, "Перенос по заявлению школы")
        elif step == "start":
            if current.status != "planned":
                return
            roadmap.start_item(self.meta(user or self.officer), item, day)
        else:
            evidence = (Evidence("document", f"Приказ № {self.rng.randint(1, 300)} от {day:%d.%m.%Y}",
                                 "Приказ по школе"),)
            if self.rng.random() < 0.5:
                evidence += (Evidence("link", f"https://{roadmap.school}.bench.example.org/{item}"),)
            on = max(day, current.started_on or day)
            open_ = [o for o in roadmap.occurrences(item) if o.is_open]
            if len(open_) > 1:  # W7: each occurrence of a multi-date item is done on its own
                for occurrence in open_:
                    roadmap.complete_occurrence(self.meta(user or self.officer), item, occurrence.key,
                                                min(on, occurrence.due), evidence)
            else:
                roadmap.complete_item(self.meta(user or self.officer), item, on, evidence)
        self.writer.take(roadmap)

    # Reports --------------------------------------------------------------------------------
    def plan_month(self, month: date) -> None:
        """Monthly reports by the 28th: most on time, some late, a few missing; indicator values."""
        due = report_due_date(month)
        period = f"{month.year:04d}-{month.month:02d}"

        def file_all(day: date) -> None:
            for code in self.in_programme():
                roll = self.rng.random()
                if roll < 0.04:
                    continue
                on = due + timedelta(days=self.rng.randint(1, 12)) if roll < 0.14 else \
                    due - timedelta(days=self.rng.randint(0, 8))
                self.agenda.at(on, lambda d, c=code: self.file(d, c, "monthly_roadmap", period))
        self.agenda.at(month + timedelta(days=14), file_all)
        if month.month in (9, 10, 11, 12, 1, 2, 3, 4, 5):
            measured = add_months(month, 1) + timedelta(days=4)

            def absence(day: date) -> None:
                for code in self.codes:
                    self.record(self.users[code], code, UNEXCUSED_ABSENCE_RATE, period,
                                self.value(0, 6), day)
                self.record(self.officer, MUNICIPALITY, UNEXCUSED_ABSENCE_RATE, period, self.value(1, 4), day)
                if month.month in (12, 3):
                    self.record(self.officer, MUNICIPALITY, NETWORK_TEACHERS_SHARE,
                                f"{month.year}-Q{(month.month - 1) // 3 + 1}", self.value(20, 80), day)
            self.agenda.at(measured, absence)

    def file(self, day: date, code: str, kind: str, period: str) -> None:
        user = self.users[code]
        report = Report.file(self.meta(user), code, kind, period, day,  # type: ignore[arg-type]
                             f"Отчёт {code} за {period}: выполнено по плану", (f"{kind}-{period}.pdf",))
        self.writer.take(report)
        if self.rng.random() < 0.15:
            returned = day + timedelta(days=self.rng.randint(1, 4))

            def give_back(d: date) -> None:
                report.return_for_revision(self.meta(self.officer), d, "Не приложены подтверждающие документы")
                self.writer.take(report)

                def again(d2: date) -> None:
                    report.file_again(self.meta(user), d2, f"Отчёт {code} за {period}: исправлен",
                                      (f"{kind}-{period}-v2.pdf",))
                    self.writer.take(report)
                    self.agenda.at(d2 + timedelta(days=self.rng.randint(1, 5)), lambda d3: self.accept(d3, report))
                self.agenda.at(d + timedelta(days=self.rng.randint(2, 7)), again)
            self.agenda.at(returned, give_back)
        else:
            self.agenda.at(day + timedelta(days=self.rng.randint(1, 6)), lambda d: self.accept(d, report))

    def accept(self, day: date, report: Report) -> None:
        report.accept(self.meta(self.officer), day)
        self.writer.take(report)

    def effectiveness(self, day: date, year: int) -> None:
        for code in self.in_programme():
            if code in self.roadmaps:
                on = day + timedelta(days=self.rng.randint(0, 13))
                self.agenda.at(on, lambda d, c=code: self.file(d, c, "effectiveness_analysis", str(year)))

    def analytic_notes(self, day: date, year: int) -> None:
        partners = sorted({pair.partner for pair in self.pairs.values()})
        for code in partners:
            self.agenda.at(day + timedelta(days=self.rng.randint(0, 10)),
                           lambda d, c=code: self.file(d, c, "annual_analytic_note", f"{year}/{year + 1}"))

    def criteria(self, day: date, year: int) -> None:
        """Yearly results: every criterion of 003 for schools in the programme, USE for the rest."""
        for code in self.codes:
            indicators = [t.indicator for t in EFFECTIVENESS_CRITERIA_003 if t.indicator != UNEXCUSED_ABSENCE_RATE] \
                if self.schools[code].in_programme else list(_USE)
            for indicator in indicators:
                boolean = indicator in ("partnership_plan_executed", "monitoring_analytic_materials")
                value = Decimal(self.rng.random() < 0.8) if boolean else self.value(0, 80)
                correct = day + timedelta(days=20) if self.rng.random() < 0.05 and not boolean else None
                self.record(self.officer, code, indicator, str(year), value, day, correct)

    # Visits and internships ------------------------------------------------------------------
    def plan_visits(self, monday: date) -> None:
        for code, pair in list(self.pairs.items()):
            if pair.partnership.status == "ended" or pair.partnership.assigned_on > monday:
                continue
            planned_on = monday + timedelta(days=7 + self.rng.randint(0, 4))
            host, guest = (code, pair.partner) if self.rng.random() < 0.7 else (pair.partner, code)
            visit = Visit.plan(self.meta(self.users[guest]), self.next_key(f"v-{code}"),
                               pair.partnership.key, host, guest, self.rng.choice(_VISIT_KINDS), planned_on,
                               "Взаимопосещение в рамках сетевого взаимодействия")
            self.writer.take(visit)
            roll = self.rng.random()
            if roll < 0.8:
                self.agenda.at(planned_on, lambda d, v=visit, g=guest: self.hold_visit(d, v, g))
            elif roll < 0.9:
                self.agenda.at(planned_on - timedelta(days=self.rng.randint(1, 4)),
                               lambda d, v=visit, g=guest: self.cancel_visit(v, g))

    def hold_visit(self, day: date, visit: Visit, guest: str) -> None:
        visit.hold(self.meta(self.users[guest]), day, "Уроки посещены, замечания обсуждены с учителями",
                   "Использовать приёмы формирующего оценивания", self.rng.randint(2, 25))
        self.writer.take(visit)

    def cancel_visit(self, visit: Visit, guest: str) -> None:
        visit.cancel(self.meta(self.users[guest]), "Карантин в школе")
        self.writer.take(visit)

    def request_internships(self, day: date, year: int, month: int) -> None:
        for code, pair in list(self.pairs.items()):
            if pair.partnership.status == "ended":
                continue
            start = self.calendar.next_working_day_on_or_after(date(year, month, self.rng.randint(10, 22)))
            submitted = start - timedelta(days=self.rng.randint(8, 21))
            participants = self.rng.randint(2, 8)
            self.agenda.at(submitted, lambda d, c=code, p=pair, s=start, n=participants:
                           self.submit_internship(d, c, p, s, n))

    def submit_internship(self, day: date, code: str, pair: Pair, start: date, participants: int) -> None:
        request = InternshipRequest.submit(
            self.meta(self.users[code]), self.next_key(f"st-{code}"), code, pair.partner,
            "Формирующее оценивание на уроках математики", participants, start,
            start + timedelta(days=2), day, DEFAULT_RULES)
        self.writer.take(request)
        host = self.users[pair.partner]
        latest = internship_withdrawal_deadline(start, self.calendar)
        if self.rng.random() < 0.15 and latest > day:
            self.agenda.at(min(day + timedelta(days=2), latest), lambda d: self.withdraw(d, request))
            return
        self.agenda.at(day + timedelta(days=self.rng.randint(1, 3)), lambda d: self.confirm(d, request, host))
        self.agenda.at(start, lambda d: self.hold_internship(d, request, host))

    def withdraw(self, day: date, request: InternshipRequest) -> None:
        request.withdraw(self.meta(self.users[request.school]), day, "Болезнь педагогов", self.calendar, DEFAULT_RULES)
        self.writer.take(request)

    def confirm(self, day: date, request: InternshipRequest, host: Actor) -> None:
        request.confirm(self.meta(host), day)
        self.writer.take(request)

    def hold_internship(self, day: date, request: InternshipRequest, host: Actor) -> None:
        request.hold(self.meta(host), day, self.rng.randint(1, request.participants), "Стажировка проведена")
        self.writer.take(request)


def roadmap_items(year: int) -> list[tuple[str, str, Schedule, tuple[str, ...]]]:
    """28 items of a school year's roadmap, after 000 appendix 3 and the 001 plan: every form."""
    y, n = year, year + 1
    law, method, partner, staff, decide = (
        "Нормативно-правовое обеспечение", "Научно-методическое обеспечение",
        "Партнерство с ведущими школами", "Развитие кадрового потенциала", "Управленческие решения")
    head, curator, dept = "руководитель ШНОР", "куратор", "отдел образования"

    def dl(m: int, d: int, yr: int) -> Deadline:
        return Deadline(date(yr, m, d), f"До {d:02d}.{m:02d}.{yr}")

    return [
        (method, "Анализ результатов ГИА и ВПР", dl(10, 15, y), (head,)),
        (law, "Утверждение плана внутришкольного контроля", dl(10, 30, y), (head,)),
        (law, "Заключение партнерского договора", dl(11, 1, y), (head, curator)),
        (staff, "Диагностика профессиональных дефицитов педагогов", dl(11, 30, y), (head, curator)),
        (method, "Разработка индивидуальных образовательных маршрутов", dl(12, 20, y), (head,)),
        (decide, "Анализ эффективности принятых мер", dl(12, 25, y), (head, curator)),
        (decide, "Промежуточный анализ реализации дорожной карты", dl(2, 15, n), (dept,)),
        (decide, "Отчёт о результатах сетевого взаимодействия", dl(6, 20, n), (head, dept)),
        (method, "Распространение эффективных практик", Window(date(y, 10, 1), date(y, 11, 30),
                                                               f"октябрь-ноябрь {y}"), (dept, curator)),
        (staff, "Мониторинг объективности оценивания", Window(date(n, 1, 15), date(n, 2, 15),
                                                             "15.01.-15.02."), (dept,)),
        (staff, "Пробные экзамены", Window(date(n, 3, 1), date(n, 3, 31), f"март {n}"), (head,)),
        (staff, "Консультации по математике", Window(date(n, 6, 9), date(n, 6, 11),
                                                    f"09.06.{n}-11.06.{n}"), (curator,)),
        (partner, "Посещение уроков кураторами", DateList(
            (date(y, 10, 20), date(y, 11, 17), date(n, 1, 19), date(n, 2, 16), date(n, 4, 20)),
            "пять дат по графику кураторов"), (curator,)),
        (partner, "Посещение заседаний педагогического совета", DateList(
            (date(y, 11, 30), date(y, 12, 28), date(n, 3, 29), date(n, 5, 30)),
            f"ноябрь {y} декабрь {y} март {n} май {n}"), (head, curator)),
        (method, "Методические семинары", DateList((date(y, 11, 10), date(n, 2, 10), date(n, 4, 10)),
                                                   "три семинара"), (curator,)),
        (law, "Актуализация рискового профиля", Yearly(9, 10, y, n, "ежегодно (сентябрь-октябрь)"), (head,)),
        (staff, "Аттестация педагогов", Yearly(5, 5, n, None, "ежегодно (май)"), (head,)),
        (decide, "Ежемесячный отчёт о реализации дорожной карты", Monthly(
            28, date(y, 10, 1), date(n, 6, 30), "ежемесячно в срок до 28 числа"), (head,)),
        (decide, "Мониторинг посещаемости", Monthly(5, date(y, 10, 1), date(n, 5, 31),
                                                   "ежемесячно до 5 числа"), (head,)),
        (method, "Адресная помощь школ-партнёров", OpenEnded(date(y, 9, 1), date(n, 8, 31),
                                                           "В течение года"), (dept, curator)),
        (staff, "Повышение квалификации", OpenEnded(None, None, "в течение всего периода"), (head,)),
        (staff, "Наставничество молодых педагогов", OpenEnded(date(y, 9, 1), None, "постоянно"), (head,)),
        (partner, "Посещение уроков, внеурочной деятельности", SeparateSchedule(
            "График образовательной организации", "По графику ОО"), (head, curator)),
        (staff, "Диагностические работы РСОКО", SeparateSchedule(
            "График диагностических работ РСОКО", "В соответствии с графиком"), (head,)),
        (staff, "Коррекция индивидуальных маршрутов", SeparateSchedule(
            "По итогам диагностических работ", "По итогам работ"), (head, curator)),
        (staff, "Внутренняя система оценки качества", SeparateSchedule(
            "План внутришкольного контроля", "По плану ВШК"), (head,)),
        (partner, "Собеседование с родителями обучающихся группы риска", dl(4, 15, n), (head,)),
        (method, "Летняя школа для обучающихся", Window(date(n, 7, 1), date(n, 7, 31), f"июль {n}"),
         (head, curator)),
    ]


# Entry points ------------------------------------------------------------------------------------
def region_tenants(shape: Shape) -> tuple[Tenant, list[Tenant]]:
    region = Tenant(shape.region_id, "region", shape.region_id, f"Синтетический регион {shape.seed}")
    municipalities = [
        Tenant(f"{shape.region_id}-m{i + 1:02d}", "municipality", shape.region_id, f"Район {i + 1}")
        for i in range(shape.sized_municipalities)
    ]
    return region, municipalities


def school_codes(shape: Shape, municipalities: list[Tenant]) -> dict[str, list[str]]:
    """Schools dealt to municipalities unevenly (big towns, small districts), deterministically."""
    rng = random.Random(f"{shape.seed}:schools")
    weights = [rng.uniform(0.4, 1.6) for _ in municipalities]
    total = sum(weights)
    counts = [max(6, int(shape.sized_schools * w / total)) for w in weights]
    counts[0] += max(0, shape.sized_schools - sum(counts))
    return {
        m.id: [f"m{i + 1:02d}-s{j + 1:03d}" for j in range(count)]
        for i, (m, count) in enumerate(zip(municipalities, counts, strict=True))
    }


def generate(
    backend: Backend | None, shape: Shape, calendar: WorkingCalendar | None = None,
    batch: int = BATCH, progress: Callable[[str, int, float], None] | None = None,
) -> Manifest:
    """Provision the region and write its history; `backend=None` only counts the events."""
    region, municipalities = region_tenants(shape)
    manifest = Manifest(shape, region, municipalities)
    manifest.schools = school_codes(shape, municipalities)
    calendar = calendar or WorkingCalendar()
    started = time.perf_counter()
    with simulated_clock():
        for index, tenant in enumerate(manifest.tenants):
            app = None
            if backend is not None:
                backend.provision(tenant)
                app = backend.application(tenant.id)
                if app.head_position():
                    raise RuntimeError(f"tenant {tenant.id} already has events: generate into an empty store or another seed")
            writer = Writer(app, batch, manifest.counts, manifest.forms)
            rng = random.Random(f"{shape.seed}:{index}")  # not the id: another region name, same data
            if tenant.kind == "region":
                sim: TenantSim = RegionSim(tenant, shape, writer, rng)
            else:
                sim = MunicipalitySim(tenant, shape, writer, rng, manifest.schools[tenant.id], calendar)
            sim.plan()
            sim.agenda.run()
            writer.flush()
            if isinstance(sim, MunicipalitySim):
                manifest.partnerships[tenant.id] = [
                    (p.partnership.key, p.supported, p.partner) for p in sim.pairs.values()
                    if p.partnership.status != "ended"
                ]
                manifest.roadmaps[tenant.id] = [
                    (r.key, code) for code, r in sim.roadmaps.items() if sim.schools[code].in_programme
                ]
            if progress:
                progress(tenant.id, manifest.events, time.perf_counter() - started)
    manifest.seconds = time.perf_counter() - started
    return manifest
