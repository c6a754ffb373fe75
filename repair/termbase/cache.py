"""The compiled termbase's cache: a marshal file with everything matching needs and an SQLite
file with the derivation texts, keyed by the termbase files' content and COMPILER_VERSION. A
cache that is unreadable, of another version or for other inputs is rebuilt, never trusted."""

from __future__ import annotations

import hashlib
import marshal
import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from .compiled import (
    COMPILER_VERSION,
    CompiledTermbase,
    EntryTable,
    compile_entries,
    load_entries,
    termbase_files,
)

# Two files per compiled termbase: a marshal file with everything matching needs (marshal, not
# pickle: it builds plain values only, and a few tens of milliseconds load 170k candidates) and
# an SQLite file with the derivation texts, looked up only for the findings reported.


def _inputs_hash(paths: Sequence[Path]) -> str:
    from .lexicon import cedict_path, jieba_dict_path

    h = hashlib.sha256(f"mt-repair termbase v{COMPILER_VERSION} {sys.version}".encode())
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    for p in (cedict_path(), jieba_dict_path()):
        h.update(str(p.stat().st_size).encode())
    return h.hexdigest()[:24]


def cache_dir() -> Path:
    override = os.environ.get("MT_REPAIR_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mt-repair"))


def _core(ct: CompiledTermbase, raw_entries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "version": COMPILER_VERSION,
        "entries": raw_entries,
        "keys": ct.keys,
        "candidates": ct.candidates,
        "freq": ct.freq,
        "words": ct.words,
        "tame": ct.tame,
        "anchors": ct.anchors,
        "protected": ct.protected,
        "name_keys": ct.name_keys,
        "translit_chars": ct.translit_chars,
        "translit_words": ct.translit_words,
        "prefix": ct.prefix,
    }


def _from_core(data: Any, store: Path) -> CompiledTermbase:
    if not isinstance(data, dict) or data.get("version") != COMPILER_VERSION:
        raise ValueError("stale cache")
    fields = (
        "keys",
        "candidates",
        "freq",
        "words",
        "tame",
        "anchors",
        "protected",
        "name_keys",
        "translit_chars",
        "translit_words",
        "prefix",
    )
    return CompiledTermbase(
        entries=EntryTable(data["entries"]), derivations=_sqlite_lookup(store), **{f: data[f] for f in fields}
    )


def _sqlite_lookup(store: Path) -> Callable[[str, str], str]:
    conn: list[sqlite3.Connection] = []

    def lookup(text: str, key: str) -> str:
        try:
            if not conn:
                conn.append(sqlite3.connect(f"file:{store}?mode=ro", uri=True))
            row = conn[0].execute("SELECT d FROM derivation WHERE t = ? AND k = ?", (text, key)).fetchone()
        except sqlite3.Error:
            return ""
        return str(row[0]) if row else ""

    return lookup


def _write_cache(
    ct: CompiledTermbase, raw_entries: dict[str, dict[str, Any]], core_path: Path, store: Path
) -> None:
    core_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_db = _temp_in(core_path.parent)
    try:
        db = sqlite3.connect(tmp_db)
        try:
            with db:
                db.execute("CREATE TABLE derivation (t TEXT, k TEXT, d TEXT, PRIMARY KEY (t, k))")
                db.executemany(
                    "INSERT OR REPLACE INTO derivation VALUES (?, ?, ?)",
                    ((t, c.entry_id, c.derivation) for t in ct.candidates for c in ct.candidates_for(t)),
                )
        finally:
            db.close()
        os.replace(tmp_db, store)
        tmp = _temp_in(core_path.parent)
        with open(tmp, "wb") as fh:
            marshal.dump(_core(ct, raw_entries), fh)
        os.replace(tmp, core_path)  # last: a core file means its store is complete
    finally:
        for leftover in core_path.parent.glob(".termbase-*.tmp"):
            leftover.unlink(missing_ok=True)
    _remove_stale(core_path.parent, keep=core_path.stem)


def _temp_in(folder: Path) -> str:
    fd, name = tempfile.mkstemp(dir=folder, prefix=".termbase-", suffix=".tmp")
    os.close(fd)
    return name


def _remove_stale(folder: Path, keep: str) -> None:
    """Caches of other termbase versions are dead weight (tens of MB each): remove them."""
    for old in folder.glob("termbase-*"):
        if not old.name.startswith(keep):
            try:
                old.unlink()
            except OSError:
                pass


def is_cached(paths: Sequence[Path] | None = None) -> bool:
    """Whether the compiled termbase for ``paths`` is in the cache (a run will be quick)."""
    paths = list(paths) if paths is not None else termbase_files()
    return (cache_dir() / f"termbase-{_inputs_hash(paths)}.marshal").is_file()


def load_compiled(
    paths: Sequence[Path] | None = None,
    *,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> CompiledTermbase:
    """The compiled termbase for ``paths`` (default: the shipped termbase), from cache if valid."""
    paths = list(paths) if paths is not None else termbase_files()
    if use_cache:
        digest = _inputs_hash(paths)
        core_path = cache_dir() / f"termbase-{digest}.marshal"
        store = cache_dir() / f"termbase-{digest}.sqlite"
        try:
            with open(core_path, "rb") as fh:
                return _from_core(marshal.loads(fh.read()), store)
        except (OSError, ValueError, EOFError, TypeError, KeyError):
            pass  # missing, corrupt or stale: rebuild
    entries = load_entries(paths)
    compiled = compile_entries(entries, progress)
    if use_cache:
        raw = {e.key: e.model_dump(mode="json") for e in entries}
        try:
            _write_cache(compiled, raw, core_path, store)
        except (OSError, sqlite3.Error):
            pass  # an unwritable cache only costs time
    return compiled


@cache
def default_compiled() -> CompiledTermbase:
    return load_compiled()
