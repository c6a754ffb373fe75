"""Settings -> glossary, check context, selected checks and LLM service; then load, check and fix
whole files with them.

Every subcommand (check, fix, eval, llm export, review) builds one ``Runner`` from its Settings,
so they all see the same glossary, context and cache keys. Reads files; never writes them (the
CLI does, atomically).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from repair.checks.base import CheckContext, select_codes
from repair.checks.engine import run_checks
from repair.checks.registry import default_registry
from repair.core.document import Document
from repair.core.errors import ConfigError, FixLoopError
from repair.core.fixes import fix_until_stable
from repair.core.io import Decoded, encode, read_text
from repair.core.models import Applicability, Finding, Origin
from repair.core.results import FileResult, FixResult
from repair.formats import parse
from repair.glossary.schema import Glossary, default_glossary_path, load_glossary
from repair.settings import Settings

if TYPE_CHECKING:
    from repair.llm.prompts import PromptInput
    from repair.llm.service import LLMService


@dataclass
class SourceFile:
    path: Path
    decoded: Decoded
    document: Document

    def encode(self, text: str) -> bytes:
        return encode(text, self.decoded)


def load_document(path: Path, input_format: str | None = None, encoding: str | None = None) -> SourceFile:
    decoded = read_text(path, encoding)
    return SourceFile(path, decoded, parse(str(path), decoded.text, input_format))


def reparse(loaded: SourceFile, text: str) -> Document:
    return parse(str(loaded.path), text, loaded.document.format)


PROJECT_GLOSSARY = Path("glossary.yaml")


def glossary_for(config: Settings, override: Path | None = None) -> tuple[Path, Glossary]:
    """--glossary, else the configured one, else ./glossary.yaml (where review's "add to
    glossary" writes), else the shipped default."""
    if override is not None:
        path = override
    elif config.glossary:
        path = Path(config.glossary)
    elif PROJECT_GLOSSARY.is_file():
        path = PROJECT_GLOSSARY
    else:
        path = default_glossary_path()
    return path, load_glossary(path)


def context_for(config: Settings, glossary: Glossary, llm: LLMService | None = None) -> CheckContext:
    return CheckContext(
        glossary=glossary,
        domain=config.domain or glossary.domain,
        speakers=tuple(config.speakers),
        language=config.language or glossary.language,
        source_language=config.source_language or glossary.source_language,
        min_language_chars=config.min_language_chars,
        llm=llm,
    )


def selected_codes(select: Iterable[str], ignore: Iterable[str]) -> set[str]:
    return select_codes(default_registry().codes(), list(select), list(ignore))


def check_file(loaded: SourceFile, ctx: CheckContext, codes: set[str]) -> FileResult:
    # the service lives for the whole run: a file's stats are what this file added
    before = dict(ctx.llm.stats) if ctx.llm is not None else {}
    findings = run_checks(loaded.document, ctx, codes=codes)
    stats = {k: v - before.get(k, 0) for k, v in ctx.llm.stats.items()} if ctx.llm is not None else {}
    return FileResult(str(loaded.path), loaded.document, findings, loaded.decoded.encoding, stats)


def fix_file(
    loaded: SourceFile,
    ctx: CheckContext,
    codes: set[str],
    min_applicability: Applicability = Applicability.SAFE,
    first: list[Finding] | None = None,
) -> FixResult:
    """Fix until stable: the first pass may use the LLM (or given findings), later passes re-run
    only the deterministic checks. Raises FixLoopError when fixes keep changing the text."""

    seen: list[list[Finding]] = []  # each pass's findings: the last pass's are what remains

    def check(text: str, n: int) -> list[Finding]:
        if n == 1 and first is not None:
            found = first
        else:
            doc = loaded.document if n == 1 else reparse(loaded, text)
            found = run_checks(doc, ctx, codes=codes, deterministic_only=n > 1)
        seen.append(found)
        return found

    original = loaded.document.text
    try:
        fixed, applied, skipped, passes = fix_until_stable(original, check, min_applicability)
    except ValueError as exc:
        raise FixLoopError(str(exc), path=str(loaded.path)) from None
    remaining = list(seen[-1]) if seen else [s.finding for s in skipped]
    if len(seen) > 1:
        # later passes skip the LLM: what it reported and was not applied still remains
        done = {f.fingerprint for f in applied}
        remaining += [f for f in seen[0] if f.origin is Origin.LLM and f.fingerprint not in done]
    return FixResult(str(loaded.path), original, fixed, applied, skipped, passes, remaining)


@dataclass
class Runner:
    """What every subcommand runs with: built once from Settings by ``Runner.create``."""

    settings: Settings
    glossary_path: Path
    glossary: Glossary
    context: CheckContext
    codes: set[str] = field(default_factory=set)

    @classmethod
    def create(cls, settings: Settings, *, progress: bool = False) -> Runner:
        """Load the glossary, start the LLM service when ``settings.use_llm``, select the checks.
        ``progress`` shows the LLM's progress on stderr."""
        from repair.llm.factory import service_for

        path, glossary = glossary_for(settings)
        llm = service_for(settings, progress=progress)
        known = default_registry().codes()
        unknown = [
            c for c in (*settings.select, *settings.ignore) if not any(code.startswith(c) for code in known)
        ]
        if unknown:
            raise ConfigError(f"unknown rule code or prefix: {', '.join(unknown)} (see `repair rules`)")
        codes = selected_codes(settings.select, settings.ignore)
        return cls(settings, path, glossary, context_for(settings, glossary, llm), codes)

    @property
    def llm(self) -> LLMService | None:
        return self.context.llm

    @property
    def threshold(self) -> Applicability:
        """The lowest applicability ``fix`` applies."""
        return Applicability.UNSAFE if self.settings.unsafe_fixes else Applicability.SAFE

    def load(self, path: Path) -> SourceFile:
        return load_document(path, self.settings.input_format, self.settings.encoding)

    def check(self, source: SourceFile) -> FileResult:
        return check_file(source, self.context, self.codes)

    def fix(self, source: SourceFile, first: list[Finding] | None = None) -> FixResult:
        return fix_file(source, self.context, self.codes, self.threshold, first)

    def llm_prompts(self, source: SourceFile) -> list[PromptInput]:
        """The LLM check's prompts for ``source``, exactly as ``check --llm`` builds them."""
        from repair.checks.llm import prompts_for

        return prompts_for(source.document, self.context, self.settings.llm.context_turns)[1]
