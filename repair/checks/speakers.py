"""SP rules: speaker labels and timestamps are structure, checked here and never as prose."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from repair.checks.base import Check, CheckContext, Rule, make_diagnostic
from repair.core.document import Document
from repair.core.models import Applicability, Diagnostic, Origin, Severity
from repair.termbase.speakers import LabelGarble

SP001 = Rule(
    "SP001",
    "garbled-speaker-label",
    "A speaker label that machine translation garbled",
    Severity.ERROR,
    Origin.SPEAKERS,
    "safe",
    "Speaker names in headers get translated or misheard (Lex -> 凌志 'Lexus', 莱克斯;\n"
    "Mark -> 标记; 主持人 -> 主机). With no speaker list configured, the frequent labels are the\n"
    "speakers and a rare label is a garble of one when it translates, transliterates or\n"
    "sounds like it (CC-CEDICT glosses, pinyin and Metaphone keys): an UNSAFE fix. With\n"
    "declared speakers (--speakers, config), such a label gets a SAFE fix, and a glossary's\n"
    "speakers.labels lists known garbles per speaker.\n"
    "Example: 凌志 01:27:22 -> Lex 01:27:22. Fix: SAFE (labels are structure, not prose).",
)
SP002 = Rule(
    "SP002",
    "unknown-speaker",
    "A speaker label that is not one of the document's speakers",
    Severity.WARNING,
    Origin.SPEAKERS,
    "display-only",
    "Speakers are declared in the glossary (speakers.labels), the config (speakers = [...])\n"
    "or --speakers. A label outside that list is reported with the closest allowed names as\n"
    "alternatives. Fix: none; pick one in review.",
)
SP003 = Rule(
    "SP003",
    "label-missing-space",
    "A speaker label glued to its timestamp",
    Severity.WARNING,
    Origin.SPEAKERS,
    "safe",
    "Headers are 'Speaker HH:MM:SS'. A missing space ('莱克斯01:25:01') breaks tools that\n"
    "split on it. Fix: SAFE, inserts one space.",
)
SP004 = Rule(
    "SP004",
    "timestamp-out-of-order",
    "A turn timestamp earlier than the one before it",
    Severity.WARNING,
    Origin.SPEAKERS,
    "none",
    "Turn timestamps should not go backwards; one that does usually marks a misplaced or\n"
    "mistyped header. Fix: none.",
)

RULES = (SP001, SP002, SP003, SP004)


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    return float(parts[0]) * 3600 + float(parts[1]) * 60 + float(parts[2])


def _earlier(stamp: str, previous: str) -> bool:
    if len(stamp) == len(previous):  # zero-padded stamps of one width sort as strings
        return stamp < previous
    return _seconds(stamp) < _seconds(previous)


def check_speakers(doc: Document, ctx: CheckContext) -> Iterator[Diagnostic]:
    garbles = {g: label.name for label in ctx.glossary.speakers.labels for g in label.garbles}
    allowed = set(ctx.allowed_speakers())
    ordered = ctx.allowed_speakers()
    text = doc.text
    if not allowed:
        yield from _inferred_label_findings(doc)
    previous: str | None = None
    for h in doc.headers:
        label = text[h.label_start : h.label_end]
        if label and allowed and label not in allowed:
            yield from _label_findings(doc, h.label_start, label, garbles, ordered)
        if h.label_end == h.stamp_start and label:
            yield make_diagnostic(
                doc,
                SP003,
                h.label_end,
                h.label_end,
                "speaker label and timestamp need a space between them",
                replacement=" ",
                confidence=1.0,
                category="speaker",
            )
        stamp = text[h.stamp_start : h.stamp_end]
        if previous is not None and _earlier(stamp, previous):
            yield make_diagnostic(
                doc,
                SP004,
                h.stamp_start,
                h.stamp_end,
                f"timestamp {stamp} is earlier than the previous {previous}",
                confidence=0.8,
            )
        previous = stamp


def _label_findings(
    doc: Document, start: int, label: str, garbles: dict[str, str], allowed: tuple[str, ...]
) -> Iterator[Diagnostic]:
    name = label.strip()
    start += len(label) - len(label.lstrip())
    end = start + len(name)
    if name in garbles:
        yield make_diagnostic(
            doc,
            SP001,
            start,
            end,
            f"speaker label {name!r} is a garble of {garbles[name]!r}",
            replacement=garbles[name],
            confidence=0.95,
            evidence="glossary speakers.labels",
            category="speaker",
        )
    elif allowed and name not in allowed and (inferred := _garble_of_declared(name, allowed)):
        # the user declared who speaks: a label that translates, transliterates or sounds
        # like one of them is that speaker
        yield make_diagnostic(
            doc,
            SP001,
            start,
            end,
            f"speaker label {name!r} is a garble of {inferred.speaker!r}: {inferred.reason}",
            replacement=inferred.speaker,
            confidence=0.9,
            evidence="declared speakers; inferred from the label",
            category="speaker",
        )
    elif allowed and name not in allowed:
        close = difflib.get_close_matches(name, allowed, n=3, cutoff=0.0)
        yield make_diagnostic(
            doc,
            SP002,
            start,
            end,
            f"speaker {name!r} is not one of {', '.join(allowed)}",
            applicability=Applicability.DISPLAY_ONLY,
            alternatives=close or allowed,
            confidence=0.5,
            category="speaker",
        )


def _garble_of_declared(label: str, allowed: tuple[str, ...]) -> LabelGarble | None:
    from repair.termbase.glosses import glosses_of
    from repair.termbase.speakers import explain_label

    return explain_label(label, list(allowed), glosses_of)


def _inferred_label_findings(doc: Document) -> Iterator[Diagnostic]:
    """No declared speakers: the frequent labels are the speakers (see termbase/speakers.py)."""
    from repair.termbase.glosses import glosses_of
    from repair.termbase.speakers import infer_garbles, main_speakers

    text = doc.text
    spans = [
        (h.label_start, text[h.label_start : h.label_end]) for h in doc.headers if h.label_end > h.label_start
    ]
    labels = [label.strip() for _, label in spans]
    garbles = infer_garbles(labels, glosses_of)
    speakers = main_speakers(labels)
    counts = {lab: labels.count(lab) for lab in set(labels)}

    def canonical(label: str) -> str:
        return garbles[label].speaker if label in garbles else label

    for i, (start, raw) in enumerate(spans):
        name = raw.strip()
        start += len(raw) - len(raw.lstrip())
        if name in garbles:
            g = garbles[name]
            yield make_diagnostic(
                doc,
                SP001,
                start,
                start + len(name),
                f"speaker label {name!r} is a garble of {g.speaker!r}: {g.reason}",
                replacement=g.speaker,
                applicability=Applicability.UNSAFE,
                confidence=0.8,
                evidence="inferred from the document's labels",
                category="speaker",
            )
        elif len(speakers) == 2 and name not in speakers and counts[name] == 1:
            # turns alternate: a one-off label between two turns of one speaker is the other
            before = canonical(labels[i - 1]) if i > 0 else None
            after = canonical(labels[i + 1]) if i + 1 < len(labels) else None
            if before is not None and before == after and before in speakers:
                other = speakers[1] if before == speakers[0] else speakers[0]
                yield make_diagnostic(
                    doc,
                    SP002,
                    start,
                    start + len(name),
                    f"speaker {name!r} speaks once, between two turns of {before!r}: probably {other!r}",
                    replacement=other,
                    applicability=Applicability.UNSAFE,
                    confidence=0.5,
                    evidence=f"two-speaker document ({', '.join(speakers)}); turns alternate",
                    category="speaker",
                )


SPEAKERS_CHECK = Check(rules=RULES, run=check_speakers)
