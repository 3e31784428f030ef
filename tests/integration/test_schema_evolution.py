"""An event written by version 1 of its class still replays after the class changed (upcasting)."""

from __future__ import annotations

from typing import Any

import pytest

from domain.base import Actor, CascadeAggregate, Provenance
from tenants.registry import Tenant

REGION = Tenant("ru-16", "region", "ru-16", "Республика Татарстан")


class Probe(CascadeAggregate):
    """A throwaway aggregate whose event class evolves during the test."""

    class Started(CascadeAggregate.Created):
        pass

    class Noted(CascadeAggregate.Event):
        text: str

        def apply(self, aggregate: Any) -> None:
            aggregate.notes.append(self.text)

    def __init__(self, meta: Provenance) -> None:
        self.notes: list[Any] = []


class NotedV2(CascadeAggregate.Event):
    """Version 2: the note became a title plus a word count; v1 events are upcast on read."""

    class_version = 2
    title: str
    words: int

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        text = state.pop("text")
        state["title"] = text
        state["words"] = len(text.split())

    def apply(self, aggregate: Any) -> None:
        aggregate.notes.append((self.title, self.words))


NotedV2.__qualname__ = "Probe.Noted"


def test_a_version_1_event_replays_after_its_class_changed(backend, monkeypatch):
    backend.provision(REGION)
    app = backend.application(REGION.id)
    meta = Provenance(REGION.id, Actor("tester", "region_operator", REGION.id), "corr")
    probe = Probe._create(Probe.Started, meta=meta)
    probe.trigger_event(Probe.Noted, meta=meta, text="план работы утверждён")
    app.save(probe)
    assert app.repository.get(probe.id).notes == ["план работы утверждён"]

    from eventsourcing import utils

    topic = utils.get_topic(Probe.Noted)
    monkeypatch.setattr(Probe, "Noted", NotedV2)  # the class changed in a later release
    monkeypatch.setitem(utils._topic_cache, topic, NotedV2)
    replayed = app.repository.get(probe.id)
    assert replayed.notes == [("план работы утверждён", 3)]

    replayed.trigger_event(Probe.Noted, meta=meta, title="итоги", words=1)
    app.save(replayed)
    [_, v1, v2] = app.recorder.select_notifications(start=1, limit=10)
    assert b"class_version" not in v1.state and b'"class_version":2' in v2.state
    assert app.repository.get(probe.id).notes[-1] == ("итоги", 1)


def test_an_event_stored_before_transcriptions_existed_decodes_without_one(backend):
    """Provenance.transcription (issue 10 item 9) has a default: older meta lacks the member."""
    from eventsourcing.persistence import StoredEvent

    from domain.school import School

    backend.provision(REGION)
    app = backend.application(REGION.id)
    meta = Provenance(REGION.id, Actor("tester", "region_operator", REGION.id), "corr", "k")
    school = School.register(meta, "k-1", "Школа", "")
    [registered] = school.collect_events()
    stored = app.mapper.to_stored_event(registered)
    assert b'"transcription":null' in stored.state
    older = stored.state.replace(b',"transcription":null', b"")
    decoded = app.mapper.to_domain_event(StoredEvent(
        stored.originator_id, stored.originator_version, stored.topic, older))
    assert decoded.meta == meta and decoded.meta.transcription is None


@pytest.fixture(autouse=True)
def _forget_cached_types():
    from tenants.mapper import state_type

    yield
    state_type.cache_clear()
