"""Each view table is named only by its own model's projection.py (writer) and queries.py (reader)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from services.projections.models import all_views

ROOT = Path(__file__).resolve().parents[2]
#: The product's code; tests may look inside a view to check the runner's bookkeeping.
PRODUCT = ("domain", "services", "tenants", "cascade", "bench")


def _sources() -> dict[Path, str]:
    return {
        path: path.read_text(encoding="utf-8")
        for package in PRODUCT
        for path in sorted((ROOT / package).rglob("*.py"))
    }


SOURCES = _sources()
TABLES = [
    (type(view), table)
    for view in all_views()
    for table in view.schema
]


def _model_files(view: type) -> set[Path]:
    folder = Path(*view.__module__.split(".")[:-1])
    return {ROOT / folder / "projection.py", ROOT / folder / "queries.py"}


def _naming(view: type, table: str) -> re.Pattern[str]:
    """The logical name as SQL writes it (`{items}`, or `{{items}}` in an f-string), the
    physical name of a generation, or a lookup of the physical name by the logical one."""
    return re.compile(
        r"\{" + re.escape(table) + r"\}"
        + r"|v_" + re.escape(f"{view.name}_{table}") + r"_g"
        + r"""|physical\(\s*["']""" + re.escape(table) + r"""["']"""
    )


@pytest.mark.parametrize(("view", "table"), TABLES, ids=[f"{v.name}.{t}" for v, t in TABLES])
def test_a_view_table_is_named_only_in_its_models_projection_and_queries(view, table):
    pattern = _naming(view, table)
    naming = {path for path, text in SOURCES.items() if pattern.search(text)}
    assert naming, f"{view.name}.{table} is named nowhere: the scan is broken"
    assert naming <= _model_files(view), sorted(str(p.relative_to(ROOT)) for p in naming - _model_files(view))


def test_the_writer_of_each_table_is_its_projection():
    for view, table in TABLES:
        projection = ROOT / Path(*view.__module__.split(".")).with_suffix(".py")
        assert projection.name == "projection.py"
        assert _naming(view, table).search(SOURCES[projection]), f"{view.name}.{table}"
