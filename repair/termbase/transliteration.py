"""TB003: names that Chinese tech writing keeps in English, spelled out in transliteration
characters (泰拉弗姆 for Terraform). Pure, like detect.py, whose context it shares."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .compiled import CompiledTermbase
from .detect import (
    DEFAULT_THRESHOLDS,
    Detection,
    TechnicalContext,
    Thresholds,
    _Anchors,
    _blocking,
    technical_context,
)


def detect_transliterations(
    text: str,
    ct: CompiledTermbase,
    in_structure: Callable[[int, int], bool],
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    context: TechnicalContext | None = None,
) -> Iterator[Detection]:
    """Names that Chinese tech writing keeps in English, spelled out in Chinese characters
    (卡夫卡 for Kafka, 雷迪斯 for Redis, 酷达 for CUDA): runs of transliteration characters whose
    phonetic key equals a name's, that no dictionary lists as an ordinary word."""
    from .phonetic import pinyin_key

    if not ct.translit_chars or not ct.name_keys:
        return
    run_re = re.compile(f"[{re.escape(ct.translit_chars)}]{{2,}}")
    tc = context or technical_context(text, ct, in_structure)
    anchors = tc.anchors
    if not tc.technical:
        return
    for run in run_re.finditer(text):
        a, b = run.span()
        if in_structure(a, b) or _next_to_name_dot(text, a, b):
            continue  # 诺姆·沙泽尔 is a person's name spelled out, as it should be
        # the name must be the whole run: a piece of a longer one is not a name of its own
        for i, j in _trimmed(text, a, b):
            s = text[i:j]
            if s in ct.protected or s in ct.translit_words or _holds_word(s, ct.translit_words):
                continue
            key = pinyin_key(s)
            if len(key) < 3:
                continue
            ids = ct.name_keys.get(key, [])
            if ids:
                found = _translit_detection(text, i, j, s, key, ids, ct, anchors, thresholds)
                if found is not None:
                    yield found
                break


def _holds_word(s: str, words: set[str]) -> bool:
    """Whether ``s`` starts or ends with an ordinary word (世界里, 公司会): ordinary text."""
    return any(s[:n] in words or s[-n:] in words for n in (2, 3) if n < len(s))


def _next_to_name_dot(text: str, a: int, b: int) -> bool:
    return text[a - 1 : a] in ("·", "•", "・") or text[b : b + 1] in ("·", "•", "・")


# one-character words that a run of transliteration characters picks up at its edges
# (放在雷迪斯里): trimmed before the run is read as a name
_EDGE_WORDS = frozenset("在里和的是了把给用从到个这那会都就也中上下对比多大新东西等为与及或跟让被")


def _trimmed(text: str, a: int, b: int) -> list[tuple[int, int]]:
    while a < b and text[a] in _EDGE_WORDS:
        a += 1
    while b > a and text[b - 1] in _EDGE_WORDS:
        b -= 1
    return [(a, b)] if 3 <= b - a <= 7 else []


def _translit_detection(
    text: str,
    start: int,
    end: int,
    s: str,
    key: str,
    ids: list[str],
    ct: CompiledTermbase,
    anchors: _Anchors,
    th: Thresholds,
) -> Detection | None:
    entries = [ct.entries[k] for k in ids if k in ct.entries]
    entries = [e for e in entries if not _blocking(text, e.not_near, start, end, th.block_window)]
    if not entries:
        return None
    density = anchors.density(start, end, th.density_window)
    if density < th.mid_density:
        return None
    names = sorted({e.preferred for e in entries})
    replacement = names[0] if len(names) == 1 else None
    return Detection(
        start=start,
        end=end,
        text=s,
        code="TB003",
        entry_id=entries[0].key,
        replacement=replacement,
        alternatives=tuple(names) if replacement is None else (),
        safe=False,
        confidence=0.7,
        derivation=f"{s} sounds like {' / '.join(e.en for e in entries)} "
        f"(phonetic key {key}); Chinese tech writing keeps the name",
        evidence=f"not a dictionary word; technical context {density:.1f} nearby",
    )
