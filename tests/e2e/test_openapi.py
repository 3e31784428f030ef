"""The OpenAPI document describes every command of the catalogue as one member of a union."""

import re

import pytest

from services.commands.registry import CATALOGUE
from services.projections.inputs import DATE_PATTERN, INSTANT_PATTERN
from tests.e2e.helpers import officer

ISSUE_CATALOGUE = """
subscribe_reminders switch_reminders
register_school identify_school designate_school exit_programme record_indicator adopt_programme
assign_partner conclude_agreement extend_agreement notify_termination end_partnership
terminate_agreement_by_consent
approve_roadmap add_roadmap_item start_roadmap_item complete_roadmap_item reschedule_roadmap_item
cancel_roadmap_item plan_visit record_visit_held cancel_visit file_report accept_report
return_report request_internship confirm_internship withdraw_internship record_internship_held
submit_for_approval sign_off return_with_remarks
adopt_reporting_duty amend_reporting_duty lapse_reporting_duty set_deadline_rules
complete_roadmap_occurrence cancel_roadmap_occurrence reschedule_roadmap_occurrence
establish_network recompose_network dissolve_network
appoint replace_appointee end_appointment replace_partnership_person
announce_site_contest apply_to_site_contest decide_site_contest assign_site_support import_results
decide_identification_proposal
register_organisation plan_organisation_event record_organisation_event_held
cancel_organisation_event record_teacher_headcount
form_community add_community_member record_community_meeting add_methodical_material
withdraw_methodical_material
assess_risk_profile adopt_anti_risk_programme
import_schools
""".split()


def test_the_catalogue_has_every_command_of_the_product():
    assert sorted(spec.name for spec in CATALOGUE.values()) == sorted(ISSUE_CATALOGUE)


@pytest.fixture(params=["sqlite"])
def backend_kind(request):
    return request.param


