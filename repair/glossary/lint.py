"""Self-checks of a glossary's data: every example behaves as declared, and no correction or
accepted form is itself flagged (so fixes cannot loop). Pure: takes a Glossary, returns problems."""

from __future__ import annotations

from dataclasses import dataclass

from repair.checks.base import CheckContext
from repair.checks.glossary import check_glossary
from repair.core.document import Document
from repair.formats import parse
from repair.glossary.schema import Entry, EntryKind, Glossary


@dataclass(frozen=True)
class Problem:
    entry_id: str
    message: str


def _doc(text: str) -> Document:
    return parse("<example>", text, "text")


def _hits(glossary: Glossary, text: str, domain: str | None) -> list[tuple[str, str, str]]:
    ctx = CheckContext(glossary=glossary, domain=domain)
    return [(f.code, f.text, f.entry_id or "") for f in check_glossary(_doc(text), ctx) if f.code != "GL004"]


def _converges(glossary: Glossary, text: str, domain: str | None) -> bool:
    from repair.checks.engine import run_checks
    from repair.checks.registry import default_registry
    from repair.core.fixes import fix_until_stable
    from repair.core.models import Applicability

    ctx = CheckContext(glossary=glossary, domain=domain)
    codes = {c for c in default_registry().codes() if c.startswith("GL")}
    try:
        fix_until_stable(text, lambda t, _n: run_checks(_doc(t), ctx, codes=codes), Applicability.UNSAFE)
    except ValueError:
        return False
    return True


def lint(glossary: Glossary) -> list[Problem]:
    problems: list[Problem] = []
    domain = glossary.domain
    for e in glossary.entries:
        problems.extend(_lint_entry(glossary, e, domain))
    return problems


def _lint_entry(glossary: Glossary, e: Entry, domain: str | None) -> list[Problem]:
    out: list[Problem] = []
    if e.kind is not EntryKind.CONCEPT and not e.examples.bad:
        out.append(Problem(e.id, "has no 'bad' example"))
    if e.gated and not e.examples.good:
        out.append(
            Problem(
                e.id,
                "is context-gated but has no 'good' example showing a "
                "legitimate use that must not be flagged",
            )
        )
    for sentence in e.examples.bad:
        if not any(eid == e.id for _c, _t, eid in _hits(glossary, sentence, domain)):
            out.append(Problem(e.id, f"bad example is not flagged: {sentence!r}"))
    for sentence in e.examples.good:
        hits = [(t, eid) for _c, t, eid in _hits(glossary, sentence, domain)]
        if hits:
            out.append(
                Problem(e.id, f"good example is flagged ({hits[0][0]!r} by '{hits[0][1]}'): {sentence!r}")
            )
    # fixing a bad example must settle: a drift through other entries (A -> B -> A) loops
    for sentence in e.examples.bad:
        if not _converges(glossary, sentence, domain):
            out.append(
                Problem(e.id, f"fixing the bad example does not converge (fixes would loop): {sentence!r}")
            )
    # a correction or accepted form that is itself flagged would make fixes loop
    for form in (*e.right, *e.accept):
        for probe in (form, f"《{form}》" if e.kind is EntryKind.TITLE else form):
            loops = _hits(glossary, probe, domain)
            if loops:
                out.append(
                    Problem(
                        e.id,
                        f"correction {form!r} is itself flagged "
                        f"({loops[0][1]!r} by '{loops[0][2]}'): fixes would loop",
                    )
                )
                break
    return out
