"""Every event class the log can hold has a Russian name on the auditor's pages (web/event_words.py)."""

from __future__ import annotations

import inspect

import services.commands.catalogue  # noqa: F401  (registers every aggregate)
from domain.base import CascadeAggregate
from web.event_words import KINDS, event_name


def _aggregates(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_aggregates(sub)]
    return found


def _event_classes() -> set[str]:
    found = set()
    for aggregate in _aggregates(CascadeAggregate):
        if not aggregate.__module__.startswith("domain."):
            continue  # an aggregate a test defines
        for name in dir(aggregate):
            value = getattr(aggregate, name)
            if inspect.isclass(value) and issubclass(value, CascadeAggregate.Event) and name != "Event" \
                    and value.__qualname__.split(".")[0] == aggregate.__qualname__:
                found.add(value.__qualname__)
    return found


def test_every_registered_event_class_has_a_russian_name() -> None:
    classes = _event_classes()
    assert len(classes) > 50
    missing = sorted(c for c in classes if not event_name(c))
    assert not missing, missing
    assert all(re_cyrillic(event_name(c) or "") for c in classes)


def test_every_aggregate_has_a_russian_kind() -> None:
    assert not sorted(a.__qualname__ for a in _aggregates(CascadeAggregate)
                      if a.__module__.startswith("domain.") and a.__qualname__ not in KINDS)


def re_cyrillic(text: str) -> bool:
    return any("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in text)
