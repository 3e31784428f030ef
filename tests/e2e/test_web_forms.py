"""The command forms over HTTP on both backends: every form in Russian, every refusal at its field.

Every command a municipal officer may post has a form (designed, or generated from its Struct);
each is rendered and no label on it is an identifier. Then each field of each form is posted with
a bad value while the others are well formed: the Russian sentence stands at that very field
(not the catch-all), and nothing is written.
"""

from __future__ import annotations

import html
import re

import pytest

from services.auth import Principal
from services.commands.registry import CATALOGUE
from tests.e2e.helpers import (
    Api,
    days,
    identify_school,
    officer,
    ok,
    register_schools,
    school_user,
    today,
)
from web.command_forms import Field
from web.designs import OWN_PAGES, form_spec, may_post
from web.form_rows import PAPER_GROUP, VERSION_GROUP
from web.messages import FALLBACK
from web.pages import WebConfig

PEOPLE: dict[str, Principal] = {"officer": officer(), "school k-1": school_user("k-1")}
ACTIONS = "/m/ru-16-kaybitsy/actions"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')
_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
_LABELS = re.compile(r"<(?:label|legend)[^>]*>(.*?)</(?:label|legend)>", re.S)
_LINKS = re.compile(r'<a href="(/m/ru-16-kaybitsy/forms/[a-z_]+)">')
#: A Python or English name on the page: snake_case, or a word of Latin letters.
_IDENTIFIER = re.compile(r"[A-Za-z_]{2,}")


@pytest.fixture
def web(api: Api) -> Api:
    register_schools(api, "k-1", "k-2")
    api.project()
    state = api.client.app.state
    state.web = WebConfig(state.web.sessions, PEOPLE)
    return api


def sign_in(api: Api, person: str) -> None:
    csrf = _CSRF.findall(api.client.get("/sign-in").text)[-1]
    answer = api.client.post("/sign-in", data={"csrf_token": csrf, "person": str(list(PEOPLE).index(person))},
                             follow_redirects=False)
    assert answer.status_code == 303


def _officer_commands() -> set[str]:
    return {s.name for c, s in CATALOGUE.items() if may_post(officer(), c)} - set(OWN_PAGES)


def test_every_officer_command_has_a_form_with_russian_labels_only(web: Api) -> None:
    sign_in(web, "officer")
    listed = _LINKS.findall(web.client.get(ACTIONS).text)
    assert {link.rsplit("/", 1)[1] for link in listed} == _officer_commands()
    for link in listed:
        page = web.client.get(link)
        assert page.status_code == 200, link
        labels = [re.sub(r"<[^>]+>", "", html.unescape(text)).strip() for text in _LABELS.findall(page.text)]
        assert labels or 'id="form-context"' in page.text, link
        labels += [html.unescape(t) for t in re.findall(r"<dt>(.*?)</dt>", page.text)]
        for label in labels:
            assert re.search("[А-Яа-яЁё]", label) and not _IDENTIFIER.search(label), (link, label)
        options = re.findall(r"<option[^>]*>(.*?)</option>", page.text)
        assert all(not _IDENTIFIER.search(html.unescape(o)) for o in options), (link, options)


def _good(f: Field) -> str:
    if f.kind == "date" or f.item == "date":
        return "2021-03-01"
    if f.kind in ("integer", "number") or f.item in ("integer", "number"):
        return "2021" if re.search(r"year$", f.name) else "1"
    if f.kind in ("select", "multiselect"):
        return f.choices[0][0]
    return "k-1@example.ru" if f.name == "email" else "2021-03"


def _bad(f: Field) -> str:
    return {"date": "31.02.2021", "integer": "много", "number": "сорок", "select": "нет-такого",
            "multiselect": "нет-такого"}.get(f.kind, "\x01")


