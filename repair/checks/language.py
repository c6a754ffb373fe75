"""LG rules: segments left in the source language or in a third language (langdetect).

langdetect is slow (about a millisecond a call), so for a CJK target only stretches written in
another script are sent to it; pure-Han text is the target language by construction.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from repair.checks.base import Check, CheckContext, Rule, make_diagnostic
from repair.core.document import Document
from repair.core.models import Applicability, Diagnostic, Origin, Severity
from repair.glossary.schema import Glossary

LG001 = Rule(
    "LG001",
    "untranslated-segment",
    "A passage left in the source language",
    Severity.WARNING,
    Origin.LANGUAGE,
    "display-only",
    "Finds sentences still in the source language (English in a Chinese translation) with\n"
    "langdetect (seeded, so deterministic). Segments shorter than min_language_chars letters are\n"
    "skipped: short Latin stretches are usually names or terms (GPT, PyTorch) kept on purpose.\n"
    "English inside 《》 or quotation marks (a cited title or quote) and every term the glossary\n"
    "keeps in English (its right and accepted forms) are not counted either, so a glossary fix\n"
    "to 《Attention Is All You Need》 does not trip this rule.\n"
    "Fix: none; the passage needs translating.",
)
LG002 = Rule(
    "LG002",
    "wrong-language",
    "A passage in neither the target nor the source language",
    Severity.WARNING,
    Origin.LANGUAGE,
    "display-only",
    "Finds sentences that langdetect places in a third language (e.g. Japanese or French in a\n"
    "Chinese translation of an English talk). Same length threshold as LG001. Fix: none.",
)

RULES = (LG001, LG002)
_CJK_TARGETS = {"zh", "ja", "ko"}
# a stretch of non-Han letters: Latin words with spaces and light punctuation, kana, hangul
_FOREIGN_RUN = re.compile(
    r"[A-Za-z\u00c0-\u024f\u3040-\u30ff\uac00-\ud7af][A-Za-z\u00c0-\u024f\u3040-\u30ff\uac00-\ud7af"
    r"0-9 \t'’\-,.;:!?()\"/&%]{12,}"
)
_UNIT_END = re.compile(r"[。！？!?\n]")
_LETTER = re.compile(r"[^\W\d_]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


# cited titles and quotations: English there is kept on purpose
_QUOTED = re.compile(r"《[^《》\n]*》|“[^“”\n]*”|「[^「」\n]*」|『[^『』\n]*』|‘[^‘’\n]*’|\"[^\"\n]*\"")
_LATIN = re.compile(r"[A-Za-z]")
_kept_cache: dict[int, tuple[Glossary, re.Pattern[str] | None]] = {}


def _kept_english(glossary: Glossary) -> re.Pattern[str] | None:
    """The glossary's right and accepted forms written in Latin letters, longest first."""
    hit = _kept_cache.get(id(glossary))
    if hit is not None and hit[0] is glossary:
        return hit[1]
    terms = {
        t for e in glossary.entries for t in (*e.right, *e.accept) if len(_LATIN.findall(t)) * 2 > len(t)
    }
    pattern = (
        re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
        if terms
        else None
    )
    if len(_kept_cache) > 8:
        _kept_cache.clear()
    _kept_cache[id(glossary)] = (glossary, pattern)
    return pattern


# URLs, inline code, file names and acronyms (GPU, TCP/IP) are English in Chinese text on purpose
_ON_PURPOSE = re.compile(
    r"https?://\S+|www\.\S+|`[^`\n]*`|\b[\w.-]+\.(?:py|js|ts|rs|go|md|txt|json|yaml|toml|sh)\b"
    r"|\b[A-Z][A-Z0-9]{1,}(?:[/-][A-Z0-9]+)*s?\b"
    r"|\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?:\(\))?"  # torch.nn.functional.softmax
)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#'.-]*[A-Za-z0-9+#]|[A-Za-z]")
_MAX_TERM_WORDS = 8


def _strip_kept(unit: str, ctx: CheckContext) -> str:
    """``unit`` without what Chinese tech writing keeps in English: URLs, code, acronyms, and
    the names and terms the termbase keeps in English (longest phrase first)."""
    unit = _ON_PURPOSE.sub(" ", unit)
    ct = ctx.termbase
    if ct is None:
        return unit
    forms = ct.english_forms
    words = list(_WORD.finditer(unit))
    drop: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        for n in range(min(_MAX_TERM_WORDS, len(words) - i), 0, -1):
            a, b = words[i].start(), words[i + n - 1].end()
            if unit[a:b].lower() in forms:
                drop.append((a, b))
                i += n
                break
        else:
            i += 1
    for a, b in reversed(drop):
        unit = unit[:a] + " " + unit[b:]
    return unit


def _in_quotes(quoted: list[tuple[int, int]], s: int, e: int) -> bool:
    i = bisect.bisect_right(quoted, (s, 1 << 62)) - 1
    return i >= 0 and quoted[i][0] <= s and e <= quoted[i][1]


def _norm(code: str) -> str:
    return code.split("-")[0]


@lru_cache(maxsize=4096)
def detect(text: str) -> tuple[str, float] | None:
    DetectorFactory.seed = 0  # langdetect is random without a seed
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return None
    return _norm(best.lang), float(best.prob)


def _units(doc: Document, ctx: CheckContext) -> Iterator[tuple[int, int]]:
    """Candidate sentence units: for CJK targets, the stretches in another script."""
    text = doc.text
    if _norm(ctx.language) in _CJK_TARGETS:
        for m in _FOREIGN_RUN.finditer(text):
            s, e = m.start(), m.end()
            while e > s and not text[e - 1].isalnum():
                e -= 1
            if not doc.in_structure(s, e):
                yield s, e
        return
    for seg in doc.prose():
        pos = seg.start
        for m in _UNIT_END.finditer(text, seg.start, seg.end):
            yield pos, m.end()
            pos = m.end()
        if pos < seg.end:
            yield pos, seg.end


def check_language(doc: Document, ctx: CheckContext) -> Iterator[Diagnostic]:
    target, source = _norm(ctx.language), _norm(ctx.source_language)
    quoted: list[tuple[int, int]] | None = None
    for s, e in _units(doc, ctx):
        unit = doc.text[s:e]
        letters = len(_LETTER.findall(unit))
        if letters < ctx.min_language_chars or len(_HAN.findall(unit)) * 2 > letters:
            continue
        if quoted is None:  # only documents with a candidate pay for this
            quoted = [m.span() for m in _QUOTED.finditer(doc.text)]
        if _in_quotes(quoted, s, e):
            continue
        kept = _kept_english(ctx.glossary)
        rest = kept.sub("", unit) if kept is not None else unit
        if len(_LETTER.findall(_strip_kept(rest, ctx))) < ctx.min_language_chars:
            continue
        got = detect(unit.strip())
        if got is None or got[0] == target:
            continue
        lang, prob = got
        rule = LG001 if lang == source else LG002
        what = "left untranslated" if rule is LG001 else "in the wrong language"
        yield make_diagnostic(
            doc,
            rule,
            s,
            e,
            f"passage {what} (langdetect: {lang}, p={prob:.2f})",
            applicability=Applicability.DISPLAY_ONLY,
            confidence=round(prob, 3),
            evidence=f"langdetect {lang} {prob:.2f}",
            category="language",
        )


LANGUAGE_CHECK = Check(rules=RULES, run=check_language)
