"""Find derived garbles in a text and decide, from context, which ones to report.

A candidate string (see ``derive.py``) is weighed by:

- what it is: a string no dictionary has (神经坚果, 一热编码) is almost never correct Chinese;
  a dictionary word (时代, 辍学, 变压器) is often right in its everyday sense;
- how common it is (jieba counts): the more everyday the word, the more evidence it needs;
- the entry's cues near it (训练 near 时代) and its everyday collocations (电网 near 变压器 blocks);
- how technical the neighbourhood and the whole document are: correct renderings of other terms
  and Latin-script tokens (GPU, PyTorch) nearby.

Pure: text in, detections out. The check in ``repair/checks/termbase.py`` turns them into findings.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from .candidate import Candidate
from .compiled import CompiledTermbase
from .schema import TermEntry

_HAN_RUN_RE = re.compile(r"[\u3400-\u9fff]{2,}")
_LATIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9+#]*(?:[._-][A-Za-z0-9+#]+)*")
_LIGHT = frozenset("的了着")  # a span holding a particle is a phrase: never SAFE
_MECHANISM_RANK = {"literal": 0, "compound": 1, "sense": 2, "sound": 3}


@dataclass(frozen=True)
class Thresholds:
    """How much evidence a candidate needs. Data, tuned on the dev split only."""

    cue_window: int = 25  # characters either side where an entry's cues count
    block_window: int = 40  # ... where its everyday collocations (not_near) block it
    density_window: int = 60  # ... where technical anchors count
    min_doc_rate: float = 12.0  # anchor weight per 1,000 Han characters: a technical document
    rare_freq: int = 200  # below: a rare word
    common_freq: int = 2000  # at or above: an everyday word
    rare_density: float = 2.5  # a rare word with no cue needs this much density
    mid_density: float = 1.0  # a mid-frequency word with a cue needs this much
    mid_density_alone: float = 4.0  # ... with no cue
    safe_density: float = 1.0  # a SAFE fix needs at least this much technical context


DEFAULT_THRESHOLDS = Thresholds()
SHORT_DOCUMENT = 200  # Han characters: below, a document-wide rate says nothing


@dataclass(frozen=True, slots=True)
class Detection:
    start: int
    end: int
    text: str
    code: str  # TB001 literal rendering, TB002 misheard term, TB003 transliterated name
    entry_id: str
    replacement: str | None
    alternatives: tuple[str, ...]
    safe: bool
    confidence: float
    derivation: str
    evidence: str
    propagates: bool = False  # evidence strong enough to carry to the word's other uses


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    weight: float


class _Anchors:
    """Positions of technical anchors, for window sums by bisection."""

    def __init__(self, hits: list[_Hit]) -> None:
        self.hits = sorted(hits, key=lambda h: h.start)
        self.starts = [h.start for h in self.hits]

    def density(self, start: int, end: int, window: int) -> float:
        lo = bisect.bisect_left(self.starts, start - window)
        hi = bisect.bisect_right(self.starts, end + window)
        seen: set[int] = set()
        total = 0.0
        for h in self.hits[lo:hi]:
            if h.end > start and h.start < end:
                continue  # the candidate itself
            if h.start in seen:
                continue
            seen.add(h.start)
            total += h.weight
        return total

    def total(self) -> float:
        return sum(h.weight for h in self.hits)


def scan(
    text: str, ct: CompiledTermbase, in_structure: Callable[[int, int], bool]
) -> tuple[list[tuple[int, int]], _Anchors, int]:
    """Candidate spans (leftmost-longest, not inside a longer accepted form), anchors, and the
    number of Han characters in prose."""
    candidates: list[tuple[int, int]] = []
    anchors: list[_Hit] = []
    han = 0
    for run in _HAN_RUN_RE.finditer(text):
        a, b = run.span()
        if in_structure(a, b):
            continue
        han += b - a
        protected_until = a
        i = a
        taken_until = a
        while i < b - 1:
            for n in ct.lengths_at(text, i):
                if i + n > b:
                    continue
                s = text[i : i + n]
                if s in ct.protected:
                    protected_until = max(protected_until, i + n)
                    weight = ct.anchors.get(s)
                    if weight:
                        anchors.append(_Hit(i, i + n, weight))
                    break
            for n in ct.lengths_at(text, i):
                if i + n > b or i < taken_until:
                    continue
                s = text[i : i + n]
                if s in ct.candidates and i + n > protected_until:
                    if _inside_protected(text, ct, i, i + n, a, b):
                        continue
                    candidates.append((i, i + n))
                    taken_until = i + n
                    break
            i += 1
    for m in _LATIN_RE.finditer(text):
        if len(m.group()) >= 2 and not in_structure(m.start(), m.end()):
            anchors.append(_Hit(m.start(), m.end(), _latin_weight(m.group())))
    return candidates, _Anchors(anchors), han


def _latin_weight(token: str) -> float:
    """GPU, PyTorch, k8s, xG look technical; a capitalised word is as likely a person's name."""
    rest = token[1:]
    if any(ch.isupper() or ch.isdigit() for ch in rest):
        return 1.0
    return 0.3 if token[0].isupper() else 0.5


