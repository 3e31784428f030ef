"""kill -9 of `cascade serve` under load: retried commands land exactly once, answered ones stay.

Several clients post `register_school` commands (distinct codes, one Idempotency-Key each) to a
real `cascade serve` on PostgreSQL. The server is killed with SIGKILL in the middle of the load
and restarted on the same port; every client retries what was not answered (same key, same body)
until it is. A command may have committed just before the kill without its answer reaching the
client: its retry must be answered from the idempotency record, not written twice.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import httpx
import pytest

from services.audit.verification import verify_tenant
from tenants.backends import PostgresBackend
from tests.fault.harness import (
    MUNICIPALITY,
    ServerProcess,
    cascade_env,
    free_port,
    officer_token,
    provision,
    register_school,
    registered_codes,
    wait_until,
)

pytestmark = [pytest.mark.postgres, pytest.mark.fault]

CLIENTS = 4
COMMANDS_PER_CLIENT = 30
KILL_AFTER = 30  # commands answered 201 before the kill
MAX_ATTEMPTS = 60  # per command
CLIENT_DEADLINE = 90.0  # seconds, for a client's whole list
REQUEST_TIMEOUT = 10.0


@dataclass
class Command:
    code: str
    key: str = field(default_factory=lambda: f"fault-{uuid.uuid4()}")
    attempts: int = 0
    transport_errors: int = 0
    answer: dict | None = None  # the 201 body
    replayed: bool = False
    refusals: list[tuple[int, str]] = field(default_factory=list)

    @property
    def body(self) -> dict[str, str]:
        return register_school(self.code)


class Client(threading.Thread):
    """Posts its commands in order; retries one until answered 201 (bounded, with backoff)."""

    def __init__(self, url: str, token: str, commands: list[Command]) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.token = token
        self.commands = commands
        self.stopping = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self._run()
        except BaseException as error:  # reported by the test, never swallowed
            self.error = error

    def _run(self) -> None:
        deadline = time.monotonic() + CLIENT_DEADLINE
        path = f"/api/v1/tenants/{MUNICIPALITY}/commands"
        with httpx.Client(base_url=self.url, timeout=REQUEST_TIMEOUT) as http:
            for command in self.commands:
                backoff = 0.05
                while command.answer is None and command.attempts < MAX_ATTEMPTS:
                    if time.monotonic() > deadline or self.stopping.is_set():
                        return
                    command.attempts += 1
                    headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": command.key}
                    try:
                        response = http.post(path, json=command.body, headers=headers)
                    except httpx.TransportError:
                        command.transport_errors += 1
                    else:
                        if response.status_code == 201:
                            command.answer = response.json()
                            command.replayed = response.headers.get("idempotent-replayed") == "true"
                            break
                        command.refusals.append((response.status_code, response.text[:300]))
                        if response.status_code != 503:
                            break  # not worth retrying: the test reports it
                    self.stopping.wait(backoff)
                    backoff = min(backoff * 2, 1.0)


def test_commands_survive_a_server_kill_exactly_once(fault_db, tmp_path):
    data_dir = tmp_path / "var"
    env = cascade_env(fault_db, data_dir, port=free_port(), projector="external",
                      checkpoint_interval=0)
    provision(env)
    token = officer_token(data_dir)
    server = ServerProcess(env, tmp_path / "serve.log")
    commands = [
        [Command(f"c{client}-s{index:03d}") for index in range(COMMANDS_PER_CLIENT)]
        for client in range(CLIENTS)
    ]
    clients = [Client(server.url, token, mine) for mine in commands]

    def answered() -> list[Command]:
        return [command for mine in commands for command in mine if command.answer is not None]

    try:
        server.start()
        for client in clients:
            client.start()
        wait_until(lambda: len(answered()) >= KILL_AFTER or not any(c.is_alive() for c in clients),
                   timeout=60, interval=0.01, what=f"{KILL_AFTER} answered commands")
        server.kill()
        answered_before_kill = answered()
        # Durable before any restart: every 201 the dead server gave is in the log, once.
        at_kill = registered_codes(fault_db)
        assert {c.code: at_kill.get(c.code, []) for c in answered_before_kill} == {
            c.code: [c.answer["events"][0]["position"]] for c in answered_before_kill  # type: ignore[index]
        }
        time.sleep(0.3)  # clients meet a dead port for a while
        server.start()
        for client in clients:
            client.join(timeout=CLIENT_DEADLINE + 30)
    finally:
        for client in clients:
            client.stopping.set()
        server.stop()
    everything = [command for mine in commands for command in mine]
    assert not any(client.is_alive() for client in clients), "a client did not finish"
    assert [c.error for c in clients if c.error] == []
    assert len(answered_before_kill) < len(everything), "the kill came after the load"
    assert any(c.transport_errors for c in everything), "no request met the dead server"

    store = registered_codes(fault_db)
    refused = {c.code: c.refusals for c in everything if c.answer is None}
    assert refused == {}, f"commands never answered 201: {refused}"
    # While the server restarts the only refusal allowed is 503 + Retry-After: never a 500.
    statuses = Counter(status for c in everything for status, _ in c.refusals)
    assert set(statuses) <= {503}, statuses
    doubled = {code: positions for code, positions in store.items() if len(positions) != 1}
    assert doubled == {}, "a retried command was written twice"
    assert sorted(store) == sorted(c.code for c in everything)
    for command in everything:
        # The answer names the event the store holds, whether it came first-hand or replayed.
        assert command.answer is not None
        [event] = command.answer["events"]
        assert (event["type"], event["position"]) == ("School.Registered", store[command.code][0])

    backend = PostgresBackend(fault_db, pool_size=1)
    try:
        verdict = verify_tenant(backend, MUNICIPALITY)
        assert verdict.ok, verdict  # the hash chain survived the kill too
    finally:
        backend.close()
    replays = sum(c.replayed for c in everything)
    retried = sum(c.attempts > 1 for c in everything)
    print(f"\nkilled after {len(answered_before_kill)} answers; {retried} commands retried, "
          f"{replays} answered from the idempotency record; non-2xx answers: {dict(statuses)}")
