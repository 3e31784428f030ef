"""Chain checkpoints: the region's own log records each municipality's chain head over time."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from domain.base import CascadeAggregate, InvalidTransition, InvalidValue, Provenance


class ChainCheckpoint(CascadeAggregate):
    """One stream per municipality in its region's tenant: a rewritten history would disagree."""

    class Opened(CascadeAggregate.Created):
        tenant: str

    class Checkpointed(CascadeAggregate.Event):
        tenant: str
        position: int
        head: str
        checked: int

    stream_kind = "chain-checkpoint"

    @staticmethod
    def create_id(meta: Provenance, tenant: str) -> UUID:
        return ChainCheckpoint.stream_for(meta.tenant_id, tenant)

    @classmethod
    def open(cls, meta: Provenance, tenant: str) -> ChainCheckpoint:
        return cls._create(cls.Opened, meta=meta, tenant=tenant)

    def __init__(self, meta: Provenance, tenant: str) -> None:
        self.tenant = tenant
        self.position = 0
        self.head = ""

    def record(self, meta: Provenance, position: int, head: str, checked: int) -> bool:
        """Anchor the chain head at a position; False when nothing new was written since."""
        if len(head) != 64:
            raise InvalidValue("head", "must be a sha256 hex digest")
        if position < self.position:
            raise InvalidTransition("position {position} is before the last checkpoint {position_2}", position=position, position_2=self.position)
        if position == self.position:
            if head != self.head:
                raise InvalidTransition("the chain head at {position} changed since the last checkpoint", position=position)
            return False
        self._checkpointed(meta=meta, tenant=self.tenant, position=position, head=head, checked=checked)
        return True

    @event(Checkpointed)
    def _checkpointed(self, meta: Provenance, tenant: str, position: int, head: str, checked: int) -> None:
        self.position = position
        self.head = head
