"""The frequent forms, designed for their task: what is taken from where the form was opened.

Each design names the fields that come with the link the form was opened from (the visit, the
occurrence, the request: shown as text, posted as hidden values), the keys of a new record
(made up by the page, never typed), the fields a school user's own school fills, the fields not
asked, and a sentence of explanation. Every other command of a municipal officer gets the form
generated from its Struct, every field asked (web/command_forms.py).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from domain.roles import SCHOOL_ROLES
from services.auth import Forbidden, Principal
from services.commands.registry import CATALOGUE, Command
from web.command_forms import FormSpec, Unsupported, spec_of
from web.form_rows import envelope_fields, resize


@dataclass(frozen=True)
class Design:
    """How one frequent command is asked."""

    context: tuple[str, ...] = ()
    #: Key fields of a new record, with the prefix of the key the page makes up.
    new_keys: tuple[tuple[str, str], ...] = ()
    #: Fields a school user's own school fills (never typed, never taken from the form).
    own_school: tuple[str, ...] = ()
    #: Optional fields the task does not need (the generic form still asks them).
    hidden: tuple[str, ...] = ()
    #: Rows of a list of Structs this task needs (e.g. one piece of evidence).
    rows: int | None = None
    intro: str = ""
    #: The form opened next, with the record just written (a pair, then its agreement).
    then: tuple[str, str] | None = None
    #: The page (under /m/<tenant>/) the form belongs to and returns to, when not the actions page.
    back: str = ""


_W11 = ("roadmap", "item", "occurrence")
_LINKED = "Ссылка на мероприятие дорожной карты задаётся с его страницы."

DESIGNS: dict[str, Design] = {
    # A school user's forms («Что сделать»).
    "record_visit_held": Design(context=("visit",), intro="Запишите, что увидели на посещении и что посоветовали (003 п. 2.2)."),
    "complete_roadmap_occurrence": Design(
        context=("roadmap", "item", "occurrence"), rows=1,
        intro="Отметьте мероприятие выполненным в этот срок и приложите подтверждение: документ, ссылку или записку."),
    "request_internship": Design(
        new_keys=(("internship", "int"),), own_school=("school",), hidden=_W11,
        intro="Заявку подают не позднее чем за 7 дней до начала стажировки; отозвать её можно не "
              "позднее чем за 3 рабочих дня до начала (003 п. 2.3.2), по производственному "
              "календарю муниципалитета. Дата, до которой заявку можно отозвать, будет показана "
              "в списке заявок."),
    "withdraw_internship": Design(context=("internship",)),
    # A municipal officer's frequent forms («Мои задачи», the registers).
    "plan_visit": Design(context=("partnership", "host_school", "visiting_school"),
                         new_keys=(("visit", "visit"),), hidden=_W11, intro=_LINKED),
    "assign_partner": Design(context=("supported_school",), new_keys=(("partnership", "pair"),),
                             then=("conclude_agreement", "partnership"),
                             intro="Назначьте школу-партнёра, её координатора, куратора и "
                                   "муниципального координатора. Соглашение с номером и сроком "
                                   "записывается следующим шагом (003 п. 6.1)."),
    "conclude_agreement": Design(context=("partnership",),
                                 intro="Номер и дата соглашения; срок — до даты, на календарный год или на несколько лет (003 §3.1)."),
    "appoint": Design(new_keys=(("appointment", "order"),)),
    "replace_partnership_person": Design(context=("partnership", "role"),
                                         intro="Новый человек исполняет обязанности с указанной даты; прежний остаётся в истории."),
    "replace_appointee": Design(context=("appointment",)),
    "approve_roadmap": Design(context=("school",), new_keys=(("roadmap", "rm"),), hidden=("sheet",)),
    "confirm_internship": Design(context=("internship",), intro="Принимающая школа готова провести стажировку."),
    "sign_off": Design(context=("sheet",)),
    "return_with_remarks": Design(context=("sheet",)),
    "record_indicator": Design(context=("subject",)),
    # Opened from a roadmap on the school's page (the officer's links), its keys come with it.
    "add_roadmap_item": Design(context=("roadmap",), new_keys=(("item", "item"),),
                               intro="Выберите вид срока и заполните поля этого вида; подпись срока — "
                                     "как в документе, например «До 15.02.2021» (000 прил. 3)."),
    # The region's: a proposal is decided from its row of the identification assistant (004 §3.2).
    "decide_identification_proposal": Design(
        context=("municipality", "school", "year", "rule"),
        intro="Решение о включении школы принимает орган управления образованием своим актом: "
              "подтверждая, укажите документ-основание; отклоняя — причину (004 п. 3.2)."),
    "decide_site_contest": Design(context=("contest", "school")),
    "reschedule_roadmap_item": Design(context=("roadmap", "item"),
                                      intro="Новый срок мероприятия и причина переноса; прежний срок "
                                            "остаётся в журнале для региона."),
    # «Календарь и напоминания» (web/feeds_page.py), for a school user and an officer alike.
    "subscribe_reminders": Design(back="feeds", intro=(
        "Напоминания о сроках приходят на этот адрес: школе — о её обязанностях, специалисту — "
        "еженедельная сводка. Повторная подписка с другим адресом меняет адрес.")),
    "switch_reminders": Design(back="feeds", intro="Выключенные напоминания не приходят, пока их не включить снова."),
}


#: Commands posted from a page of their own, not from a generated form: the school list is
#: uploaded as a file and checked by a dry run first (/m/<tenant>/imports/schools, web/imports.py).
#: The region's batch of results (up to 1000 rows) has no page yet: it is posted to the API.
OWN_PAGES = {"import_schools": "imports/schools", "import_results": "/api/v1/tenants/<region>/commands"}


def new_key(prefix: str, today: date) -> str:
    """A fresh record key: the prefix, the day, and random letters (never personal data)."""
    return f"{prefix}-{today:%Y%m%d}-{secrets.token_hex(3)}"


def command_named(name: str) -> type[Command] | None:
    return next((c for c, s in CATALOGUE.items() if s.name == name), None)


def may_post(principal: Principal, command: type[Command], kind: str = "municipality") -> bool:
    spec = CATALOGUE[command]
    return principal.role in spec.roles and kind in spec.tenant_kinds


def form_spec(principal: Principal, name: str, kind: str = "municipality") -> FormSpec:
    """The form of a command for this person: the design for its task, else the generated one.

    A school user gets only the designed forms of a school (and only commands a school may post).
    """
    command = command_named(name)
    if command is None or name in OWN_PAGES or not may_post(principal, command, kind):
        raise Forbidden("no such form for this person")
    design = DESIGNS.get(name)
    if principal.role in SCHOOL_ROLES and design is None:
        raise Forbidden("a school user has only the school's designed forms")
    try:
        spec = spec_of(command, intro=design.intro if design else "")
    except Unsupported:
        raise Forbidden("this command has no form yet") from None
    if design is not None:
        dropped = {*design.hidden}
        if design.rows is not None:
            dropped |= {f.name for f in spec.fields
                        if len(parts := f.name.split(".")) > 2 and parts[1].isdigit()
                        and int(parts[1]) >= design.rows}
        spec.fields = [f for f in spec.fields if f.name not in dropped]
    spec.fields += envelope_fields(principal)
    resize(spec)
    return spec


def design_of(name: str) -> Design:
    return DESIGNS.get(name, Design())


def generic_commands(principal: Principal, kind: str = "municipality") -> list[tuple[str, str]]:
    """Every command the person may post in a tenant of this kind that has a form: (name, title)."""
    found = []
    for command, spec in CATALOGUE.items():
        if not may_post(principal, command, kind):
            continue
        try:
            built = form_spec(principal, spec.name, kind)
        except Forbidden:
            continue
        found.append((spec.name, built.title))
    return sorted(found, key=lambda pair: pair[1])
