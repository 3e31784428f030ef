"""The OpenAPI document describes every command of the catalogue as one member of a union."""

import pytest

from services.commands.registry import CATALOGUE

ISSUE_CATALOGUE = """
register_school identify_school designate_school exit_programme record_indicator adopt_programme
assign_partner conclude_agreement extend_agreement notify_termination end_partnership
terminate_agreement_by_consent
approve_roadmap add_roadmap_item start_roadmap_item complete_roadmap_item reschedule_roadmap_item
cancel_roadmap_item plan_visit record_visit_held cancel_visit file_report accept_report
return_report request_internship confirm_internship withdraw_internship record_internship_held
submit_for_approval sign_off return_with_remarks
adopt_reporting_duty amend_reporting_duty lapse_reporting_duty set_deadline_rules
complete_roadmap_occurrence cancel_roadmap_occurrence reschedule_roadmap_occurrence
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
