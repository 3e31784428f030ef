"""PostgreSQL stops under a running `cascade serve`: 503 + Retry-After, never 500, then recovery.

The test owns its cluster (stopping the session's would break other tests). A client posts
commands in a loop the whole time; PostgreSQL is stopped (`pg_ctl stop -m fast`) under it. While
it is down every request, keyed or keyless command or read, is answered in bounded time with
`503 application/problem+json` and `Retry-After`. Once PostgreSQL is back on the same data
directory and port the API recovers by itself, and every command ever answered 201 is in the log
exactly once; commands refused meanwhile are retried with their key and land exactly once too.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from cascade.pgcluster import wait_until_accepting
from tests.fault.harness import (
    MUNICIPALITY,
    RestartableCluster,
    ServerProcess,
    cascade_env,
    free_port,
    officer_token,
    provision,
    register_school,
    registered_codes,
    tail,
    wait_until,
)

pytestmark = [pytest.mark.postgres, pytest.mark.fault]

#: The client gives up after this long: an answer that slow is a hang. Reads may take the read
#: side's pool wait (10 s in services/projections/database.py) before their 503, and the audit
#: trail read waits for it on the event loop, so a command arriving meanwhile waits as long.
CLIENT_TIMEOUT = 11.0
#: A command with no read in the way must be refused faster: the event store's pool waits 5 s,
#: then a known outage is refused at once (before the fix a keyless command hung for ~50 s).
COMMAND_LIMIT = 8.0
OUTAGE_ROUNDS = 2  # rounds of (keyed command, keyless command, reads) while PostgreSQL is down
RECOVERY_DEADLINE = 30.0  # seconds after PostgreSQL is back for the API to answer 201 / 200
LOOP_LIMIT = 500  # commands the background client posts at most
COMMANDS_PATH = f"/api/v1/tenants/{MUNICIPALITY}/commands"
READS = [f"/api/v1/tenants/{MUNICIPALITY}/events", f"/api/v1/tenants/{MUNICIPALITY}/roadmaps"]


@pytest.fixture
def cluster() -> Iterator[RestartableCluster]:
    """A PostgreSQL of this test alone: it is stopped in the middle."""
    own = RestartableCluster()
    try:
        wait_until_accepting(own.start())
        yield own
    finally:
        own.stop()


@dataclass
class Answer:
    what: str
    status: int | None  # None: no answer within CLIENT_TIMEOUT, or the connection failed
    seconds: float
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""

    @classmethod
    def of(cls, what: str, request: Callable[[], httpx.Response]) -> Answer:
        started = time.monotonic()
        try:
            response = request()
        except httpx.TransportError as error:
            return cls(what, None, time.monotonic() - started, body=repr(error))
        return cls(what, response.status_code, time.monotonic() - started,
                   dict(response.headers), response.text)


class Client:
    """Posts register_school commands, one key per code; remembers the positions answered."""

    def __init__(self, url: str, token: str, prefix: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=CLIENT_TIMEOUT)
        self.auth = {"Authorization": f"Bearer {token}"}
        self.prefix = prefix
        self.keys: dict[str, str] = {}
        self.answered: dict[str, int] = {}  # code -> log position of its event

    def new_code(self) -> str:
        code = f"{self.prefix}-{len(self.keys):03d}"
        self.keys[code] = f"{self.prefix}-{uuid.uuid4()}"
        return code

    def post(self, code: str, keyed: bool = True) -> Answer:
        headers = {**self.auth, **({"Idempotency-Key": self.keys[code]} if keyed else {})}
        answer = Answer.of("keyed command" if keyed else "keyless command", lambda: self.http.post(
            COMMANDS_PATH, json=register_school(code), headers=headers))
        if answer.status == 201:
            self.answered.setdefault(code, json.loads(answer.body)["events"][0]["position"])
        return answer

    def read(self, path: str) -> Answer:
        return Answer.of(f"GET {path}", lambda: self.http.get(path, headers=self.auth))

    def unanswered(self) -> list[str]:
        return [code for code in self.keys if code not in self.answered]


class Loop(threading.Thread):
    """A client posting new commands back to back, until told to stop (bounded in count)."""

    def __init__(self, client: Client) -> None:
        super().__init__(daemon=True)
        self.client = client
        self.answers: list[Answer] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        for _ in range(LOOP_LIMIT):
            if self.stopping.is_set():
                return
            answer = self.client.post(self.client.new_code())
            self.answers.append(answer)
            if answer.status != 201:
                self.stopping.wait(0.2)  # what a polite client does with Retry-After, shortened

    def count(self, status: int, since: int = 0) -> int:
        return sum(a.status == status for a in self.answers[since:])


def unavailable(answer: Answer, limit: float) -> str | None:
    """Why the answer is not a proper, timely 503 (None: it is)."""
    if answer.status != 503:
        return f"{answer.what}: {answer.status} after {answer.seconds:.1f} s {answer.body[:300]}"
    if not answer.headers.get("retry-after", "").isdigit():
        return f"{answer.what}: 503 without Retry-After"
    if not answer.headers.get("content-type", "").startswith("application/problem+json"):
        return f"{answer.what}: 503 as {answer.headers.get('content-type')}"
    if '"type":"/problems/store-unavailable"' not in answer.body.replace(" ", ""):
        return f"{answer.what}: 503 of another kind {answer.body[:300]}"
    if answer.seconds > limit:
        return f"{answer.what}: 503 only after {answer.seconds:.1f} s"
    return None


def test_the_api_answers_503_while_postgres_is_down_and_recovers(cluster, tmp_path):
    data_dir = tmp_path / "var"
    env = cascade_env(cluster.url, data_dir, port=free_port(), projector="external",
                      checkpoint_interval=0)
    provision(env)
    server = ServerProcess(env, tmp_path / "serve.log")
    token = officer_token(data_dir)
    probe = Client(server.url, token, "probe")
    loop = Loop(Client(server.url, token, "loop"))
    outage: list[Answer] = []
    try:
        server.start()
        for path in READS:
            assert probe.read(path).status == 200, path
        loop.start()
        wait_until(lambda: loop.count(201) >= 5, timeout=30, what="commands before the outage")

        cluster.stop_server()
        stopped_at = len(loop.answers)
        for _ in range(OUTAGE_ROUNDS):
            code = probe.new_code()
            outage.append(probe.post(code))
            outage.append(probe.post(code, keyed=False))
            outage.extend(probe.read(path) for path in READS)
        wait_until(lambda: loop.count(503, stopped_at) >= 3, timeout=30, what="503s in the loop")
        during = loop.answers[stopped_at:]
        live_down, ready_down = probe.read("/health/live"), probe.read("/health/ready")

        cluster.start_server()
        back = time.monotonic()
        recovered_at = len(loop.answers)
        wait_until(lambda: loop.count(201, recovered_at), timeout=RECOVERY_DEADLINE, interval=0.1,
                   what=f"a 201 after PostgreSQL came back\n{tail(server.log)}")
        recovered = time.monotonic() - back
        loop.stopping.set()
        loop.join(timeout=CLIENT_TIMEOUT + 5)
        assert not loop.is_alive()
        for path in READS:  # the read side comes back by itself too
            wait_until(lambda p=path: probe.read(p).status == 200, timeout=RECOVERY_DEADLINE,
                       interval=0.5, what=f"GET {path} after PostgreSQL came back")
        reads_recovered = time.monotonic() - back
        wait_until(lambda: probe.read("/health/ready").status == 200, timeout=RECOVERY_DEADLINE,
                   interval=0.5, what="/health/ready after PostgreSQL came back")
        for client in (probe, loop.client):  # clients retry what was refused, with the same key
            for code in client.unanswered():
                wait_until(lambda c=client, k=code: c.post(k).status == 201,
                           timeout=RECOVERY_DEADLINE, interval=0.5, what=f"a retry of {code}")
        assert server.process is not None and server.process.poll() is None
    finally:
        loop.stopping.set()
        server.stop()
        probe.http.close()
        loop.client.http.close()

    # The process lives on while its store is down, and says it is not ready, and why.
    assert live_down.status == 200
    assert ready_down.status == 503, ready_down.body[:300]
    checks = {c["name"]: c["ok"] for c in json.loads(ready_down.body)["checks"]}
    assert checks["store"] is False
    problems = [unavailable(a, COMMAND_LIMIT if "command" in a.what else CLIENT_TIMEOUT)
                for a in outage]
    assert [p for p in problems if p] == [], "\n".join(p for p in problems if p)
    # In the loop, a command in flight when PostgreSQL stopped may still have been answered 201;
    # the others run beside the probe's reads, so they get the reads' bound.
    loop_problems = [unavailable(a, CLIENT_TIMEOUT) for a in during if a.status != 201]
    assert [p for p in loop_problems if p] == []
    assert all(a.status in (201, 503) for a in loop.answers), [
        (a.status, a.body[:200]) for a in loop.answers if a.status not in (201, 503)]

    store = registered_codes(cluster.url)
    keys = {**probe.keys, **loop.client.keys}
    assert {code: len(store.get(code, [])) for code in keys} == dict.fromkeys(keys, 1)
    assert set(store) == set(keys)
    for client in (probe, loop.client):
        assert {code: store[code][0] for code in client.answered} == client.answered
    print(f"\noutage: {', '.join(f'{a.what} {a.status} {a.seconds:.1f}s' for a in outage)}; "
          f"loop: {len(during)} answers during the outage, slowest "
          f"{max(a.seconds for a in during):.1f}s; commands recovered {recovered:.1f} s and "
          f"reads {reads_recovered:.1f} s after PostgreSQL was back; {len(keys)} commands, "
          "each once in the log")
