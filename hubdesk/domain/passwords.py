"""Password hashes: scrypt from the standard library, at OWASP's minimum for scrypt
(N=2^17, r=8, p=1: 128 MiB of memory and about half a second per hash).

A stored hash carries its parameters, `scrypt$N$r$p$salt$digest` (salt and digest in base64), so
that a hash made with weaker ones is still checked, and replaced at the next successful sign-in
(`needs_rehash`). `dummy_hash()` is what a sign-in checks a password against when the account is
unknown, so that an unknown name costs the same work as a real one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
DIGEST_BYTES = 32
# scrypt needs 128·r·N·p bytes (128 MiB at the parameters above); hashlib refuses to use more
# than `maxmem`, so each hash is given what its own parameters need plus a margin. A stored hash
# asking for more than MAX_MEMORY (a damaged or hostile row) is not computed: it matches nothing.
_MARGIN = 16 * 1024 * 1024
MAX_MEMORY = 1024 * 1024 * 1024


def _memory(n: int, r: int, p: int) -> int:
    return 128 * r * n * p + _MARGIN


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=_memory(n, r, p), dklen=length)


def _encode(n: int, r: int, p: int, salt: bytes, digest: bytes) -> str:
    return "scrypt${}${}${}${}${}".format(n, r, p, base64.b64encode(salt).decode(),
                                          base64.b64encode(digest).decode())


def hash_password(password: str, *, n: int = SCRYPT_N) -> str:
    """A new salted hash of `password` (`n` lower than SCRYPT_N only where a test says why)."""
    salt = os.urandom(16)
    return _encode(n, SCRYPT_R, SCRYPT_P, salt, _scrypt(password, salt, n, SCRYPT_R, SCRYPT_P, DIGEST_BYTES))


def parameters(stored: str | None) -> tuple[int, int, int] | None:
    """(N, r, p) of a stored hash; None when it is not one of ours."""
    if not stored:
        return None
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
    except ValueError:
        return None
    return (n, r, p) if n > 1 and r > 0 and p > 0 else None


def needs_rehash(stored: str | None) -> bool:
    """Whether a stored hash was made with weaker parameters than today's (or is not readable)."""
    found = parameters(stored)
    return found is None or found[0] < SCRYPT_N or found[1] < SCRYPT_R or found[2] < SCRYPT_P


def verify_password(password: str, stored: str | None) -> bool:
    found = parameters(stored)
    if found is None or stored is None:
        return False
    n, r, p = found
    if _memory(n, r, p) > MAX_MEMORY:
        return False
    try:
        _scheme, _n, _r, _p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest, validate=True)
        got = _scrypt(password, base64.b64decode(salt, validate=True), n, r, p, len(expected) or 1)
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(got, expected)


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash of no password, with today's parameters: checking a password against it costs what
    checking it against a real account's hash costs, and never matches (its digest is random,
    not computed, so making it costs nothing)."""
    return _encode(SCRYPT_N, SCRYPT_R, SCRYPT_P, os.urandom(16), os.urandom(DIGEST_BYTES))


__all__ = ["SCRYPT_N", "SCRYPT_P", "SCRYPT_R", "dummy_hash", "hash_password", "needs_rehash", "parameters",
           "verify_password"]
