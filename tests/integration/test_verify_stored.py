"""Issue 16 goal 5: verification hashes the stored bytes and decodes nothing, on both backends."""

from __future__ import annotations

from services.audit import verification
from services.audit.verification import verify_tenant
from tenants.chain import verify_log
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


def test_an_intact_log_is_verified_by_the_tight_loop_alone_with_verify_logs_verdict(backend, monkeypatch):
    for tenant in (REGION, KAYBITSY):
        backend.provision(tenant)
    write_schools(backend, KAYBITSY.id, 12)
    recorder = backend.application(KAYBITSY.id).recorder
    expected = verify_log(recorder, KAYBITSY.id, {})

    def no_walk(*args, **kwargs):
        raise AssertionError("an intact log was walked by the general verifier")

    monkeypatch.setattr(verification, "verify", no_walk)
    seen: list[int] = []
    verdict = verification.verify_stored(recorder, KAYBITSY.id, {}, on_event=seen.append, batch=5)
    assert verdict == expected and verdict.ok and verdict.checked == 12
    assert seen == [5, 10, 12]  # progress: each page's last position
