"""Token claims are resolved against the registry: a well-signed token naming the wrong things is refused."""

import time

import jwt
import msgspec
import pytest

from cascade.app import load_calendars, open_backend
from cascade.cli import main as cascade
from cascade.settings import load_settings
from services.auth import Principal, ensure_development_key
from services.commands.api import AnyCommand
from services.commands.executor import CommandExecutor
from tests.e2e.conftest import officer, school_user

KAYBITSY = "ru-16-kaybitsy"


def register(api, code, tenant=KAYBITSY):
    command = {"type": "register_school", "school": code, "name": f"Школа {code}"}
    assert api.post(tenant, command, officer(tenant)).status_code == 201


def refused(response, status, problem, field=None):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"] == f"/problems/{problem}", body
    if field is not None:
        assert body["field"] == field, body
    return body


REGION_INDICATOR = {"type": "record_indicator", "subject": "region", "indicator": "ege",
                    "period": "2021", "value": "50", "measured_on": "2021-06-01"}


def test_an_officer_token_naming_the_region_as_its_tenant_reads_and_writes_nothing(api):
    impostor = Principal("officer@ru-16", "municipal_officer", "ru-16", "ru-16")
    refused(api.get("/api/v1/tenants/ru-16/events", impostor), 401, "invalid-claims", "token.tenant")
    refused(api.post("ru-16", REGION_INDICATOR, impostor), 401, "invalid-claims", "token.tenant")
    assert api.count("ru-16") == 0


@pytest.mark.parametrize("tenant", ["ru-67-smolensk", "ru-16-nowhere", "ru-67"])
def test_an_officer_token_naming_no_municipality_of_its_region_is_refused(api, tenant):
    stranger = Principal("officer@x", "municipal_officer", "ru-16", tenant)
    refused(api.get(f"/api/v1/tenants/{KAYBITSY}/roadmaps", stranger), 401, "invalid-claims")
    refused(api.get("/api/v1/tenants", stranger), 401, "invalid-claims", "token.tenant")


@pytest.mark.parametrize("region", ["ru-99", "ru-16-kaybitsy"])
def test_regional_tokens_must_name_a_registered_region(api, region):
    for role in ("region_operator", "auditor", "admin"):
        token_for = Principal(f"{role}@{region}", role, region)
        refused(api.get("/api/v1/tenants", token_for), 401, "invalid-claims", "token.region")


def test_a_regional_token_names_no_municipality_or_school(api):
    operator = Principal("operator@ru-16", "region_operator", "ru-16", KAYBITSY)
    refused(api.get("/api/v1/tenants", operator), 401, "invalid-claims")


def test_a_school_user_of_a_school_of_another_municipality_writes_nothing(api):
    register(api, "k-1")
    register(api, "l-1", "ru-16-leninogorsk")
    outsider = school_user("l-1", tenant=KAYBITSY)
    sheet = {"type": "submit_for_approval", "sheet": "s-1",
             "document": {"kind": "other", "key": "doc-1", "title": "Письмо"},
             "approvers": [{"subject": "officer@ru-16-kaybitsy", "position": "начальник",
                            "organisation": KAYBITSY}]}
    before = api.count(KAYBITSY)
    refused(api.post(KAYBITSY, sheet, outsider), 403, "school-not-registered", "token.school")
    assert api.count(KAYBITSY) == before
    assert api.post(KAYBITSY, sheet, school_user("k-1")).status_code == 201


def test_a_school_registered_later_is_accepted_at_once(api):
    newcomer = school_user("k-5")
    path = f"/api/v1/tenants/{KAYBITSY}/roadmaps"
    refused(api.get(path, newcomer), 403, "school-not-registered")
    register(api, "k-5")
    assert api.get(path, newcomer).status_code == 200
    assert api.get(path, newcomer).status_code == 200


@pytest.mark.parametrize("subject", ["", "   "])
def test_an_empty_subject_is_refused_and_nothing_recorded(api, subject):
    now = int(time.time())
    claims = {"sub": subject, "role": "municipal_officer", "region": "ru-16", "tenant": KAYBITSY,
              "aud": "cascade", "iat": now, "exp": now + 600}
    token = jwt.encode(claims, ensure_development_key(api.settings.dev_key_path), "EdDSA")
    response = api.client.post(
        f"/api/v1/tenants/{KAYBITSY}/commands", headers={"Authorization": f"Bearer {token}"},
        json={"type": "register_school", "school": "k-1", "name": "Школа"},
    )
    refused(response, 401, "unauthenticated")
    assert api.count(KAYBITSY) == 0


@pytest.fixture
def cli_store(backend_kind, tmp_path, monkeypatch, request):
    """The environment `cascade` reads, on the same backend as the parametrised store."""
    monkeypatch.setenv("CASCADE_DATA_DIR", str(tmp_path / "cli"))
    if backend_kind == "postgres":
        monkeypatch.setenv("CASCADE_STORE", "postgres")
        monkeypatch.setenv("CASCADE_PG_URL", request.getfixturevalue("pg_url"))
        monkeypatch.setenv("CASCADE_PG_SCHEMA", request.getfixturevalue("pg_schema"))
    assert cascade(["init"]) == 0
    assert cascade(["tenants", "add-region", "ru-16", "--name", "Татарстан"]) == 0
    assert cascade(["tenants", "add-municipality", KAYBITSY, "--region", "ru-16", "--name", "К"]) == 0
    settings = load_settings()
    backend = open_backend(settings)
    try:
        tenant = backend.registry.get(KAYBITSY)
        command = msgspec.convert({"type": "register_school", "school": "k-1", "name": "Школа"},
                                  AnyCommand)
        CommandExecutor(load_calendars(settings)).execute(
            backend.application(KAYBITSY), tenant, officer(), command, "test-cli"
        )
    finally:
        backend.close()


def test_cascade_token_refuses_unknown_tenants_and_schools(cli_store, capsys):
    for argv in (["--role", "municipal_officer", "--tenant", "ru-16-nowhere"],
                 ["--role", "municipal_officer", "--tenant", "ru-16", "--region", "ru-16"],
                 ["--role", "school_user", "--tenant", KAYBITSY, "--school", "k-9"],
                 ["--role", "region_operator", "--region", "ru-99"]):
        assert cascade(["token", *argv]) == 2, argv
        captured = capsys.readouterr()
        assert captured.out == "" and captured.err.startswith("cascade: "), captured
    assert cascade(["token", "--role", "school_user", "--tenant", KAYBITSY, "--school", "k-1"]) == 0
    assert capsys.readouterr().out.count(".") == 2
