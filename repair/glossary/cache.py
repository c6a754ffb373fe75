"""The validated glossary cached as JSON, keyed by the file's content hash and schema version.

Parsing the YAML costs most of a small run's start-up; a cache hit only validates JSON (about
7x faster). A cache file is never trusted: any read, JSON or validation failure rebuilds it, and
a changed glossary or schema gets a new key. JSON rather than pickle: loading it runs no code.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from repair.glossary.schema import SCHEMA_VERSION, Glossary, parse_glossary

# bump when Glossary's fields or their meaning change, so old cache files are not read
CACHE_VERSION = 1


def _cache_path(text: str) -> Path:
    from repair.termbase.cache import cache_dir  # the one user cache dir (MT_REPAIR_CACHE_DIR)

    key = hashlib.sha256(f"{SCHEMA_VERSION}:{CACHE_VERSION}:{text}".encode()).hexdigest()[:32]
    return cache_dir() / f"glossary-{key}.json"


def cached_parse(text: str, path: str) -> Glossary:
    """``parse_glossary(text, path)``, answered from the cache when a valid entry exists."""
    cache = _cache_path(text)
    try:
        return Glossary.model_validate(json.loads(cache.read_text(encoding="utf-8")))
    except Exception:  # missing, corrupt or stale: rebuild, never trust
        pass
    glossary = parse_glossary(text, path)  # raises GlossaryError with file:line for bad input
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".glossary-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(glossary.model_dump(mode="json"), fh, ensure_ascii=False)
        os.replace(tmp, cache)  # atomic: a concurrent reader sees the old file or the new one
    except OSError:
        pass  # a read-only cache dir only costs speed
    return glossary
