"""apply_fixes at start/end, grow/shrink, adjacent, overlapping, stale; properties with hypothesis."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repair.core.fixes import apply_fixes, fix_until_stable
from repair.core.models import Applicability, Edit, Finding, Fix, Origin, Severity, Span


def finding(text: str, start: int, end: int, replacement: str, *, code: str = "GL001",
            applicability: Applicability = Applicability.SAFE, expected: str | None = None,
            ) -> Finding:
    span = Span(start=start, end=end)
    exp = text[start:end] if expected is None else expected
    return Finding(code=code, name="x", message="m", severity=Severity.WARNING, span=span,
                   origin=Origin.GLOSSARY, text=exp,
                   fix=Fix(edits=(Edit(span=span, replacement=replacement, expected=exp),),
                           applicability=applicability))


def test_start_and_end_grow_and_shrink() -> None:
    text = "大赦数据集和变压器"
    fs = [finding(text, 0, 2, "MNIST"), finding(text, 6, 9, "T")]
    new, applied, skipped = apply_fixes(text, fs)
    assert new == "MNIST数据集和T"
    assert len(applied) == 2 and not skipped


def test_adjacent_edits_both_apply() -> None:
    text = "abcdef"
    new, applied, _ = apply_fixes(text, [finding(text, 0, 3, "X"), finding(text, 3, 6, "Y")])
    assert new == "XY" and len(applied) == 2


def test_overlapping_second_fix_is_skipped_and_reported() -> None:
    text = "abcdef"
    new, applied, skipped = apply_fixes(text, [finding(text, 0, 4, "X"), finding(text, 2, 6, "Y")])
    assert new == "Xef"
    assert [s.reason for s in skipped] == ["overlap"]


def test_stale_edit_is_skipped() -> None:
    text = "abcdef"
    stale = finding(text, 0, 2, "X", expected="zz")
    new, applied, skipped = apply_fixes(text, [stale])
    assert new == text and not applied and skipped[0].reason == "stale"


def test_threshold_keeps_unsafe_fixes_out_by_default() -> None:
    text = "abc"
    f = finding(text, 0, 1, "X", applicability=Applicability.UNSAFE)
    assert apply_fixes(text, [f])[0] == "abc"
    assert apply_fixes(text, [f], Applicability.UNSAFE)[0] == "Xbc"
    d = finding(text, 0, 1, "X", applicability=Applicability.DISPLAY_ONLY)
    assert apply_fixes(text, [d], Applicability.UNSAFE)[0] == "abc"


def test_insertions_at_one_point_do_not_both_apply() -> None:
    text = "ab"
    new, applied, skipped = apply_fixes(text, [finding(text, 1, 1, " "), finding(text, 1, 1, "-")])
    assert len(applied) == 1 and skipped[0].reason == "overlap"


def test_fix_until_stable_detects_loops() -> None:
    def check(text: str, _n: int) -> list[Finding]:
        a, b = ("甲", "乙") if "甲" in text else ("乙", "甲")
        i = text.index(a)
        return [finding(text, i, i + 1, b)]

    with pytest.raises(ValueError, match="did not converge"):
        fix_until_stable("一甲二", check)


def test_edit_requires_expected_of_span_length() -> None:
    with pytest.raises(ValueError):
        Edit(span=Span(start=0, end=2), replacement="x", expected="abc")


_alphabet = st.sampled_from(list("ab变压器\r\n 。x"))


@st.composite
def text_and_fixes(draw: st.DrawFn) -> tuple[str, list[Finding]]:
    text = draw(st.text(alphabet=_alphabet, min_size=0, max_size=40))
    fs = []
    for _ in range(draw(st.integers(0, 6))):
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, len(text)))
        rep = draw(st.text(alphabet=_alphabet, max_size=5))
        fs.append(finding(text, a, b, rep))
    return text, fs


@given(text_and_fixes())
@settings(max_examples=300, deadline=None)
def test_nothing_outside_applied_spans_changes(case: tuple[str, list[Finding]]) -> None:
    text, fs = case
    new, applied, _ = apply_fixes(text, fs)
    # rebuild from the applied edits alone: the rest must be original slices, in order
    pos, parts = 0, []
    for f in sorted(applied, key=lambda f: (f.span.start, f.span.end)):
        parts.append(text[pos:f.span.start])
        parts.append(f.fix.edits[0].replacement)  # type: ignore[union-attr]
        pos = f.span.end
    parts.append(text[pos:])
    assert new == "".join(parts)
    spans = sorted((f.span.start, f.span.end) for f in applied)
    for (_, e1), (s2, _) in itertools.pairwise(spans):
        assert e1 <= s2


_pieces = st.sampled_from(["神经坚果", "变压器", "变换器", "Transformer", "注意力是你需要的全部",
                           "《", "》", "模型的", "重量", "大赦", "，", "。", "\r\n", "\n", "abc ",
                           "Pie Torch", "x"])


@given(st.lists(_pieces, max_size=25).map("".join))
@settings(max_examples=200, deadline=None)
def test_fixing_with_the_glossary_is_idempotent_and_local(text: str) -> None:
    from helpers import check_text

    from repair.core.models import Applicability

    def check(t: str, _n: int) -> list[Finding]:
        return check_text(t)

    once, applied, _, _ = fix_until_stable(text, check, Applicability.UNSAFE)
    twice, applied2, _, passes = fix_until_stable(once, check, Applicability.UNSAFE)
    assert twice == once and not applied2 and passes == 1
    assert once.count("\n") == text.count("\n") and once.count("\r") == text.count("\r")
