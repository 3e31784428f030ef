"""The container files as shipped: probes present, base pinned, non-root, nothing local copied in."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

from cascade.settings import Settings, read_env_file

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", dockerfile.read_text())
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, rest = line.partition(" ")
            found.append((name.upper(), rest.strip()))
    return found


def test_the_image_is_pinned_by_digest_runs_unprivileged_and_probes_liveness():
    steps = instructions(DEPLOY / "Dockerfile")
    froms = [args for name, args in steps if name == "FROM"]
    assert froms and all(re.search(r"@sha256:[0-9a-f]{64}\b", image) for image in froms), froms
    users = [args for name, args in steps if name == "USER"]
    assert users and users[-1] not in {"root", "0"}
    assert steps.index(("USER", users[-1])) > max(i for i, (n, _) in enumerate(steps) if n == "RUN")
    [health] = [args for name, args in steps if name == "HEALTHCHECK"]
    assert "/health/live" in health and "CMD" in health
    assert any(name == "RUN" and "--require-hashes -r requirements.lock" in args for name, args in steps)


def test_the_image_copies_every_package_the_project_installs():
    steps = instructions(DEPLOY / "Dockerfile")
    copied = {args.split()[0] for name, args in steps if name == "COPY"}
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    declared = {pattern.rstrip("*") for pattern in packages["find"]["include"]}
    assert declared <= copied, declared - copied


def _locked(lock: Path) -> dict[str, str]:
    """name -> version of a hashed lock file, failing on any requirement without a hash."""
    entries = re.split(r"\n(?=\S)", lock.read_text().strip())
    found = {}
    for entry in entries:
        requirement = entry.split()[0]
        assert "--hash=sha256:" in entry, f"{lock.name}: {requirement} has no hash"
        name, _, version = requirement.partition("==")
        found[re.sub(r"[-_.]+", "-", name).lower()] = version
    return found


def test_both_locks_hash_every_requirement_and_hold_each_pin_of_the_project():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    service, dev = _locked(ROOT / "requirements.lock"), _locked(ROOT / "requirements-dev.lock")
    extras = project["optional-dependencies"]
    for lock, pins in ((service, [*project["dependencies"], *extras["build"]]),
                       (dev, [*project["dependencies"], *extras["build"], *extras["dev"]])):
        for pin in pins:
            name, _, version = re.sub(r"\[.*?\]", "", pin).partition("==")
            assert lock.get(re.sub(r"[-_.]+", "-", name).lower()) == version, f"run `make lock`: {pin}"
    assert set(service) <= set(dev)


def test_the_build_context_leaves_the_virtualenv_and_local_data_out():
    ignored = {line.strip().rstrip("/") for line in (ROOT / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")}
    assert {".venv", "var", ".git"} <= ignored


def test_compose_probes_every_service_waits_for_a_healthy_database_and_restarts():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "api", "projector"}
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
        assert service.get("restart") == "unless-stopped", name
    assert "pg_isready" in services["db"]["healthcheck"]["test"]
    assert "/health/ready" in " ".join(services["api"]["healthcheck"]["test"])
    for name in ("api", "projector"):
        assert services[name]["depends_on"]["db"] == {"condition": "service_healthy"}
        assert services[name]["env_file"] == "production.env"
    assert services["api"]["environment"]["CASCADE_PROJECTOR"] == "external"
    assert services["projector"]["command"] == ["cascade", "project"]


def test_compose_secrets_are_where_the_production_configuration_reads_them():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    shipped = read_env_file(DEPLOY / "production.env")
    mounted = {f"/run/secrets/{name}" for name in compose["secrets"]}
    assert {shipped["CASCADE_AUDIT_KEY"], shipped["CASCADE_CHAIN_KEY"]} <= mounted
    settings_names = {f"CASCADE_{name.upper()}" for name in Settings.__struct_fields__}
    for service in compose["services"].values():
        assert set(service.get("environment", {})) - {"POSTGRES_USER", "POSTGRES_PASSWORD",
                                                       "POSTGRES_DB"} <= settings_names
