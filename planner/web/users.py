"""The users of `planner serve`: who they are, what they may see, their hashed passwords.

The file is JSON, one object per user: `{"users": {"<name>": {"role": ..., "industries": [...],
"customers": [...], "hash": "$argon2id$..."}}}`. Passwords are hashed with Argon2id
(argon2-cffi): a memory-hard hash, so a stolen file is slow to attack on any hardware. The file
is written whole to a temporary file beside it and swapped in, so it is never half written.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ROLES = ("director", "industry", "manager")
_HASHER = PasswordHasher()
# verified against when a name is unknown, so that a wrong name costs as much as a wrong password
_DUMMY = _HASHER.hash("not a password of anyone")


class UsersError(Exception):
    """A users file that cannot be read or a change that cannot be made; says why."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code, self.params = code, params


@dataclass(frozen=True)
class User:
    """A person who may use the app, and the industries and customers given to them."""

    name: str
    role: str
    industries: tuple[str, ...] = ()
    customers: tuple[str, ...] = ()
    hash: str = field(default="", repr=False)

    @property
    def session_key(self) -> str:
        """What a session carries to show it was made with the current password."""
        return hashlib.sha256(self.hash.encode()).hexdigest()[:16]

    def to_json(self) -> dict[str, Any]:
        """The user's entry in the file."""
        return {"role": self.role, "industries": list(self.industries),
                "customers": list(self.customers), "hash": self.hash}


def read_users(path: Path) -> dict[str, User]:
    """Every user of the file at `path` (a missing file has none)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as e:
        raise UsersError("users_unreadable", path=str(path), detail=str(e)) from None
    try:
        data = json.loads(text)
        users = {}
        for name, entry in data["users"].items():
            if entry["role"] not in ROLES or not isinstance(entry["hash"], str):
                raise ValueError(name)
            users[name] = User(name, entry["role"], tuple(entry.get("industries", [])),
                               tuple(entry.get("customers", [])), entry["hash"])
        return users
    except (ValueError, KeyError, TypeError, AttributeError):
        raise UsersError("users_bad_file", path=str(path)) from None


def write_users(path: Path, users: dict[str, User]) -> None:
    """Write the users file whole (a temporary file beside it, then swapped in)."""
    data = {"users": {name: users[name].to_json() for name in sorted(users)}}
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".users-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o600)  # hashes are secrets too
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def new_user(name: str, role: str, password: str, industries: tuple[str, ...] = (),
             customers: tuple[str, ...] = ()) -> User:
    """A user with `password` hashed (Argon2id)."""
    if not name.strip():
        raise UsersError("user_bad_name", name=name)
    if role not in ROLES:
        raise UsersError("user_bad_role", role=role)
    if not password:
        raise UsersError("user_no_password")
    if role == "industry" and not industries:
        raise UsersError("user_needs_industries", name=name)
    if role == "manager" and not customers:
        raise UsersError("user_needs_customers", name=name)
    return User(name, role, industries, customers, _HASHER.hash(password))


def verify(users: dict[str, User], name: str, password: str) -> User | None:
    """The user if `password` is theirs; else None, after the same work as a real check."""
    user = users.get(name)
    try:
        _HASHER.verify(user.hash if user else _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    return user
