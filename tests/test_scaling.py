"""Issue 9: the linear guard builder and conflict sweep give exactly what the quadratic ones gave."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from repair.core.fixes import _overlaps_self, _TakenSpans
from repair.core.models import Applicability, Edit, Span
from repair.glossary.matcher import _guards_for
from repair.glossary.schema import load_glossary
from repair.runner import check_file, context_for, fix_file, load_document, selected_codes
from repair.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
# sha256 of the fixture's findings and fixed text, recorded before issue 9 changed the
# matcher and apply_fixes (tests/data/issue9_golden.json); output must stay byte-identical
GOLDEN = json.loads((ROOT / "tests" / "data" / "issue9_golden.json").read_text(encoding="utf-8"))


def fixture_digests(path: Path) -> dict[str, str]:
    glossary = load_glossary(ROOT / "glossary.yaml")
    ctx = context_for(Settings(), glossary)
    codes = selected_codes([], [])
    found = check_file(load_document(path), ctx, codes).findings
    findings = json.dumps([f.model_dump(mode="json") for f in found], ensure_ascii=False)
    fixed = fix_file(load_document(path), ctx, codes, Applicability.SAFE)
    outcome = json.dumps(
        [[f.fingerprint for f in fixed.applied], [[s.finding.fingerprint, s.reason] for s in fixed.skipped]]
    )

    def sha(s: str) -> str:
        return hashlib.sha256(s.encode("utf-8")).hexdigest()

    return {"findings": sha(findings), "fixed": sha(fixed.fixed), "outcome": sha(outcome)}


def test_fixture_output_is_byte_identical() -> None:
    assert fixture_digests(ROOT / "fixtures" / "lex_karpathy_zh.txt") == GOLDEN


def brute_guards(wrong: list[str], accepted: set[str]) -> dict[str, set[tuple[str, int]]]:
    out: dict[str, set[tuple[str, int]]] = {}
    for key in wrong:
        for form in accepted:
            if form != key:
                k = form.find(key)
                while k >= 0:
                    out.setdefault(key, set()).add((form, k))
                    k = form.find(key, k + 1)
    return out


def as_sets(guards: dict[str, list[tuple[str, int]]]) -> dict[str, set[tuple[str, int]]]:
    return {k: set(v) for k, v in guards.items()}


def test_guards_match_brute_force_on_the_glossary() -> None:
    glossary = load_glossary(ROOT / "glossary.yaml")
    accepted = {f for e in glossary.entries for f in (*e.right, *e.accept)}
    wrong = sorted({w for e in glossary.entries for w in e.wrong} - accepted)
    assert as_sets(_guards_for(wrong, accepted)) == brute_guards(wrong, accepted)


def test_guards_match_brute_force_on_random_terms() -> None:
    rng = random.Random(9)
    alphabet = "aab重量模型"
    for _ in range(200):
        wrong = sorted({"".join(rng.choices(alphabet, k=rng.randint(1, 3))) for _ in range(6)})
        accepted = {"".join(rng.choices(alphabet, k=rng.randint(1, 6))) for _ in range(6)}
        assert as_sets(_guards_for(wrong, accepted)) == brute_guards(wrong, accepted)


def old_conflict(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] == a[1] and b[0] == b[1]:
        return a[0] == b[0]
    return Span(start=a[0], end=a[1]).overlaps(Span(start=b[0], end=b[1]))


spans = st.tuples(st.integers(0, 12), st.integers(0, 4)).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(spans, min_size=1, max_size=3), max_size=12))
def test_sweep_takes_what_the_pairwise_test_took(fixes: list[list[tuple[int, int]]]) -> None:
    taken_old: list[tuple[int, int]] = []
    index = _TakenSpans()
    for fix in fixes:
        edits = [Edit(span=Span(start=s, end=e), replacement="x", expected="a" * (e - s)) for s, e in fix]
        self_old = any(old_conflict(a, b) for i, a in enumerate(fix) for b in fix[i + 1 :])
        any_old = any(old_conflict(e, t) for e in fix for t in taken_old)
        assert _overlaps_self(edits) == self_old
        assert index.conflicts_any(edits) == any_old
        if not (self_old or any_old):
            taken_old.extend(fix)
            index.add_all(edits)
