"""Answer cache: SQLite, keyed by (model, prompt version, request kind, prompt hash).

What is stored is the server's chat completion (JSON), never a request header, so no secret can
land here. One connection guarded by a lock serves every thread; SQLite's own locking (WAL, busy
timeout) covers several processes sharing the folder. Batch results are imported into the same
table under their ``custom_id``, which is the cache key.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from repair.llm.prompts import PROMPT_VERSION

CACHE_FILE = "llm-answers.sqlite3"
# An answer is a few JSON fields about one passage; anything much larger is a hostile or broken
# server's output and is not kept (it is asked again next time).
MAX_STORED_BYTES = 256 * 1024
KEY_PREFIXES = ("lm-loc-", "lm-pla-")


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mt-repair"))


def cache_key(model: str, kind: str, messages: Sequence[dict[str, str]]) -> str:
    """``lm-loc-…`` / ``lm-pla-…``: stable across runs, short enough for a batch custom_id."""
    payload = json.dumps(
        {"v": PROMPT_VERSION, "model": model, "kind": kind, "messages": list(messages)},
        ensure_ascii=False,
        sort_keys=True,
    )
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:48]
    return f"lm-{kind[:3]}-{digest}"


class AnswerCache:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / CACHE_FILE
        self._lock = threading.Lock()
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as exc:  # "file is not a database": a cache, so rebuild it
            if isinstance(exc, sqlite3.OperationalError):  # locked, unreadable: not corruption
                raise
            print(f"warning: {self.path}: {exc}; rebuilding the LLM answer cache", file=sys.stderr)
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
        try:
            self._init(db)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _init(self, db: sqlite3.Connection) -> None:
        with self._lock:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA busy_timeout=30000")
            db.execute(
                "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, model TEXT NOT NULL, "
                "created REAL NOT NULL, completion TEXT NOT NULL)"
            )

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT completion FROM answers WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            value = json.loads(row[0])
        except json.JSONDecodeError:
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, model: str, completion: dict[str, Any]) -> None:
        data = json.dumps(completion, ensure_ascii=False, separators=(",", ":"))
        if len(data.encode("utf-8")) > MAX_STORED_BYTES:
            return
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)", (key, model, time.time(), data)
            )

    def delete(self, key: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM answers WHERE key = ?", (key,))

    def __len__(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT COUNT(*) FROM answers").fetchone()
        return int(row[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()