def _inside_protected(text: str, ct: CompiledTermbase, start: int, end: int, a: int, b: int) -> bool:
    """Whether an accepted form that starts before ``start`` covers the candidate (时代 in
    新时代 is fine when 新时代 is accepted; 热编码 inside 独热编码 is the right term)."""
    for i in range(max(a, start - 6), start):
        for n in ct.lengths_at(text, i):
            if i + n >= end and i + n <= b and text[i : i + n] in ct.protected:
                return True
    return False


@dataclass(frozen=True)
class TechnicalContext:
    """How technical a document is overall and around a span; shared by the checks."""

    spans: list[tuple[int, int]]  # candidate spans found by ``scan``
    anchors: _Anchors
    doc_rate: float  # anchor weight per 1,000 Han characters of prose
    han: int = 0  # Han characters of prose

    @property
    def technical(self) -> bool:
        """A technical document — or too short to tell (a line, a cue), where only the
        evidence next to each word counts."""
        return self.han < SHORT_DOCUMENT or self.doc_rate >= DEFAULT_THRESHOLDS.min_doc_rate

    def density(self, start: int, end: int, window: int = DEFAULT_THRESHOLDS.density_window) -> float:
        return self.anchors.density(start, end, window)


def technical_context(
    text: str, ct: CompiledTermbase, in_structure: Callable[[int, int], bool]
) -> TechnicalContext:
    spans, anchors, han = scan(text, ct, in_structure)
    return TechnicalContext(spans, anchors, anchors.total() * 1000.0 / max(han, 1), han)


def blocked_by_everyday_use(
    text: str, ct: CompiledTermbase, start: int, end: int, th: Thresholds = DEFAULT_THRESHOLDS
) -> bool:
    """Whether an everyday collocation of a term whose literal rendering this span is sits
    nearby (电网 near 变压器): the span is then the everyday word."""
    return any(
        _blocking(text, ct.entries[c.entry_id].not_near, start, end, th.block_window)
        for c in ct.candidates_for(text[start:end])
        if c.entry_id in ct.entries
    )


def detect(
    text: str,
    ct: CompiledTermbase,
    in_structure: Callable[[int, int], bool],
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    context: TechnicalContext | None = None,
) -> Iterator[Detection]:
    tc = context or technical_context(text, ct, in_structure)
    found: list[Detection] = []
    unproven: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for start, end in tc.spans:
        d = _judge(text, start, end, ct, tc, thresholds)
        if d is not None:
            found.append(d)
        elif tc.technical and not blocked_by_everyday_use(text, ct, start, end, thresholds):
            unproven[text[start:end]].append((start, end))
    found.extend(one_sense_per_document(found, unproven))
    yield from sorted(found, key=lambda d: (d.start, d.end))


def one_sense_per_document(
    found: list[Detection], unproven: dict[str, list[tuple[int, int]]]
) -> Iterator[Detection]:
    """A word used in a document keeps one sense there (Yarowsky's "one sense per discourse"):
    where 变压器 is shown to be the Transformer once, its other uses without evidence either
    way are the Transformer too. Uses next to an everyday collocation are not in ``unproven``."""
    # a sound-alike (试图 for DRY) or an everyday word is proven only where it stands
    proven = {d.text: d for d in found if not d.alternatives and d.code == "TB001" and d.propagates}
    for s, spans in unproven.items():
        model = proven.get(s)
        if model is None:
            continue
        for start, end in spans:
            yield replace(
                model,
                start=start,
                end=end,
                safe=False,
                confidence=round(max(0.4, model.confidence - 0.1), 2),
                evidence="no evidence here, but the same word is reported elsewhere "
                "in this document with technical evidence (one sense per "
                "document)",
            )


_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_PARAGRAPH_END = re.compile(r"\n")


def _near(
    text: str,
    words: tuple[str, ...],
    start: int,
    end: int,
    window: int,
    bound: re.Pattern[str] = _SENTENCE_END,
) -> list[str]:
    """The ``words`` within ``window`` characters either side, not across ``bound``: a cue
    counts in its sentence; an everyday collocation (``_blocking``) in its paragraph, the
    unit of a topic (电网 two sentences before 变压器 still says it is the power grid)."""
    if not words:
        return []
    left = text[max(0, start - window) : start]
    right = text[end : end + window]
    cut = list(bound.finditer(left))
    if cut:
        left = left[cut[-1].end() :]
    stop = bound.search(right)
    if stop:
        right = right[: stop.start()]
    return [w for w in words if w in left or w in right]


def _blocking(text: str, words: tuple[str, ...], start: int, end: int, window: int) -> list[str]:
    return _near(text, words, start, end, window, _PARAGRAPH_END)


