"""Speakers inferred from the document: frequent labels are the speakers, a rare label that is
a garble of one of them is reported with that speaker as the fix.

A label is a garble of a frequent one when (checked in this order):
- it is that label's English translated as a common noun (标记 for Mark, 意志 for Will,
  玫瑰 for Rose), or a Chinese role label mistranslated (主机 "host computer" for 主持人 "host"):
  the two share an English gloss in CC-CEDICT;
- it is a brand or word that sounds like it (凌志 = Lexus ≈ Lex);
- it is a transliteration of it (马克 for Mark, 莱克斯 for Lex, 丹尼尔 for Daniel);
- it differs from it by a character or two of the same sound.
A rare label related to no frequent one is a speaker in its own right and is left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .phonetic import key_similarity, name_key, pinyin_key

_HAN_RE = re.compile(r"[\u3400-\u9fff]")
_LATIN_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z .'-]*$")
MIN_SOUND_SIMILARITY = 0.75


@dataclass(frozen=True)
class LabelGarble:
    label: str
    speaker: str
    reason: str


def main_speakers(labels: Sequence[str]) -> list[str]:
    """Labels frequent enough to be the document's speakers: at least two turns and at least a
    tenth of the turns (a two-person interview has two; a panel has more)."""
    counts = Counter(labels)
    total = sum(counts.values())
    return [lab for lab, n in counts.most_common() if n >= 2 and n >= 0.1 * total]


Glosses = Callable[[str], list[str]]  # a word's English glosses (CC-CEDICT)


def infer_garbles(labels: Sequence[str], glosses: Glosses) -> dict[str, LabelGarble]:
    """Rare labels that garble a main speaker's label, with the reason in words."""
    counts = Counter(labels)
    speakers = main_speakers(labels)
    if not speakers:
        return {}
    top = counts[speakers[0]]
    rare = [lab for lab in counts if lab not in speakers and counts[lab] <= max(2, top // 3)]
    out: dict[str, LabelGarble] = {}
    for label in rare:
        found = _explain(label, speakers, glosses)
        if found is not None:
            out[label] = found
    return out


def explain_label(label: str, speakers: list[str], glosses: Glosses) -> LabelGarble | None:
    """Why ``label`` is a garble of one of ``speakers``, or None."""
    return _explain(label, speakers, glosses)


def _english_of(label: str, glosses: Glosses) -> list[str]:
    if _LATIN_NAME_RE.match(label):
        return [label.lower()]
    return glosses(label) if _HAN_RE.search(label) else []


def _explain(label: str, speakers: list[str], glosses: Glosses) -> LabelGarble | None:
    mine = _english_of(label, glosses)
    best: tuple[float, str, str] | None = None
    for speaker in speakers:
        theirs = _english_of(speaker, glosses)
        shared = sorted(set(mine) & set(theirs))
        if shared:
            return LabelGarble(label, speaker, f"{label} and {speaker} both mean '{shared[0]}'")
        if _LATIN_NAME_RE.match(speaker):
            target = name_key(speaker)
            for gloss in mine:  # 凌志 = Lexus, which sounds like Lex
                sim = key_similarity(name_key(gloss), target)
                if sim >= MIN_SOUND_SIMILARITY and (best is None or sim > best[0]):
                    best = (sim, speaker, f"{label} means '{gloss}', which sounds like {speaker}")
            if _HAN_RE.search(label):
                sim = key_similarity(pinyin_key(label), target)
                if sim >= MIN_SOUND_SIMILARITY and (best is None or sim > best[0]):
                    best = (sim, speaker, f"{label} is a transliteration of {speaker}")
        elif _HAN_RE.search(label) and _HAN_RE.search(speaker) and len(label) == len(speaker):
            same = sum(a == b for a, b in zip(label, speaker, strict=True))
            if same >= len(label) - 1 and pinyin_key(label) == pinyin_key(speaker):
                best = (1.0, speaker, f"{label} sounds like {speaker}")
    if best is None:
        return None
    return LabelGarble(label, best[1], best[2])
