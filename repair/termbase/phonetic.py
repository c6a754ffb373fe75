"""Phonetic keys that let an English name meet its Chinese transliteration.

Kafka and 卡夫卡 (ka fu ka), Redis and 雷迪斯 (lei di si), Python and 派森 (pai sen) share a
consonant skeleton once both sides go through the same coarse key: pinyin is first respelled the
way an English reader would say it, both sides go through Metaphone (jellyfish), then sounds
Mandarin does not tell apart for loanwords are merged (r/l, b/p, d/t, g/k, v/f, z/s, th/s).
Characters are read one by one (their first reading): transliterations use characters for their
sound, not as words.
"""

from __future__ import annotations

import re
from functools import lru_cache

import jellyfish

# Mandarin initials respelled for an English reader, longest first
_PINYIN_RESPELL = (
    ("zh", "j"),
    ("ch", "ch"),
    ("sh", "sh"),
    ("x", "sh"),
    ("q", "ch"),
    ("c", "ts"),
    ("z", "dz"),
    ("j", "j"),
)
_COARSE = str.maketrans(
    {
        "R": "L",
        "B": "P",
        "D": "T",
        "G": "K",
        "V": "F",
        "Z": "S",
        "0": "S",
        "X": "S",
        "J": "K",
        "W": "",
        "Y": "",
        "H": "",
    }
)
_LETTERS_RE = re.compile(r"[^a-z]")
_CODA_R_RE = re.compile(r"r(?![aeiouy])")


def _coarse(key: str) -> str:
    out = key.translate(_COARSE)
    # doubled sounds collapse: K-K in 'kafka' vs 'kafuka' both end as KFK
    return re.sub(r"(.)\1+", r"\1", out)


def name_key(english: str) -> str:
    """Coarse phonetic key of an English name (letters only; words run together)."""
    letters = _LETTERS_RE.sub("", english.lower())
    if not letters:
        return ""
    # an r that closes a syllable is silent in Chinese loans (Docker 多克, Spark 斯帕克), one
    # before a vowel is spoken (Grafana 格拉法纳, Postgres 波斯格雷斯)
    letters = letters[:1] + _CODA_R_RE.sub("", letters[1:])
    return _coarse(jellyfish.metaphone(letters))


@lru_cache(maxsize=65536)
def pinyin_key(han: str) -> str:
    """Coarse phonetic key of a Chinese string read as a transliteration."""
    from .glosses import char_pinyin

    syllables = [py for py in map(char_pinyin, han) if py]
    respelled = []
    for syl in syllables:
        for src, dst in _PINYIN_RESPELL:
            if syl.startswith(src):
                syl = dst + syl[len(src) :]
                break
        respelled.append(syl.replace("v", "u").replace("ui", "uei"))
    letters = "".join(respelled)
    return _coarse(jellyfish.metaphone(letters)) if letters else ""


def key_similarity(a: str, b: str) -> float:
    """0..1: 1 when the keys are equal, less with each edit (Levenshtein, normalised)."""
    if not a or not b:
        return 0.0
    return 1.0 - jellyfish.levenshtein_distance(a, b) / max(len(a), len(b))
