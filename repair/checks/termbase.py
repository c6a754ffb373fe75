"""TB rules: garbles derived from the English termbase, with context deciding which to report.

The glossary (GL rules) lists known wrong strings; these rules know English terms instead and
derive what a literal, misheard or transliterated rendering of each looks like (see
repair/termbase/). The glossary is the user's word: a span it matches, flagged or gated out,
is left to it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from repair.checks.base import Check, CheckContext, Rule, make_diagnostic
from repair.core.document import Document
from repair.core.models import Applicability, Diagnostic, Origin, Severity
from repair.termbase.detect import Detection, detect
from repair.termbase.titles import detect_titles
from repair.termbase.transliteration import detect_transliterations

_SAFETY = (
    "Fix: SAFE only for a listed wrong rendering that no dictionary has, next to its entry's\n"
    "cues, in a technical document; UNSAFE for everything else (a dictionary word may be right\n"
    "in its everyday sense; a derived compound is a guess); none when two terms compete."
)
TB001 = Rule(
    "TB001",
    "literal-term",
    "A term of art rendered in its everyday sense or word by word",
    Severity.WARNING,
    Origin.TERMBASE,
    "safe",
    "Derives, from each English term in the termbase, the Chinese a literal translation would\n"
    "produce (CC-CEDICT senses of the term and of each of its words) and reports those strings\n"
    "when the context is technical: the term's own cues nearby (训练 near 时代), no everyday\n"
    "collocation (电网 near 变压器), other terms of art around.\n"
    "Example: 我们用一热编码表示类别 -> 独热编码 (one-hot encoding = one + hot + encoding).\n" + _SAFETY,
)
TB002 = Rule(
    "TB002",
    "misheard-term",
    "A term that speech recognition heard as a sound-alike",
    Severity.WARNING,
    Origin.TERMBASE,
    "unsafe",
    "Speech recognition hears an English sound-alike (nets -> nuts, MNIST -> amnesty) and\n"
    "the translation renders that word faithfully. Derived from the termbase with Metaphone\n"
    "keys over CC-CEDICT's English glosses. Example: 神经坚果 -> 神经网络.\n"
    "Fix: UNSAFE at most (the intended term is a guess from sound).",
)
TB003 = Rule(
    "TB003",
    "transliterated-name",
    "A name that Chinese keeps in English, spelled in characters",
    Severity.WARNING,
    Origin.TERMBASE,
    "unsafe",
    "Products, libraries and companies that Chinese tech writing keeps in English (Kafka,\n"
    "Redis, CUDA) spelled out in transliteration characters (卡夫卡, 雷迪斯, 酷达): the pinyin\n"
    "of the run and the English name share a phonetic key. People's names are left alone\n"
    "(transliterating them is normal). Example: 我们把日志写进卡夫卡 -> Kafka.\n"
    "Fix: UNSAFE (卡夫卡 is also the novelist).",
)

RULES = (TB001, TB002, TB003)
_RULES = {r.code: r for r in RULES}
_CATEGORY = {"TB001": "sense", "TB002": "asr", "TB003": "name"}


def check_termbase(doc: Document, ctx: CheckContext) -> Iterator[Diagnostic]:
    ct = ctx.termbase
    if ct is None:
        return
    text = doc.text
    taken = sorted((m.start, m.end) for m in ctx.matcher.iter_matches(text))
    tc = ctx.technical_context(doc)
    for d in detect(text, ct, doc.in_structure, context=tc):
        if not _overlaps(taken, d.start, d.end):
            bisect.insort(taken, (d.start, d.end))
            yield _finding(doc, d)
    for d in (
        *detect_transliterations(text, ct, doc.in_structure, context=tc),
        *detect_titles(text, ct, doc.in_structure),
    ):
        if not _overlaps(taken, d.start, d.end):  # 雷迪斯 found as a literal already
            bisect.insort(taken, (d.start, d.end))
            yield _finding(doc, d)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(spans, (start, start))
    return any(a < end and start < b for a, b in spans[max(0, i - 4) : i + 4])


def _finding(doc: Document, d: Detection) -> Diagnostic:
    rule = _RULES[d.code]
    target = d.replacement or " | ".join(d.alternatives)
    message = f"{d.text!r} looks like a garbled rendering: should be {target}"
    return make_diagnostic(
        doc,
        rule,
        d.start,
        d.end,
        message,
        replacement=d.replacement,
        applicability=Applicability.SAFE if d.safe else Applicability.UNSAFE,
        alternatives=d.alternatives,
        confidence=d.confidence,
        evidence=f"{d.derivation}. Context: {d.evidence}",
        category=_CATEGORY[d.code],
        entry_id=d.entry_id,
    )


TERMBASE_CHECK = Check(rules=RULES, run=check_termbase)
