"""Run-time look-ups into CC-CEDICT and pinyin, from a small SQLite file built once.

The speaker check asks what a rare label means in English (标记 → mark, 凌志 → Lexus, 主机 →
host) and how it sounds; the transliteration check how a run of characters sounds. Parsing
CC-CEDICT takes seconds and importing pypinyin a third of a second, so both are read once into
``cedict-lookup-*.sqlite`` in the cache directory and looked up a word at a time.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
from functools import cache, lru_cache
from pathlib import Path

MAX_CHARS = 4
MAX_GLOSSES = 6
_VERSION = 2
_lock = threading.Lock()


def _store_path() -> Path:
    from .cache import cache_dir
    from .lexicon import cedict_path

    return cache_dir() / f"cedict-lookup-v{_VERSION}-{cedict_path().stat().st_size}.sqlite"


def _build(target: Path) -> None:
    from pypinyin import Style, lazy_pinyin

    from .lexicon import load_lexicon

    lex = load_lexicon()
    chars = sorted({ch for word in lex.glosses_of for ch in word})
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".lookup-", suffix=".tmp")
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        with db:
            db.execute("CREATE TABLE gloss (zh TEXT PRIMARY KEY, en TEXT)")
            db.execute("CREATE TABLE pinyin (ch TEXT PRIMARY KEY, py TEXT)")
            db.executemany(
                "INSERT INTO gloss VALUES (?, ?)",
                ((w, json.dumps(g[:MAX_GLOSSES])) for w, g in lex.glosses_of.items() if len(w) <= MAX_CHARS),
            )
            db.executemany(
                "INSERT INTO pinyin VALUES (?, ?)",
                ((ch, py) for ch in chars for py in lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")[:1]),
            )
        db.close()
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


@cache
def _connection() -> sqlite3.Connection:
    target = _store_path()
    with _lock:
        if not target.is_file():
            _build(target)
    return sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)


def _query(sql: str, key: str) -> str | None:
    try:
        row = _connection().execute(sql, (key,)).fetchone()
    except sqlite3.Error:
        _connection.cache_clear()  # a corrupt store is rebuilt on the next run
        _store_path().unlink(missing_ok=True)
        return None
    return str(row[0]) if row else None


@lru_cache(maxsize=4096)
def glosses_of(zh: str) -> list[str]:
    """CC-CEDICT's English glosses of a word of up to four characters (normalised)."""
    found = _query("SELECT en FROM gloss WHERE zh = ?", zh)
    return list(json.loads(found)) if found else []


@lru_cache(maxsize=65536)
def char_pinyin(ch: str) -> str:
    """The first pinyin reading of a character, without tones ('' when unknown)."""
    return _query("SELECT py FROM pinyin WHERE ch = ?", ch) or ""
