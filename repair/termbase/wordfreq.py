"""How common a Chinese string is as a word (jieba's dictionary counts), cached per string set.

The glossary check asks this of its wrong renderings: a string that is an ordinary word
(变压器, 辍学, 老板) can be right in its everyday sense, so its fix is never SAFE and it needs
technical context. Reading jieba's dictionary takes about a second, so the answer for one
glossary is cached by the hash of its strings.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable

_VERSION = 1


def word_frequencies(strings: Iterable[str]) -> dict[str, int]:
    """jieba counts for those of ``strings`` that are dictionary words (others are absent)."""
    from .cache import cache_dir

    wanted = sorted(set(strings))
    digest = hashlib.sha256(("\x1f".join(wanted) + f"v{_VERSION}").encode()).hexdigest()[:20]
    target = cache_dir() / f"wordfreq-{digest}.json"
    try:
        with open(target, encoding="utf-8") as fh:
            data = json.load(fh)
        if isinstance(data, dict):
            return {str(k): int(v) for k, v in data.items()}
    except (OSError, ValueError, TypeError):
        pass
    from .lexicon import jieba_dict_path

    want = set(wanted)
    found: dict[str, int] = {}
    with open(jieba_dict_path(), encoding="utf-8") as fh:
        for line in fh:
            word, _, rest = line.partition(" ")
            if word in want:
                try:
                    found[word] = int(rest.split(" ", 1)[0])
                except ValueError:
                    continue
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".wordfreq-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(found, fh, ensure_ascii=False)
        os.replace(tmp, target)
    except OSError:
        pass
    return found
