"""A person's handles and ciphertexts: hashes of the normalised name, AES-256-GCM under their key.

`person_ref` is the lookup handle: sha256 of the normalised full name and contact, and
`name_ref` the same of the name alone (to find every record of a name whatever its contact).
Neither is the name itself, though a hash of a known name can be tested against them: that is
why erasure drops them too (tenants/keys.py).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12

_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Same person, same handle: Unicode NFKC, case-folded, ё as е, single inner spaces."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return _SPACES.sub(" ", text).strip()


def name_ref(full_name: str) -> str:
    """Handle of every record of a full name, whatever its contact."""
    return hashlib.sha256(f"cascade-person-name\n{normalise(full_name)}".encode()).hexdigest()


def person_ref(full_name: str, contact: str = "") -> str:
    """Handle of one person's key: the normalised full name and contact, hashed."""
    payload = f"cascade-person\n{normalise(full_name)}\n{normalise(contact)}"
    return hashlib.sha256(payload.encode()).hexdigest()


def encrypt(key_id: str, key: bytes, plaintext: bytes) -> tuple[bytes, bytes]:
    """(nonce, ciphertext) under the person's key, bound to the key id."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce, AESGCM(key).encrypt(nonce, plaintext, key_id.encode())


def decrypt(key_id: str, key: bytes, nonce: bytes, ciphertext: bytes) -> bytes:
    """Raises cryptography.exceptions.InvalidTag when the ciphertext or the key id was altered."""
    return AESGCM(key).decrypt(nonce, ciphertext, key_id.encode())
