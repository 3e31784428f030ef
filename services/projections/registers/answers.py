"""What the registers answer: one Struct per row kind, a page of rows, the people in roles."""

from __future__ import annotations

from datetime import date

import msgspec

from domain.agreement import AgreementStatus
from domain.risk import FactorLevel


class Page(msgspec.Struct, frozen=True):
    """Which rows of how many: `total` rows match the filters, this is page `page` of `pages`."""

    total: int
    page: int
    limit: int
    pages: int


class PersonShown(msgspec.Struct, frozen=True):
    """A person in a role as recorded today: the name only while its key exists (152-ФЗ)."""

    role: str
    full_name: str | None
    position: str | None
    erased: bool


class Basis(msgspec.Struct, frozen=True):
    number: str
    issued_on: date
    title: str = ""


class Agreement(msgspec.Struct, frozen=True):
    """The partnership agreement and its status on `as_of` (003 §3.1-3.3, 60 days: expiring)."""

    number: str | None
    concluded_on: date | None
    term_until: date | None
    status: AgreementStatus
    extensions: int = 0


class Completion(msgspec.Struct, frozen=True):
    """Roadmap items done of those not cancelled (as the roadmaps model counts them)."""

    done: int
    active: int
    overdue: int
    share: float | None


class OnTime(msgspec.Struct, frozen=True):
    """Reports the tenant's duties ask of the school, due by `as_of`: filed on time of those due."""

    on_time: int
    due: int
    rate: float | None


class SiteSupport(msgspec.Struct, frozen=True):
    """A base support site's support of a school from a date (004 §3.3): across municipalities
    when a regional site supports a school of another municipality (tenant ids, and names)."""

    contest: str
    level: str
    site: str
    site_name: str
    site_tenant: str
    school: str
    school_name: str
    school_tenant: str
    from_on: date
    cross_municipality: bool


class SchoolEntry(msgspec.Struct, frozen=True):
    tenant_id: str
    municipality: str
    school: str
    name: str
    short_name: str
    locality: str
    in_programme: bool
    categories: list[str]
    designations: list[str]
    #: The level (regional / municipal) of a base support site (004 §3.3): that of the contest
    #: whose order decided it by `as_of`; null for a school that is no such site.
    base_site_level: str | None
    cohort_year: int | None
    basis: Basis | None
    risk_factors: list[str]
    exited_on: date | None
    partnership: str | None
    partner_school: str | None
    partner_name: str | None
    supports: list[str]
    agreement: Agreement
    roadmap: Completion | None = None
    reports: OnTime | None = None
    people: list[PersonShown] = []
    #: The risk profile on `as_of` (issue 11 item 7): each factor with its level, from the risk
    #: profiles model; empty while the school has not been assessed.
    risk_profile: list[FactorLevel] = []
    #: 004 §3.3: the base support sites supporting this school (possibly of another municipality)
    #: and, for a site, the schools it supports.
    supported_by: list[SiteSupport] = []
    site_supports: list[SiteSupport] = []


class PartnershipEntry(msgspec.Struct, frozen=True):
    tenant_id: str
    municipality: str
    partnership: str
    supported_school: str
    supported_name: str
    partner_school: str
    partner_name: str
    status: str
    assigned_on: date
    basis: Basis | None
    agreement: Agreement
    notice_given_on: date | None
    takes_effect_on: date | None
    ended_on: date | None
    #: The next date the agreement turns on: the end a notice takes effect on, else its term.
    deadline: date | None
    days_left: int | None
    people: list[PersonShown] = []
    #: A base support site's support of a school (004 §3.3; `status` "site_support"): the row
    #: shows in the registers of each side's municipality, the site as the partner.
    site_support: SiteSupport | None = None


class VisitEntry(msgspec.Struct, frozen=True):
    tenant_id: str
    visit: str
    partnership: str
    host_school: str
    host_name: str
    visiting_school: str
    visiting_name: str
    kind: str
    planned_on: date
    topic: str
    status: str
    #: Planned, not held nor cancelled, and its day before `as_of`.
    overdue: bool
    held_on: date | None
    participants: int | None
    reason: str


class ReportEntry(msgspec.Struct, frozen=True):
    tenant_id: str
    report: str
    school: str
    school_name: str
    kind: str
    period: str
    first_filed_on: date
    filed_on: date
    filings: int
    status: str
    decided_on: date | None
    remarks: str


class InternshipEntry(msgspec.Struct, frozen=True):
    tenant_id: str
    internship: str
    school: str
    school_name: str
    host_school: str
    host_name: str
    topic: str
    participants: int
    start: date
    end: date
    submitted_on: date
    status: str
    decided_on: date | None
    attended: int | None


class ApproverLine(msgspec.Struct, frozen=True):
    subject: str
    position: str
    organisation: str
    signed_on: date | None


class ApprovalEntry(msgspec.Struct, frozen=True):
    tenant_id: str
    sheet: str
    document_kind: str
    document_key: str
    document_title: str
    submitted_on: date
    status: str
    approved_on: date | None
    returns: int
    approvers: list[ApproverLine]
    #: The line whose signature the sheet waits for (sequential), null when approved or returned.
    awaiting: str | None


class PersonEntry(msgspec.Struct, frozen=True):
    tenant_id: str
    partnership: str
    role: str
    school: str | None
    school_name: str | None
    person: PersonShown


class Register(msgspec.Struct, frozen=True):
    """A page of a register of one tenant (or of a region's tenants) on `as_of`."""

    scope: str
    as_of: date
    page: Page
    #: How far the registers had read each tenant's log when answering.
    view_positions: dict[str, int]


class SchoolsRegister(Register, frozen=True):
    rows: list[SchoolEntry]


class PartnershipsRegister(Register, frozen=True):
    rows: list[PartnershipEntry]


class VisitsRegister(Register, frozen=True):
    rows: list[VisitEntry]


class ReportsRegister(Register, frozen=True):
    rows: list[ReportEntry]


class InternshipsRegister(Register, frozen=True):
    rows: list[InternshipEntry]


class ApprovalsRegister(Register, frozen=True):
    rows: list[ApprovalEntry]


class PeopleRegister(Register, frozen=True):
    rows: list[PersonEntry]
