"""Titles translated word by word and then worded a little differently (《用于图像识别的深度残差
学习》 for *Deep Residual Learning for Image Recognition*, whose listed literal is 深度残余学习
用于图像识别): a title in 《》 that shares most of its character pairs with a listed literal of a
paper, book or film is that title. Pure, like detect.py."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .compiled import CompiledTermbase
from .detect import Detection

_BRACKETED = re.compile(r"《([^《》\n]{4,60})》")
_HAN = re.compile(r"[\u3400-\u9fff]")
MIN_JACCARD = 0.4
MIN_CONTAINMENT = 0.6


def _pairs(s: str) -> frozenset[str]:
    han = "".join(_HAN.findall(s))
    return frozenset(han[i : i + 2] for i in range(len(han) - 1))


TitleLiterals = list[tuple[str, str, frozenset[str]]]


def _title_literals(ct: CompiledTermbase) -> TitleLiterals:
    """(entry key, literal, its character pairs) for every listed literal of a title; built
    once per compiled termbase, from the cached plain entries (no models built)."""
    found: TitleLiterals | None = getattr(ct, "_title_literals", None)
    if found is None:
        found = []
        raw = getattr(ct.entries, "raw", None)
        for key in ct.keys:
            data = raw[key] if raw is not None else ct.entries[key].model_dump()
            if data["kind"] in ("paper", "book", "film"):
                for lit in data.get("literal", ()):
                    if len(_pairs(lit)) >= 3:
                        found.append((key, lit, _pairs(lit)))
        ct._title_literals = found  # type: ignore[attr-defined]
    return found


def detect_titles(
    text: str, ct: CompiledTermbase, in_structure: Callable[[int, int], bool]
) -> Iterator[Detection]:
    for m in _BRACKETED.finditer(text):
        inner = m.group(1)
        start, end = m.span(1)
        if in_structure(start, end) or inner in ct.protected or not _HAN.search(inner):
            continue
        mine = _pairs(inner)
        if len(mine) < 3:
            continue
        best: tuple[float, str, str] | None = None
        for key, lit, theirs in _title_literals(ct):
            shared = len(mine & theirs)
            jaccard = shared / len(mine | theirs)
            containment = shared / min(len(mine), len(theirs))
            if (
                jaccard >= MIN_JACCARD
                and containment >= MIN_CONTAINMENT
                and (best is None or jaccard > best[0])
            ):
                best = (jaccard, key, lit)
        if best is None:
            continue
        jaccard, key, lit = best
        e = ct.entries[key]
        replacement = e.zh[0] if e.zh else e.en  # inside 《》 already
        yield Detection(
            start=start,
            end=end,
            text=inner,
            code="TB001",
            entry_id=key,
            replacement=replacement,
            alternatives=(),
            safe=False,
            confidence=round(min(0.85, 0.5 + jaccard / 2), 2),
            derivation=f"《{inner}》 reads like {lit}, a word-by-word translation of the "
            f"{e.kind.value} {e.en}",
            evidence=f"shares {jaccard:.0%} of its character pairs with that translation",
        )
