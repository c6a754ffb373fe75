"""`repair eval --gold GOLD.tsv FILE [--findings F.json] [--format text|json] [--lines A-B]`.

Scores the engine (or a saved findings report) against a hand-annotated gold set; the scoring
itself is pure and lives in evaluate.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from repair.core.document import Document
from repair.core.errors import ConfigError, InputError, RepairError
from repair.core.exit_codes import EXIT_CLEAN as EXIT_OK
from repair.core.exit_codes import EXIT_ERROR
from repair.core.models import Finding
from repair.eval.scoring import evaluate, parse_gold
from repair.report.json_ import findings_for_file

# runs the engine on one file with the parsed options (glossary, config, --llm …)
RunCheck = Callable[[Path, argparse.Namespace], tuple[Document, list[Finding]]]


def register(subparsers: Any, run_check: RunCheck) -> argparse.ArgumentParser:
    """Add the `eval` subcommand; ``run_check`` runs the engine on one file."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "eval",
        help="score findings against a hand-annotated gold set",
        description="Precision, recall, F1 and fix accuracy of the checks (or of a saved "
        "findings report) against a gold TSV (see fixtures/README.md).",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="the annotated document")
    p.add_argument("--gold", type=Path, required=True, metavar="GOLD.tsv")
    p.add_argument(
        "--findings",
        type=Path,
        metavar="FINDINGS.json",
        help='score this report ({"files": [{"path", "findings"}]}) instead of running the checks',
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--lines", metavar="A-B", help="only this line range (default: the gold set's first to last line)"
    )
    p.add_argument(
        "--details", action="store_true", help="text format: also list missed gold spans and false positives"
    )
    p.set_defaults(func=lambda args: cmd_eval(args, run_check))
    return p


def cmd_eval(args: argparse.Namespace, run_check: RunCheck) -> int:
    try:
        line_range = parse_line_range(args.lines) if args.lines else None
        gold = parse_gold(_read(args.gold), str(args.gold))
        if args.findings:
            doc = _load_document(args.file)
            findings = findings_for(_read(args.findings), str(args.findings), args.file)
        else:
            doc, findings = run_check(args.file, args)
        report = evaluate(doc, findings, gold, line_range=line_range)
    except RepairError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if args.format == "json":
        sys.stdout.write(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(report.to_table(details=args.details))
    for err in report.errors:
        print(f"error: {args.gold}: {err}", file=sys.stderr)
    for warn in report.warnings:
        print(f"warning: {args.findings or args.file}: {warn}", file=sys.stderr)
    # gold rows that do not occur in FILE mean the wrong file or a stale gold set
    return EXIT_ERROR if report.errors else EXIT_OK


def parse_line_range(value: str) -> tuple[int, int]:
    a, sep, b = value.partition("-")
    try:
        lo, hi = int(a), int(b if sep else a)
    except ValueError:
        raise ConfigError(f"--lines: expected A-B (1-based, inclusive), got {value!r}") from None
    if not 1 <= lo <= hi:
        raise ConfigError(f"--lines: expected 1 <= A <= B, got {value!r}")
    return lo, hi


def findings_for(text: str, path: str, file: Path) -> list[Finding]:
    """The findings for ``file`` from a ``{"files": [{"path", "findings"}]}`` JSON report."""
    return findings_for_file(text, path, file)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", path=str(path)) from e
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8: {e.reason} at byte {e.start}", path=str(path)) from e


def _load_document(path: Path) -> Document:
    from repair.runner import load_document  # reads and decodes as `check` does; errors name the file

    return load_document(path).document
