"""Calendar feeds (issue 14 item 4): a private, revocable iCalendar feed of what is due, per
school and per municipality, read from the schedule view on each fetch (003 p.2.3.2 withdrawal
days, 003 §3.1-3.3 agreement terms and notice, 000 p.2.2 reports by the 28th)."""

from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar

from cascade.demo.kaybitsy.people import FEDOROVSKAYA, OFFICER, USERS
from tests.e2e.helpers import ok, operator

TENANT = "ru-16-kaybitsy"
OTHER_SCHOOLS = set(USERS) - {FEDOROVSKAYA}


@pytest.fixture
def demo(projected_demo_copy):
    """The demo posted and projected (a copy of the store it was loaded into once per worker and
    backend); `api.project()` finds nothing left to do."""
    projected_demo_copy.project()
    return projected_demo_copy


def issue(api, who, **params):
    response = api.client.post(f"/api/v1/tenants/{TENANT}/feed-tokens", params=params,
                               headers=api.headers(who))
    assert response.status_code == 201, response.text
    return response.json()


def fetch(api, path):
    response = api.client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events(calendar):
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_the_municipal_feed_parses_and_holds_the_demos_due_items_as_all_day_events(demo):
    found = events(fetch(demo, issue(demo, OFFICER)["path"]))
    uids = set(found)
    # 000 p.2.2: Fedorovskaya's February report, due by the 28th.
    feb = f"report:monthly_roadmap:{FEDOROVSKAYA}:2021-02@{TENANT}.cascade"
    assert feb in uids
    assert found[feb].decoded("DTSTART") == date(2021, 2, 28)
    assert found[feb].decoded("DTEND") == date(2021, 3, 1)
    assert "Ежемесячный отчёт" in str(found[feb]["SUMMARY"])
    assert "Срок: 28.02.2021" in str(found[feb]["DESCRIPTION"])
    # 003 p.2.3.2: the request may be withdrawn up to the 3rd working day before its start (18.10.2021).
    withdrawal = found[f"internship_withdrawal:kaybitsy-fedorovskaya-2021-10@{TENANT}.cascade"]
    assert withdrawal.decoded("DTSTART") == date(2021, 10, 13)
    assert str(withdrawal["SUMMARY"]).startswith("Отзыв заявки на стажировку: Последний день отзыва")
    kinds = {str(e["X-CASCADE-KIND"]) for e in found.values()}
    assert {"monthly_report", "roadmap_item", "internship_withdrawal", "agreement_expiry",
            "termination_notice", "visit"} <= kinds
    assert all(isinstance(e.decoded("DTSTART"), date) and not hasattr(e.decoded("DTSTART"), "hour")
               for e in found.values())
    assert len(uids) == len(list(fetch(demo, issue(demo, OFFICER)["path"]).walk("VEVENT")))


def test_a_schools_feed_never_holds_another_schools_items(demo):
    token = issue(demo, USERS[FEDOROVSKAYA])
    assert token["school"] == FEDOROVSKAYA
    found = events(fetch(demo, token["path"]))
    assert found
    assert {str(e["X-CASCADE-SCHOOL"]) for e in found.values()} == {FEDOROVSKAYA}
    # the officer may open one school's feed too; a school user never another's
    other = sorted(OTHER_SCHOOLS)[0]
    assert {str(e["X-CASCADE-SCHOOL"]) for e in events(
        fetch(demo, issue(demo, OFFICER, school=other)["path"])).values()} == {other}
    refused = demo.client.post(f"/api/v1/tenants/{TENANT}/feed-tokens", params={"school": other},
                               headers=demo.headers(USERS[FEDOROVSKAYA]))
    assert refused.status_code == 403


def test_the_uid_is_stable_and_the_feed_follows_new_facts(demo):
    path = issue(demo, OFFICER)["path"]
    before = events(fetch(demo, path))
    etag = demo.client.get(path).headers["etag"]
    assert demo.client.get(path, headers={"If-None-Match": etag}).status_code == 304
    ok(demo, {"type": "plan_visit", "visit": "feed-visit", "partnership":
              "kaybitsy-fedorovskaya-bolshekaybitskaya", "host_school": FEDOROVSKAYA,
              "visiting_school": "kaybitsy-bolshekaybitskaya", "kind": "consultation",
              "planned_on": "2021-12-20", "topic": "Подготовка к ВПР"}, OFFICER, tenant=TENANT)
    demo.project()
    after = events(fetch(demo, path))
    assert demo.client.get(path, headers={"If-None-Match": etag}).status_code == 200
    assert set(after) - set(before) == {f"visit:feed-visit@{TENANT}.cascade"}
    assert "Подготовка к ВПР" in str(after[f"visit:feed-visit@{TENANT}.cascade"]["SUMMARY"])


def test_a_revoked_unknown_or_foreign_token_is_a_404(demo):
    mine = issue(demo, USERS[FEDOROVSKAYA])
    assert demo.client.get(mine["path"]).status_code == 200
    other = sorted(OTHER_SCHOOLS)[0]
    # another person cannot revoke my token, and it still works
    assert demo.client.delete(f"/api/v1/tenants/{TENANT}/feed-tokens/{mine['id']}",
                              headers=demo.headers(USERS[other])).status_code == 404
    assert demo.client.get(mine["path"]).status_code == 200
    assert demo.client.delete(f"/api/v1/tenants/{TENANT}/feed-tokens/{mine['id']}",
                              headers=demo.headers(USERS[FEDOROVSKAYA])).status_code == 204
    assert demo.client.get(mine["path"]).status_code == 404
    assert demo.client.get("/feeds/not-a-token-at-all/calendar.ics").status_code == 404
    # a token is only ever issued for a tenant the caller reads
    foreign = demo.client.post(f"/api/v1/tenants/{TENANT}/feed-tokens",
                               headers=demo.headers(operator("ru-67")))
    assert foreign.status_code == 403


def test_only_the_hash_of_a_token_is_stored(demo):
    token = issue(demo, OFFICER)
    path_token = token["path"].split("/")[2]
    rows = demo.client.app.state.services.read.store.db.query("SELECT * FROM feed_tokens")
    assert rows and all(path_token not in str(value) for row in rows for value in row.values())


def test_claims_are_checked_on_every_fetch(demo):
    """A token whose claims no longer resolve in the registry opens nothing (services/claims.py)."""
    token = issue(demo, USERS[FEDOROVSKAYA])
    db = demo.client.app.state.services.read.store.db
    with db.transaction() as tx:  # as if the token had been issued for a school never registered
        tx.execute("UPDATE feed_tokens SET claim_school = ?, school = ? WHERE id = ?",
                   ("kaybitsy-nowhere", "kaybitsy-nowhere", token["id"]))
    assert demo.client.get(token["path"]).status_code == 404
