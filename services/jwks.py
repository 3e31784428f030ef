"""The identity provider's signing keys from its JWKS URL, trusted for a bounded time.

A key the provider removes stops working at the next scheduled refresh (`max_age`); a token
signed with a key id we do not know fetches the set once at once, but never more often than
`min_refresh` apart, so a flood of invented key ids cannot hammer the provider.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import jwt
import structlog

log = structlog.get_logger("cascade.auth")

#: A key set is a few kilobytes; anything much larger is not one.
MAX_JWKS_BYTES = 1_000_000


class UnknownSigningKey(Exception):
    """The token's key id is not in the provider's current key set."""


class JwksKeys:
    """Signing keys by key id, refreshed when older than `max_age` or, rate-limited, when unknown."""

    def __init__(
        self,
        url: str,
        max_age: float = 300.0,
        min_refresh: float = 5.0,
        timeout: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.max_age = max_age
        self.min_refresh = min_refresh
        self.timeout = timeout
        self._clock = clock
        self._keys: dict[str | None, Any] = {}
        self._fetched_at: float | None = None
        self._lock = threading.Lock()

    def key_for(self, token: str) -> Any:
        """The verification key of the token's `kid` (or the only key, when the token names none)."""
        kid = jwt.get_unverified_header(token).get("kid")
        with self._lock:
            if self._due(self.max_age):
                self._refresh()
            key = self._find(kid)
            if key is None and self._due(self.min_refresh):
                self._refresh()
                key = self._find(kid)
        if key is None:
            raise UnknownSigningKey(f"no signing key {kid!r} in the identity provider's key set")
        return key

    def key_in_memory(self, token: str) -> Any:
        """The key of the token's `kid` when held and not due a refresh, else None: never fetches
        nor waits for a fetch another thread is doing (so it may run on the event loop)."""
        kid = jwt.get_unverified_header(token).get("kid")
        if not self._lock.acquire(blocking=False):
            return None
        try:
            return None if self._due(self.max_age) else self._find(kid)
        finally:
            self._lock.release()

    def _due(self, interval: float) -> bool:
        return self._fetched_at is None or self._clock() - self._fetched_at >= interval

    def _find(self, kid: str | None) -> Any:
        if kid is None and len(self._keys) == 1:
            return next(iter(self._keys.values()))
        return self._keys.get(kid)

    def _refresh(self) -> None:
        """Replace the keys with the provider's current set; on failure keep them and log."""
        self._fetched_at = self._clock()
        try:
            self._keys = self._fetch()
        except (OSError, ValueError, AttributeError) as error:
            log.warning("identity provider keys not refreshed", url=self.url, error=str(error)[:300])

    def _fetch(self) -> dict[str | None, Any]:
        request = urllib.request.Request(self.url, headers={"Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
            body = answer.read(MAX_JWKS_BYTES + 1)
        if len(body) > MAX_JWKS_BYTES:
            raise ValueError("the key set is larger than any key set")
        listed = json.loads(body).get("keys")
        if not isinstance(listed, list):
            raise ValueError("the answer is not a JWK set")
        keys = {}
        for entry in listed:
            try:
                key = jwt.PyJWK(entry)
            except (jwt.PyJWTError, TypeError, KeyError):
                continue  # a key type or algorithm we do not verify with: not ours to use
            if key.public_key_use in (None, "sig"):
                keys[key.key_id] = key.key
        return keys
