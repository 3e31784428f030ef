"""Issue 16 goal 4: a rebuild folded in a scratch file and copied in bulk equals the view the
runner built incrementally, event batch by event batch, on both backends."""

from __future__ import annotations

from cascade.app import load_calendars, open_read_side
from cascade.demo.loader import post_demo
from cascade.settings import Settings
from services.commands.executor import CommandExecutor
from services.projections.database import SQLiteViewDatabase
from services.projections.rebuild import rebuild
from services.projections.runner import ProjectionRunner
from services.projections.schedule.projection import ScheduleView
from services.projections.store import ViewStore
from tests.integration.test_live_projection import _snapshot


def test_a_rebuilt_view_equals_the_incrementally_built_one(backend, tmp_path):
    settings = Settings(data_dir=str(tmp_path / "var"))
    post_demo(backend, CommandExecutor(load_calendars(settings)))
    read = open_read_side(settings, backend)
    try:
        # Incrementally: small batches, as the projector follows the logs.
        ProjectionRunner(backend, read.store, read.views, batch=7).run_once()
        filled = 0
        for view in read.views:
            before = _snapshot(read, view)
            filled += any(before.values())
            report = rebuild(backend, read.store, view)
            assert report.events > 0 and report.replaced is not None
            assert _snapshot(read, view) == before, view.name
        assert filled >= len(read.views) - 2  # the demo fills nearly every view: rows compared
    finally:
        read.store.db.close()


def _index_names(db) -> set[str]:
    if db.dialect == "sqlite":
        return {r["name"] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'index'")}
    return {r["indexname"] for r in db.query("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")}


def test_a_rebuilt_generation_gets_every_index_after_its_copied_rows(backend, tmp_path):
    """The fold's target is created without its secondary indexes; the copy builds them all."""
    settings = Settings(data_dir=str(tmp_path / "var"))
    post_demo(backend, CommandExecutor(load_calendars(settings)))
    read = open_read_side(settings, backend)
    try:
        for view in read.views:
            if view.name not in ("audit", "schedule"):
                continue
            report = rebuild(backend, read.store, view)
            tables = type(view).tables(report.generation)
            wanted = {tables.index_sql(index).split()[5] for index in type(view).indexes}
            assert wanted and wanted <= _index_names(read.store.db), view.name
    finally:
        read.store.db.close()


def test_the_fold_scratch_finds_a_roadmap_items_rows_by_key(tmp_path):
    """Case-sensitive LIKE in the scratch file: a prefix search of ids, not a scan of the tenant."""
    db = SQLiteViewDatabase(tmp_path / "fold.sqlite", scratch=True)
    try:
        store = ViewStore(db)
        generation = store.start_rebuild(ScheduleView, state="folding", indexes=ScheduleView.writer_indexes)
        plan = db.query(ScheduleView.tables(generation).sql(
            "EXPLAIN QUERY PLAN UPDATE {due} SET cancelled = 1 WHERE tenant = ? AND id LIKE ? ESCAPE '\\'"),
            ("t", "roadmap:r:i:%"))
        assert any("id>? AND id<?" in row["detail"] for row in plan), plan
    finally:
        db.close()
