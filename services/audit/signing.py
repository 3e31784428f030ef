"""The installation's checkpoint signing key (Ed25519): its private half signs, its public half is published."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


class InstallationKey:
    """Signs checkpoints; anyone holding `public_pem` can check them, nobody else can make them."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        self.public = private.public_key()

    @classmethod
    def from_pem(cls, pem: bytes) -> InstallationKey:
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the checkpoint signing key must be an Ed25519 private key")
        return cls(key)

    @classmethod
    def development(cls, path: Path) -> InstallationKey:
        """Generated once under the data directory; production refuses it."""
        if path.exists():
            return cls.from_pem(path.read_bytes())
        key = Ed25519PrivateKey.generate()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        path.chmod(0o600)
        return cls(key)

    @property
    def public_pem(self) -> str:
        return public_pem_of(self.public)

    @property
    def key_id(self) -> str:
        return key_id(self.public_pem)

    def sign(self, body: bytes) -> bytes:
        return self._private.sign(body)


def public_pem_of(public: Ed25519PublicKey) -> str:
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def key_id(public_pem: str) -> str:
    """A short name of a public key, written into each checkpoint it signs."""
    return hashlib.sha256(public_pem.strip().encode()).hexdigest()[:16]


def signature_valid(public_pem: str, body: bytes, signature: bytes) -> bool:
    public = serialization.load_pem_public_key(public_pem.encode())
    if not isinstance(public, Ed25519PublicKey):
        return False
    try:
        public.verify(signature, body)
        return True
    except InvalidSignature:
        return False
