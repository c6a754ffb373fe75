"""Names, codes and rules defined once and shared."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import pytest

from repair.core import exit_codes
from repair.core.categories import GARBLE_CATEGORIES, GLOSSARY_CATEGORIES, GOLD_CATEGORIES
from repair.core.errors import InputError
from repair.eval.gold import CATEGORIES as GOLD
from repair.glossary.schema import Category
from repair.llm.schema import CATEGORIES as LLM
from repair.llm.schema import CategoryName
from repair.report.json_ import findings_for_file
from repair.review.journal import JOURNAL_VERSION, JournalWriter, read_journal


def test_exit_codes_everywhere_are_the_same_constants() -> None:
    import repair.cli
    import repair.commands
    import repair.eval.command
    import repair.llm.cli
    import tui.cli

    assert (exit_codes.EXIT_CLEAN, exit_codes.EXIT_FINDINGS, exit_codes.EXIT_ERROR,
            exit_codes.EXIT_INTERRUPTED) == (0, 1, 2, 130)
    for mod in (repair.cli, repair.commands, repair.eval.command, repair.llm.cli, tui.cli):
        assert mod.EXIT_ERROR is exit_codes.EXIT_ERROR


def test_categories_are_named_once() -> None:
    assert LLM == GARBLE_CATEGORIES == get_args(CategoryName)
    assert GOLD == GOLD_CATEGORIES
    assert {c.value for c in Category} == set(GLOSSARY_CATEGORIES)


def test_journal_lines_carry_the_version(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    with JournalWriter(path) as w:
        w.append({"event": "decide", "fp": "x"})
    line = json.loads(path.read_text(encoding="utf-8"))
    assert line["v"] == JOURNAL_VERSION
    assert read_journal(path).events == [{"event": "decide", "fp": "x"}]
    path.write_text(json.dumps({"v": JOURNAL_VERSION + 1, "event": "decide"}) + "\n",
                    encoding="utf-8")
    assert read_journal(path).events == [] and read_journal(path).bad_lines == [1]


def _report(*paths: str) -> str:
    return json.dumps({"version": 1, "files": [{"path": p, "findings": []} for p in paths]})


def test_one_rule_picks_a_file_from_a_json_report(tmp_path: Path) -> None:
    doc = tmp_path / "a" / "talk.txt"
    assert findings_for_file(_report(str(doc), "other.txt"), "r.json", doc) == []
    assert findings_for_file(_report("elsewhere/talk.txt", "b.txt"), "r.json", doc) == []
    assert findings_for_file(_report("renamed.txt"), "r.json", doc) == []  # the only entry
    with pytest.raises(InputError, match=r"several files named talk\.txt"):
        findings_for_file(_report("x/talk.txt", "y/talk.txt"), "r.json", doc)
    with pytest.raises(InputError, match="no findings for"):
        findings_for_file(_report("b.txt", "c.txt"), "r.json", doc)


def test_help_and_palette_come_from_one_table_matching_the_bindings() -> None:
    from textual.binding import Binding

    from tui.keys import KEYS, PALETTE
    from tui.screens.main import ReviewScreen

    bound = {b.action for b in ReviewScreen.BINDINGS if isinstance(b, Binding)}
    for action, _title, _help in PALETTE:
        assert action in bound, action
    assert {a for a, _t, _h in PALETTE} >= {"accept", "reject", "save", "quit", "help", "redo"}
    assert all(k.what for k in KEYS)
