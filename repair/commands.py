"""Subcommand bodies for the CLI: read files, run the engine, report, write atomically."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from repair import __version__
from repair.checks.registry import default_registry
from repair.cli_options import settings_from_args
from repair.core.document import Document
from repair.core.errors import ConfigError, FixLoopError, InputError, RepairError
from repair.core.io import atomic_write, check_output_targets, check_writable
from repair.core.models import Finding, Severity
from repair.core.results import FileResult, FixResult
from repair.glossary.lint import lint
from repair.glossary.schema import load_glossary
from repair.runner import Runner, SourceFile, glossary_for
from repair.settings import load_settings

if TYPE_CHECKING:
    from rich.console import Console

from repair.core.exit_codes import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS

T = TypeVar("T")


def _runner(args: argparse.Namespace, *, progress: bool) -> Runner:
    runner = Runner.create(settings_from_args(args), progress=progress)
    _warm_termbase()
    return runner


def _warm_termbase() -> None:
    """The first run compiles the termbase (CC-CEDICT, every derivation): say so, and show how
    far it is when a person is watching; later runs load the cache in a fraction of a second."""
    from repair.termbase.cache import is_cached, load_compiled

    if is_cached():
        return
    print("building the termbase cache (first run only, about half a minute)", file=sys.stderr)
    if not sys.stderr.isatty():
        load_compiled()
        return
    from rich.progress import Progress

    with Progress(console=_stderr_console(), transient=True) as bar:
        task = bar.add_task("deriving garbles from the termbase", total=None)
        load_compiled(progress=lambda done, total: bar.update(task, completed=done, total=total))


def _load_all(paths: Sequence[Path], runner: Runner) -> list[SourceFile]:
    """Load every input before doing anything, so one bad file stops the run with nothing written."""
    loaded: list[SourceFile] = []
    errors: list[RepairError] = []
    for p in paths:
        try:
            loaded.append(runner.load(p))
        except RepairError as exc:
            errors.append(exc)
    if errors:
        for earlier in errors[:-1]:
            print(f"error: {earlier}", file=sys.stderr)
        raise errors[-1]
    for item in loaded:
        if item.decoded.encoding != "utf-8":
            print(f"{item.path}: decoded as {item.decoded.encoding.upper()}", file=sys.stderr)
    return loaded


def _progress(items: Sequence[T], label: str) -> Iterator[T]:
    """A progress bar on stderr for batches, only when a person is watching."""
    if len(items) < 3 or not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import track

    yield from track(items, description=label, console=_stderr_console(), transient=True)


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def _fails(findings: Sequence[Finding], fail_on: str) -> bool:
    threshold = Severity.parse(fail_on)
    return any(f.severity >= threshold for f in findings)


def _baseline(path: Path) -> set[str]:
    from repair.report import load_findings_json

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("baseline file not found", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read baseline: {exc}", path=str(path)) from None
    return {f.fingerprint for fs in load_findings_json(text, str(path)).values() for f in fs}


# -- check ---------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    from repair import report

    runner = _runner(args, progress=args.format == "text" or args.output is not None)
    loaded = _load_all(args.files, runner)
    known = _baseline(args.baseline) if args.baseline else set()
    results: list[FileResult] = []
    for item in _progress(loaded, "checking"):
        result = runner.check(item)
        if known:
            result.findings = [f for f in result.findings if f.fingerprint not in known]
        results.append(result)
    color = args.color == "always" or (args.color == "auto" and args.output is None and sys.stdout.isatty())
    options = report.ReportOptions(default_registry().rules, color, __version__)
    out = report.REPORTERS[args.format].render(results, options)
    if args.output:
        atomic_write(args.output, out.encode("utf-8"))
    else:
        sys.stdout.write(out if out.endswith("\n") or not out else out + "\n")
    all_findings = [f for r in results for f in r.findings]
    return EXIT_FINDINGS if _fails(all_findings, runner.settings.fail_on) else EXIT_CLEAN


def check_one_for_eval(
    path: Path,
    args: argparse.Namespace | None = None,
) -> tuple[Document, list[Finding]]:
    """The engine as `repair eval` runs it: same config, glossary and LLM options as check."""
    runner = _runner(args or argparse.Namespace(), progress=True)
    item = runner.load(path)
    return item.document, runner.check(item).findings


# -- fix -----------------------------------------------------------------------------------


def cmd_fix(args: argparse.Namespace) -> int:
    """Modes and exit codes (README, "Fixing"):

    ==============================  ===================  ==========================================
    options                         writes               exit 1 when
    ==============================  ===================  ==========================================
    (none), --diff                  nothing; diff out    a finding at or above --fail-on exists
    --report FILE.html              only the report      (fixable or not), as ``check``
    --write, --output-dir DIR       the fixed files      a finding at or above --fail-on remains
    --diff with --write/--output-dir  (usage error, exit 2: --diff writes nothing)
    ==============================  ===================  ==========================================
    """
    from repair import report

    if args.write and args.output_dir:
        raise ConfigError("use either --write or --output-dir, not both")
    if args.diff and (args.write or args.output_dir):
        raise ConfigError("--diff writes nothing: use it without --write or --output-dir")
    runner = _runner(args, progress=True)
    loaded = _load_all(args.files, runner)
    results: list[tuple[SourceFile, FixResult]] = []
    for item in _progress(loaded, "fixing"):
        results.append((item, runner.fix(item)))  # may raise FixLoopError
    targets = _targets([item for item, _ in results], args)
    writing = args.write or args.output_dir is not None
    check_writable([*(targets if writing else []), *([args.report] if args.report else [])])
    show_diff = args.diff or not (writing or args.report)
    judged: list[Finding] = []
    for (item, res), target in zip(results, targets, strict=True):
        if show_diff:
            sys.stdout.write(report.unified_diff(str(item.path), res.original, res.fixed))
        if writing and (res.changed or args.output_dir is not None):
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, item.encode(res.fixed), expect=item.decoded.stamp if args.write else None)
        if res.changed:
            verb = "fixed" if writing else "would fix"
            print(
                f"{verb} {len(res.applied)} in {item.path}" + (f" -> {target}" if args.output_dir else ""),
                file=sys.stderr,
            )
        # writing: judge what remains; a dry run changed nothing, so judge everything found
        judged.extend(res.remaining if writing else [*res.applied, *res.remaining])
    if not any(res.changed for _, res in results):
        print(f"nothing to fix in {len(results)} file(s)", file=sys.stderr)
    if args.report:
        atomic_write(args.report, report.render_html([r for _, r in results]).encode("utf-8"))
        print(f"report: {args.report}", file=sys.stderr)
    if not writing:
        print(
            "(nothing written; use --write to apply, --unsafe-fixes to include unsafe fixes)", file=sys.stderr
        )
    return EXIT_FINDINGS if _fails(judged, runner.settings.fail_on) else EXIT_CLEAN


def _targets(items: Sequence[SourceFile], args: argparse.Namespace) -> list[Path]:
    if args.output_dir is None:
        return [item.path for item in items]
    paths = [item.path.resolve() for item in items]
    common = Path(*Path(paths[0]).parent.parts) if len(paths) == 1 else Path(_common_parent(paths))
    out = [args.output_dir / p.relative_to(common) for p in paths]
    check_output_targets(paths, out)
    return out


def _common_parent(paths: Sequence[Path]) -> Path:
    import os

    return Path(os.path.commonpath([str(p.parent) for p in paths]))


# -- rules and glossary --------------------------------------------------------------------


def cmd_rules(args: argparse.Namespace) -> int:
    rules = default_registry().rules
    if args.code:
        # a code prefix, as --select takes it (`gl`, `GL00`), or a rule's name
        rules = [r for r in rules if r.code.startswith(args.code.upper()) or r.name == args.code]
        if not rules:
            raise ConfigError(f"no rule {args.code!r} (see `repair rules`)")
    if args.format == "json":
        print(
            json.dumps(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "summary": r.summary,
                        "severity": r.severity.label,
                        "origin": r.origin.value,
                        "fix": r.fix,
                        "doc": r.doc,
                    }
                    for r in rules
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_CLEAN
    for r in rules:
        print(f"{r.code}  {r.name}  [{r.severity.label}, fix: {r.fix}]")
        print(f"    {r.summary}.")
        for line in r.doc.splitlines():
            print(f"    {line}")
        print()
    return EXIT_CLEAN


def cmd_glossary_lint(args: argparse.Namespace) -> int:
    paths = args.paths or [glossary_for(load_settings())[0]]
    bad = 0
    for path in paths:
        try:
            glossary = load_glossary(path)
        except RepairError as exc:
            print(f"error: {exc}", file=sys.stderr)
            bad += 1
            continue
        problems = lint(glossary)
        from repair.glossary.schema import _entry_lines

        starts, _keys = _entry_lines(path.read_text(encoding="utf-8-sig"))
        index = {e.id: i for i, e in enumerate(glossary.entries)}
        for p in problems:
            i = index.get(p.entry_id)
            line = starts[i] if i is not None and i < len(starts) else 0
            print(f"{path}:{line}: entry '{p.entry_id}' {p.message}")
        if problems:
            bad += 1
        else:
            print(
                f"{path}: ok ({len(glossary.entries)} entries, "
                f"{sum(e.gated for e in glossary.entries)} context-gated)",
                file=sys.stderr,
            )
    return EXIT_ERROR if bad else EXIT_CLEAN


__all__ = ["FixLoopError", "cmd_check", "cmd_fix", "cmd_glossary_lint", "cmd_rules"]
