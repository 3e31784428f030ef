"""«Импорт списка школ» over HTTP, on both backends: upload, the dry run per row, confirmation."""

from __future__ import annotations

import html
import re

import pytest

from services.auth import Principal
from tests.e2e.helpers import Api, officer, register_schools, school_user
from tests.e2e.test_school_import import as_csv, school_list
from web.pages import WebConfig

PEOPLE: dict[str, Principal] = {"officer": officer(), "school k-01": school_user("k-01")}
PAGE = "/m/ru-16-kaybitsy/imports/schools"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_HIDDEN = re.compile(r'name="(content|sha256|source)" value="([^"]*)"')


@pytest.fixture
def web(api: Api) -> Api:
    state = api.client.app.state
    state.web = WebConfig(state.web.sessions, PEOPLE)
    return api


def sign_in(api: Api, person: str) -> None:
    csrf = _CSRF.findall(api.client.get("/sign-in").text)[-1]
    answer = api.client.post("/sign-in", data={"csrf_token": csrf, "person": str(list(PEOPLE).index(person))},
                             follow_redirects=False)
    assert answer.status_code == 303


def test_the_officer_checks_the_list_then_confirms_it_once(web: Api) -> None:
    sign_in(web, "officer")
    assert f'href="{PAGE}"' in web.client.get("/m/ru-16-kaybitsy").text
    form = web.client.get(PAGE)
    assert form.status_code == 200 and "«Краткое название»" in form.text
    before = web.count("ru-16-kaybitsy")
    dry = web.client.post(PAGE, data={"csrf_token": _CSRF.findall(form.text)[-1]},
                          files={"file": ("школы.csv", as_csv(school_list()[:10]))})
    assert dry.status_code == 200, dry.text
    text = html.unescape(dry.text)
    assert "Пробный прогон: ничего не записано. Новых школ — 8" in text
    assert "Строка 7, столбец «Краткое название»: длиннее 300 знаков" in text
    assert web.count("ru-16-kaybitsy") == before
    hidden = dict(_HIDDEN.findall(dry.text))
    done = web.client.post(PAGE, data={"csrf_token": _CSRF.findall(dry.text)[-1], **hidden})
    assert "Импорт выполнен: новых школ — 8" in html.unescape(done.text)
    after = web.count("ru-16-kaybitsy")
    assert after > before
    again = web.client.post(PAGE, data={"csrf_token": _CSRF.findall(dry.text)[-1], **hidden})
    assert "Записано событий: 0" in html.unescape(again.text) and web.count("ru-16-kaybitsy") == after
    altered = web.client.post(PAGE, data={"csrf_token": _CSRF.findall(dry.text)[-1], **hidden, "sha256": "0" * 64})
    assert altered.status_code == 422 and web.count("ru-16-kaybitsy") == after


def test_a_school_user_gets_the_403_page(web: Api) -> None:
    register_schools(web, "k-01")
    sign_in(web, "school k-01")
    assert web.client.get(PAGE).status_code == 403
