"""What the review command injects into the app: save, add-to-glossary, LLM re-check.

These are the only places the review writes files, and none of them touches a widget.
No textual import here.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from repair.checks.base import CheckContext, Registry
from repair.checks.engine import run_checks
from repair.checks.registry import default_registry
from repair.core.document import Document, SegmentKind
from repair.core.errors import GlossaryError
from repair.core.fixes import apply_fixes
from repair.core.io import atomic_write
from repair.core.models import Applicability, Finding
from repair.core.results import FixResult
from repair.glossary.editing import Provenance, append_entry
from repair.review.journal import text_hash
from repair.review.session import ReviewSession, SaveOutcome
from repair.runner import SourceFile


def report_paths(path: Path) -> tuple[Path, Path]:
    """``<file>.review.html`` and ``<file>.review.diff`` next to the file."""
    return path.with_name(path.name + ".review.html"), path.with_name(path.name + ".review.diff")


class Saver:
    """Applies accepted and edited decisions to the text the review opened, every time.

    Saving twice writes the same result for the same decisions. The file on disk must still hold
    what the review opened or what this saver last wrote; otherwise nothing is written."""

    def __init__(self, loaded: SourceFile, *, reports: bool = True) -> None:
        self.loaded = loaded
        self.path = loaded.path
        self.base = loaded.document.text
        self.on_disk = loaded.encode(self.base)
        self.reports = reports
        self.last: FixResult | None = None

    def __call__(self, session: ReviewSession) -> SaveOutcome:
        findings = session.to_findings_for_apply()
        fixed, applied, skipped = apply_fixes(self.base, findings, Applicability.SAFE)
        data = self.loaded.encode(fixed)
        try:
            current = self.path.read_bytes()
        except OSError as exc:
            return SaveOutcome(False, f"{self.path}: cannot read before saving: {exc.strerror}")
        if current != self.on_disk:
            return SaveOutcome(
                False,
                f"{self.path} changed on disk since the review opened; "
                "not saved. Quit and reopen the review to re-attach decisions.",
            )
        try:
            if data != current:
                atomic_write(self.path, data)
            self.on_disk = data
            result = FixResult(str(self.path), self.base, fixed, applied, skipped)
            self.last = result
            written = self._write_reports(result) if self.reports else []
        except OSError as exc:
            return SaveOutcome(False, f"{self.path}: cannot write: {exc.strerror or exc}")
        edits = [
            (e.span.start, e.span.end, len(e.replacement)) for f in applied if f.fix for e in f.fix.edits
        ]
        session.record_save(text_hash(fixed), [f.fingerprint for f in applied], edits)
        msg = f"saved {self.path.name}: {len(applied)} correction(s) applied"
        if skipped:
            reasons = sorted({s.reason for s in skipped})
            msg += f", {len(skipped)} skipped ({', '.join(reasons)})"
        if written:
            msg += "; report: " + ", ".join(p.name for p in written)
        return SaveOutcome(True, msg, len(applied), len(skipped))

    def _write_reports(self, result: FixResult) -> list[Path]:
        from repair.report import render_html, unified_diff

        html_path, diff_path = report_paths(self.path)
        atomic_write(
            html_path, render_html([result], title=f"mt-repair review: {self.path.name}").encode("utf-8")
        )
        atomic_write(diff_path, unified_diff(str(self.path), result.original, result.fixed).encode("utf-8"))
        return [html_path, diff_path]


def glossary_target(override: Path | None, configured: str | None) -> Path:
    """Where `g` writes: --glossary, else the configured glossary, else ./glossary.yaml."""
    if override is not None:
        return override
    if configured:
        return Path(configured)
    return Path.cwd() / "glossary.yaml"


def _package_data() -> Path:
    import repair

    return (Path(repair.__file__).resolve().parent / "data").resolve()


class GlossaryAdder:
    """Appends an entry to the project's glossary file (atomically, validated first)."""

    def __init__(
        self,
        target: Path,
        document: str,
        *,
        seed_from: Path | None = None,
        today: Callable[[], str] = lambda: date.today().isoformat(),
    ) -> None:
        self.target = target
        self.document = document
        self.seed_from = seed_from  # a new file starts as a copy of this glossary
        self.today = today

    def __call__(self, fields: dict[str, Any], finding: Finding) -> str:
        path = self.target
        if _package_data() in path.resolve().parents:
            raise GlossaryError(
                "refusing to edit the glossary installed with mt-repair; pass "
                "--glossary PATH or set glossary in the config",
                path=str(path),
            )
        bom = False
        created = not path.exists()
        try:
            if created:
                text = self.seed_from.read_text(encoding="utf-8-sig") if self.seed_from else ""
            else:
                raw = path.read_bytes()
                bom = raw.startswith(codecs.BOM_UTF8)
                text = raw.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise GlossaryError(f"cannot read glossary: {exc}", path=str(path)) from None
        new = append_entry(text, fields, Provenance(self.document, finding.line, self.today()), str(path))
        data = new.encode("utf-8")
        try:
            atomic_write(path, codecs.BOM_UTF8 + data if bom else data)
        except OSError as exc:
            raise GlossaryError(f"cannot write glossary: {exc.strerror or exc}", path=str(path)) from None
        msg = f"added glossary entry {fields['id']!r} to {path}"
        if created:
            msg += (
                " (a new file: a copy of the glossary in use plus this entry; use it with "
                "--glossary or glossary = ... in [tool.mt-repair])"
            )
        return msg


def build_llm_recheck(
    loaded: SourceFile,
    ctx: CheckContext,
    codes: set[str],
    registry: Registry | None = None,
) -> Callable[[Finding], list[Finding]] | None:
    """Re-run the LLM check over the turn holding a finding; None without an LLM service."""
    registry = registry or default_registry()
    llm_codes = {r.code for c in registry.checks if c.needs_llm for r in c.rules} & codes
    if ctx.llm is None or not llm_codes:
        return None
    doc = loaded.document

    def recheck(finding: Finding) -> list[Finding]:
        seg = doc.segment_at(finding.span.start)
        if seg is not None:
            segs = [s for s in doc.segments if s.turn == seg.turn]
        else:
            segs = [
                s
                for s in doc.segments
                if s.kind is SegmentKind.PROSE and s.start <= finding.span.start <= s.end
            ]
        part = Document(
            doc.path, doc.text, doc.format, build_segments=lambda _t: list(segs), headers=doc.headers
        )
        return run_checks(part, ctx, codes=llm_codes, registry=registry)

    return recheck
