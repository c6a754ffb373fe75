"""The real console script in a real terminal (tmux): keys in, file bytes out; and a crash.

Uses `repair review` when the entry point is installed, else `python -m tui` (the same
register/cmd_review path). Screens are awaited by polling capture-pane against a deadline.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from review_support import expected_text, review_args, write_case

from repair.review.session import Status

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
DEADLINE = 30.0


def review_command() -> list[str]:
    """`repair review` if the installed script has it, else `python -m tui`."""
    script = shutil.which("repair", path=str(Path(sys.executable).parent))
    if script:
        probe = subprocess.run([script, "review", "--help"], capture_output=True, timeout=60)
        if probe.returncode == 0:
            return [script, "review"]
    return [sys.executable, "-m", "tui"]


class Tmux:
    def __init__(self, folder: Path) -> None:
        self.socket = f"mtr-{uuid.uuid4().hex[:10]}"
        self.folder = folder
        self.windows = 0

    def tmux(self, *args: str) -> str:
        assert TMUX is not None
        out = subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True,
                             timeout=20, check=True)
        return out.stdout

    def start(self, argv: list[str]) -> str:
        """Run argv in a new 100×30 session; its pid goes to pid.txt, its status to the pane."""
        name = f"w{self.windows}"
        self.windows += 1
        pidfile = self.folder / f"{name}.pid"
        inner = f"echo $$ > {shlex.quote(str(pidfile))}; exec {shlex.join(argv)}"
        cmd = (f"cd {shlex.quote(str(self.folder))} && sh -c {shlex.quote(inner)}; "
               "echo EXIT=$?; sleep 60")
        self.tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", "sh", "-c", cmd)
        return name

    def screen(self, name: str) -> str:
        return self.tmux("capture-pane", "-p", "-t", name)

    def wait(self, name: str, what: Callable[[str], bool] | str,
             deadline: float = DEADLINE) -> str:
        test = (lambda s: what in s) if isinstance(what, str) else what
        end = time.monotonic() + deadline
        screen = ""
        toasts: set[str] = set()  # notifications seen on the way, for the failure message
        while time.monotonic() < end:
            screen = self.screen(name)
            toasts.update(line.split("▌", 1)[1].strip() for line in screen.splitlines()
                          if "▌" in line)
            if test(screen):
                return screen
            if "EXIT=" in screen:
                break  # the program is gone: no point in waiting
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what!r}; notifications seen: "
                             f"{sorted(toasts)}; screen:\n{screen}")

    def keys(self, name: str, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", name, *(["-l"] if literal else []), *keys)

    def pid(self, name: str) -> int:
        pidfile = self.folder / f"{name}.pid"
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            if pidfile.exists() and pidfile.read_text().strip():
                return int(pidfile.read_text())
            time.sleep(0.05)
        raise AssertionError("no pid file")

    def close(self) -> None:
        subprocess.run([TMUX or "tmux", "-L", self.socket, "kill-server"], capture_output=True,
                       timeout=20)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    t = Tmux(tmp_path)
    yield t
    t.close()


def argv_for(doc: Path, glossary: Path, config: Path, state: Path) -> list[str]:
    return [*review_command(), str(doc), "--glossary", str(glossary), "--config", str(config),
            "--state-dir", str(state)]


def decide(tmux: Tmux, name: str) -> None:
    """Accept the first two findings, edit the third to LEX."""
    tmux.wait(name, "0/6 reviewed")
    tmux.keys(name, "a")
    tmux.wait(name, "1/6 reviewed")
    tmux.keys(name, "a")
    tmux.wait(name, "2/6 reviewed")
    tmux.keys(name, "e")
    tmux.wait(name, "Edit correction")
    tmux.keys(name, "LEX", literal=True)
    tmux.wait(name, "LEX")
    tmux.keys(name, "Enter")
    tmux.wait(name, "3/6 reviewed")


def test_console_script_accept_edit_save_quit(tmux: Tmux, tmp_path: Path) -> None:
    doc, glossary, config = write_case(tmp_path / "work")
    name = tmux.start(argv_for(doc, glossary, config, tmp_path / "state"))
    decide(tmux, name)
    tmux.keys(name, "w")
    tmux.wait(name, "saved talk.txt: 3 correction(s)")
    tmux.keys(name, "q")
    screen = tmux.wait(name, "EXIT=")
    assert "EXIT=0" in screen
    assert "3/6 reviewed" in screen  # the summary printed after the app left the screen
    assert doc.read_bytes() == expected_text({0: "MNIST", 1: "神经网络", 2: "LEX"}).encode()


def test_sigkill_mid_review_loses_no_decision(tmux: Tmux, tmp_path: Path) -> None:
    doc, glossary, config = write_case(tmp_path / "work")
    state = tmp_path / "state"
    original = doc.read_bytes()
    name = tmux.start(argv_for(doc, glossary, config, state))
    decide(tmux, name)
    tmux.keys(name, "r")
    tmux.wait(name, "4/6 reviewed")
    os.kill(tmux.pid(name), signal.SIGKILL)
    tmux.wait(name, "EXIT=137")
    assert doc.read_bytes() == original  # nothing was saved

    from tui.cli import prepare

    prep = prepare(review_args(doc, glossary, config, state))
    try:
        s = prep.session
        got = [s.status(f) for f in s.findings]
        assert got[:4] == [Status.ACCEPTED, Status.ACCEPTED, Status.EDITED, Status.REJECTED]
        assert s.decisions[s.findings[2].fingerprint].replacement == "LEX"
        assert s.cursor == 4  # resumes at the next undecided finding
    finally:
        prep.writer.close()

    again = tmux.start(argv_for(doc, glossary, config, state))
    screen = tmux.wait(again, "4/6 reviewed")
    assert "✓1" not in screen and "✓2 ✗1 ✎1" in screen
    assert "▶· GL001 W 0.60 重量" in screen
    tmux.keys(again, "w")
    tmux.wait(again, "saved talk.txt: 3 correction(s)")
    tmux.keys(again, "q")
    tmux.wait(again, "EXIT=0")
    assert doc.read_bytes() == expected_text({0: "MNIST", 1: "神经网络", 2: "LEX"}).encode()


def test_rejection_survives_a_save_that_edited_its_line(tmux: Tmux, tmp_path: Path) -> None:
    """Issue 12 item 1: accept 大赦 -> MNIST, reject 神经坚果 next to it, save, quit, reopen."""
    doc, glossary, config = write_case(tmp_path / "work")
    state = tmp_path / "state"
    name = tmux.start(argv_for(doc, glossary, config, state))
    tmux.wait(name, "0/6 reviewed")
    tmux.keys(name, "a")
    tmux.wait(name, "1/6 reviewed")
    tmux.keys(name, "r")
    tmux.wait(name, "2/6 reviewed")
    tmux.keys(name, "w")
    tmux.wait(name, "saved talk.txt: 1 correction(s)")
    tmux.keys(name, "q")
    tmux.wait(name, "EXIT=0")
    assert doc.read_bytes() == expected_text({0: "MNIST"}).encode()

    again = tmux.start(argv_for(doc, glossary, config, state))
    screen = tmux.wait(again, "✗1")
    assert "stale" not in screen
    assert any(line.startswith(" ✗ GL001") and "神经坚果" in line for line in screen.splitlines())
    tmux.keys(again, "q")
    tmux.wait(again, "EXIT=0")
    assert doc.read_bytes() == expected_text({0: "MNIST"}).encode()
