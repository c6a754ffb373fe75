"""`repair eval --gold GOLD.tsv FILE [--findings F.json] [--format text|json] [--lines A-B]`
and `repair eval DIR|FILE...` (each document scored against its NAME.gold.tsv, one row each).

Scores the engine (or a saved findings report) against hand-annotated gold sets; the scoring
itself is pure and lives in eval/scoring.py and eval/documents.py.
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
    p.add_argument(
        "file",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="the annotated document; or documents and folders, each document with its gold set "
        "beside it as NAME.gold.tsv (one row per document, traps and controls counted)",
    )
    p.add_argument("--gold", type=Path, metavar="GOLD.tsv", help="the gold set of a single FILE")
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
    if not isinstance(args.file, list):
        args.file = [args.file]
    if args.gold is None or len(args.file) > 1 or args.file[0].is_dir():
        return cmd_eval_set(args, run_check)
    args.file = args.file[0]
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


def cmd_eval_set(args: argparse.Namespace, run_check: RunCheck) -> int:
    """One row per annotated document: P/R/F1 on its garbles, traps flagged and SAFE-fixed,
    SAFE fixes on correct text, and whether `fix --write` would change a control."""
    from repair.eval.documents import SetReport, gold_path_for, score_document, total

    if args.gold is not None:
        print("error: --gold takes a single FILE; documents in a set use NAME.gold.tsv", file=sys.stderr)
        return EXIT_ERROR
    try:
        documents = _annotated_documents(args.file)
        rows = []
        for path in documents:
            gold = parse_gold(_read(gold_path_for(path)), str(gold_path_for(path)))
            doc, findings = run_check(path, args)
            rows.append(score_document(path.name, doc, findings, gold))
    except RepairError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    report = SetReport(rows=rows, total=total(rows))
    if args.format == "json":
        sys.stdout.write(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(report.to_table())
    return EXIT_OK


def _annotated_documents(paths: list[Path]) -> list[Path]:
    from repair.eval.documents import GOLD_SUFFIX, gold_path_for

    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and gold_path_for(p).is_file()
                and not p.name.endswith(GOLD_SUFFIX)
                and ".en." not in p.name
            )
            if not found:
                raise InputError("no annotated documents (NAME.txt with NAME.gold.tsv) here", path=str(path))
            out.extend(found)
        elif not gold_path_for(path).is_file():
            raise InputError(f"no gold set beside it ({gold_path_for(path).name})", path=str(path))
        else:
            out.append(path)
    return out


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