def _post_each_bad_value(web: Api, name: str, person: Principal) -> None:
    link = f"/m/ru-16-kaybitsy/forms/{name}"
    spec = form_spec(person, name)
    page = web.client.get(link).text
    hidden = dict(_HIDDEN.findall(page))
    shown = [f for f in spec.fields if f.name not in hidden]
    hidden.pop("csrf_token"), hidden.pop("idempotency_key")
    # The envelope (web/form_rows.py) is left empty, as it mostly is; a field of the transcription
    # is posted with the rest of the transcription well formed.
    envelope = {f.name: _good(f) for f in shown if f.group in (VERSION_GROUP, PAPER_GROUP)}
    good = {f.name: _good(f) for f in shown if f.name not in envelope}
    before = web.count("ru-16-kaybitsy")
    for f in shown:
        # A kind's field of a choice (a schedule) is posted with its kind chosen: the others' are not read.
        kind = {f.variant[0]: f.variant[1]} if f.variant else {}
        paper = {n: v for n, v in envelope.items() if n.startswith("transcribed.")} if f.group == PAPER_GROUP else {}
        body = {**hidden, "csrf_token": _CSRF.findall(page)[-1], **good, **kind, **paper, f.name: _bad(f), "idempotency_key": f"{_KEY.findall(page)[0]}-{f.name}"}
        answer = web.client.post(link, data=body)
        assert answer.status_code == 422, (name, f.name, answer.status_code)
        error = re.search(rf'id="{re.escape(f.id)}-error"><span class="visually-hidden">Ошибка:</span> (.*?)</p>',
                          answer.text)
        assert error, (name, f.name, re.findall(r'class="field__error" id="([^"]+)"', answer.text))
        message = html.unescape(error[1])
        assert message != FALLBACK and re.search("[А-Яа-яЁё]", message), (name, f.name, message)
        assert not _IDENTIFIER.search(message), (name, f.name, message)
    assert web.count("ru-16-kaybitsy") == before


def test_every_field_of_every_officer_form_is_refused_at_itself_in_russian(web: Api) -> None:
    sign_in(web, "officer")
    for name in sorted(_officer_commands()):
        _post_each_bad_value(web, name, officer())


def test_every_field_of_every_school_form_is_refused_at_itself_in_russian(web: Api) -> None:
    sign_in(web, "school k-1")
    for name in ("record_visit_held", "complete_roadmap_occurrence", "request_internship", "withdraw_internship"):
        _post_each_bad_value(web, name, school_user("k-1"))


def test_a_school_user_gets_no_officer_form_and_no_foreign_school(web: Api) -> None:
    sign_in(web, "school k-1")
    for path in ("/m/ru-16-kaybitsy/forms/assign_partner", "/m/ru-16-kaybitsy/forms/register_school",
                 ACTIONS, "/m/ru-16-kaybitsy/schools/k-2/actions"):
        answer = web.client.get(path)
        assert answer.status_code == 403 and "Нет доступа" in answer.text, path
    assert web.client.get("/m/ru-16-kaybitsy/schools/k-1/actions").status_code == 200


def _form(web: Api, path: str) -> tuple[str, dict[str, str]]:
    page = web.client.get(path)
    assert page.status_code == 200, page.text
    hidden = dict(_HIDDEN.findall(page.text))
    hidden["csrf_token"] = _CSRF.findall(page.text)[-1]
    return page.text, hidden


def test_003_p6_1_a_pair_is_assigned_then_its_agreement_concluded_from_the_forms(web: Api) -> None:
    identify_school(web, "k-1")
    web.project()
    sign_in(web, "officer")
    _, hidden = _form(web, "/m/ru-16-kaybitsy/forms/assign_partner?supported_school=k-1")
    assert hidden["supported_school"] == "k-1" and hidden["partnership"].startswith("pair-")
    people = {"coordinator.full_name": "Иванова Анна Петровна", "curator.full_name": "Петров Иван Сергеевич",
              "municipal_coordinator.full_name": "Сидорова Мария Ивановна"}
    before = web.count("ru-16-kaybitsy")
    body = {**hidden, **people, "partner_school": "k-2", "assigned_on": today().isoformat()}
    done = web.client.post("/m/ru-16-kaybitsy/forms/assign_partner", data=body, follow_redirects=False)
    assert done.status_code == 303, done.text
    # Pressed again (the same rendering's key): the executor answers the first, writes nothing.
    again = web.client.post("/m/ru-16-kaybitsy/forms/assign_partner", data=body, follow_redirects=False)
    assert again.headers["location"] == done.headers["location"]
    assert web.count("ru-16-kaybitsy") == before + 1
    target = done.headers["location"]
    assert target.startswith(f"/m/ru-16-kaybitsy/forms/conclude_agreement?partnership={hidden['partnership']}&position=")
    web.project()
    page, agreement = _form(web, target)
    assert agreement["partnership"] == hidden["partnership"] and "Номер" in page
    refused = web.client.post("/m/ru-16-kaybitsy/forms/conclude_agreement",
                              data={**agreement, "number": "7", "concluded_on": ""})
    assert refused.status_code == 422 and "«Дата заключения»: укажите дату." in refused.text
    assert web.count("ru-16-kaybitsy") == before + 1
    concluded = web.client.post("/m/ru-16-kaybitsy/forms/conclude_agreement", follow_redirects=False,
                                data={**agreement, "number": "7", "concluded_on": today().isoformat(),
                                      "term": "calendar_year"})
    assert concluded.status_code == 303, concluded.text
    assert concluded.headers["location"].startswith(ACTIONS + "?position=")
    web.project()
    row = re.search(r"<tr><td>Школа k-1</td>.*?</tr>", web.client.get(ACTIONS).text, re.S)
    assert row and "№ 7 до 31.12." in row[0]


