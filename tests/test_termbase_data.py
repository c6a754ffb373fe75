"""The shipped termbase: size, coverage of the domains, and the invariants the detector relies on."""

from __future__ import annotations

import re
from collections import Counter

from repair.termbase.cache import default_compiled
from repair.termbase.compiled import load_entries, termbase_files

_HAN = re.compile(r"[\u3400-\u9fff]")


def test_size_and_domains() -> None:
    entries = load_entries(termbase_files())
    assert len(entries) >= 3000
    domains = Counter(e.domain for e in entries)
    for d in (
        "ai-ml",
        "math-stats",
        "distributed-systems",
        "databases",
        "cloud-devops",
        "programming",
        "operating-systems",
        "security",
        "web-mobile",
        "hardware",
        "orgs",
        "products",
        "people",
        "works",
    ):
        assert domains[d] >= 100, d


def test_keys_are_unique() -> None:
    keys = Counter(e.key for e in load_entries(termbase_files()))
    assert [k for k, n in keys.items() if n > 1] == []


def test_no_correct_rendering_is_a_candidate() -> None:
    """codespell's rule: nothing a fix writes, and nothing any entry accepts, may be flagged."""
    ct = default_compiled()
    accepted = {a for key in ct.entries for a in ct.entries[key].accepted if _HAN.search(a)}
    assert accepted.isdisjoint(ct.candidates)
    assert accepted <= ct.protected


def test_risky_everyday_words_carry_cues() -> None:
    """A candidate that is an ordinary word is only reported near its entry's cues, so an entry
    whose listed wrong renderings are ordinary words and that has no cues could never fire."""
    ct = default_compiled()
    silent = []
    for text in ct.words:
        for c in ct.candidates_for(text):
            e = ct.entries[c.entry_id]
            if c.mechanism == "literal" and not e.cues:
                silent.append(e.key)
    assert len(set(silent)) <= 0.1 * len(ct.entries), sorted(set(silent))[:40]
