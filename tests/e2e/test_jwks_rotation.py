"""Keys from the identity provider's JWKS: removed keys stop working, new ones work at once."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm
from litestar.testing import TestClient

from cascade.app import create_app
from cascade.settings import Settings
from services.jwks import JwksKeys, UnknownSigningKey
from tests.e2e.conftest import TENANTS

KAYBITSY = "ru-16-kaybitsy"


class IdentityProvider:
    """A JWKS endpoint on a loopback port whose keys the test rotates; counts every fetch."""

    def __init__(self) -> None:
        self.keys: dict[str, Ed25519PrivateKey] = {}
        self.fetches = 0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                provider.fetches += 1
                body = json.dumps(provider.jwks()).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/certs"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def add(self, kid: str) -> str:
        self.keys[kid] = Ed25519PrivateKey.generate()
        return kid

    def jwks(self) -> dict:
        keys = []
        for kid, key in self.keys.items():
            jwk = OKPAlgorithm.to_jwk(key.public_key(), as_dict=True)
            keys.append({**jwk, "kid": kid, "use": "sig", "alg": "EdDSA"})
        return {"keys": keys}

    def token(self, kid: str, signer: Ed25519PrivateKey | None = None) -> str:
        now = int(time.time())
        claims = {"sub": "officer@kaybitsy", "role": "municipal_officer", "region": "ru-16",
                  "tenant": KAYBITSY, "aud": "cascade", "iat": now, "exp": now + 600}
        return jwt.encode(claims, signer or self.keys[kid], "EdDSA", headers={"kid": kid})


@pytest.fixture
def provider() -> Iterator[IdentityProvider]:
    idp = IdentityProvider()
    idp.thread.start()
    try:
        yield idp
    finally:
        idp.server.shutdown()
        idp.server.server_close()
        idp.thread.join(timeout=10)


class Clock:
    """Monotonic time the test moves by hand: no sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def client_for(backend, tmp_path, provider, **settings) -> TestClient:
    for tenant in TENANTS:
        backend.provision(tenant)
    config = Settings(data_dir=str(tmp_path / "var"), jwks_url=provider.url, **settings)
    return TestClient(create_app(config, backend=backend), raise_server_exceptions=False)


def get_tenants(client: TestClient, token: str):
    return client.get("/api/v1/tenants", headers={"Authorization": f"Bearer {token}"})


def test_a_key_the_provider_removes_stops_working_at_the_next_refresh(backend, tmp_path, provider):
    old = provider.add("2026-a")
    with client_for(backend, tmp_path, provider, jwks_cache_seconds=0) as client:
        assert get_tenants(client, provider.token(old)).status_code == 200
        new = provider.add("2026-b")
        retired = provider.keys.pop(old)

        refused = get_tenants(client, provider.token(old, signer=retired))

        assert refused.status_code == 401
        assert refused.json()["type"] == "/problems/unauthenticated"
        assert get_tenants(client, provider.token(new)).status_code == 200


def test_a_new_key_is_accepted_at_once(backend, tmp_path, provider):
    first = provider.add("2026-a")
    with client_for(backend, tmp_path, provider, jwks_min_refresh_seconds=0) as client:
        assert get_tenants(client, provider.token(first)).status_code == 200
        fetches = provider.fetches
        rotated = provider.add("2026-b")

        assert get_tenants(client, provider.token(rotated)).status_code == 200
        assert provider.fetches == fetches + 1


def test_a_removed_key_is_trusted_no_longer_than_the_cache_lifetime(provider):
    clock = Clock()
    keys = JwksKeys(provider.url, max_age=300, min_refresh=5, clock=clock)
    kid = provider.add("2026-a")
    token = provider.token(kid)
    assert keys.key_for(token) is not None
    provider.keys.clear()

    clock.now += 299
    assert keys.key_for(token) is not None
    clock.now += 1
    with pytest.raises(UnknownSigningKey):
        keys.key_for(token)
    assert provider.fetches == 2


def test_a_flood_of_unknown_key_ids_fetches_the_keys_once_per_interval(provider):
    clock = Clock()
    keys = JwksKeys(provider.url, max_age=300, min_refresh=5, clock=clock)
    provider.add("2026-a")
    stranger = Ed25519PrivateKey.generate()
    forged = [provider.token(f"invented-{n}", signer=stranger) for n in range(50)]

    for token in forged:
        with pytest.raises(UnknownSigningKey):
            keys.key_for(token)
    assert provider.fetches == 1

    clock.now += 5
    for token in forged:
        with pytest.raises(UnknownSigningKey):
            keys.key_for(token)
    assert provider.fetches == 2


def test_concurrent_unknown_key_ids_share_one_fetch(provider):
    clock = Clock()
    keys = JwksKeys(provider.url, max_age=300, min_refresh=5, clock=clock)
    kid = provider.add("2026-a")
    keys.key_for(provider.token(kid))
    clock.now += 5
    new = provider.add("2026-b")
    start = threading.Barrier(8)
    found = []

    def verify() -> None:
        start.wait(timeout=10)
        found.append(keys.key_for(provider.token(new)))

    threads = [threading.Thread(target=verify) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(found) == 8
    assert provider.fetches == 2
