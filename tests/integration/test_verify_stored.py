"""Issue 16 goal 5: verification hashes the stored bytes and decodes nothing, on both backends."""

from __future__ import annotations

from services.audit.verification import verify_tenant
from tests.integration.test_projections import KAYBITSY, REGION, write_schools


def test_verification_decodes_no_event(backend, monkeypatch):
    for tenant in (REGION, KAYBITSY):
        backend.provision(tenant)
    write_schools(backend, KAYBITSY.id, 12)
    app = backend.application(KAYBITSY.id)

    def no_decoding(*args, **kwargs):
        raise AssertionError("verification decoded an event")

    monkeypatch.setattr(type(app.mapper), "to_domain_event", no_decoding)
    verdict = verify_tenant(backend, KAYBITSY.id)
    assert verdict.ok and verdict.checked == app.head_position() == 12
