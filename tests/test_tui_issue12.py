"""Pilot tests for issue 12: decisions survive saving, the session continues after `w`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from review_support import Reviews, drive, expected_text, symbols
from textual.pilot import Pilot

from repair.review.session import Status, map_span
from tui.widgets import ProgressHeader


@pytest.fixture
def review(tmp_path: Path) -> Iterator[Reviews]:
    made = Reviews(tmp_path)
    yield made
    made.close()


def test_map_span_through_edits() -> None:
    assert map_span((10, 12), [(2, 4, 5)]) == (13, 15)  # grew before
    assert map_span((10, 12), [(12, 14, 0)]) == (10, 12)  # after: unchanged
    assert map_span((10, 12), [(11, 13, 1)]) is None  # overlaps: cannot map
    assert map_span((10, 12), [(0, 1, 0), (5, 8, 1)]) == (7, 9)


def test_rejection_next_to_a_saved_edit_survives_save_and_reopen(review: Reviews) -> None:
    """Item 1: accept 大赦 -> MNIST, reject 神经坚果 on the same line, save, quit, reopen."""
    r = review()
    app = r.open()
    old_fp = r.session.findings[1].fingerprint

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("a", "r", "w", "q")
    drive(app, script)
    saved = expected_text({0: "MNIST"})
    assert r.doc.read_text(encoding="utf-8") == saved

    app = r.open()
    s = r.session
    texts = [(f.code, f.text) for f in s.findings]
    k = texts.index(("GL001", "神经坚果"))
    assert s.findings[k].fingerprint != old_fp  # the save changed its context
    assert s.status(s.findings[k]) is Status.REJECTED
    p = s.progress()
    assert (p.rejected, p.stale) == (1, 0)
    assert s.stale() == []

    async def header(pilot: Pilot[Any]) -> None:
        text = str(app.review_screen.query_one(ProgressHeader).render())
        assert "stale" not in text
    drive(app, header)
    assert r.doc.read_text(encoding="utf-8") == saved  # nothing more written

    # a third open replays the re-attachment from the journal
    r.open()
    s = r.session
    assert s.status(s.findings[k]) is Status.REJECTED
    assert s.progress().stale == 0
    assert symbols(r).count("✗") == 1


def test_a_decision_that_cannot_reattach_is_listed_with_its_old_context(review: Reviews) -> None:
    """Item 1: the text changed outside the tool: the stale decision shows as a list row;
    deciding the finding on the same text again settles it."""
    from tui.widgets import FindingsList

    r = review()
    app = r.open()

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("n", "r", "q")
    drive(app, script)
    r.doc.write_text(r.doc.read_text(encoding="utf-8").replace("一个小的", "一个很小的"), encoding="utf-8")

    app = r.open()
    s = r.session
    assert s.progress().stale == 1
    (old,) = s.stale()
    assert (old.code, old.text, old.after) == ("GL001", "神经坚果", "。\n凌志 00:00:09"[:12])
    k = [f.text for f in s.findings].index("神经坚果")

    async def look(pilot: Pilot[Any]) -> None:
        lst = app.review_screen.query_one(FindingsList)
        lines = [lst.render_line(y).text for y in range(len(s.view) + 1)]
        assert "⟦神经坚果⟧" in lines[-1] and "✗ rejected (no longer in the text)" in lines[-1]
        assert lines[-1].startswith(" ! GL001")
        s.goto(k)
        await pilot.press("r")
        assert s.progress().stale == 0
        assert "stale" not in str(app.review_screen.query_one(ProgressHeader).render())
        await pilot.press("u")  # undo brings the stale decision back
        assert s.progress().stale == 1
    drive(app, look)


def test_help_explains_severity_letters_and_confidence(review: Reviews) -> None:
    """Item 10: `?` explains W/E/I and the confidence column."""
    from textual.widgets import Static

    from tui.screens.help import HelpScreen

    r = review()
    app = r.open()

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "E error, W warning, I info" in shown and "confidence" in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
    drive(app, script)
