"""Tokens: 401 without a valid one, claims checked, nothing written on refusal."""

import time

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.auth import ensure_development_key
from tests.e2e.conftest import officer

COMMAND = {"type": "register_school", "school": "k-1", "name": "Школа"}
PATH = "/api/v1/tenants/ru-16-kaybitsy/commands"


def claims(**overrides):
    now = int(time.time())
    base = {"sub": "officer", "role": "municipal_officer", "region": "ru-16",
            "tenant": "ru-16-kaybitsy", "aud": "cascade", "iat": now, "exp": now + 600}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def post_with(api, token):
    return api.client.post(PATH, json=COMMAND, headers={"Authorization": f"Bearer {token}"})


def dev_key(api):
    return ensure_development_key(api.settings.dev_key_path)


def assert_refused(api, response, status=401):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert api.count("ru-16-kaybitsy") == 0


def test_no_token_is_401_with_a_bearer_challenge(api):
    response = api.client.post(PATH, json=COMMAND)
    assert_refused(api, response)
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_a_token_signed_by_another_key_is_refused(api):
    assert_refused(api, post_with(api, jwt.encode(claims(), Ed25519PrivateKey.generate(), "EdDSA")))


def test_an_expired_token_is_refused(api):
    token = jwt.encode(claims(exp=int(time.time()) - 60), dev_key(api), "EdDSA")
    assert_refused(api, post_with(api, token))


def test_a_token_for_another_audience_is_refused(api):
    assert_refused(api, post_with(api, jwt.encode(claims(aud="other"), dev_key(api), "EdDSA")))


def test_an_unknown_role_is_refused(api):
    assert_refused(api, post_with(api, jwt.encode(claims(role="superuser"), dev_key(api), "EdDSA")))


def test_a_municipal_role_without_a_tenant_claim_is_refused(api):
    assert_refused(api, post_with(api, jwt.encode(claims(tenant=None), dev_key(api), "EdDSA")))


def test_an_unsigned_token_is_refused(api):
    assert_refused(api, post_with(api, jwt.encode(claims(), None, "none")))


def test_garbage_is_refused(api):
    assert_refused(api, post_with(api, "not-a-token"))


def test_a_valid_token_is_accepted(api):
    assert api.post("ru-16-kaybitsy", COMMAND, officer()).status_code == 201


def test_a_token_of_another_algorithm_than_the_key_is_refused_not_failed(api):
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    rs256 = jwt.encode(claims(), rsa.generate_private_key(public_exponent=65537, key_size=2048), "RS256")
    es256 = jwt.encode(claims(), ec.generate_private_key(ec.SECP256R1()), "ES256")
    for token in (rs256, es256, jwt.encode(claims(), "a shared secret of thirty-two bytes!", "HS256")):
        assert_refused(api, post_with(api, token))


def test_the_configured_key_is_parsed_once_not_per_token(api):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    verifier = api.client.app.state.services.verifier
    assert isinstance(verifier._key, Ed25519PublicKey)
    assert api.post("ru-16-kaybitsy", COMMAND, officer()).status_code == 201
