"""Span verification and guards: nothing a model says becomes an edit unless it is a short,
minimal replacement of text that is really there.

``locate`` finds a quoted span in the passage (exactly; after stripping quotes or a speaker label;
or by fuzzy match via difflib, preferring the occurrence nearest the claimed place). ``guard``
rejects corrections that are not minimal edits: empty, long, sentence rewrites, runaway
repetition, or touching a Latin-script token of the original. Failures of the soft kind keep the
suggestion as an alternative for a reviewer; hard ones drop it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

MAX_SPAN = 12  # characters; longer only for literal titles
MAX_TITLE_SPAN = 40
MAX_FIX = 60
FUZZY_MIN_RATIO = 0.75  # to accept a recovered span at all
FUZZY_FIX_RATIO = 0.85  # to keep the fix of a recovered span
FUZZY_MAX_CHARS = 80  # longer quotes are only matched exactly

LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_.+#'’][A-Za-z0-9]+)*[+#]*")
_SENTENCE_PUNCT = re.compile(r"[。！？；!?;]")
_REPEAT = re.compile(r"(.{1,8}?)\1{3,}", re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_QUOTES = "\"'“”‘’「」『』【】<>〈〉 \t\u3000"
_LABEL = re.compile(r"^[^\s:：]{1,24}[:：]\s*")
_EDGE_PUNCT = set("，。！？；：、,.!?;: \t\n\u3000")


@dataclass(frozen=True, slots=True)
class Region:
    """A contiguous piece of document text the quoted span may lie in."""

    start: int
    text: str


@dataclass(frozen=True, slots=True)
class Located:
    start: int
    end: int
    how: str  # "exact", "normalized" or "fuzzy"
    ratio: float = 1.0


@dataclass(frozen=True, slots=True)
class Verdict:
    reason: str | None = None  # why the correction is rejected; None when it may be offered
    soft: bool = False  # a soft rejection keeps the suggestion as an alternative

    @property
    def ok(self) -> bool:
        return self.reason is None


def _variants(quoted: str) -> list[tuple[str, str]]:
    out = [(quoted, "exact")]
    stripped = quoted.strip(_QUOTES)
    if stripped and stripped != quoted:
        out.append((stripped, "normalized"))
    unlabelled = _LABEL.sub("", stripped)
    if unlabelled and unlabelled != stripped:
        out.append((unlabelled.strip(_QUOTES), "normalized"))
    return out


def _pick(candidates: list[tuple[int, int]], hint: int | None) -> tuple[int, int]:
    if hint is not None:
        after = [c for c in candidates if c[0] >= hint]
        if after:
            return after[0]
    return candidates[0]


def _fuzzy(quoted: str, regions: Sequence[Region], hint: int | None) -> Located | None:
    n = len(quoted)
    if n < 3 or n > FUZZY_MAX_CHARS:
        return None  # short spans match anything; long ones are no minimal edit anyway
    slack = max(1, n // 4)
    best: tuple[float, int, int, int] | None = None  # (ratio, -distance, start, end)
    for region in regions:
        text = region.text
        for length in range(max(2, n - slack), n + slack + 1):
            for i in range(0, len(text) - length + 1):
                window = text[i : i + length]
                if window[0] in _EDGE_PUNCT or window[-1] in _EDGE_PUNCT:
                    continue
                sm = SequenceMatcher(None, quoted, window, autojunk=False)
                if sm.real_quick_ratio() < FUZZY_MIN_RATIO or sm.quick_ratio() < FUZZY_MIN_RATIO:
                    continue
                ratio = sm.ratio()
                if ratio < FUZZY_MIN_RATIO:
                    continue
                start = region.start + i
                dist = abs(start - hint) if hint is not None else 0
                key = (round(ratio, 6), -dist, start, start + length)
                if best is None or key[:2] > best[:2]:
                    best = key
    if best is None:
        return None
    return Located(best[2], best[3], "fuzzy", best[0])


def locate(quoted: str, regions: Sequence[Region], hint: int | None = None) -> Located | None:
    """Where ``quoted`` lies in the regions, or None. ``hint`` is a document offset to prefer."""
    if not quoted.strip():
        return None
    for variant, how in _variants(quoted):
        hits: list[tuple[int, int]] = []
        for region in regions:
            k = region.text.find(variant)
            while k >= 0:
                hits.append((region.start + k, region.start + k + len(variant)))
                k = region.text.find(variant, k + 1)
        if hits:
            start, end = _pick(hits, hint)
            return Located(start, end, how)
    return _fuzzy(quoted.strip(_QUOTES) or quoted, regions, hint)


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def guard(doc_text: str, start: int, end: int, fix: str, category: str) -> Verdict:
    """May ``doc_text[start:end]`` be replaced by ``fix``? Minimal edits only."""
    span = doc_text[start:end]
    if not fix.strip():
        return Verdict("empty correction")
    if fix == span:
        return Verdict("correction equals the text")
    if _CONTROL.search(fix):
        return Verdict("correction contains a line break or control character")
    m = _REPEAT.search(fix)
    if m and m.group(0) not in span:
        return Verdict("correction repeats itself (runaway output)")
    if len(fix) > MAX_FIX or len(_SENTENCE_PUNCT.findall(fix)) > len(_SENTENCE_PUNCT.findall(span)):
        return Verdict("correction rewrites a sentence instead of a term")
    if (start > 0 and _is_latin(doc_text[start - 1]) and _is_latin(doc_text[start])) or (
        end < len(doc_text) and end > start and _is_latin(doc_text[end - 1]) and _is_latin(doc_text[end])
    ):
        return Verdict("span cuts through a Latin-script word")
    have = Counter(LATIN_TOKEN.findall(fix))
    for token, count in Counter(LATIN_TOKEN.findall(span)).items():
        if have[token] < count:
            return Verdict(f"correction deletes or alters the Latin-script token {token!r}")
    if len(fix) > 3 * len(span) + 8 or 4 * len(fix) < len(span):
        return Verdict(f"correction length ({len(fix)}) differs wildly from the span ({len(span)})")
    limit = MAX_TITLE_SPAN if category == "literal-title" else MAX_SPAN
    if len(span) > MAX_TITLE_SPAN:
        return Verdict(f"span of {len(span)} characters is not a minimal edit")
    if len(span) > limit:
        return Verdict(
            f"span of {len(span)} characters is too long for a minimal edit "
            f"(limit {limit} unless a literal title)",
            soft=True,
        )
    return Verdict()
