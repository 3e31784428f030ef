"""The exported bundle verifies offline with the standard library alone, and fails when edited."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from services.audit.bundle import export_bundle
from services.audit.checkpoints import checkpoint_all, checkpoint_region
from tests.integration.test_chain import log, notary  # noqa: F401  (fixtures)
from tests.integration.test_projections import KAYBITSY, REGION, write_schools

VERIFIER = Path(__file__).resolve().parents[2] / "services" / "audit" / "verify_bundle.py"


def run_verifier(path: Path, *args: str) -> subprocess.CompletedProcess:
    # -I: isolated mode, no project on the path: the verifier needs nothing but the standard library.
    return subprocess.run([sys.executable, "-I", str(VERIFIER), str(path), *args],
                          capture_output=True, text=True, timeout=60)


def test_the_bundle_verifies_offline_and_fails_when_edited(log, tmp_path):  # noqa: F811
    checkpoint_region(log, REGION.id)
    write_schools(log, KAYBITSY.id, 2, start=10)
    bundle = tmp_path / "kaybitsy.jsonl"
    assert export_bundle(log, KAYBITSY.id, bundle) == 8
    result = run_verifier(bundle)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "8 events" in result.stdout

    lines = bundle.read_text().splitlines()
    event = json.loads(lines[3])
    event["version"] += 1
    edited = tmp_path / "edited.jsonl"
    edited.write_text("\n".join([*lines[:3], json.dumps(event), *lines[4:]]) + "\n")
    failed = run_verifier(edited)
    assert failed.returncode == 1 and "position 3" in failed.stdout

    dropped = tmp_path / "dropped.jsonl"
    dropped.write_text("\n".join([*lines[:5], *lines[6:]]) + "\n")
    assert run_verifier(dropped).returncode == 1

    anchor = next(i for i, line in enumerate(lines) if '"checkpoint"' in line)
    forged = json.loads(lines[anchor])
    forged["head"] = "0" * 64
    moved = tmp_path / "anchor.jsonl"
    moved.write_text("\n".join([*lines[:anchor], json.dumps(forged), *lines[anchor + 1:]]) + "\n")
    assert "checkpoint" in run_verifier(moved).stdout


def test_signed_checkpoints_travel_in_the_bundle_and_are_checked_with_the_public_key(log, notary, tmp_path):  # noqa: F811
    from services.audit.signing import InstallationKey

    checkpoint_all(log, notary)
    write_schools(log, KAYBITSY.id, 2, start=10)
    bundle = tmp_path / "kaybitsy.jsonl"
    export_bundle(log, KAYBITSY.id, bundle, notary=notary)
    published = tmp_path / "published.pem"
    published.write_text(notary.public_pem)
    result = run_verifier(bundle, "--public-key", str(published))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 signed" in result.stdout and "2 events after the last" in result.stdout

    other = tmp_path / "other.pem"
    other.write_text(InstallationKey.development(tmp_path / "other-key.pem").public_pem)
    assert "signature does not verify" in run_verifier(bundle, "--public-key", str(other)).stdout

    lines = bundle.read_text().splitlines()
    signed = next(i for i, line in enumerate(lines) if '"signed-checkpoint"' in line)
    entry = json.loads(lines[signed])
    entry["body"] = entry["body"].replace('"ru-16-kaybitsy":[6,', '"ru-16-kaybitsy":[5,')
    forged = tmp_path / "forged.jsonl"
    forged.write_text("\n".join([*lines[:signed], json.dumps(entry), *lines[signed + 1:]]) + "\n")
    assert "signature does not verify" in run_verifier(forged, "--public-key", str(published)).stdout


def test_the_verifiers_own_ed25519_agrees_with_cryptography():
    import importlib.util
    import os

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from services.audit.signing import public_pem_of

    spec = importlib.util.spec_from_file_location("verify_bundle", VERIFIER)
    verifier = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(verifier)
    for size in (0, 1, 100, 1000):
        key = Ed25519PrivateKey.generate()
        public = verifier.raw_public_key(public_pem_of(key.public_key()))
        message = os.urandom(size)
        signature = key.sign(message)
        assert verifier.ed25519_valid(public, message, signature)
        assert not verifier.ed25519_valid(public, message + b"!", signature)
        assert not verifier.ed25519_valid(public, message, signature[:-1] + bytes([signature[-1] ^ 1]))
