"""Faults end in one-line errors with exit 2 (or a warning), never a traceback with exit 1."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from repair.cli import main
from repair.llm.cache import CACHE_FILE, AnswerCache
from repair.review.journal import parse_journal

GARBLE = "这是一个神经坚果。\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    p = tmp_path / "t.txt"
    p.write_text(GARBLE, encoding="utf-8")
    return p


def test_unwritable_check_output_is_a_one_line_error(doc: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", str(doc), "-o", str(doc / "out.json"))
    # one error line and no traceback (a first run may also say it builds the termbase cache)
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert code == 2 and len(errors) == 1 and "Traceback" not in err


def test_unwritable_report_writes_nothing(doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "fix", str(doc), "--write", "--report", str(doc / "r.html"))
    assert code == 2 and "cannot write" in err
    assert doc.read_text(encoding="utf-8") == GARBLE  # decided up front: nothing written


def test_unwritable_output_dir(doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "fix", str(doc), "--output-dir", str(doc / "out"))
    assert code == 2 and "cannot write" in err


def test_multi_file_write_decides_up_front(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(GARBLE, encoding="utf-8")
    b.write_text(GARBLE, encoding="utf-8")
    b.chmod(0o444)
    code, _, err = run(capsys, "fix", str(a), str(b), "--write")
    assert code == 2 and "read-only" in err
    assert a.read_text(encoding="utf-8") == GARBLE


def test_corrupt_llm_cache_is_rebuilt_with_a_warning(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / CACHE_FILE).write_bytes(b"this is not sqlite at all" * 100)
    cache = AnswerCache(tmp_path)
    try:
        cache.put("lm-loc-x", "m", {"choices": []})
        assert cache.get("lm-loc-x") == {"choices": []}
    finally:
        cache.close()
    assert "rebuilding" in capsys.readouterr().err
    sqlite3.connect(tmp_path / CACHE_FILE).close()


def test_llm_import_of_non_utf8_is_a_one_line_error(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    results = tmp_path / "r.jsonl"
    results.write_bytes('{"custom_id": "lm-loc-1", "x": "中文"}\n'.encode("gb18030"))
    code, _, err = run(capsys, "llm", "import", str(results), "--cache-dir", str(tmp_path / "c"))
    assert code == 2 and "not UTF-8" in err and "Traceback" not in err


def test_journal_lines_of_the_wrong_types_are_skipped_and_reported() -> None:
    good = {"event": "accept", "fp": "abc", "code": "GL001", "text": "x", "line": 1, "replacement": "y",
            "ts": "t"}
    bad = [{"event": "accept", "fps": 5}, {"event": "accept", "fp": 7}, {"event": "open", "hash": []},
           {"event": "edit", "fp": "a", "line": "one"}, {"event": "save", "fps": [1, 2]}]
    data = "".join(json.dumps(e) + "\n" for e in [good, *bad]).encode()
    read = parse_journal(data)
    assert [e["event"] for e in read.events] == ["accept"]
    assert read.bad_lines == [2, 3, 4, 5, 6]
