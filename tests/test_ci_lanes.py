"""The CI lanes: the fast lane skips the model server; the full lane runs the linters."""

from __future__ import annotations

from pathlib import Path

SCRIPT = (Path(__file__).resolve().parent.parent / "scripts" / "test.sh").read_text("utf-8")


def test_fast_lane_builds_no_model_server_and_skips_llm_real() -> None:
    fast = SCRIPT[SCRIPT.index('if [ "$FAST" -eq 1 ]'):SCRIPT.index("fi\n", SCRIPT.index('if [ "$FAST" -eq 1 ]'))]
    assert '-m "not llm_real"' in fast and "local" not in fast and "exec" in fast
    assert SCRIPT.index("exec .venv/bin/python -m pytest") < SCRIPT.index("llama-cpp-python")


def test_full_lane_lints_and_type_checks_repair_and_tui() -> None:
    for command in ("ruff check repair tui", "ruff format --check repair tui",
                    "mypy --strict repair tui", "scripts/local_model.py fetch 0.5b"):
        assert command in SCRIPT, command
