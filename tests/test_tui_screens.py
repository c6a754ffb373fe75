"""Pilot tests of the review app: screens, palette, quit, resume, glossary, LLM re-check."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from review_support import TEXT, Reviews, drive, notes, rows, symbols
from textual.pilot import Pilot
from textual.widgets import Input, Label

from repair.core.models import Applicability, Edit, Finding, Fix, Origin, Severity, Span
from tui.screens import GlossaryDialog, HelpScreen
from tui.screens.main import LLM_HELP
from tui.widgets import ProgressHeader


@pytest.fixture
def review(tmp_path: Path) -> Iterator[Reviews]:
    made = Reviews(tmp_path)
    yield made
    made.close()


# -- screens ---------------------------------------------------------------------------------
def test_help_screen(review: Reviews) -> None:
    app = review().open()

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen is app.review_screen
    drive(app, script)


def test_command_palette_runs_review_actions(review: Reviews) -> None:
    r = review()
    app = r.open()

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Review: Reject")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
    drive(app, script)
    assert symbols(r) == "✗·····"


def test_quit_asks_again_when_unsaved(review: Reviews) -> None:
    r = review()
    app = r.open()

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("a", "q")
        assert app.is_running and any("not saved yet" in m for m in notes(app))
        await pilot.press("q")
    drive(app, script)
    res = app.return_value
    assert res is not None and res.unsaved and res.progress.accepted == 1 and res.saves == 0


def test_quit_after_save(review: Reviews) -> None:
    app = review().open()

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("a", "w", "q")
    drive(app, script)
    assert app.return_value is not None and app.return_value.saves == 1
    assert not app.return_value.unsaved


# -- resume and stale ------------------------------------------------------------------------
def test_reopen_resumes_and_shows_decisions(review: Reviews) -> None:
    r = review()
    app = r.open()

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("a", "r", "e", "enter")
    drive(app, script)
    app2 = r.open()
    shown: list[str] = []

    async def look(pilot: Pilot[Any]) -> None:
        shown.extend(rows(app2))
    drive(app2, look)
    assert symbols(r) == "✓✗✎···" and r.session.cursor == 3
    assert [row[:2] for row in shown] == [" ✓", " ✗", " ✎", "▶·", " ·", " ·"]


def test_stale_decisions_are_shown(review: Reviews) -> None:
    r = review()
    app = r.open()

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("r", "r")
    drive(app, script)
    r.doc.write_text(TEXT.replace("神经坚果", "神经网络"), encoding="utf-8")
    app2 = r.open()
    header: list[str] = []

    async def look(pilot: Pilot[Any]) -> None:
        header.append(str(app2.review_screen.query_one(ProgressHeader).render()))
    drive(app2, look)
    assert "!1 stale" in header[0] and "1/5 reviewed" in header[0]
    assert any("changed since the last review" in m for m in notes(app2))


# -- glossary --------------------------------------------------------------------------------
def _llm_finding(text: str = TEXT) -> Finding:
    start = text.index("很好用")
    span = Span(start=start, end=start + 3)
    return Finding(code="LM001", name="garbled-passage", message="garbled", text="很好用",
                   severity=Severity.WARNING, span=span, origin=Origin.LLM, line=6,
                   fingerprint="llm-1", confidence=0.7,
                   fix=Fix(edits=(Edit(span=span, replacement="很有用", expected="很好用"),),
                           applicability=Applicability.UNSAFE))


def test_add_to_glossary_appends_an_entry(review: Reviews) -> None:
    r = review()
    app = r.open(extra=[_llm_finding()])
    before = r.glossary.read_text(encoding="utf-8")

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("end", "g")  # not decided yet
        assert app.screen is app.review_screen
        await pilot.press("a", "g")
        assert isinstance(app.screen, GlossaryDialog)
        app.screen.query_one("#g-context", Input).value = "变压器 模型"
        await pilot.press("enter")
    drive(app, script)
    assert any("accept or edit the correction first" in m for m in notes(app))
    after = r.glossary.read_text(encoding="utf-8")
    assert after.startswith(before)
    added = after[len(before):]
    assert f"# added by mt-repair review from {r.doc}:6 on " in added
    assert "wrong: [很好用]" in added and "right: [很有用]" in added
    assert "require_any: [变压器, 模型]" in added
    assert any("added glossary entry" in m for m in notes(app))


def test_add_to_glossary_refuses_a_duplicate_in_the_dialog(review: Reviews) -> None:
    r = review()
    app = r.open()
    before = r.glossary.read_bytes()

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("n", "a", "k", "g", "enter")
        assert isinstance(app.screen, GlossaryDialog)  # still open, with the reason
        assert "already a wrong rendering" in str(app.screen.query_one("#g-error",
                                                                       Label).render())
        await pilot.press("escape")
        await pilot.press("n", "a", "k", "g")  # a speaker label
    drive(app, script)
    assert r.glossary.read_bytes() == before
    assert any("speakers.labels" in m for m in notes(app))


# -- LLM re-check ----------------------------------------------------------------------------
def test_llm_not_configured_says_how(review: Reviews) -> None:
    app = review().open()

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("l")
    drive(app, script)
    assert LLM_HELP in notes(app)


def test_llm_recheck_runs_in_a_thread_and_posts_back(review: Reviews) -> None:
    threads: list[bool] = []

    def recheck(f: Finding) -> list[Finding]:
        threads.append(threading.current_thread() is threading.main_thread())
        return [_llm_finding()]
    r = review()
    app = r.open(llm_recheck=recheck)

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("l")
        await app.workers.wait_for_complete()
        await pilot.pause()
    drive(app, script)
    assert threads == [False]
    assert len(r.session.findings) == 7
    assert any("1 new" in m for m in notes(app))


def test_llm_recheck_failure_is_reported(review: Reviews) -> None:
    def recheck(f: Finding) -> list[Finding]:
        raise RuntimeError("server down")
    app = review().open(llm_recheck=recheck)

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("l")
        await app.workers.wait_for_complete()
        await pilot.pause()
    drive(app, script)
    assert any("server down" in m for m in notes(app))


def test_narrow_terminal_stacks_the_panes(review: Reviews) -> None:
    app = review().open()

    async def script(pilot: Pilot[Any]) -> None:
        assert app.review_screen.has_class("narrow")
        assert rows(app)[0].startswith("▶· GL002 W 0.60 大赦 → MNIST")
    drive(app, script, size=(80, 24))
