"""Issue 16 goal 7b: tenants placed on several PostgreSQL servers by region.

Two real clusters on loopback, started once for the module: the home server keeps the registry
and Tatarstan (ru-16); Smolensk (ru-67) is placed on a server of its own. Every test checks
the servers directly: what a region writes is stored on its server only, its overview is read
there, and one region keeps working while the other's server is down.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from litestar.testing import TestClient

from cascade.app import create_app
from cascade.pgcluster import ThrowawayCluster, wait_until_accepting
from cascade.placed import server_sides
from cascade.settings import ConfigurationError, Settings
from services.projections.runner import ProjectionRunner
from tenants.placement import PlacedBackend
from tenants.registry import RegistryError, Tenant
from tests.e2e.helpers import TENANTS, Api, officer, ok, operator

SMOLENSK, KAYBITSY = "ru-67-smolensk", "ru-16-kaybitsy"
BASIS = {"number": "20/2", "issued_on": "2021-02-11"}
_schemas = itertools.count(1)


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[ThrowawayCluster, ThrowawayCluster]]:
    """The home server and Smolensk's (fsync off, as the other tests' clusters)."""
    home, other = ThrowawayCluster(durable=False), ThrowawayCluster(durable=False)
    try:
        wait_until_accepting(home.start())
        wait_until_accepting(other.start())
        yield home, other
    finally:
        other.stop()
        home.stop()


@pytest.fixture
def api(servers, tmp_path) -> Iterator[Api]:
    home, other = servers
    schema = f"placed_{os.getpid()}_{next(_schemas)}"
    for cluster in servers:
        with psycopg.connect(cluster.url, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
    settings = Settings(data_dir=str(tmp_path / "var"), store="postgres", pg_url=home.url,
                        pg_schema=schema, pg_region_urls=f"ru-67={other.url}")
    backend = PlacedBackend(home.url, settings.region_urls, schema=schema, pool_size=4)
    for tenant in TENANTS:
        backend.provision(tenant)
    try:
        with TestClient(create_app(settings, backend=backend), raise_server_exceptions=False) as client:
            yield Api(client, settings, backend)
    finally:
        backend.close()
        for cluster in servers:
            with psycopg.connect(cluster.url, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")


def project(api: Api) -> int:
    """One round of the projector as `serve` and `project` wire it: a runner per server."""
    read = api.client.app.state.services.read
    return sum(ProjectionRunner(server, side.store, side.views).run_once()
               for server, side in server_sides(api.backend, read))


def tables(url: str, schema: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,))
        return {row[0] for row in rows}


def tracked_tenants(url: str, schema: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(f"SELECT DISTINCT tenant FROM {schema}.projection_tracking")
        return {row[0] for row in rows}


def identify(api: Api, tenant: str, code: str) -> None:
    who = officer(tenant, tenant[:5])
    ok(api, {"type": "register_school", "school": code, "name": f"Школа {code}"}, who, tenant)
    ok(api, {"type": "identify_school", "school": code, "categories": ["low_results"],
             "cohort_year": 2021, "basis": BASIS}, who, tenant)


def test_goal_7b_every_tenant_of_a_placed_region_is_stored_on_its_server(api, servers):
    home, other = (cluster.url for cluster in servers)
    schema = api.settings.pg_schema
    identify(api, SMOLENSK, "s-1")
    identify(api, KAYBITSY, "k-1")
    assert project(api) > 0
    on_home, on_other = tables(home, schema), tables(other, schema)
    assert {"t_ru_67_events", "t_ru_67_smolensk_events", "t_ru_67_smolensk_person_keys"} <= on_other
    assert {"t_ru_16_events", "t_ru_16_kaybitsy_events"} <= on_home
    assert not any(t.startswith("t_ru_67") for t in on_home)
    assert not any(t.startswith("t_ru_16") for t in on_other)
    assert "cascade_tenants" in on_home and "cascade_tenants" not in on_other  # one registry
    with psycopg.connect(other) as conn:
        assert conn.execute(f"SELECT count(*) FROM {schema}.t_ru_67_smolensk_events").fetchone()[0] == 2
    # The views of a region's tenants are kept on its server, beside their logs.
    assert SMOLENSK in tracked_tenants(other, schema) <= {"ru-67", SMOLENSK}
    assert KAYBITSY in tracked_tenants(home, schema) <= {"ru-16", KAYBITSY, "ru-16-leninogorsk"}


def test_goal_7b_a_regions_overview_is_served_from_its_server(api, servers):
    identify(api, SMOLENSK, "s-1")
    identify(api, SMOLENSK, "s-2")
    identify(api, KAYBITSY, "k-1")
    project(api)
    answer = api.get("/api/v1/regions/ru-67/overview", operator("ru-67"))
    assert answer.status_code == 200, answer.text
    rows = {row["tenant_id"]: row for row in answer.json()["municipalities"]}
    assert list(rows) == [SMOLENSK]
    assert rows[SMOLENSK]["identified_schools"] == 2
    # Only Smolensk's server holds Smolensk's views: the answer can have come from nowhere else.
    assert SMOLENSK not in tracked_tenants(servers[0].url, api.settings.pg_schema)
    tatarstan = api.get("/api/v1/regions/ru-16/overview", operator("ru-16"))
    assert {row["tenant_id"]: row["identified_schools"] for row in tatarstan.json()["municipalities"]} \
        == {KAYBITSY: 1, "ru-16-leninogorsk": 0}


def test_goal_7b_a_region_works_while_another_regions_server_is_down_and_never_reaches_it(
    api, servers
):
    identify(api, KAYBITSY, "k-1")
    project(api)
    servers[1].pause()  # Smolensk's server stops
    try:
        identify(api, KAYBITSY, "k-2")
        project_home = server_sides(api.backend, api.client.app.state.services.read)[0]
        ProjectionRunner(project_home[0], project_home[1].store, project_home[1].views).run_once()
        overview = api.get("/api/v1/regions/ru-16/overview", operator("ru-16"))
        assert overview.status_code == 200, overview.text
        assert overview.json()["municipalities"][0]["identified_schools"] == 2
        # A token of Tatarstan is refused at Smolensk's door, without Smolensk's server.
        assert api.get("/api/v1/regions/ru-67/overview", operator("ru-16")).status_code == 403
        refused = api.post(SMOLENSK, {"type": "register_school", "school": "s-9", "name": "Школа"},
                           officer(KAYBITSY))
        assert refused.status_code == 403, refused.text
        # Smolensk's own people get a 503 with Retry-After while their server is down.
        down = api.post(SMOLENSK, {"type": "register_school", "school": "s-9", "name": "Школа"},
                        officer(SMOLENSK, "ru-67"))
        assert down.status_code == 503, down.text
        assert down.headers["retry-after"]
    finally:
        wait_until_accepting(servers[1].resume())


def test_goal_7b_placement_is_checked_before_anything_is_stored():
    with pytest.raises(ConfigurationError, match="CASCADE_PG_REGION_URLS"):
        _ = Settings(store="postgres", pg_url="postgresql://h/db", pg_region_urls="ru-67").region_urls
    with pytest.raises(ConfigurationError, match="twice"):
        _ = Settings(pg_region_urls="ru-67=postgresql://a/db ru-67=postgresql://b/db").region_urls
    with pytest.raises(ConfigurationError, match="requires CASCADE_STORE=postgres"):
        Settings(pg_region_urls="ru-67=postgresql://a/db").check()


def test_goal_7b_a_placed_server_provisions_nothing_itself(api):
    server = api.backend.servers[api.backend.placement.regions["ru-67"]]
    with pytest.raises(RegistryError, match="home server"):
        server.registry.add(Tenant("ru-67-vyazma", "municipality", "ru-67", "Вяземский район"))
    assert [t.id for t in server.registry.all()] == ["ru-67", SMOLENSK]


def test_goal_7b_cascade_rebuild_and_project_keep_each_regions_views_on_its_server(api, servers):
    identify(api, SMOLENSK, "s-1")
    identify(api, KAYBITSY, "k-1")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASCADE_")}
    env.update({"CASCADE_STORE": "postgres", "CASCADE_PG_URL": servers[0].url,
                "CASCADE_PG_SCHEMA": api.settings.pg_schema,
                "CASCADE_PG_REGION_URLS": api.settings.pg_region_urls,
                "CASCADE_DATA_DIR": api.settings.data_dir})

    def cascade(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "-m", "cascade.cli", *args], capture_output=True,
                              text=True, env=env, timeout=300, cwd=Path(__file__).resolve().parents[2])
        assert done.returncode == 0, done.stderr
        return done

    cascade("project", "--once")
    assert cascade("rebuild", "overview").stdout.count("rebuilt overview") == 2  # one per server
    schema = api.settings.pg_schema
    assert SMOLENSK in tracked_tenants(servers[1].url, schema) <= {"ru-67", SMOLENSK}
    assert KAYBITSY in tracked_tenants(servers[0].url, schema) <= {"ru-16", KAYBITSY, "ru-16-leninogorsk"}
    answer = api.get("/api/v1/regions/ru-67/overview", operator("ru-67"))
    assert answer.json()["municipalities"][0]["identified_schools"] == 1
