"""The region tenant's forms over HTTP on both backends: the commands a regional operator posts.

Every command the operator may post in the region tenant has a form (the same engine as the
officer's), reachable from «Действия региона»; no label on it is an identifier; each field posted
bad is refused at itself in Russian with nothing written; a proposal of the identification
assistant is decided from its row; a municipal officer gets the 403 page.
"""

from __future__ import annotations

import html
import re

import pytest

from services.auth import Principal
from services.commands.registry import CATALOGUE
from tests.e2e.helpers import Api, officer, ok, operator, register_schools
from tests.e2e.test_web_forms import _bad, _good
from web.designs import OWN_PAGES, form_spec, may_post
from web.messages import FALLBACK
from web.pages import WebConfig

PEOPLE: dict[str, Principal] = {"operator": operator(), "officer": officer()}
ACTIONS = "/r/ru-16/actions"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')
_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
_LABELS = re.compile(r"<(?:label|legend)[^>]*>(.*?)</(?:label|legend)>", re.S)
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


def _region_commands() -> set[str]:
    return {s.name for c, s in CATALOGUE.items() if may_post(operator(), c, "region")} - set(OWN_PAGES)


def test_every_region_operator_command_has_a_form_with_russian_labels_only(web: Api) -> None:
    sign_in(web, "operator")
    listed = re.findall(r'<a href="(/r/ru-16/forms/[a-z_]+)">', web.client.get(ACTIONS).text)
    assert {link.rsplit("/", 1)[1] for link in listed} == _region_commands()
    assert {"adopt_programme", "decide_identification_proposal", "announce_site_contest",
            "decide_site_contest"} <= _region_commands()
    for link in listed:
        page = web.client.get(link)
        assert page.status_code == 200, link
        labels = [re.sub(r"<[^>]+>", "", html.unescape(text)).strip() for text in _LABELS.findall(page.text)]
        assert labels, link
        for label in labels:
            assert re.search("[А-Яа-яЁё]", label) and not _IDENTIFIER.search(label), (link, label)
        options = re.findall(r"<option[^>]*>(.*?)</option>", page.text)
        assert all(not _IDENTIFIER.search(html.unescape(o)) for o in options), (link, options)


def test_every_field_of_every_region_form_is_refused_at_itself_in_russian_and_nothing_written(web: Api) -> None:
    sign_in(web, "operator")
    before = web.count("ru-16")
    for name in sorted(_region_commands()):
        link = f"/r/ru-16/forms/{name}"
        page = web.client.get(link).text
        hidden = dict(_HIDDEN.findall(page))
        shown = [f for f in form_spec(operator(), name, "region").fields if f.name not in hidden]
        hidden.pop("csrf_token"), hidden.pop("idempotency_key")
        good = {f.name: _good(f) for f in shown}
        for f in shown:
            kind = {f.variant[0]: f.variant[1]} if f.variant else {}
            body = {**hidden, **good, **kind, f.name: _bad(f), "csrf_token": _CSRF.findall(page)[-1],
                    "idempotency_key": f"{_KEY.findall(page)[0]}-{f.name}"}
            answer = web.client.post(link, data=body)
            assert answer.status_code == 422, (name, f.name, answer.status_code)
            error = re.search(rf'id="{re.escape(f.id)}-error"><span class="visually-hidden">Ошибка:</span> (.*?)</p>',
                              answer.text)
            assert error, (name, f.name, re.findall(r'class="field__error" id="([^"]+)"', answer.text))
            message = html.unescape(error[1])
            assert message != FALLBACK and re.search("[А-Яа-яЁё]", message), (name, f.name, message)
            assert not _IDENTIFIER.search(message), (name, f.name, message)
    assert web.count("ru-16") == before


def test_004_3_2_a_proposal_is_rejected_from_its_row_of_the_identification_assistant(web: Api) -> None:
    rows = [{"municipality": "ru-16-kaybitsy", "school": "k-1", "school_name": "Школа k-1", "year": 2023,
             "indicator": indicator, "value": value}
            for indicator, value in (("gia9_fail_share", "35"), ("vpr_fail_share", "31"))]
    ok(web, {"type": "import_results", "source": "ГИА и ВПР 2023 (ИРО)", "rows": rows}, operator(), tenant="ru-16")
    web.project()
    sign_in(web, "operator")
    assistant = web.client.get("/r/ru-16/identification", params={"year": 2023}).text
    [link] = [html.unescape(a) for a in re.findall(r'href="(/r/ru-16/forms/decide_identification_proposal\?[^"]+)"',
                                                   assistant)]
    page = web.client.get(link).text
    hidden = dict(_HIDDEN.findall(page))
    assert (hidden["municipality"], hidden["school"], hidden["year"]) == ("ru-16-kaybitsy", "k-1", "2023")
    before = web.count("ru-16")
    done = web.client.post("/r/ru-16/forms/decide_identification_proposal", follow_redirects=False,
                           data={**hidden, "confirmed": "false", "reason": "школа уже в программе"})
    assert done.status_code == 303, done.text
    assert done.headers["location"].startswith(ACTIONS + "?position=")
    assert web.count("ru-16") == before + 1
    web.project()
    assert "Записано" in web.client.get(done.headers["location"]).text
    row = re.search(r'<tr data-school="k-1".*?</tr>', web.client.get("/r/ru-16/identification",
                                                                       params={"year": 2023}).text, re.S)
    assert row and "отклонена: школа уже в программе" in row[0]


def test_a_municipal_officer_gets_the_403_page_on_the_regions_forms(web: Api) -> None:
    sign_in(web, "officer")
    for path in (ACTIONS, "/r/ru-16/forms/adopt_programme", "/r/ru-16/forms/decide_identification_proposal"):
        answer = web.client.get(path)
        assert answer.status_code == 403 and "Нет доступа" in answer.text, path
    csrf = _CSRF.findall(web.client.get("/m/ru-16-kaybitsy/actions").text)[-1]
    before = web.count("ru-16")
    posted = web.client.post("/r/ru-16/forms/adopt_programme", data={"csrf_token": csrf, "programme": "p"})
    assert posted.status_code == 403 and web.count("ru-16") == before