def _judge(
    text: str, start: int, end: int, ct: CompiledTermbase, tc: TechnicalContext, th: Thresholds
) -> Detection | None:
    s = text[start:end]
    options: list[tuple[int, int, Candidate, TermEntry, list[str]]] = []
    for c in ct.candidates_for(s):
        e = ct.entries.get(c.entry_id)
        if e is None:
            continue
        if _blocking(text, e.not_near, start, end, th.block_window):
            continue  # an everyday collocation: 电网 near 变压器
        if e.kind.is_name and text[end : end + 1] == "式":
            continue  # 卡夫卡式的: Kafkaesque, the writer, not the product
        cues = _near(text, e.cues, start, end, th.cue_window)
        options.append((-len(cues), _MECHANISM_RANK.get(c.mechanism, 9), c, e, cues))
    if not options:
        return None
    options.sort(key=lambda o: (o[0], o[1]))
    _, _, cand, entry, cues = options[0]
    density = tc.density(start, end, th.density_window)
    # novel: no dictionary has it and it holds a word foreign to technical Chinese (神经坚果);
    # a tame compound of correct pieces (能力评估) is weighed like a dictionary word
    novel = s not in ct.words and s not in ct.tame
    freq = ct.freq.get(s, 0)
    if not tc.technical:
        return None  # a cooking show, a football podcast: everyday senses throughout
    if novel and len(s) < 3:
        novel = False  # two characters (我是, 回卷) are too easily two ordinary words
    if novel:
        # a listed literal or a misheard compound (神经坚果) is odd enough on its own; a
        # word-by-word compound of ordinary words (平台团队) needs the term's cues
        if cand.mechanism == "compound" and not cues:
            return None
        needed = 2.0 if cand.mechanism == "sound" else 1.0
        if not (cues or density >= needed):
            return None
        confidence = 0.85 + (0.05 if cues else 0.0)
    else:
        # a dictionary word is right in its everyday sense unless the entry's own cues say
        # otherwise: a technical neighbourhood alone does not tell 时代 (era) from epoch
        if not cues:
            # a rare, listed wrong rendering (玉米粒, 罗勒, 饭桶) in a dense technical passage:
            # such words have little business there in their everyday sense
            if not (
                cand.mechanism == "literal"
                and not entry.kind.is_name  # a name's everyday sense (登月, 铁锈) needs its cues
                and s in ct.words
                and freq < th.rare_freq
                and density >= th.rare_density
                and tc.technical
            ):
                return None
            ok = True
        elif freq >= th.common_freq:
            # an everyday word derived only from a dictionary sense or a sound (其他 for
            # 'rest' ≈ Rust) is right far too often; a listed literal needs two cues
            ok = cand.mechanism == "literal" and len(cues) >= 2
        elif cand.mechanism == "sound":
            ok = density >= th.mid_density and len(cues) >= 2
        else:
            ok = density >= th.mid_density
        if not ok:
            return None
        confidence = min(0.8, 0.4 + 0.1 * len(cues) + 0.05 * min(density, 4.0))
    rivals = {o[3].preferred for o in options if o[0] == options[0][0]}
    ambiguous = len(rivals) > 1
    replacement = None if ambiguous else entry.preferred
    if (
        replacement
        and replacement.startswith("《")
        and text[start - 1 : start] == "《"
        and text[end : end + 1] == "》"
    ):
        replacement = replacement[1:-1]  # already inside 《》: one pair is enough
    # SAFE only for a curated wrong rendering that no dictionary has (你只看一次, 地面真相), next
    # to its entry's cues: a derived compound is a good guess, not a certainty, and a listed
    # string can still be an ordinary phrase the dictionary splits (监管机构)
    safe = (
        novel
        and bool(cues)  # the entry's own evidence, not only a technical neighbourhood
        and not ambiguous
        and cand.mechanism == "literal"
        and len(s) >= 4
        and not any(ch in _LIGHT for ch in s)
        and density >= th.safe_density
        and tc.technical
    )
    code = "TB002" if cand.mechanism == "sound" else "TB001"
    if novel:
        why = ["not a dictionary word"]
    elif s in ct.words:
        why = [f"a dictionary word (frequency {freq})"]
    else:
        why = ["made of pieces of correct terms"]
    if cues:
        why.append("technical cues nearby: " + "、".join(cues))
    why.append(f"technical context {density:.1f} nearby, {tc.doc_rate:.1f}/1000 in the document")
    return Detection(
        start=start,
        end=end,
        text=s,
        code=code,
        entry_id=entry.key,
        propagates=freq < th.common_freq,
        replacement=replacement,
        alternatives=tuple(sorted(rivals)) if ambiguous else (),
        safe=safe,
        confidence=round(confidence, 2),
        derivation=cand.derivation,
        evidence="; ".join(why),
    )
