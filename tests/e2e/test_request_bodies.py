"""A command body that is not plain JSON in UTF-8 is refused with a named 4xx, never a 500."""

import pytest

from tests.e2e.conftest import officer

PATH = "/api/v1/tenants/ru-16-kaybitsy/commands"
REGISTER = b'{"type": "register_school", "school": "k-1", "name": "%s"}'


def post(api, body: bytes, content_type: str | None = "application/json"):
    headers = api.headers(officer())
    if content_type is not None:
        headers["Content-Type"] = content_type
    return api.client.post(PATH, content=body, headers=headers)


def refused(api, response, status: int, problem: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == f"/problems/{problem}"
    assert api.count("ru-16-kaybitsy") == 0
    return response.json()


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "application/octet-stream", None])
def test_a_body_sent_as_another_media_type_is_415(api, content_type):
    body = refused(api, post(api, REGISTER % b"a", content_type), 415, "unsupported-media-type")
    assert body["field"] == "Content-Type"


def test_json_in_another_charset_is_415(api):
    response = post(api, REGISTER % b"a", "application/json; charset=latin-1")
    refused(api, response, 415, "unsupported-media-type")


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "Application/JSON",
                                          "application/merge-patch+json"])
def test_json_media_types_with_parameters_are_accepted(api, content_type):
    assert post(api, REGISTER % b"a", content_type).status_code == 201


def test_a_member_named_twice_is_refused_naming_it(api):
    body = b'{"type": "register_school", "school": "k-1", "name": "a", "school": "k-2"}'
    problem = refused(api, post(api, body), 422, "duplicate-key")
    assert problem["field"] == "school"
    assert "school" in problem["detail"]


def test_a_member_named_twice_in_a_nested_object_is_refused(api):
    body = (b'{"type": "identify_school", "school": "k-1", "categories": ["low_results"], '
            b'"cohort_year": 2021, "basis": {"number": "1", "number": "2", "issued_on": "2021-02-11"}}')
    assert refused(api, post(api, body), 422, "duplicate-key")["field"] == "number"


@pytest.mark.parametrize("depth", [33, 1000, 20_000])
def test_json_nested_deeper_than_any_command_is_400(api, depth):
    nested = b"[" * depth + b"]" * depth
    body = b'{"type": "register_school", "school": "k-1", "name": ' + nested + b"}"
    refused(api, post(api, body), 400, "json-too-deep")
    refused(api, post(api, nested), 400, "json-too-deep")


def test_brackets_inside_strings_are_not_nesting(api):
    assert post(api, REGISTER % (b"[" * 100 + b'\\"{' * 50)).status_code == 201


@pytest.mark.parametrize("raw", [b"\xff\xfe", b"\xc3", b"\xed\xa0\x80", b"caf\xe9"])
def test_a_body_that_is_not_utf8_is_malformed_json(api, raw):
    problem = refused(api, post(api, REGISTER % raw), 400, "malformed-json")
    assert "UTF-8" in problem["detail"]


def test_valid_utf8_text_is_accepted(api):
    assert post(api, REGISTER % "Школа № 1".encode()).status_code == 201
