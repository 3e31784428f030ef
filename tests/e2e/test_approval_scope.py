"""A school user puts on an approval sheet only its own school's documents, never another's."""

import pytest

from tests.e2e.helpers import TENANT, officer, refused, school_user

APPROVERS = [{"subject": "officer@ru-16-kaybitsy", "position": "начальник", "organisation": TENANT}]


@pytest.fixture
def roadmaps(api):
    for code in ("k-1", "k-2"):
        command = {"type": "register_school", "school": code, "name": f"Школа {code}"}
        assert api.post(TENANT, command, officer()).status_code == 201
        roadmap = {"type": "approve_roadmap", "roadmap": f"rm-{code}", "school": code,
                   "title": "Дорожная карта", "period_start": "2021-01-01",
                   "period_end": "2021-12-31", "approved_on": "2021-01-15"}
        assert api.post(TENANT, roadmap, officer()).status_code == 201
    return api


def sheet(kind, key):
    return {"type": "submit_for_approval", "sheet": f"s-{key}", "approvers": APPROVERS,
            "document": {"kind": kind, "key": key, "title": "Документ"}}


def test_a_school_user_cannot_open_a_sheet_on_another_schools_roadmap(roadmaps):
    refused(roadmaps, sheet("roadmap", "rm-k-2"), school_user("k-1"), 403)


def test_a_school_user_opens_a_sheet_on_its_own_roadmap(roadmaps):
    assert roadmaps.post(TENANT, sheet("roadmap", "rm-k-1"), school_user("k-1")).status_code == 201


def test_a_school_user_cannot_name_a_roadmap_that_does_not_exist(roadmaps):
    refused(roadmaps, sheet("roadmap", "rm-k-9"), school_user("k-1"), 404, "document.key")


def test_a_school_user_cannot_put_a_programme_on_a_sheet(roadmaps):
    refused(roadmaps, sheet("programme", "mp-2021"), school_user("k-1"), 403)


def test_the_municipality_opens_sheets_on_any_of_its_schools_roadmaps(roadmaps):
    assert roadmaps.post(TENANT, sheet("roadmap", "rm-k-2"), officer()).status_code == 201
