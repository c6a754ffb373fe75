"""CC-CEDICT's English glosses of short Chinese words, cached as JSON for run-time look-ups.

The speaker check asks what a rare label means in English (标记 → mark, 凌志 → Lexus, 主机 →
host) to tell a garbled label from a different speaker. Parsing CC-CEDICT takes seconds, the
cached table a few tens of milliseconds, and it is read only when a document has such a label.
"""

from __future__ import annotations

import json
import os
import tempfile
from functools import cache

MAX_CHARS = 4
MAX_GLOSSES = 6
_VERSION = 1


@cache
def english_glosses() -> dict[str, list[str]]:
    from .compiled import cache_dir
    from .lexicon import cedict_path

    target = cache_dir() / f"cedict-glosses-v{_VERSION}-{cedict_path().stat().st_size}.json"
    try:
        with open(target, encoding="utf-8") as fh:
            data = json.load(fh)
        if isinstance(data, dict):
            return data
    except (OSError, ValueError):
        pass
    from .lexicon import load_lexicon

    lex = load_lexicon()
    table = {w: g[:MAX_GLOSSES] for w, g in lex.glosses_of.items() if len(w) <= MAX_CHARS}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".glosses-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(table, fh, ensure_ascii=False)
        os.replace(tmp, target)
    except OSError:
        pass
    return table
