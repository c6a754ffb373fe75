#!/usr/bin/env bash
# Install mt-repair into .venv and run it on the shipped fixture: no network model, no API key.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/pip install -q -e .
set -x
.venv/bin/repair check fixtures/lex_karpathy_zh.txt || true   # exit 1: findings
.venv/bin/repair fix fixtures/lex_karpathy_zh.txt --diff --report report.html || true