def test_the_command_body_is_a_union_discriminated_by_type(api):
    document = api.client.get("/docs/openapi.json").json()
    body = document["paths"]["/api/v1/tenants/{tenant_id}/commands"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    assert schema["discriminator"]["propertyName"] == "type"
    assert sorted(schema["discriminator"]["mapping"]) == sorted(ISSUE_CATALOGUE)
    assert len(schema["oneOf"]) == len(ISSUE_CATALOGUE)
    for name, ref in schema["discriminator"]["mapping"].items():
        component = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert component["properties"]["type"]["const"] == name
        assert component.get("description"), f"{name} has no description"


def test_the_interactive_docs_are_served(api):
    assert api.client.get("/docs/").status_code == 200
    assert "swagger" in api.client.get("/docs/").text.lower()


def _document(api):
    return api.client.get("/docs/openapi.json").json()


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                yield path, method, operation


def test_the_bearer_scheme_is_declared_and_applied_to_every_operation_but_the_public_ones(api):
    document = _document(api)
    assert document["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
        "description": "A token of the identity provider (`cascade token` in development).",
    }
    assert "security" not in document
    public = {"/health/live", "/health/ready", "/metrics", "/feeds/{token}/calendar.ics"}
    for path, method, operation in _operations(document):
        expected = [] if path in public else [{"bearer": []}]
        assert operation["security"] == expected, f"{method} {path}"
    # What the document says is what the server does: a secured operation refuses no token.
    assert api.client.get("/api/v1/tenants").status_code == 401
    assert api.client.get("/health/live").status_code == 200


def _parameter(document, path, name):
    [found] = [p for p in document["paths"][path]["get"]["parameters"] if p["name"] == name]
    return found


def test_schedule_from_and_to_are_required_dates(api):
    document = _document(api)
    path = "/api/v1/tenants/{tenant_id}/schedule"
    for name in ("from", "to"):
        assert _parameter(document, path, name)["required"] is True
        assert _parameter(document, path, name)["schema"] == {
            "type": "string", "format": "date", "pattern": DATE_PATTERN}
    assert _parameter(document, path, "as_of")["required"] is False


def test_knowledge_time_at_is_declared_wherever_the_views_answer_as_of_an_instant(api):
    document = _document(api)
    for path in ("/api/v1/tenants/{tenant_id}/roadmaps", "/api/v1/tenants/{tenant_id}/schedule",
                 "/api/v1/tenants/{tenant_id}/events", "/api/v1/regions/{region_id}/overview",
                 "/api/v1/tenants/{tenant_id}/streams/{stream_ref}"):
        at = _parameter(document, path, "at")
        assert at["required"] is False and at["in"] == "query", path
    instant = {"type": "string", "format": "date-time", "pattern": INSTANT_PATTERN}
    assert _parameter(document, "/api/v1/tenants/{tenant_id}/roadmaps", "at")["schema"] == instant
    assert _parameter(document, "/api/v1/tenants/{tenant_id}/streams/{stream_ref}", "at")["schema"] \
        == instant
    for name in ("since", "until"):
        assert _parameter(document, "/api/v1/tenants/{tenant_id}/events", name)["schema"] == instant


def test_downloads_and_the_stream_declare_their_media_types(api):
    document = _document(api)
    for path in ("/api/v1/tenants/{tenant_id}/roadmaps", "/api/v1/tenants/{tenant_id}/schedule",
                 "/api/v1/regions/{region_id}/overview"):
        content = document["paths"][path]["get"]["responses"]["200"]["content"]
        assert set(content) == {
            "application/json", "text/csv",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, path
    stream = document["paths"]["/api/v1/regions/{region_id}/overview/stream"]["get"]
    assert list(stream["responses"]["200"]["content"]) == ["text/event-stream"]


def test_every_tag_has_a_description(api):
    document = _document(api)
    described = {tag["name"]: tag.get("description") for tag in document["tags"]}
    used = {tag for _, _, operation in _operations(document) for tag in operation.get("tags", [])}
    assert used == set(described)
    assert all(described.values()), described


def test_the_docs_pages_load_nothing_from_outside_and_their_assets_are_served(api):
    import re

    for page in ("/docs/", "/docs/redoc"):
        html = api.client.get(page).text
        urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
        assert urls, page
        assert not re.search(r"https?://", html.split("<body")[0]), page
        for url in urls:
            assert url.startswith("/docs-assets/"), url
            answer = api.client.get(url)
            assert answer.status_code == 200 and len(answer.content) > 500, url


def test_every_export_declares_both_csv_dialects_in_its_format(api):
    """Issue 14 item 2: `format=csv` (Russian Excel) and `format=csv-rfc4180` are declared."""
    document = _document(api)
    exports = [(path, item["get"]) for path, item in document["paths"].items()
               if "get" in item and any(p["name"] == "format" for p in item["get"].get("parameters", []))
               and "documents" not in item["get"].get("tags", [])]  # printable: docx or pdf
    assert len(exports) >= 10
    for path, operation in exports:
        [found] = [p for p in operation["parameters"] if p["name"] == "format"]
        schema = found["schema"]
        values = schema.get("enum") or [v for s in schema.get("oneOf", []) for v in s.get("enum", [])]
        assert {"json", "csv", "csv-rfc4180", "xlsx"} <= set(values), (path, schema)
        assert "RFC 4180" in found.get("description", ""), path


def test_the_school_import_takes_a_file_and_a_confirmation(api):
    operation = _document(api)["paths"]["/api/v1/tenants/{tenant_id}/imports/schools"]["post"]
    assert operation["operationId"] == "importSchools" and operation["tags"] == ["imports"]
    assert {p["name"] for p in operation["parameters"]} >= {"confirm", "source"}


@pytest.mark.parametrize(("as_of", "at", "accepted"), [
    ("2000-01-01", "2000-01-01T00:00:00+03:00", True),
    ("2100-12-31", "2100-12-31T23:59:59-05:00", True),
    ("1999-12-31", "1999-12-31T23:59:59Z", False),
    ("2101-01-01", "2101-01-01T00:00:00+03:00", False),
    ("2021-06-01", "", False),
])
def test_the_declared_date_and_instant_bounds_are_the_servers(api, as_of, at, accepted):
    """The document's patterns take what the server takes: dates and instants of 2000-2100, an
    instant as written in its own offset; an empty `at=` is not an instant (it was read as none)."""
    assert bool(re.match(DATE_PATTERN, as_of)) is accepted or not at
    assert bool(re.match(INSTANT_PATTERN, at)) is accepted
    path = "/api/v1/tenants/ru-16-kaybitsy/roadmaps"
    assert (api.get(path, officer(), at=at).status_code == 200) is accepted
    if at:
        assert (api.get(path, officer(), as_of=as_of).status_code == 200) is accepted
