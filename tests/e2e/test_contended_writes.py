"""Eight writers on one stream of PostgreSQL: conflicts answer 409, never 500, and leave no harm."""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.e2e.conftest import officer

TENANT = "ru-16-kaybitsy"
WRITERS = 8
#: Issue 9 acceptance: 8 concurrent writers on PostgreSQL for 30 s answer only 201, 409 or 422.
SECONDS = 30.0
EXPECTED = {201, 409, 422}


@pytest.fixture(params=["postgres"])
def backend_kind(request):
    return request.param


def _writer(server, stop: threading.Event, counter: itertools.count) -> Counter:
    """Post indicator values to one series until told to stop; count the answers."""
    statuses: Counter = Counter()
    headers = server.api.headers(officer())
    with httpx.Client(base_url=server.url, timeout=30, headers=headers) as client:
        while not stop.is_set():
            n = next(counter)
            command = {
                "type": "record_indicator", "subject": "municipality",
                "indicator": "network_teachers_share", "period": f"{2001 + n % 99}",
                "value": str(n % 100), "measured_on": "2021-06-30", "source": "", "reason": "r",
            }
            response = client.post(
                f"/api/v1/tenants/{TENANT}/commands", json=command,
                headers={"Idempotency-Key": f"contended-{n}"},
            )
            statuses[response.status_code] += 1
    return statuses


def test_eight_writers_on_one_stream_get_only_201_409_or_422_and_leave_the_pool_healthy(live_server):
    stop = threading.Event()
    counter = itertools.count()
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        futures = [pool.submit(_writer, live_server, stop, counter) for _ in range(WRITERS)]
        stop.wait(SECONDS)
        stop.set()
        statuses = sum((f.result() for f in futures), Counter())
    assert statuses[201] > 0, statuses
    assert set(statuses) <= EXPECTED, statuses

    # Afterwards, uncontended writes on every pooled connection all succeed.
    headers = live_server.api.headers(officer())
    with httpx.Client(base_url=live_server.url, timeout=30, headers=headers) as client:
        answers = Counter(
            client.post(
                f"/api/v1/tenants/{TENANT}/commands",
                json={"type": "register_school", "school": f"after-{i}", "name": "Школа"},
            ).status_code
            for i in range(60)
        )
    assert answers == Counter({201: 60}), answers


def test_pooled_connections_never_prepare_statements(api):
    """Prepared statements go stale on a pooled connection after an aborted pipeline."""
    with api.backend.datastore.get_connection() as conn:
        assert conn.prepare_threshold is None
    read = api.client.app.state.services.read
    with read.store.db.pool.connection() as conn:
        assert conn.prepare_threshold is None
