"""Pilot tests of the review app: decisions, saving (bytes checked), navigation, filters."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from review_support import (
    TEXT,
    Reviews,
    drive,
    expected_text,
    notes,
    symbols,
)
from textual.pilot import Pilot
from textual.widgets import Input, Label, Select

from repair.review.session import Status
from tui.screens import AlternativePicker, EditDialog, FilterDialog
from tui.widgets import FindingsList, ProgressHeader


@pytest.fixture
def review(tmp_path: Path) -> Iterator[Reviews]:
    made = Reviews(tmp_path)
    yield made
    made.close()


# -- decisions and saving ---------------------------------------------------------------------
@pytest.mark.parametrize(("newline", "bom"), [("\n", False), ("\r\n", False), ("\n", True),
                                              ("\r\n", True)])
def test_decide_every_way_then_save_bytes(review: Reviews, newline: str,
                                          bom: bool) -> None:
    r = review(newline=newline, bom=bom)
    app = r.open()

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("s", "a", "e")
        assert isinstance(app.screen, EditDialog)
        assert app.screen.query_one(Input).value == "Lex"  # prefilled with the proposal
        await pilot.press(*"LEX", "enter")
        await pilot.press("r", "1", "a", "w")
    drive(app, script)
    assert symbols(r) == "»✓✎✗✎✓"
    text = expected_text({1: "神经网络", 2: "LEX", 4: "权重", 5: "Transformer"},
                         TEXT.replace("\n", newline))
    data = text.encode("utf-8")
    assert r.doc.read_bytes() == (codecs.BOM_UTF8 + data if bom else data)
    assert (r.doc.parent / "talk.txt.review.html").is_file()
    diff = (r.doc.parent / "talk.txt.review.diff").read_text(encoding="utf-8")
    assert "-我们在大赦数据集上训练了一个小的神经坚果。" in diff
    assert any("saved talk.txt: 4 correction(s) applied" in m for m in notes(app))
    assert app.return_value is None  # still running when the test ended: no exit yet


def test_save_twice_and_after_undo_is_consistent(review: Reviews) -> None:
    r = review()
    app = r.open()

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("n", "a", "a", "w", "u", "w")
    drive(app, script)
    assert r.doc.read_text(encoding="utf-8") == expected_text({1: "神经网络"})


def test_save_refuses_when_the_file_changed_on_disk(review: Reviews) -> None:
    r = review()
    app = r.open()
    other = TEXT.replace("是的", "对")

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("n", "a")
        r.doc.write_text(other, encoding="utf-8")
        await pilot.press("w")
    drive(app, script)
    assert r.doc.read_text(encoding="utf-8") == other
    assert any("changed on disk" in m for m in notes(app))


def test_edit_cancel_and_free_text(review: Reviews) -> None:
    r = review()
    app = r.open()

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("e", "escape")
        assert r.session.decisions == {}
        await pilot.press("e")
        app.screen.query_one(Input).value = "手写数字数据集 MNIST"
        await pilot.press("enter")
    drive(app, script)
    (d,) = r.session.decisions.values()
    assert d.status is Status.EDITED and d.replacement == "手写数字数据集 MNIST"


def test_picker_and_number_keys(review: Reviews) -> None:
    r = review()
    app = r.open()

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("c")  # no alternatives on the first finding
        assert not isinstance(app.screen, AlternativePicker)
        r.session.goto(4)
        await pilot.press("c")
        assert isinstance(app.screen, AlternativePicker)
        await pilot.press("down", "enter")
        await pilot.press("2")  # the next finding has no alternatives
    drive(app, script)
    assert r.session.decisions[r.session.findings[4].fingerprint].replacement == "参数"
    assert any("no alternatives" in m for m in notes(app))


# -- navigation, undo, filters, search -------------------------------------------------------
def test_navigation_keys(review: Reviews) -> None:
    r = review()
    app = r.open()
    seen: list[int] = []

    async def script(pilot: Pilot[Any]) -> None:
        for key in ("n", "j", "down", "p", "k", "up", "end", "home"):
            await pilot.press(key)
            seen.append(r.session.cursor)
        await pilot.press("a", "a", "N")
        seen.append(r.session.cursor)
        r.session.goto(5)
        await pilot.press("tab")
        seen.append(r.session.cursor)
    drive(app, script)
    assert seen == [1, 2, 3, 2, 1, 0, 5, 0, 3, 2]


def test_undo_redo_keys(review: Reviews) -> None:
    r = review()
    app = r.open()

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("a", "r", "u")
        assert symbols(r) == "✓·····" and r.session.cursor == 1
        await pilot.press("ctrl+r")
        assert symbols(r) == "✓✗····"
        await pilot.press("u", "u", "u")
    drive(app, script)
    assert symbols(r) == "······"
    assert any("nothing to undo" in m for m in notes(app))


def test_filter_dialog_then_accept_all_safe(review: Reviews) -> None:
    r = review()
    app = r.open()

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("f")
        assert isinstance(app.screen, FilterDialog)
        await pilot.press(*"GL00", "enter")
        assert len(r.session.view) == 5
        assert "filter: GL00 (5)" in str(app.review_screen.query_one(ProgressHeader).render())
        await pilot.press("A")
    drive(app, script)
    assert symbols(r) == "·✓·✓·✓"  # SAFE only: not the gated one, not the no-fix one, not SP


def test_filter_by_status_category_and_confidence(review: Reviews) -> None:
    r = review()
    app = r.open()

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("a")
        await pilot.press("f")
        dialog = app.screen
        dialog.query_one("#filter-status", Select).value = "unreviewed"
        dialog.query_one("#filter-category", Select).value = "asr"
        dialog.query_one("#filter-confidence", Input).value = "0.8"
        await pilot.click("#apply")
        await pilot.pause()
        assert [f.text for f in (r.session.at(i) for i in range(len(r.session.view)))] == \
            ["神经坚果"]
        await pilot.press("f")
        app.screen.query_one("#filter-confidence", Input).value = "2"
        await pilot.click("#apply")
        await pilot.pause()
        assert "a number 0 to 1" in str(app.screen.query_one("#filter-error", Label).render())
        await pilot.click("#clear")
    drive(app, script)
    assert len(r.session.view) == 6 and not r.session.filter.active


def test_search_moves_and_highlights(review: Reviews) -> None:
    r = review()
    app = r.open()

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("slash", *"很好用", "enter")
        assert r.session.current().line == 6
        await pilot.press("slash")
        app.screen.query_one(Input).value = "没有这个"
        await pilot.press("enter")
    drive(app, script)
    assert any("not found" in m for m in notes(app))


def test_click_selects_a_row(review: Reviews) -> None:
    r = review()
    app = r.open()

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.click(FindingsList, offset=(4, 3))  # row 0 is the border title
        await pilot.pause()
    drive(app, script)
    assert r.session.cursor == 2
