"""The review journal: append-only JSON lines, fsync'd per line, tolerant of a torn tail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from repair.review.journal import (
    JournalLocked,
    JournalWriter,
    journal_path,
    parse_journal,
    read_journal,
    text_hash,
)


def test_default_path_is_beside_the_file_and_names_it(tmp_path: Path) -> None:
    doc = tmp_path / "a" / "talk.txt"
    path = journal_path(doc)
    assert path.parent == tmp_path / "a" / ".mt-repair" / "review"
    assert path.name.startswith("talk.txt.") and path.suffix == ".jsonl"


def test_same_name_in_two_folders_gets_two_journals(tmp_path: Path) -> None:
    state = tmp_path / "state"
    a = journal_path(tmp_path / "a" / "talk.txt", state)
    b = journal_path(tmp_path / "b" / "talk.txt", state)
    assert a.parent == b.parent == state
    assert a != b


def test_events_round_trip_one_json_object_a_line(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    with JournalWriter(path) as w:
        w.append({"event": "accept", "fp": "abc", "replacement": "神经网络"})
        # visible to another reader before close: flushed per line
        assert read_journal(path).events == [
            {"event": "accept", "fp": "abc", "replacement": "神经网络"}]
        w.append({"event": "undo"})
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines) == 3
    assert [json.loads(x)["event"] for x in lines[:-1]] == ["accept", "undo"]
    assert "神经网络" in path.read_text(encoding="utf-8")  # readable, not \\u-escaped


def test_torn_last_line_is_ignored_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    with JournalWriter(path) as w:
        w.append({"event": "accept", "fp": "a"})
        w.append({"event": "reject", "fp": "b"})
    with path.open("ab") as fh:  # a crash in the middle of the third write
        fh.write(b'{"event":"edit","fp":"c","repl')
    got = read_journal(path)
    assert got.torn
    assert [e["fp"] for e in got.events] == ["a", "b"]
    assert got.bad_lines == []


def test_reopening_cuts_the_torn_tail_and_appends_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    path.write_bytes(b'{"event":"accept","fp":"a"}\n{"event":"rej')
    with JournalWriter(path) as w:
        w.append({"event": "skip", "fp": "c"})
    got = read_journal(path)
    assert not got.torn and got.bad_lines == []
    assert [e["event"] for e in got.events] == ["accept", "skip"]


def test_torn_only_line(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    path.write_bytes(b'{"event":"acc')
    assert read_journal(path).events == []
    with JournalWriter(path) as w:
        w.append({"event": "skip", "fp": "c"})
    assert path.read_bytes() == b'{"v":1,"event":"skip","fp":"c"}\n'  # the journal version first


def test_garbage_in_the_middle_is_skipped_and_reported() -> None:
    got = parse_journal(b'{"event":"accept","fp":"a"}\nnot json\n[1]\n{"event":"undo"}\n')
    assert [e["event"] for e in got.events] == ["accept", "undo"]
    assert got.bad_lines == [2, 3]
    assert not got.torn


def test_missing_journal_is_empty(tmp_path: Path) -> None:
    got = read_journal(tmp_path / "none.jsonl")
    assert got.events == [] and not got.torn


def test_second_writer_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    with JournalWriter(path):
        with pytest.raises(JournalLocked, match="another review"):
            JournalWriter(path)
    JournalWriter(path).close()  # released on close


def test_text_hash_is_stable_and_content_based() -> None:
    assert text_hash("abc") == text_hash("abc") != text_hash("abd")
