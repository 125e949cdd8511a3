"""A keyed hash of planner's bookkeeping in OUT, so that what it reads back is what it wrote.

The key is made once per user, kept outside every output folder ($XDG_CACHE_HOME/planner, mode
0600). Bookkeeping whose seal does not match (edited, damaged, written by another user or a
version of planner without seals) is not used: the build parses, reviews and renders again.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os


@functools.cache
def _key() -> bytes | None:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "planner", "seal.key")
    try:
        with open(path, "rb") as f:
            key = f.read(64)
        if len(key) == 32:
            return key
    except OSError:
        pass
    tmp = f"{path}.{os.getpid()}"
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(os.urandom(32))
        os.link(tmp, path)  # the first key made wins; a concurrent build reads that one
        os.unlink(tmp)
    except FileExistsError:
        os.unlink(tmp)
    except OSError:
        return None  # no place for a key: bookkeeping is written but never trusted
    try:
        with open(path, "rb") as f:
            key = f.read(64)
    except OSError:
        return None
    return key if len(key) == 32 else None


def seal(*parts: bytes) -> str:
    """The seal of some bytes ("" when there is no key)."""
    key = _key()
    if key is None:
        return ""
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for part in parts:
        mac.update(len(part).to_bytes(8, "big") + part)
    return mac.hexdigest()


def sealed(mark: str, *parts: bytes) -> bool:
    """Whether `mark` is the seal of these bytes."""
    expected = seal(*parts)
    return bool(expected) and hmac.compare_digest(expected, mark)
