"""Derive, from each English term, the Chinese strings a garbled translation of it would contain.

Mechanisms (each candidate says which, and how it was built, so a reviewer can check it):

- ``literal``: listed in the termbase as a known wrong rendering.
- ``sense``: a CC-CEDICT everyday sense of the English (epoch → 时代, Rust → 铁锈).
- ``compound``: a multi-word term translated word by word (one-hot encoding → 一热编码).
- ``sound``: speech recognition heard an English sound-alike, which was then translated
  (nets → "nuts" → 坚果, so neural nets → 神经坚果; MNIST → "amnesty" → 大赦).

Nothing here looks at a document; ``detect.py`` finds these strings and weighs their context.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .candidate import Candidate
from .lexicon import Lexicon, senses_of_word, sound_alikes
from .schema import Kind, TermEntry

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9']*")
_HAN_RE = re.compile(r"[\u3400-\u9fff]")
# English words a literal translation drops or renders as a particle: not parts of a compound
_STOP = frozenset("a an the of to in on for and or with by at as is are be from into via".split())
MAX_PER_ENTRY = 320
# a wrong piece this common (规模, 来自, 团队) makes an ordinary phrase, not a garble
COMMON_PIECE = 3000
COMMON_SOUND = 1500
# speech recognition hears common words, and translation renders them in common senses: a
# sound-alike whose Chinese is this rare (白秋沙鸭 for 'smew') will not turn up in a document
RARE_PIECE = 30
MAX_PARTS = 3


@dataclass(frozen=True, slots=True)
class _Part:
    zh: str
    gloss: str  # what this piece renders, for the derivation
    correct: bool  # a correct rendering of its word (from the termbase), not a wrong sense
    sound: bool  # from an English sound-alike


def english_words(en: str) -> list[str]:
    return [w for w in _WORD_RE.findall(en.replace("-", " ")) if w.lower() not in _STOP]


def derive_entry(
    entry: TermEntry, lex: Lexicon, vocab: dict[str, list[str]], accepted: frozenset[str]
) -> list[Candidate]:
    """Candidates for one entry; none equal to, or made only of pieces of, an accepted form."""
    out: dict[str, Candidate] = {}
    arrow = f"{entry.en} → {entry.preferred}"

    def add(text: str, mechanism: str, derivation: str, parts: int) -> None:
        if len(text) < 2 or not _HAN_RE.search(text) or text in accepted or text in out:
            return
        if any(text in form for form in entry.accepted):
            return
        out[text] = Candidate(text, entry.key, mechanism, derivation, parts)

    for text in entry.literal:
        add(text, "literal", f"{text}: a known wrong rendering of {arrow}", 1)

    words = english_words(entry.en)
    own = tuple(z for z in (*entry.zh, *entry.accept) if _HAN_RE.search(z))
    if len(words) == 1:
        # ResNet = Res + Net, overfitting = over + fitting: a compound word goes word by word too
        words = split_compound(words[0], lex) or words
    # the whole English as one dictionary sense: drop out → 辍学, Rust → 铁锈, Spark → 火花
    for phrase in _phrases(entry):
        names = lex.name_senses(phrase) if entry.keep_english and entry.kind.is_name else []
        for zh in names:  # Kafka -> 卡夫卡 (Franz Kafka): the name of someone else
            if not _is_piece_of(zh, own):
                add(zh, "sense", f"{zh} = {phrase}, another person or place of that name; here {arrow}", 1)
        for zh in lex.senses(phrase, limit=6):
            # an everyday word this common is only reportable when listed as a literal
            if len(zh) >= 2 and not _is_piece_of(zh, own) and lex.frequency(zh) < COMMON_PIECE:
                add(zh, "sense", f"{zh} = the everyday sense of '{phrase}'; here {arrow}", max(1, len(words)))
        if entry.kind is Kind.ACRONYM or entry.keep_english or len(words) == 1:
            # a lone misheard word is an ordinary word: only exact sound-alikes are worth it
            same = entry.kind is not Kind.ACRONYM
            for alike in sound_alikes(phrase, vocab, limit=3, same_key=same):
                for zh in senses_of_word(lex, alike, limit=2):
                    if len(zh) >= 2 and not _is_piece_of(zh, own) and lex.frequency(zh) < COMMON_SOUND:
                        add(zh, "sound", f"{zh} = '{alike}', heard for '{phrase}'; here {arrow}", 1)
    phrases = [words, *(english_words(a) for a in entry.aliases if a.isascii() and " " in a)]
    aligned = _aligned_parts(words, own, lex)  # neural network: 神经 + 网络, also for "neural nets"
    by_word = {words[i].lower(): pieces for i, pieces in aligned.items()}
    for parts in phrases:
        if not 2 <= len(parts) <= MAX_PARTS:
            continue
        for text, derivation, heard in _compounds(parts, own, lex, vocab, by_word):
            if len(out) >= MAX_PER_ENTRY:
                break
            add(text, "sound" if heard else "compound", f"{derivation} → {arrow}", len(parts))
    return list(out.values())


_CAMEL_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def split_compound(word: str, lex: Lexicon) -> list[str] | None:
    """Split a camel-case name (ResNet, ImageNet, PyTorch) or a closed compound that the
    dictionary does not know (overfitting, dropout) into English words it does know."""
    camel = _CAMEL_RE.findall(word)
    if len(camel) >= 2 and all(p.isalpha() for p in camel):
        return camel
    w = word.lower()
    if len(w) < 6 or not w.isalpha() or lex.senses(w, limit=1):
        return None
    best: tuple[int, list[str]] | None = None
    for i in range(3, len(w) - 2):
        left, right = w[:i], w[i:]
        if senses_of_word(lex, left, limit=1) and senses_of_word(lex, right, limit=1):
            score = min(len(left), len(right))
            if best is None or score > best[0]:
                best = (score, [left, right])
    return best[1] if best else None


def _phrases(entry: TermEntry) -> list[str]:
    out: list[str] = []
    for form in (entry.en,):
        for variant in (form, form.replace("-", " "), form.replace("-", "")):
            if variant.lower() not in (p.lower() for p in out):
                out.append(variant)
    return out


def _is_piece_of(zh: str, forms: Sequence[str]) -> bool:
    return any(zh in f for f in forms)


def _aligned_parts(words: Sequence[str], own: Sequence[str], lex: Lexicon) -> dict[int, list[str]]:
    """Correct pieces of a two-word term's rendering: 神经网络 with 网络 = network gives 神经 for
    neural, so a garble that keeps one word right (神经坚果) is derived too."""
    out: dict[int, list[str]] = {}
    if len(words) != 2:
        return out
    for rendering in own:
        for i, word in enumerate(words):
            for zh in senses_of_word(lex, word, limit=8):
                if rendering.endswith(zh) and i == 1 and len(rendering) > len(zh):
                    out.setdefault(0, []).append(rendering[: -len(zh)])
                    out.setdefault(1, []).append(zh)
                elif rendering.startswith(zh) and i == 0 and len(rendering) > len(zh):
                    out.setdefault(0, []).append(zh)
                    out.setdefault(1, []).append(rendering[len(zh) :])
    return out


def _compounds(
    words: list[str],
    own: Sequence[str],
    lex: Lexicon,
    vocab: dict[str, list[str]],
    aligned: dict[str, list[str]],
) -> Iterable[tuple[str, str, bool]]:
    slots: list[list[_Part]] = []
    for word in words:
        parts = [_Part(z, word, True, False) for z in dict.fromkeys(aligned.get(word.lower(), []))]
        for zh in senses_of_word(lex, word, limit=6):
            correct = _is_piece_of(zh, own)
            if correct or len(zh) == 1 or RARE_PIECE <= lex.frequency(zh) < COMMON_PIECE:
                parts.append(_Part(zh, word, correct, False))
        if len(word) >= 3:
            for alike in sound_alikes(word, vocab, limit=6):
                for zh in senses_of_word(lex, alike, limit=2):
                    if len(zh) >= 2 and RARE_PIECE <= lex.frequency(zh) < COMMON_SOUND:
                        parts.append(_Part(zh, f"{alike}', heard for '{word}", False, True))
        if not parts:
            return
        slots.append(parts[:24])
    for combo in itertools.product(*slots):
        if all(p.correct for p in combo) or sum(p.sound for p in combo) > 1:
            continue
        text = "".join(p.zh for p in combo)
        if len(text) < 3 or _is_piece_of(text, own):
            continue
        if len(text) < 4 and any(len(p.zh) == 1 and not p.correct for p in combo):
            continue  # 时间花, 大约一: a one-character wrong piece makes a phrase, not a garble
        if any(p.sound for p in combo) and len(text) < 4:
            continue
        pieces = " + ".join(f"{p.zh} ('{p.gloss}')" for p in combo)
        yield text, f"{text} = {pieces}", any(p.sound for p in combo)
