"""The coach's secret key: `COACH_SECRET_KEY`, or one made on first start and kept with the data.

With TinyDB the key lives in the data directory; with PostgreSQL it lives in the database's
shared data, so every replica keys its logs alike.

It keys the log pseudonyms (`coaching.core.model.UserRef.log_id`), so logs can't be matched to
platform ids by hashing candidates. The file is readable by its owner only (0600) and written
atomically, so a crash never leaves half a key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from bot.storage import TinyStore, atomic_write
from coaching.core.store import Store

ENV_NAME = "COACH_SECRET_KEY"
KEY_FILE = "secret.key"
SECRETS = "secrets"  # the shared table that holds the key when there is no data directory


def secret_key(store: Store, env: Mapping[str, str] | None = None) -> bytes:
    """The environment's key when set, else the store's (made now if it has none)."""
    env = os.environ if env is None else env
    if env.get(ENV_NAME):
        return env[ENV_NAME].encode()
    if isinstance(store, TinyStore):
        return _file_key(store.root / KEY_FILE)
    with store.shared() as data:
        doc = data.get(SECRETS, "log")
        if doc is None:
            doc = {"id": "log", "key": secrets.token_hex(32)}
            data.put(SECRETS, doc)
    return bytes.fromhex(doc["key"])


def _file_key(path: Path) -> bytes:
    try:
        stored = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        stored = ""
    if not stored:
        stored = secrets.token_hex(32)
        atomic_write(path, stored.encode())
    try:
        return bytes.fromhex(stored)
    except ValueError:
        raise ValueError(f"{path} is not a key this coach wrote. Delete it and a new one is made "
                         "(log pseudonyms change; nothing else does).") from None


def log_key(secret: bytes) -> bytes:
    """The key for log pseudonyms only, derived so the secret itself can serve other uses unchanged."""
    return hmac.new(secret, b"log pseudonyms", hashlib.sha256).digest()
