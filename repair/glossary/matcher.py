"""One Aho-Corasick automaton over every glossary term: leftmost-longest, non-overlapping matches.

ahocorasick-rs (Rust) is used rather than pyahocorasick: with a thousand CJK terms the root
node has a thousand children, and pyahocorasick's per-character lookup there is ~6x slower.

Two roles share the automaton: ``wrong`` renderings (to flag) and concept ``variant`` renderings
(counted for consistency). A wrong match that sits inside an accepted form of any entry is not
a finding: accepted terms are exceptions for every rule.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

import ahocorasick_rs

from repair.glossary.schema import Entry, EntryKind, Glossary


class Role(str, Enum):
    WRONG = "wrong"
    VARIANT = "variant"


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    entry: Entry
    role: Role
    term: str  # the glossary form that matched (before case folding variants)


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


def _case_variants(term: str) -> set[str]:
    return {term, term.lower(), term.upper(), term.title(), term[:1].upper() + term[1:]}


def _guards_for(wrong: list[str], accepted: set[str]) -> dict[str, list[tuple[str, int]]]:
    """For each wrong term, the accepted forms that contain it and the offsets where it occurs.

    One automaton over the wrong terms, run once over every accepted form (all overlapping
    occurrences), costs the total length of the forms plus the guards found; testing every wrong
    term against every accepted form was quadratic (53 min at 100k entries).
    """
    guards: dict[str, list[tuple[str, int]]] = {}
    if not wrong or not accepted:
        return guards
    automaton = ahocorasick_rs.AhoCorasick(wrong, matchkind=ahocorasick_rs.MatchKind.Standard)
    for form in sorted(accepted):  # sorted: the same guard order in every process
        for index, start, _end in automaton.find_matches_as_indexes(form, overlapping=True):
            key = wrong[index]
            if key != form:
                guards.setdefault(key, []).append((form, start))
    return guards


class GlossaryMatcher:
    # protected forms that contain a given wrong term, with the offsets where it occurs
    _guards: dict[str, list[tuple[str, int]]]

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        accepted: set[str] = set()
        for e in glossary.entries:
            accepted.update(e.right)
            accepted.update(e.accept)
        keys: dict[str, tuple[Entry, Role, str]] = {}
        for e in glossary.entries:
            for w in e.wrong:
                forms = _case_variants(w) if e.ignore_case else {w}
                for f in forms:
                    if f in accepted or (f in keys and keys[f][0] is not e):
                        continue  # an accepted form of another entry wins
                    keys[f] = (e, Role.WRONG, w)
            if e.kind is EntryKind.CONCEPT:
                for v in (*e.right, *e.accept):
                    keys.setdefault(v, (e, Role.VARIANT, v))
        self._keys = list(keys)
        self._values = [keys[k] for k in self._keys]
        self._guards = _guards_for([k for k, v in keys.items() if v[1] is Role.WRONG], accepted)
        self._automaton = (
            ahocorasick_rs.AhoCorasick(self._keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
            if keys
            else None
        )

    def _protected(self, text: str, key: str, start: int) -> bool:
        for form, k in self._guards.get(key, ()):
            s = start - k
            if s >= 0 and text.startswith(form, s):
                return True
        return False

    def iter_matches(self, text: str) -> Iterator[Match]:
        """All matches in ``text`` (gates not applied: the check decides, it knows the domain)."""
        if self._automaton is None:
            return
        n = len(text)
        keys, values = self._keys, self._values
        for index, start, end in self._automaton.find_matches_as_indexes(text, overlapping=False):
            key = keys[index]
            entry, role, term = values[index]
            if _is_word_char(key[0]) and start > 0 and _is_word_char(text[start - 1]):
                continue
            if _is_word_char(key[-1]) and end < n and _is_word_char(text[end]):
                continue
            if role is Role.WRONG and self._protected(text, key, start):
                continue
            yield Match(start, end, entry, role, term)


_CACHE: weakref.WeakKeyDictionary[Glossary, GlossaryMatcher] = weakref.WeakKeyDictionary()


def matcher_for(glossary: Glossary) -> GlossaryMatcher:
    """Building the automaton costs milliseconds per thousand terms; do it once per glossary."""
    m = _CACHE.get(glossary)
    if m is None:
        m = GlossaryMatcher(glossary)
        _CACHE[glossary] = m
    return m
