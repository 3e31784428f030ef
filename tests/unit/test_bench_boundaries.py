"""The product never imports the benchmark, and the benchmark never imports the tests."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_packages(folder: str) -> dict[str, set[str]]:
    """Top-level package of every import in each module of a folder."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize(("folder", "forbidden"), [
    ("cascade", "bench"), ("domain", "bench"), ("services", "bench"), ("tenants", "bench"),
    ("bench", "tests"), ("cascade", "tests"),
])
def test_a_layer_does_not_import_what_sits_beside_it(folder, forbidden):
    offenders = [module for module, names in imported_packages(folder).items() if forbidden in names]

    assert offenders == []


def modules_imported_by(path: str) -> set[str]:
    tree = ast.parse((ROOT / path).read_text())
    return {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}


def test_the_benchmark_and_the_tests_share_the_postgres_helper_of_the_product():
    for user in ("bench/run.py", "bench/projection_figures.py", "tests/conftest.py",
                 "tests/fault/harness.py"):
        assert "cascade.pgcluster" in modules_imported_by(user), user
    assert not any("sys.path" in path.read_text() for path in (ROOT / "bench").rglob("*.py"))
