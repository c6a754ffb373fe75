"""Command line: `repair check | fix | rules | glossary lint | eval | llm …` (+ `review` from tui).

``main(argv) -> int``; one function per subcommand. Results go to stdout; progress and
"fixed N in FILE" to stderr. Exit codes are named constants pinned by a test.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points  # module level: tests patch repair.cli.entry_points
from pathlib import Path

from repair import __version__
from repair.core.errors import RepairError
from repair.core.exit_codes import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, EXIT_INTERRUPTED
from repair.core.signals import sigterm_as_interrupt

# the options, reporters, eval and LLM stacks are imported in build_parser, not here, so that
# `repair --version` pays for none of them

__all__ = ["EXIT_CLEAN", "EXIT_ERROR", "EXIT_FINDINGS", "EXIT_INTERRUPTED", "build_parser", "main"]


def _add_common(p: argparse.ArgumentParser) -> None:
    from repair.cli_options import add_engine_options

    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    add_engine_options(p)
    p.add_argument(
        "--fail-on",
        choices=["info", "warning", "error"],
        help="lowest severity that makes the exit status 1 (default: warning)",
    )


def build_parser() -> argparse.ArgumentParser:
    from repair.cli_options import add_engine_options
    from repair.eval.command import register as register_eval
    from repair.llm.cli import register as register_llm
    from repair.report import REPORTERS

    parser = argparse.ArgumentParser(
        prog="repair", description="Find and repair garbles in machine-translated transcripts."
    )
    parser.add_argument("--version", action="version", version=f"mt-repair {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("check", help="report findings (for people and CI)")
    _add_common(p)
    p.add_argument(
        "--format",
        choices=list(REPORTERS),
        default="text",
        help="; ".join(f"{r.key}: {r.summary}" for r in REPORTERS.values()),
    )
    p.add_argument(
        "--baseline", type=Path, help="JSON from an earlier `check --format json`: report only new findings"
    )
    p.add_argument("--output", "-o", type=Path, help="write the report here instead of stdout")
    p.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="color the text report: auto (when stdout is a terminal), always, never",
    )
    p.set_defaults(func=_run("check"))

    p = sub.add_parser("fix", help="apply fixes (safe by default) and report the changes")
    _add_common(p)
    p.add_argument(
        "--unsafe-fixes",
        action="store_true",
        default=None,
        help="also apply UNSAFE fixes (context-gated glossary entries, LLM proposals)",
    )
    p.add_argument("--diff", action="store_true", help="print a unified diff, write nothing")
    p.add_argument("--write", action="store_true", help="write fixed files in place (atomically)")
    p.add_argument("--output-dir", type=Path, help="write fixed copies under this folder")
    p.add_argument("--report", type=Path, metavar="FILE.html", help="write an HTML change report")
    p.set_defaults(func=_run("fix"))

    p = sub.add_parser("rules", help="list every check with its code and docs")
    p.add_argument(
        "code", nargs="?", help="only this rule: a code, a code prefix as --select takes it (gl), or a name"
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=_run("rules"))

    p = sub.add_parser("glossary", help="glossary tools")
    gsub = p.add_subparsers(dest="glossary_command", metavar="ACTION", required=True)
    lint = gsub.add_parser("lint", help="validate a glossary: schema, examples, loops")
    lint.add_argument(
        "paths", nargs="*", type=Path, metavar="GLOSSARY", help="default: the configured or shipped glossary"
    )
    lint.set_defaults(func=_run("glossary_lint"))

    add_engine_options(register_eval(sub, _eval_runner))
    register_llm(sub)
    for ep in entry_points(group="mt_repair.commands"):  # e.g. `review` from the tui package
        ep.load()(sub)
    return parser


def _run(name: str):  # type: ignore[no-untyped-def]
    def call(args: argparse.Namespace) -> int:
        from repair import commands

        return int(getattr(commands, f"cmd_{name}")(args))

    return call


def _eval_runner(path: Path, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from repair.commands import check_one_for_eval

    return check_one_for_eval(path, args)


def main(argv: Sequence[str] | None = None) -> int:
    if list(sys.argv[1:] if argv is None else argv) == ["--version"]:
        # answered before the parser (and every subcommand's imports) is built
        print(f"mt-repair {__version__}")
        return EXIT_CLEAN
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: 0 for --help/--version, 2 for usage errors
        return int(exc.code or 0)
    try:
        with sigterm_as_interrupt():
            return int(args.func(args))
    except RepairError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
