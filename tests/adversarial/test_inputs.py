"""Hostile inputs: FIFOs and devices, standard input, mostly-UTF-8 files with stray bytes."""

from __future__ import annotations

import io as stdio
import os
import sys
from pathlib import Path

import pytest

from repair.cli import main
from repair.core import io

GARBLE = "这是一个神经坚果。\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_dev_zero_is_refused_without_reading(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "/dev/zero")
    assert code == 2 and "not a regular file" in err


def test_fifo_is_refused_without_blocking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "check", str(fifo))
    assert code == 2 and "not a regular file" in err


def test_dash_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", stdio.TextIOWrapper(stdio.BytesIO(GARBLE.encode())))
    code, out, _ = run(capsys, "check", "-", "--format", "json")
    assert code == 1 and "神经坚果" in out


def test_stdin_has_a_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", stdio.TextIOWrapper(stdio.BytesIO(b"a" * 100)))
    monkeypatch.setattr(io, "MAX_STDIN_BYTES", 10)
    with pytest.raises(io.InputError, match="larger than"):
        io._read_stdin(10)


def test_stdin_cannot_be_written_in_place(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", stdio.TextIOWrapper(stdio.BytesIO(GARBLE.encode())))
    code, _, err = run(capsys, "fix", "-", "--write")
    assert code == 2 and "standard input" in err
    assert not Path("-").exists()


def _stray_file(tmp_path: Path) -> tuple[Path, bytes]:
    body = ("第一段里有神经坚果，大家都知道。\n" * 40).encode()
    data = body[:300] + b"\xff" + body[300:]
    doc = tmp_path / "stray.txt"
    doc.write_bytes(data)
    return doc, data


def test_mostly_utf8_with_stray_bytes_is_refused_with_offsets(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    doc, _ = _stray_file(tmp_path)
    code, _, err = run(capsys, "check", str(doc))
    assert code == 2 and "offset 300" in err and "--encoding" in err


def test_encoding_option_decides(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc, _ = _stray_file(tmp_path)
    code, out, _ = run(capsys, "check", str(doc), "--encoding", "utf-8", "--format", "json")
    assert code == 1 and "神经坚果" in out
    code, _, err = run(capsys, "check", str(doc), "--encoding", "nope")
    assert code == 2 and "unknown encoding" in err


def test_real_gb18030_is_still_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "gb.txt"
    doc.write_bytes(("第一段里有神经坚果，大家都知道。\n" * 40).encode("gb18030"))
    code, _, err = run(capsys, "check", str(doc))
    assert code == 1 and "GB18030" in err
