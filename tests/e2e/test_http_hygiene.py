"""HTTP hygiene (issue 15 item 6): compression, conditional GET, CORS, a graceful stop.

Reads that touch a store run on both backends (the `api` fixture); the stop test starts the real
server process on SQLite, as `cascade serve` runs in production.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import brotli
import httpx
import pytest
from litestar.testing import TestClient

from cascade.app import create_app, open_backend
from cascade.settings import Settings
from services.auth import ensure_development_key, mint_token
from tests.e2e.helpers import (
    TENANT,
    TENANTS,
    Api,
    auditor,
    officer,
    ok,
    operator,
    register_schools,
    wait_until,
)

ROADMAPS = f"/api/v1/tenants/{TENANT}/roadmaps"
EVENTS = f"/api/v1/tenants/{TENANT}/events"
SCHOOLS = f"/api/v1/tenants/{TENANT}/registers/schools"
STREAM = "/api/v1/regions/ru-16/overview/stream"


def _get(api: Api, path: str, who=None, **headers: str) -> httpx.Response:
    return api.client.get(path, headers=api.headers(who or auditor(), **headers))


# --- compression --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_json_csv_and_html_are_compressed_for_a_client_that_accepts_it(api, encoding):
    register_schools(api, *(f"k-{n}" for n in range(1, 30)))
    api.project()
    for path, media in ((EVENTS, "application/json"), (f"{SCHOOLS}?format=csv", "text/csv"),
                        ("/docs", "text/html")):
        plain = _get(api, path, **{"Accept-Encoding": "identity"})
        packed = _get(api, path, **{"Accept-Encoding": f"{encoding}, identity;q=0.5"})
        assert plain.status_code == packed.status_code == 200, packed.text
        assert packed.headers["content-type"].startswith(media)
        assert "content-encoding" not in plain.headers
        assert packed.headers["content-encoding"] == encoding, path
        assert packed.content == plain.content  # httpx decodes both encodings
        if "content-length" in packed.headers:
            assert int(packed.headers["content-length"]) < int(plain.headers["content-length"])


def test_brotli_bytes_on_the_wire_decode_to_the_answer(api):
    register_schools(api, *(f"k-{n}" for n in range(1, 30)))
    api.project()
    with api.client.stream("GET", EVENTS, headers=api.headers(auditor(), **{"Accept-Encoding": "br"})) as raw:
        wire = b"".join(raw.iter_raw())
    assert raw.headers["content-encoding"] == "br"
    assert brotli.decompress(wire) == _get(api, EVENTS, **{"Accept-Encoding": "identity"}).content


def test_an_event_stream_is_never_compressed(api):
    register_schools(api, "k-1")
    api.project()
    answer = api.client.get(STREAM, params={"max_seconds": 1},
                            headers=api.headers(operator(), **{"Accept-Encoding": "br, gzip"}))
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/event-stream")
    assert "content-encoding" not in answer.headers and "etag" not in answer.headers
    assert "event: overview-changed" in answer.text


# --- conditional GET ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [ROADMAPS, f"{SCHOOLS}?format=csv", EVENTS])
def test_a_read_answers_304_while_its_view_has_not_moved(api, path):
    register_schools(api, "k-1")
    api.project()
    first = _get(api, path)
    tag = first.headers["etag"]
    assert tag.startswith('W/"') and first.headers["cache-control"] == "private, no-cache"
    again = _get(api, path, **{"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    assert _get(api, path, **{"If-None-Match": f'"other", {tag.removeprefix("W/")}'}).status_code == 304
    assert _get(api, path, **{"If-None-Match": '"other"'}).status_code == 200
    ok(api, {"type": "register_school", "school": "k-2", "name": "Школа № 2"})
    api.project()
    moved = _get(api, path, **{"If-None-Match": tag})
    assert moved.status_code == 200 and moved.headers["etag"] != tag


def test_the_tag_is_the_same_for_compressed_and_plain_answers(api):
    register_schools(api, *(f"k-{n}" for n in range(1, 30)))
    api.project()
    plain = _get(api, EVENTS, **{"Accept-Encoding": "identity"})
    packed = _get(api, EVENTS, **{"Accept-Encoding": "br"})
    assert packed.headers["content-encoding"] == "br" and packed.headers["etag"] == plain.headers["etag"]
    assert _get(api, EVENTS, **{"Accept-Encoding": "gzip", "If-None-Match": plain.headers["etag"]}).status_code == 304


def test_refusals_carry_no_tag(api):
    refused = api.client.get(ROADMAPS, headers={"If-None-Match": "*"})
    assert refused.status_code == 401 and "etag" not in refused.headers


# --- CORS ---------------------------------------------------------------------------------------

PORTAL = "https://portal.example.ru"


def _preflight(client: TestClient, origin: str) -> httpx.Response:
    return client.options(ROADMAPS, headers={"Origin": origin, "Access-Control-Request-Method": "GET",
                                             "Access-Control-Request-Headers": "authorization"})


def test_cors_is_off_by_default(api):
    assert "access-control-allow-origin" not in _preflight(api.client, PORTAL).headers
    assert "access-control-allow-origin" not in _get(api, ROADMAPS, Origin=PORTAL).headers


def test_cors_allows_the_configured_origins_only(backend, tmp_path):
    settings = Settings(data_dir=str(tmp_path / "var"), cors_origins=f"{PORTAL}, https://other.example.ru")
    for tenant in TENANTS:
        backend.provision(tenant)
    with TestClient(create_app(settings, backend=backend), raise_server_exceptions=False) as client:
        token = mint_token(ensure_development_key(settings.dev_key_path), operator())
        allowed = _preflight(client, PORTAL)
        assert allowed.status_code in (200, 204)
        assert allowed.headers["access-control-allow-origin"] == PORTAL
        assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
        answer = client.get(ROADMAPS, headers={"Origin": PORTAL, "Authorization": f"Bearer {token}"})
        assert answer.status_code == 200 and answer.headers["access-control-allow-origin"] == PORTAL
        assert "etag" in answer.headers["access-control-expose-headers"].lower()
        stranger = client.get(ROADMAPS, headers={"Origin": "https://evil.example", "Authorization": f"Bearer {token}"})
        assert "access-control-allow-origin" not in stranger.headers


# --- graceful stop ------------------------------------------------------------------------------

STOP_TIMEOUT = 5


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_sigterm_ends_open_event_streams_and_the_process_within_the_stop_timeout(tmp_path: Path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CASCADE_", "OTEL_"))}
    env.update(CASCADE_DATA_DIR=str(tmp_path / "var"), CASCADE_PORT=str(port), CASCADE_LOG_FORMAT="json",
               CASCADE_STOP_TIMEOUT_SECONDS=str(STOP_TIMEOUT))
    store = open_backend(Settings(data_dir=env["CASCADE_DATA_DIR"]))
    for tenant in TENANTS:
        store.provision(tenant)
    store.close()
    key = ensure_development_key(tmp_path / "var" / "dev-signing-key.pem")
    token, writer = mint_token(key, operator()), mint_token(key, officer())
    server = subprocess.Popen([sys.executable, "-m", "cascade.cli", "serve"], env=env, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, server)
        with httpx.stream("GET", f"{url}{STREAM}", headers={"Authorization": f"Bearer {token}"},
                          timeout=30) as stream:
            assert stream.status_code == 200, stream.read()
            written = httpx.post(f"{url}/api/v1/tenants/{TENANT}/commands", headers={"Authorization": f"Bearer {writer}"},
                                 json={"type": "register_school", "school": "k-1", "name": "Школа"})
            assert written.status_code == 201, written.text
            lines = stream.iter_lines()
            assert next(line for line in lines if line.startswith("event:")) == "event: overview-changed"
            server.send_signal(signal.SIGTERM)
            list(lines)  # returns when the server ends the stream properly (a cut one raises)
        # uvicorn re-raises the signal once it has shut down: the conventional "ended by SIGTERM".
        assert server.wait(timeout=STOP_TIMEOUT) in (0, -signal.SIGTERM)
    finally:
        if server.poll() is None:
            server.kill()
        _, stderr = server.communicate(timeout=10)
    assert "Traceback" not in stderr, stderr


def _wait_until_serving(url: str, server: subprocess.Popen) -> None:
    def live() -> bool:
        assert server.poll() is None, server.stderr.read() if server.stderr else ""
        try:
            return httpx.get(f"{url}/health/live", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    wait_until(live, "the server answers /health/live", timeout=60)
