"""What the reviewer sees at 80×24: the main screen, the help screen and the edit dialog.

Update with `pytest tests/test_tui_snapshots.py --snapshot-update`, then look at the SVGs
under tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from review_support import review_args, write_case

from tui.app import ReviewApp, make_review_app
from tui.cli import prepare


@pytest.fixture
def app(tmp_path: Path) -> Iterator[ReviewApp]:
    doc, g, c = write_case(tmp_path)
    prep = prepare(review_args(doc, g, c, tmp_path / "state"))
    prep.session.accept()  # one decision, so the header and the list show a status
    yield make_review_app(prep.session, save=prep.saver, add_glossary=prep.adder,
                          name=doc.name)
    prep.writer.close()


def test_main_screen(app: ReviewApp, snap_compare: Any) -> None:
    assert snap_compare(app, terminal_size=(80, 24))


def test_help_screen(app: ReviewApp, snap_compare: Any) -> None:
    assert snap_compare(app, press=["question_mark"], terminal_size=(80, 24))


def test_edit_dialog(app: ReviewApp, snap_compare: Any) -> None:
    assert snap_compare(app, press=["e"], terminal_size=(80, 24))


@pytest.fixture
def stale_app(tmp_path: Path) -> Iterator[ReviewApp]:
    """A rejection whose text changed outside the tool: listed after the findings (issue 12)."""
    doc, g, c = write_case(tmp_path)
    prep = prepare(review_args(doc, g, c, tmp_path / "state"))
    prep.session.move(1)
    prep.session.reject()
    prep.writer.close()
    doc.write_text(doc.read_text(encoding="utf-8").replace("一个小的", "一个很小的"), encoding="utf-8")
    prep = prepare(review_args(doc, g, c, tmp_path / "state"))
    yield make_review_app(prep.session, save=prep.saver, add_glossary=prep.adder,
                          name=doc.name)
    prep.writer.close()


@pytest.mark.parametrize("size", [(80, 24), (140, 45)], ids=["80x24", "140x45"])
def test_stale_decision_row(stale_app: ReviewApp, snap_compare: Any,
                            size: tuple[int, int]) -> None:
    assert snap_compare(stale_app, terminal_size=size)
