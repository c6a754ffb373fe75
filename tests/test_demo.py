"""scripts/demo.sh: a newcomer's first run prints a short summary and a next step."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "repair").exists()
                    or Path(sys.prefix).resolve() != (ROOT / ".venv").resolve(),
                    reason="needs this checkout's .venv with repair installed")
def test_demo_is_short_and_ends_with_a_next_step(tmp_path: Path) -> None:
    env = {**os.environ, "REPORT": str(tmp_path / "report.html")}
    run = subprocess.run(["bash", "scripts/demo.sh", "--no-install"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300, check=True)
    out = run.stdout + run.stderr
    assert len(out.splitlines()) < 60, out[-2000:]
    assert "+ " not in out.splitlines()[0]  # no `set -x` trace
    assert "Found " in out and "would fix" in out
    assert "Next:" in out and "repair review" in out
    assert (tmp_path / "report.html").stat().st_size > 0


def test_report_html_is_ignored_by_git() -> None:
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    run = subprocess.run(["git", "check-ignore", "-q", "report.html"], cwd=ROOT)
    assert run.returncode == 0
