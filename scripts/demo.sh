#!/usr/bin/env bash
# Install mt-repair into .venv and run it on the shipped fixture: no network model, no API key.
# Prints a summary, not every finding, and ends with what to try next.
#   --no-install   reuse the existing .venv (tests use this)
# REPORT=path      where the HTML change report goes (default: report.html)
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=fixtures/lex_karpathy_zh.txt
REPORT="${REPORT:-report.html}"
if [ "${1:-}" != "--no-install" ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/pip install -q -e .
fi
repair=.venv/bin/repair

echo "== repair check $FILE   (summary; run it yourself for every finding)"
# exit 1 means "findings": expected here; keep only the summary from "Found ..." on
{ "$repair" check "$FILE" --color never || true; } | sed -n '/^Found /,$p'

echo
echo "== repair fix $FILE --speakers Lex,Andrej --report $REPORT   (writes only the report)"
# the fixture's speakers are Lex and Andrej: declared, their garbled labels get SAFE fixes
"$repair" fix "$FILE" --speakers Lex,Andrej --report "$REPORT" 2>&1 >/dev/null \
  | grep -v '^(nothing written' || true

cat <<NEXT

Next:
  open $REPORT                                   # every change, side by side
  $repair review $FILE      # accept or reject each finding in the terminal
  $repair fix $FILE --speakers Lex,Andrej --output-dir fixed/   # fixed copies (safe fixes only)
  $repair eval fixtures/eval/test               # per-document precision and recall
NEXT
