"""`repair review FILE`: the review command, found by repair.cli through the entry point
``mt_repair.commands: review = tui.cli:register``.

Nothing here imports textual at module level (repair.cli loads this module at start-up); the app
is imported inside cmd_review. Exit codes: 0 saved or quit cleanly, 2 input/config error,
130 interrupted.
"""

from __future__ import annotations

import argparse
import gc
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from repair.cli_options import add_input_format_option, add_llm_arguments
from repair.core.errors import InputError, RepairError
from repair.core.exit_codes import EXIT_CLEAN as EXIT_OK
from repair.core.exit_codes import EXIT_ERROR, EXIT_INTERRUPTED


def register(subparsers: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "review",
        help="review findings interactively and apply the ones you accept",
        description="Open a terminal review of the findings in FILE: accept, reject or edit "
        "each correction; w applies them. Every decision is journaled at once, so a crash "
        "loses nothing and reopening resumes.",
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--findings",
        type=Path,
        metavar="JSON",
        help="review the output of `repair check --format json` instead of checking",
    )
    p.add_argument(
        "--glossary",
        type=Path,
        help="glossary to check with and to add entries to (default: the configured "
        "one; entries go to ./glossary.yaml when none is configured)",
    )
    p.add_argument(
        "--state-dir",
        type=Path,
        metavar="DIR",
        help="where the review journal lives (default: .mt-repair/review/ in the file's folder)",
    )
    p.add_argument("--config", type=Path, help="config file (default: searched upwards)")
    add_input_format_option(p)
    add_llm_arguments(p)
    p.set_defaults(func=cmd_review)
    return p


@dataclass
class Prepared:
    loaded: Any  # repair.runner.SourceFile
    session: Any  # repair.review.session.ReviewSession
    writer: Any  # repair.review.journal.JournalWriter
    saver: Any
    adder: Any
    recheck: Any
    glossary_path: Path
    journal_path: Path


def _findings_from_json(path: Path, document: Path, text: str) -> list[Any]:
    from repair.report.json_ import findings_for_file

    try:
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read findings: {exc.strerror}", path=str(path)) from None
    found = findings_for_file(raw, str(path), document)
    fresh = [f for f in found if text[f.span.start : f.span.end] == f.text]
    if len(fresh) < len(found):
        print(
            f"repair review: {len(found) - len(fresh)} finding(s) in {path} no longer "
            f"match {document}; run `repair check` again",
            file=sys.stderr,
        )
    return fresh


def prepare(args: argparse.Namespace) -> Prepared:
    """Load config, document, glossary and findings; replay the journal; open it for appends."""
    from repair.cli_options import settings_from_args
    from repair.review.journal import JournalWriter, journal_path, read_journal, text_hash
    from repair.review.saving import GlossaryAdder, Saver, build_llm_recheck, glossary_target
    from repair.review.session import ReviewSession
    from repair.runner import Runner, load_document

    # the review checks with the config's select/ignore; --glossary and --llm as `check` does
    settings = settings_from_args(args)
    loaded = load_document(args.file, settings.input_format)  # input errors first
    runner = Runner.create(settings)
    used_path, ctx, codes, service = runner.glossary_path, runner.context, runner.codes, runner.llm
    text = loaded.document.text
    if args.findings is not None:
        findings = _findings_from_json(args.findings, args.file, text)
    else:
        if service is not None:
            print(
                f"repair review: checking {args.file} with the LLM (cached answers are reused)…",
                file=sys.stderr,
            )
        findings = runner.check(loaded).findings
    jpath = journal_path(args.file, args.state_dir)
    journal = read_journal(jpath)
    if journal.torn:
        print(f"repair review: {jpath}: ignored a torn last line (a crash mid-write)", file=sys.stderr)
    if journal.bad_lines:
        print(f"repair review: {jpath}: skipped unreadable lines {journal.bad_lines[:5]}", file=sys.stderr)
    writer = JournalWriter(jpath)
    try:
        session = ReviewSession(
            findings,
            text=text,
            text_hash=text_hash(text),
            path=str(args.file),
            events=journal.events,
            journal=writer.append,
        )
    except BaseException:
        writer.close()
        raise
    target = glossary_target(args.glossary, settings.glossary)
    return Prepared(
        loaded,
        session,
        writer,
        Saver(loaded),
        GlossaryAdder(target, str(args.file), seed_from=used_path),
        build_llm_recheck(loaded, ctx, codes),
        target,
        jpath,
    )


def summary(prep: Prepared, saves: int) -> str:
    s = prep.session
    p = s.progress()
    lines = [
        f"{prep.loaded.path}: {p.reviewed}/{p.total} reviewed "
        f"(✓ {p.accepted} accepted, ✗ {p.rejected} rejected, ✎ {p.edited} edited, "
        f"» {p.skipped} skipped); saved {saves}×"
    ]
    if s.unsaved():
        lines.append("  corrections not saved yet: they are in the journal; reopen and press w")
    stale = s.stale()
    if stale:
        lines.append(f"  {len(stale)} stale decision(s): their text is no longer in the file")
        lines += [f"    ! {x.code} line {x.line}: {x.text} ({x.decision.status.value})" for x in stale[:20]]
    lines.append(f"  journal: {prep.journal_path}")
    return "\n".join(lines)


def cmd_review(args: argparse.Namespace) -> int:
    try:
        prep = prepare(args)
    except RepairError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    from tui.app import make_review_app  # textual only now

    # the findings and the document live as long as the review: keep the cyclic GC from
    # scanning them again and again (its pauses showed as keystroke latency spikes)
    gc.collect()
    gc.freeze()
    app = make_review_app(
        prep.session,
        save=prep.saver,
        llm_recheck=prep.recheck,
        add_glossary=prep.adder,
        glossary_path=str(prep.glossary_path),
        name=prep.loaded.path.name,
    )
    try:
        result = app.run()
    except KeyboardInterrupt:
        print("interrupted (decisions are kept in the journal)", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        prep.writer.close()
    saves = result.saves if result is not None else app.saves
    print(summary(prep, saves), file=sys.stderr)
    return EXIT_OK
