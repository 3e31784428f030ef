"""Configuration: safe defaults, the production example loads, unsafe production is refused."""

from pathlib import Path

import pytest

from cascade.settings import ConfigurationError, load_settings, read_env_file
from services.auth import ensure_development_key, public_pem

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "production.env"


def test_the_embedded_default_needs_no_configuration():
    settings = load_settings({})
    assert settings.mode == "development" and settings.store == "sqlite"
    assert settings.port == 8000


def test_the_production_example_of_deploy_loads():
    settings = load_settings(read_env_file(DEPLOY))
    assert settings.mode == "production" and settings.store == "postgres"
    assert settings.pg_url.startswith("postgresql://") and settings.jwks_url
    assert settings.log_format == "json"


def test_production_refuses_the_embedded_store():
    with pytest.raises(ConfigurationError, match="postgres"):
        load_settings({"CASCADE_MODE": "production", "CASCADE_JWKS_URL": "https://idp/certs"})


def test_production_refuses_to_start_without_an_identity_provider():
    env = {"CASCADE_MODE": "production", "CASCADE_STORE": "postgres", "CASCADE_PG_URL": "postgresql://x/y"}
    with pytest.raises(ConfigurationError, match="JWT_PUBLIC_KEY or CASCADE_JWKS_URL"):
        load_settings(env)


def test_production_refuses_the_development_signing_key(tmp_path):
    key = ensure_development_key(tmp_path / "dev-signing-key.pem")
    env = {
        "CASCADE_MODE": "production", "CASCADE_STORE": "postgres", "CASCADE_PG_URL": "postgresql://x/y",
        "CASCADE_DATA_DIR": str(tmp_path), "CASCADE_JWT_PUBLIC_KEY": public_pem(key),
    }
    with pytest.raises(ConfigurationError, match="development signing key"):
        load_settings(env)


def test_a_misspelt_setting_is_an_error_not_silently_ignored():
    with pytest.raises(ConfigurationError, match="CASCADE_PORTT"):
        load_settings({"CASCADE_PORTT": "8000"})


def test_a_malformed_value_is_named():
    with pytest.raises(ConfigurationError, match="port"):
        load_settings({"CASCADE_PORT": "eighty"})


def test_production_requires_a_checkpoint_key_and_refuses_the_development_one(tmp_path):
    from services.audit.signing import InstallationKey

    env = {
        "CASCADE_MODE": "production", "CASCADE_STORE": "postgres", "CASCADE_PG_URL": "postgresql://x/y",
        "CASCADE_DATA_DIR": str(tmp_path), "CASCADE_JWKS_URL": "https://idp/certs",
    }
    with pytest.raises(ConfigurationError, match="CASCADE_AUDIT_KEY"):
        load_settings(env)
    InstallationKey.development(tmp_path / "audit-signing-key.pem")
    with pytest.raises(ConfigurationError, match="development checkpoint signing key"):
        load_settings({**env, "CASCADE_AUDIT_KEY": str(tmp_path / "audit-signing-key.pem")})


def test_production_requires_a_chain_key_and_refuses_the_development_one(tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from cascade.app import load_chain_key

    audit_key = tmp_path / "audit.pem"
    audit_key.write_bytes(Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    env = {
        "CASCADE_MODE": "production", "CASCADE_STORE": "postgres", "CASCADE_PG_URL": "postgresql://x/y",
        "CASCADE_DATA_DIR": str(tmp_path), "CASCADE_JWKS_URL": "https://idp/certs", "CASCADE_AUDIT_KEY": str(audit_key),
    }
    with pytest.raises(ConfigurationError, match="CASCADE_CHAIN_KEY"):
        load_settings(env)
    development = load_chain_key(load_settings({"CASCADE_DATA_DIR": str(tmp_path)}))
    with pytest.raises(ConfigurationError, match="development chain seal key"):
        load_settings({**env, "CASCADE_CHAIN_KEY": development.hex()})
    assert load_settings({**env, "CASCADE_CHAIN_KEY": "ab" * 32}).chain_key == "ab" * 32
    with pytest.raises(ConfigurationError, match="at least 32 bytes"):
        load_chain_key(load_settings({"CASCADE_DATA_DIR": str(tmp_path), "CASCADE_CHAIN_KEY": "abcd"}))