def _links(page: str, name: str) -> list[str]:
    return [html.unescape(link) for link in re.findall(rf'href="(/m/ru-16-kaybitsy/forms/{name}\?[^"]+)"', page)]


def test_000_app3_an_item_is_added_and_rescheduled_by_the_kind_of_its_schedule_from_the_roadmap(web: Api) -> None:
    ok(web, {"type": "approve_roadmap", "roadmap": "rm-k1", "school": "k-1", "title": "План школы",
             "period_start": days(-30), "period_end": days(300), "approved_on": days(-30)})
    web.project()
    sign_in(web, "officer")
    school = web.client.get("/m/ru-16-kaybitsy/schools/k-1").text
    [add] = _links(school, "add_roadmap_item")
    page, hidden = _form(web, add)
    assert hidden["roadmap"] == "rm-k1" and hidden["item"].startswith("item-")
    assert 'id="schedule-form-window"' in page and "Сроки: в период" in page
    before = web.count("ru-16-kaybitsy")
    body = {**hidden, "section": "Раздел 1", "title": "Педсовет", "responsible": "директор",
            "schedule.form": "window", "schedule.window.start": days(10), "schedule.window.end": days(40),
            "schedule.window.label": "в течение месяца",
            # Another kind's field, typed and then left: it is not read.
            "schedule.deadline.due": "31.02.2021"}
    done = web.client.post("/m/ru-16-kaybitsy/forms/add_roadmap_item", data=body, follow_redirects=False)
    assert done.status_code == 303, done.text
    assert web.count("ru-16-kaybitsy") == before + 1
    web.project()
    school = web.client.get("/m/ru-16-kaybitsy/schools/k-1").text
    assert "в течение месяца" in school
    [move] = _links(school, "reschedule_roadmap_item")
    page, hidden = _form(web, move)
    assert hidden["roadmap"] == "rm-k1" and hidden["item"] == body["item"]
    assert re.search(r'<option value="window" selected>', page)
    assert re.search(rf'name="schedule.window.start"\s+type="date"\s+value="{days(10)}"', page)
    # A rule of the kind's own (a period ends after it starts) is shown at that kind's field.
    refused = web.client.post("/m/ru-16-kaybitsy/forms/reschedule_roadmap_item", data={
        **hidden, "reason": "перенос", "schedule.form": "window", "schedule.window.start": days(40),
        "schedule.window.end": days(20)})
    assert refused.status_code == 422
    assert re.search(r'id="f-schedule-window-end-error"', refused.text), refused.text
    assert web.count("ru-16-kaybitsy") == before + 1
    moved = web.client.post("/m/ru-16-kaybitsy/forms/reschedule_roadmap_item", follow_redirects=False, data={
        **hidden, "reason": "перенос", "schedule.form": "deadline", "schedule.deadline.due": days(60),
        "schedule.deadline.label": "до конца квартала"})
    assert moved.status_code == 303, moved.text
    web.project()
    assert "до конца квартала" in web.client.get("/m/ru-16-kaybitsy/schools/k-1").text
