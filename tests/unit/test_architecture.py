"""The layer rules of docs/architecture.md, checked on the source tree so they cannot drift."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("domain", "services", "tenants", "cascade", "web")
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60


def python_files(*folders: str) -> Iterator[Path]:
    for folder in folders:
        yield from sorted((ROOT / folder).rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, absolute names (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def imports_of(folder: str) -> list[tuple[Path, str]]:
    return [(path, name) for path in python_files(folder) for name in imported_modules(path)]


def _inside(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


@pytest.mark.parametrize(
    ("importer", "forbidden"),
    [
        ("services/commands", "services.projections"),
        ("services/projections", "services.commands"),
        ("cascade", "bench"),
        ("bench", "tests"),
        ("domain", "services"),
        ("domain", "tenants"),
        ("domain", "cascade"),
        ("tenants", "services"),
        ("tenants", "cascade"),
        ("services", "cascade"),
        # The pages (web/) sit beside the API on services: nothing below them knows of them,
        # and they read only through queries, write only through CommandExecutor.
        ("domain", "web"),
        ("tenants", "web"),
        ("services", "web"),
        ("web", "cascade"),
        ("web", "bench"),
        ("web", "services.projections.store"),
        ("web", "services.projections.database"),
        ("web", "services.commands.session"),
        ("web", "tenants.recorders"),
        ("web", "tenants.application"),
        # Printed documents read like the endpoints, through the read models' queries only;
        # nothing below them knows of them.
        ("services/documents", "services.commands"),
        ("services/documents", "services.projections.database"),
        ("services/documents", "services.projections.runner"),
        ("services/documents", "tenants.recorders"),
        ("services/documents", "tenants.application"),
        ("services/documents", "web"),
        ("services/projections", "services.documents"),
        ("services/commands", "services.documents"),
        ("domain", "services.documents"),
    ],
)
def test_a_layer_never_imports_what_it_must_not(importer: str, forbidden: str) -> None:
    offending = sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path, name in imports_of(importer)
        if _inside(name, forbidden)
    )
    assert offending == []


FRAMEWORKS = ("litestar", "psycopg", "structlog", "sqlite3", "uvicorn", "jwt", "openpyxl")


def test_the_domain_imports_no_framework_and_no_io() -> None:
    offending = sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path, name in imports_of("domain")
        if any(_inside(name, framework) for framework in FRAMEWORKS)
    )
    assert offending == []


def test_no_product_module_is_over_300_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in python_files(*PRODUCT)
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_product_function_is_over_60_lines() -> None:
    long = {}
    for path in python_files(*PRODUCT):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"] = length
    assert long == {}


ROLE_NAMES = ("region_operator", "municipal_officer", "school_user", "auditor", "admin")


def test_role_names_are_written_only_in_domain_roles() -> None:
    offending = []
    for path in python_files(*PRODUCT):
        if path.relative_to(ROOT) == Path("domain/roles.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in ROLE_NAMES:
                offending.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
    assert offending == []
