"""Lose nothing: writes that would overwrite an input, follow a link badly, ignore a read-only
bit, clobber a concurrent change, or read forever are refused with a message and exit 2."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from repair.cli import main
from repair.core.errors import InputError
from repair.core.io import TEMP_SUFFIX, atomic_write, decode

GARBLE = "这是一个神经坚果。\n"
FIXED = "这是一个神经网络。\n"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def test_output_dir_that_holds_another_input_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = tmp_path / "d"
    (d / "sub").mkdir(parents=True)
    (d / "s.txt").write_text(GARBLE, encoding="utf-8")
    (d / "sub" / "s.txt").write_text("另一个文件。\n", encoding="utf-8")
    code, err = _run(
        capsys, "fix", str(d / "s.txt"), str(d / "sub" / "s.txt"), "--output-dir", str(d / "sub")
    )
    assert code == 2 and "overwrite the input" in err
    assert (d / "sub" / "s.txt").read_text(encoding="utf-8") == "另一个文件。\n"


def test_two_inputs_written_to_one_output_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "a.txt"
    a.write_text(GARBLE, encoding="utf-8")
    code, err = _run(
        capsys, "fix", str(a), str(tmp_path / "." / "a.txt"), "--output-dir", str(tmp_path / "o")
    )
    assert code == 2 and "two inputs to one file" in err
    assert not (tmp_path / "o").exists()


def test_fix_write_goes_through_a_symlink_to_its_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "real.txt"
    target.write_text(GARBLE, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    _run(capsys, "fix", str(link), "--write")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == FIXED


def test_a_read_only_file_is_not_rewritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "ro.txt"
    doc.write_text(GARBLE, encoding="utf-8")
    doc.chmod(0o444)
    code, err = _run(capsys, "fix", str(doc), "--write")
    assert code == 2 and "read-only" in err
    assert doc.read_text(encoding="utf-8") == GARBLE and stat.S_IMODE(doc.stat().st_mode) == 0o444


def test_a_change_made_since_reading_is_not_discarded(tmp_path: Path) -> None:
    doc = tmp_path / "t.txt"
    doc.write_text("someone else's edit\n", encoding="utf-8")
    with pytest.raises(InputError, match="changed since it was read"):
        atomic_write(doc, FIXED.encode(), expect=GARBLE.encode())
    assert doc.read_text(encoding="utf-8") == "someone else's edit\n"


def test_stale_temp_files_are_cleaned_and_fresh_ones_kept(tmp_path: Path) -> None:
    doc = tmp_path / "t.txt"
    doc.write_text(GARBLE, encoding="utf-8")
    stale = tmp_path / f".t.txt.abc{TEMP_SUFFIX}"
    fresh = tmp_path / f".t.txt.def{TEMP_SUFFIX}"
    stale.write_bytes(b"x" * 10)
    fresh.write_bytes(b"y")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    atomic_write(doc, FIXED.encode())
    assert not stale.exists() and fresh.exists()


def test_a_fifo_is_refused_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, err = _run(capsys, "check", str(fifo))
    assert code == 2 and "not a regular file" in err


def test_mostly_utf8_with_stray_bytes_names_the_offsets() -> None:
    body = (
        ("这是一个很长的中文句子，用来说明文件大部分是 UTF-8。" * 3).encode() + b"\xff" + "结尾。\n".encode()
    )
    with pytest.raises(InputError, match=r"invalid byte\(s\) at offset\(s\) \d+"):
        decode(body, "t.txt")
    # a real GB18030 file still decodes
    assert decode("中文文本，足够长的句子。\n".encode("gb18030"), "g.txt").encoding == "gb18030"


def test_an_unwritable_report_is_a_message_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "t.txt"
    doc.write_text(GARBLE, encoding="utf-8")
    code, err = _run(capsys, "fix", str(doc), "--report", str(tmp_path / "no" / "such" / "r.html"))
    assert code == 2 and "cannot write" in err and "Traceback" not in err


def test_sigterm_stops_a_run_like_ctrl_c(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    from repair import commands

    def killed(args: object) -> int:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # never reached: the signal interrupts
        return 0

    monkeypatch.setattr(commands, "cmd_check", killed)
    doc = tmp_path / "t.txt"
    doc.write_text(GARBLE, encoding="utf-8")
    started = time.monotonic()
    code, err = _run(capsys, "check", str(doc))
    assert code == 130 and "interrupted" in err and time.monotonic() - started < 2
    assert signal.getsignal(signal.SIGTERM) is not None  # the previous handler is back
