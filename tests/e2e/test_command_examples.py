"""The contract a generated client relies on (issue 15 item 4): an example per command, taken
from the demo and accepted by it; problem types as an enum with an example per status; the 201
with its `Location`."""

from __future__ import annotations

import msgspec
import pytest

from cascade.demo.examples import command_examples
from services.commands.api import AnyCommand
from services.commands.registry import CATALOGUE
from services.problem_texts import TEXTS
from tests.e2e.helpers import Api

COMMANDS = "/api/v1/tenants/{tenant_id}/commands"
#: Refusals of the request's shape: an example must never get one.
SCHEMA_ERRORS = {"/problems/invalid-request", "/problems/malformed-json", "/problems/malformed-request",
                 "/problems/duplicate-key", "/problems/unsupported-media-type", "/problems/json-too-deep"}


def _document(api: Api) -> dict:
    return api.client.get("/docs/openapi.json").json()


def test_every_command_type_has_a_request_example_that_decodes(api):
    examples = _document(api)["paths"][COMMANDS]["post"]["requestBody"]["content"]["application/json"]["examples"]
    assert set(examples) == {spec.name for spec in CATALOGUE.values()}
    for name, example in examples.items():
        assert example["value"]["type"] == name
        msgspec.convert(example["value"], AnyCommand, strict=False)


def test_problem_types_are_an_enum_with_an_example_per_status(api):
    document = _document(api)
    problem = document["components"]["schemas"]["Problem"]
    assert problem["properties"]["type"]["enum"] == sorted(f"/problems/{code}" for code in TEXTS)
    answers = document["paths"][COMMANDS]["post"]["responses"]
    refused = answers["4XX"]["content"]["application/problem+json"]["examples"]
    failed = answers["5XX"]["content"]["application/problem+json"]["examples"]
    assert {"400", "401", "403", "404", "409", "413", "415", "422"} <= set(refused) and set(failed) == {"500", "503"}
    for status, example in {**refused, **failed}.items():
        assert example["value"]["status"] == int(status)
        assert example["value"]["type"] in problem["properties"]["type"]["enum"]


def test_the_201_is_described_with_its_location(api):
    created = _document(api)["paths"][COMMANDS]["post"]["responses"]["201"]
    assert "Recorded" in created["description"]
    assert {"Location", "Idempotent-Replayed", "X-Request-ID"} <= set(created["headers"])
    assert created["content"]["application/json"]["schema"]


@pytest.fixture
def demo_api(demo_copy: Api) -> Api:
    """The demo posted (a copy of the store it was loaded into once per worker and backend)."""
    return demo_copy


def test_each_example_posted_to_the_demo_is_accepted_or_refused_by_a_rule(demo_api):
    outcomes = {}
    for name, example in sorted(command_examples().items()):
        answer = demo_api.post(example.tenant, example.command, example.actor)
        outcomes[name] = answer.status_code
        if answer.status_code == 201:
            if not answer.json()["events"]:  # nothing new (a repeated import): nothing to point at
                assert "location" not in answer.headers
                continue
            location = answer.headers["location"]
            assert location.startswith(f"/api/v1/tenants/{example.tenant}/streams/")
            assert demo_api.get(location, example.actor).status_code == 200, location
            continue
        assert 400 <= answer.status_code < 500, (name, answer.text)
        problem = answer.json()
        assert problem["type"] not in SCHEMA_ERRORS and problem["type"].removeprefix("/problems/") in TEXTS, \
            (name, problem)
    assert set(outcomes) == {spec.name for spec in CATALOGUE.values()}
    assert sum(status == 201 for status in outcomes.values()) >= 8, outcomes
