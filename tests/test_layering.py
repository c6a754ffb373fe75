"""The tree's layering: the engine never loads the UI or openai; the TUI has no import cycle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return out.stdout.strip()


def test_engine_and_cli_never_import_textual_or_openai() -> None:
    code = ("import sys, repair.cli, repair.runner, repair.settings, repair.checks.registry, "
            "repair.report, repair.formats, repair.review.saving, repair.eval.command; "
            "repair.cli.build_parser(); "
            "print('textual' in sys.modules, 'openai' in sys.modules)")
    assert _run(code) == "False False"


def test_the_review_screen_does_not_import_the_app() -> None:
    assert _run("import sys, tui.screens.main; print('tui.app' in sys.modules)") == "False"
