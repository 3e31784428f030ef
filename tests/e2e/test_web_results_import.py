"""«Импорт результатов» over HTTP, on both backends: the region's operator uploads the results
file, sees the dry run row by row with errors per cell, confirms once (004 §3.2, issue 14 item 3)."""

from __future__ import annotations

import html
import re

import pytest

from services.auth import Principal
from tests.e2e.helpers import REGION, Api, auditor, officer, operator
from tests.e2e.test_results_file_import import imports, results_file
from tests.e2e.test_school_import import as_csv
from web.pages import WebConfig

PEOPLE: dict[str, Principal] = {"operator": operator(), "officer": officer(), "auditor": auditor()}
PAGE = f"/r/{REGION}/imports/results"
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


def test_004_3_2_the_operator_checks_the_results_file_then_confirms_it_once(web: Api) -> None:
    sign_in(web, "operator")
    assert f'href="{PAGE}"' in web.client.get(f"/r/{REGION}").text
    form = web.client.get(PAGE)
    assert form.status_code == 200 and "«indicator»" in html.unescape(form.text)
    before = web.count(REGION)
    dry = web.client.post(PAGE, data={"csrf_token": _CSRF.findall(form.text)[-1]},
                          files={"file": ("ВПР 2023.csv", as_csv(results_file()))})
    assert dry.status_code == 200, dry.text
    text = html.unescape(dry.text)
    assert "Пробный прогон: ничего не записано. Новых значений — 5" in text and "с ошибками — 3" in text
    assert "Строка 3, столбец «value»: доля в процентах — от 0 до 100" in text
    assert "Строка 5, столбец «year»: «двадцать» — год пишется цифрами" in text
    assert "<td>9</td><td>ru-16-kaybitsy</td><td>k-8</td>" in text and "Подтвердить импорт" in text
    assert web.count(REGION) == before
    hidden = dict(_HIDDEN.findall(dry.text))
    done = web.client.post(PAGE, data={"csrf_token": _CSRF.findall(dry.text)[-1], **hidden})
    assert "Импорт выполнен: новых значений — 5" in html.unescape(done.text)
    after = web.count(REGION)
    assert after > before
    [recorded] = imports(web)
    assert (recorded["data"]["kind"], recorded["data"]["source"], recorded["data"]["written"]) \
        == ("results", "ВПР 2023.csv", 5)
    again = web.client.post(PAGE, data={"csrf_token": _CSRF.findall(dry.text)[-1], **hidden})
    assert "Записано событий: 0" in html.unescape(again.text) and web.count(REGION) == after
    altered = web.client.post(PAGE, data={"csrf_token": _CSRF.findall(dry.text)[-1], **hidden, "sha256": "0" * 64})
    assert altered.status_code == 422 and web.count(REGION) == after
    forged = web.client.post(PAGE, data={"csrf_token": "forged", **hidden})
    assert forged.status_code == 403 and web.count(REGION) == after
    assert len(imports(web)) == 1


@pytest.mark.parametrize("person", ["officer", "auditor"])
def test_004_3_2_only_the_operator_gets_the_results_import_page(web: Api, person: str) -> None:
    sign_in(web, person)
    page = web.client.get(PAGE)
    assert page.status_code == 403 and "Нет доступа" in page.text
    assert web.client.post(PAGE, data={"csrf_token": _CSRF.findall(page.text)[-1]},
                           files={"file": ("r.csv", as_csv(results_file()))}).status_code == 403
