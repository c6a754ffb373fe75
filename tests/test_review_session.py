"""ReviewSession: decisions, undo/redo, filters, journal replay, stale re-attach, apply."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from review_support import EXPECTED, expected_text, findings_of, write_case

from repair.core.fixes import apply_fixes
from repair.core.models import Applicability, Finding
from repair.review.journal import text_hash
from repair.review.session import Filter, ReviewError, ReviewSession, Status


@pytest.fixture
def case(tmp_path: Path) -> tuple[Path, Path, str, list[Finding]]:
    doc, glossary, _ = write_case(tmp_path)
    text, findings = findings_of(doc, glossary)
    return doc, glossary, text, findings


def make(text: str, findings: list[Finding], log: list[dict[str, Any]] | None = None,
         events: list[dict[str, Any]] | None = None) -> ReviewSession:
    return ReviewSession(findings, text=text, text_hash=text_hash(text), path="talk.txt",
                         events=events or [], journal=None if log is None else log.append)


def statuses(s: ReviewSession) -> list[str]:
    return [s.status(f).symbol for f in s.findings]


def test_findings_in_text_order(case) -> None:
    _, _, text, findings = case
    s = make(text, findings)
    assert [(f.code, f.text) for f in s.findings] == [(c, t) for c, t, _ in EXPECTED]
    assert s.progress().total == 6 and s.progress().reviewed == 0
    assert s.cursor == 0


def test_decisions_are_journaled_first_and_advance(case) -> None:
    _, _, text, findings = case
    log: list[dict[str, Any]] = []
    s = make(text, findings, log)
    assert log[0]["event"] == "open" and log[0]["hash"] == text_hash(text)
    s.accept()
    s.reject()
    s.edit("莱克斯")
    s.skip()
    s.pick(2)
    assert statuses(s) == ["✓", "✗", "✎", "»", "✎", "·"]
    assert s.cursor == 5
    events = [e["event"] for e in log[1:]]
    assert events == ["accept", "reject", "edit", "skip", "edit"]
    assert log[3]["replacement"] == "莱克斯" and log[5]["replacement"] == "参数"
    assert all(e["fp"] and e["ts"] for e in log[1:])
    p = s.progress()
    assert (p.reviewed, p.accepted, p.rejected, p.edited, p.skipped) == (4, 1, 1, 2, 1)


def test_journal_failure_changes_nothing(case) -> None:
    _, _, text, findings = case
    s = make(text, findings)

    def broken(event: dict[str, Any]) -> None:
        raise OSError("disk full")
    s._journal = broken
    with pytest.raises(OSError):
        s.accept()
    assert s.decisions == {} and s.cursor == 0


def test_accept_without_fix_points_at_alternatives(case) -> None:
    _, _, text, findings = case
    s = make(text, findings)
    s.goto(4)
    with pytest.raises(ReviewError, match="pick an alternative"):
        s.accept()
    with pytest.raises(ReviewError, match="no alternative 3"):
        s.pick(3)


def test_undo_redo(case) -> None:
    _, _, text, findings = case
    s = make(text, findings)
    s.accept()
    s.reject()
    s.undo()
    assert statuses(s)[:2] == ["✓", "·"] and s.cursor == 1
    s.undo()
    assert statuses(s)[:2] == ["·", "·"] and s.cursor == 0
    s.redo()
    assert statuses(s)[:2] == ["✓", "·"]
    s.skip()  # a new decision clears the redo stack
    with pytest.raises(ReviewError, match="nothing to redo"):
        s.redo()
    s.undo()
    s.undo()
    with pytest.raises(ReviewError, match="nothing to undo"):
        s.undo()


def test_undo_of_a_re_decision_restores_the_earlier_one(case) -> None:
    _, _, text, findings = case
    s = make(text, findings)
    s.edit("X")
    s.goto(0)
    s.reject()
    s.undo()
    d = s.decisions[findings[0].fingerprint]
    assert d.status is Status.EDITED and d.replacement == "X"


def test_filters_by_code_category_confidence_status(case) -> None:
    _, _, text, findings = case
    s = make(text, findings)
    s.set_filter(Filter(codes=("GL00",)))
    assert [s.at(i).code for i in range(len(s.view))] == ["GL002", "GL001", "GL003", "GL001",
                                                          "GL003"]
    s.set_filter(Filter(codes=("GL001", "SP")))
    assert [s.at(i).code for i in range(len(s.view))] == ["GL001", "SP001", "GL001"]
    s.set_filter(Filter(categories=("asr",)))
    assert [s.at(i).text for i in range(len(s.view))] == ["大赦", "神经坚果"]
    s.set_filter(Filter(min_confidence=0.9))
    assert len(s.view) == 4  # the gated 0.6 one and 重量 (an everyday word too: 0.6) are out
    s.set_filter(Filter())
    s.goto(2)
    s.accept()
    s.set_filter(Filter(statuses=(Status.PENDING,)))
    assert len(s.view) == 5 and s.current() is not None
    assert s.current().text == "变形器"  # the cursor stays near where it was
    assert Filter(codes=("GL",), min_confidence=0.5).describe() == "GL conf≥0.5"


def test_accept_all_safe_in_the_view_is_one_undo(case) -> None:
    _, _, text, findings = case
    s = make(text, findings)
    s.goto(1)
    s.reject()
    s.set_filter(Filter(codes=("GL",)))
    n = s.accept_all_safe()
    # SAFE and undecided only: not the UNSAFE gated one, not the rejected one, not no-fix,
    # and not the SP001 outside the filter
    assert n == 2
    assert statuses(s) == ["·", "✗", "·", "✓", "·", "✓"]
    s.undo()
    assert statuses(s) == ["·", "✗", "·", "·", "·", "·"]
    s.set_filter(Filter(codes=("XX",)))
    with pytest.raises(ReviewError):
        s.accept_all_safe()


def test_next_unreviewed_wraps_and_counts_skipped(case) -> None:
    _, _, text, findings = case
    s = make(text, findings)
    for _ in range(6):
        s.reject()
    s.goto(3)
    assert not s.next_unreviewed()
    s.undo()  # the last one is pending again
    s.goto(0)
    assert s.next_unreviewed() and s.cursor == 5


def test_find_text_moves_to_a_finding_on_a_matching_line(case) -> None:
    _, _, text, findings = case
    s = make(text, findings)
    assert s.find_text("很好用") and s.current().line == 6
    assert s.find_text("数据集") and s.current().line == 2  # wraps
    assert not s.find_text("不存在的词")


def test_replay_restores_decisions_stacks_and_place(case) -> None:
    _, _, text, findings = case
    log: list[dict[str, Any]] = []
    a = make(text, findings, log)
    a.accept()
    a.reject()
    a.edit("莱克斯")
    a.undo()
    a.set_filter(Filter(codes=("GL",)))
    a.accept_all_safe()
    b = make(text, findings, events=log)
    assert b.decisions == a.decisions
    assert len(b.undo_stack) == len(a.undo_stack) and len(b.redo_stack) == 0
    assert not b.file_changed and b.progress() == a.progress()
    assert b.current() is not None and b.status(b.current()) is Status.PENDING
    b.undo()  # the replayed accept-all is one step
    assert b.progress().accepted == 1


def test_stale_decisions_after_the_file_changed_elsewhere(case, tmp_path: Path) -> None:
    doc, glossary, text, findings = case
    log: list[dict[str, Any]] = []
    a = make(text, findings, log)
    for _ in range(6):
        a.reject()
    # someone fixes 神经坚果 by hand and adds a line at the top
    changed = "Lex 00:00:00\n开场白。\n" + text.replace("神经坚果", "神经网络")
    doc.write_text(changed, encoding="utf-8")
    text2, findings2 = findings_of(doc, glossary)
    b = make(text2, findings2, events=log)
    assert b.file_changed
    p = b.progress()
    assert p.total == 5 and p.rejected == 5 and p.stale == 1
    (stale,) = b.stale()
    assert (stale.code, stale.text, stale.line) == ("GL001", "神经坚果", 2)
    assert all(b.status(f) is Status.REJECTED for f in b.findings)


def test_saved_decisions_retire_instead_of_going_stale(case) -> None:
    doc, glossary, text, findings = case
    log: list[dict[str, Any]] = []
    a = make(text, findings, log)
    a.goto(1)
    a.accept()  # 神经坚果
    a.reject()  # 凌志
    fixed, applied, _ = apply_fixes(text, a.to_findings_for_apply())
    a.record_save(text_hash(fixed), [f.fingerprint for f in applied])
    assert not a.unsaved()
    doc.write_text(fixed, encoding="utf-8")
    text2, findings2 = findings_of(doc, glossary)
    b = make(text2, findings2, events=log)
    assert not b.file_changed and b.retired == 1
    p = b.progress()
    assert (p.total, p.accepted, p.rejected, p.stale) == (5, 0, 1, 0)
    assert not b.undo_stack  # a save that the file holds is final


def test_to_findings_for_apply(case) -> None:
    _, _, text, findings = case
    s = make(text, findings)
    s.accept()  # the UNSAFE gated fix: a human accepted it
    s.skip()
    s.edit("Lex")
    s.reject()
    s.pick(1)
    out = s.to_findings_for_apply()
    assert [f.text for f in out] == ["大赦", "凌志", "重量"]
    assert all(f.fix is not None and f.fix.applicability is Applicability.SAFE for f in out)
    edited = out[2].fix
    assert edited is not None and len(edited.edits) == 1
    assert edited.edits[0].span == out[2].span and edited.edits[0].replacement == "权重"
    new, _applied, skipped = apply_fixes(text, out, Applicability.SAFE)
    assert new == expected_text({0: "MNIST", 2: "Lex", 4: "权重"}) and not skipped
    assert s.unsaved()


def test_add_findings_merges_and_keeps_the_cursor(case) -> None:
    _, _, text, findings = case
    s = make(text, findings[:3])
    s.goto(2)
    assert s.add_findings(findings) == 3
    assert len(s.findings) == 6 and s.current() is not None and s.current().text == "凌志"
    assert s.add_findings(findings) == 0


def test_engine_modules_never_import_textual() -> None:
    code = ("import sys; import repair.review.session, repair.review.types, repair.review.journal, "
            "repair.glossary.editing, "
            "tui.cli, repair.review.saving; print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip() == "False"

