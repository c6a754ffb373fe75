"""Writes that must lose nothing: output collisions, symlinks, modes, owners, lost updates, temps."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from repair.cli import main
from repair.core import io
from repair.core.errors import WriteError

GARBLE = "这是一个神经坚果。\n"
FIXED = "这是一个神经网络。\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_output_dir_never_overwrites_another_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "d"
    (d / "sub").mkdir(parents=True)
    top, nested = d / "s.txt", d / "sub" / "s.txt"
    top.write_text(GARBLE, encoding="utf-8")
    nested.write_text("另一个文件。\n", encoding="utf-8")
    code, _, err = run(capsys, "fix", str(top), str(nested), "--output-dir", str(d / "sub"))
    assert code == 2 and "overwrite the input" in err
    assert nested.read_text(encoding="utf-8") == "另一个文件。\n"
    assert top.read_text(encoding="utf-8") == GARBLE


def test_output_dir_refuses_two_inputs_mapped_to_one_path(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="maps both"):
        io.check_output_targets([tmp_path / "a", tmp_path / "b"], [tmp_path / "o", tmp_path / "o"])


def test_write_goes_through_a_symlink_to_its_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "real.txt"
    target.write_text(GARBLE, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    run(capsys, "fix", str(link), "--write")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == FIXED


def test_read_only_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "ro.txt"
    doc.write_text(GARBLE, encoding="utf-8")
    doc.chmod(0o444)
    code, _, err = run(capsys, "fix", str(doc), "--write")
    assert code == 2 and "read-only" in err and "Traceback" not in err
    assert doc.read_text(encoding="utf-8") == GARBLE
    assert stat.S_IMODE(doc.stat().st_mode) == 0o444


def test_read_only_refused_even_for_root(tmp_path: Path) -> None:
    doc = tmp_path / "ro.txt"
    doc.write_text(GARBLE, encoding="utf-8")
    doc.chmod(0o444)
    with pytest.raises(WriteError, match="read-only"):
        io.atomic_write(doc, b"x")
    io.atomic_write(doc, b"x", allow_readonly=True)
    assert doc.read_bytes() == b"x" and stat.S_IMODE(doc.stat().st_mode) == 0o444


def test_owner_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = tmp_path / "o.txt"
    doc.write_text(GARBLE, encoding="utf-8")
    st = doc.stat()
    calls: list[tuple[int, int]] = []
    real_stat = os.stat

    def fake_stat(p: object, *a: object, **k: object) -> os.stat_result:
        r = real_stat(p, *a, **k)  # type: ignore[arg-type]
        if str(p).endswith(".tmp"):  # the temp file looks owned by someone else (a root run)
            v = list(r)
            v[4], v[5] = st.st_uid + 1, st.st_gid + 1
            return os.stat_result(v)
        return r

    monkeypatch.setattr(os, "stat", fake_stat)
    monkeypatch.setattr(os, "chown", lambda p, u, g: calls.append((u, g)))
    io.atomic_write(doc, b"new")
    assert calls == [(st.st_uid, st.st_gid)]


def test_change_made_while_fixing_is_not_discarded(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    doc = tmp_path / "t.txt"
    doc.write_text(GARBLE, encoding="utf-8")
    from repair import runner as runner_mod

    real_fix = runner_mod.Runner.fix

    def fix_and_meanwhile_edit(self: object, item: object) -> object:
        result = real_fix(self, item)  # type: ignore[arg-type]
        doc.write_text("用户刚刚改了这个文件。\n" + GARBLE, encoding="utf-8")
        return result

    monkeypatch.setattr(runner_mod.Runner, "fix", fix_and_meanwhile_edit)
    code, _, err = run(capsys, "fix", str(doc), "--write")
    assert code == 2 and "changed on disk" in err
    assert doc.read_text(encoding="utf-8").startswith("用户刚刚改了这个文件。")


def test_temp_files_are_recognisable_and_stale_ones_cleaned(tmp_path: Path) -> None:
    doc = tmp_path / "t.txt"
    doc.write_bytes(b"old")
    stale = tmp_path / f".t.txt{io.TEMP_MARK}abc123.tmp"
    stale.write_bytes(b"x" * 100)
    old = time.time() - 2 * io.STALE_TEMP_SECONDS
    os.utime(stale, (old, old))
    fresh = tmp_path / f".t.txt{io.TEMP_MARK}def456.tmp"  # maybe another writer's: kept
    fresh.write_bytes(b"y")
    seen: list[str] = []
    real_replace = os.replace

    def spy(src: str, dst: object) -> None:
        seen.append(os.path.basename(src))
        real_replace(src, dst)  # type: ignore[arg-type]

    os_replace = pytest.MonkeyPatch()
    os_replace.setattr(os, "replace", spy)
    try:
        io.atomic_write(doc, b"new")
    finally:
        os_replace.undo()
    assert seen[0].startswith(f".t.txt{io.TEMP_MARK}") and seen[0].endswith(".tmp")
    assert not stale.exists() and fresh.exists()
    assert doc.read_bytes() == b"new"


def test_sigterm_is_handled_like_sigint() -> None:
    import subprocess
    import sys

    code = (
        "import os, signal, sys, time\n"
        "from repair import cli, commands\n"
        "def slow(args):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    time.sleep(10)\n"
        "    return 0\n"
        "commands.cmd_rules = slow\n"
        "sys.exit(cli.main(['rules']))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 130 and "interrupted" in proc.stderr
