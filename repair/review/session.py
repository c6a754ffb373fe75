"""The review state machine: decisions, undo/redo, filters, progress. Pure; never imports textual.

Every change is an event (accept, reject, edit, skip, undo, redo). A live action first hands its
event to the journal callback (which writes and fsyncs it) and then applies it through the same
code that replays a journal, so a replayed session is exactly the session that was left.

Decisions are keyed by finding fingerprint (content + context), so they re-attach after the file
changed elsewhere; those whose finding is gone are *stale*. Accepted decisions that a save already
wrote into the file (the file's hash equals the last save's) are *retired*, not stale.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from repair.core.lines import line_starts
from repair.core.models import Applicability, Edit, Finding, Fix
from repair.review.journal import utc_now
from repair.review.types import (
    DECIDED,
    STALE_SYMBOL,
    SYMBOLS,
    Change,
    Decision,
    Filter,
    Progress,
    ReviewError,
    SaveOutcome,
    StaleDecision,
    Status,
)

__all__ = [
    "DECIDED",
    "STALE_SYMBOL",
    "SYMBOLS",
    "Change",
    "Decision",
    "Filter",
    "Progress",
    "ReviewError",
    "ReviewSession",
    "SaveOutcome",
    "StaleDecision",
    "Status",
]

Event = dict[str, Any]
CONTEXT = 12  # characters either side of a decided span kept in the journal, to show it if stale
_EVENT_STATUS = {
    "accept": Status.ACCEPTED,
    "reject": Status.REJECTED,
    "edit": Status.EDITED,
    "skip": Status.SKIPPED,
}


class ReviewSession:
    def __init__(
        self,
        findings: Sequence[Finding],
        *,
        text: str = "",
        text_hash: str = "",
        path: str = "",
        events: Iterable[Mapping[str, Any]] = (),
        journal: Callable[[Event], None] | None = None,
        clock: Callable[[], str] = utc_now,
    ) -> None:
        self.text, self.text_hash, self.path = text, text_hash, path
        self.clock = clock
        self.decisions: dict[str, Decision] = {}
        self.undo_stack: list[tuple[Change, ...]] = []
        self.redo_stack: list[tuple[Change, ...]] = []
        self.filter = Filter()
        self.retired = 0  # accepted decisions already written by an earlier save
        self.last_search = ""
        self.cursor = 0
        self._info: dict[str, tuple[str, str, int]] = {}
        self._context: dict[str, tuple[str, str]] = {}  # decided fp -> text before / after its span
        self._last_hash: str | None = None
        self._last_save: tuple[str, tuple[str, ...]] | None = None
        self._last_fp: str | None = None
        self._line_starts: list[int] | None = None
        self._saved_key: frozenset[tuple[str, str | None]] = frozenset()
        self._spans: dict[str, tuple[int, int]] = {}  # decided fp -> its span in the text it was made on
        self._save_edits: list[tuple[int, int, int]] = []  # (start, end, new length) of the last save
        self._index_findings(findings)
        self._journal: Callable[[Event], None] | None = None
        for event in events:
            self._apply(dict(event))
        self.file_changed = self._last_hash is not None and self._last_hash != text_hash
        edits = self._maybe_retire(text_hash)
        moves = self._reattach_moves(edits) if edits is not None else []
        spans = {
            fp: [f.span.start, f.span.end]
            for fp in self.decisions
            if (f := self._finding(fp)) is not None and self._spans.get(fp) != (f.span.start, f.span.end)
        }
        if journal is not None:
            self._journal = journal
            self._emit({"event": "open", "hash": text_hash, "path": path, "spans": spans})
        else:
            self._spans.update({fp: (a, b) for fp, (a, b) in spans.items()})
        if moves:
            reattach = {"event": "reattach", "moves": moves}
            if self._journal is not None:
                self._emit(reattach)
            else:
                self._apply(reattach)
        self._resume_cursor()

    # -- findings, view, counts --------------------------------------------------------------
    def _index_findings(self, findings: Iterable[Finding]) -> None:
        seen: dict[str, Finding] = {}
        for f in findings:
            seen.setdefault(f.fingerprint, f)
        self.findings = sorted(seen.values(), key=lambda f: (f.span.start, f.span.end, f.code))
        self.index = {f.fingerprint: i for i, f in enumerate(self.findings)}
        self._recount()
        self._set_view()

    def _recount(self) -> None:
        self._counts: Counter[Status] = Counter({Status.PENDING: len(self.findings)})
        self._stale = 0
        for fp, d in self.decisions.items():
            self._count(fp, None, d)

    def _count(self, fp: str, old: Decision | None, new: Decision | None) -> None:
        if fp in self.index:
            self._counts[old.status if old else Status.PENDING] -= 1
            self._counts[new.status if new else Status.PENDING] += 1
        else:
            self._stale += (new is not None and new.status in DECIDED) - (
                old is not None and old.status in DECIDED
            )

    def _set_view(self, keep: str | None = None) -> None:
        self.view = (
            [i for i, f in enumerate(self.findings) if self.filter.matches(f, self.status(f))]
            if self.filter.active
            else list(range(len(self.findings)))
        )
        self._view_lines: list[int] | None = None
        target = self.index.get(keep, -1) if keep else -1
        self.cursor = (
            min(bisect.bisect_left(self.view, target), max(0, len(self.view) - 1)) if target >= 0 else 0
        )

    def _finding(self, fp: str) -> Finding | None:
        i = self.index.get(fp)
        return self.findings[i] if i is not None else None

    def status(self, f: Finding) -> Status:
        d = self.decisions.get(f.fingerprint)
        return d.status if d else Status.PENDING

    def current(self) -> Finding | None:
        return self.findings[self.view[self.cursor]] if self.view else None

    def at(self, pos: int) -> Finding:
        return self.findings[self.view[pos]]

    def progress(self) -> Progress:
        c = self._counts
        return Progress(
            len(self.findings),
            c[Status.ACCEPTED],
            c[Status.REJECTED],
            c[Status.EDITED],
            c[Status.SKIPPED],
            self._stale,
        )

    def stale(self) -> list[StaleDecision]:
        out = []
        for fp, d in self.decisions.items():
            if fp not in self.index and d.status in DECIDED:
                code, text, line = self._info.get(fp, ("", "", 0))
                before, after = self._context.get(fp, ("", ""))
                out.append(StaleDecision(fp, d, code, text, line, before, after))
        return sorted(out, key=lambda s: (s.line, s.code))

    def set_filter(self, flt: Filter) -> None:
        cur = self.current()
        self.filter = flt
        self._set_view(cur.fingerprint if cur else None)

    def add_findings(self, new: Iterable[Finding]) -> int:
        """Merge findings (an LLM re-check); returns how many were new."""
        fresh = [f for f in new if f.fingerprint not in self.index]
        if fresh:
            cur = self.current()
            self._index_findings([*self.findings, *fresh])
            self._set_view(cur.fingerprint if cur else None)
        return len(fresh)

    # -- navigation --------------------------------------------------------------------------
    def goto(self, pos: int) -> None:
        if self.view:
            self.cursor = max(0, min(pos, len(self.view) - 1))

    def move(self, delta: int) -> None:
        self.goto(self.cursor + delta)

    def next_unreviewed(self) -> bool:
        n = len(self.view)
        for k in range(1, n + 1):
            pos = (self.cursor + k) % n
            if self.status(self.at(pos)) in (Status.PENDING, Status.SKIPPED):
                self.cursor = pos
                return True
        return False

    def _resume_cursor(self) -> None:
        if self._last_fp in self.index:
            self.goto(self.index[self._last_fp] + 1)
        cur = self.current()
        if cur is not None and self.status(cur) in DECIDED:
            self.next_unreviewed()

    def find_text(self, query: str) -> bool:
        """Move to the next finding on a line whose text contains ``query`` (wrapping)."""
        self.last_search = query
        cur = self.current()
        if not query or cur is None:
            return False
        if self._line_starts is None:
            self._line_starts = line_starts(self.text)
        if self._view_lines is None:
            self._view_lines = [self.findings[i].line for i in self.view]
        starts, lines = self._line_starts, self._view_lines
        after = starts[cur.line] if cur.line < len(starts) else len(self.text)
        for begin, stop in ((after, len(self.text)), (0, after)):
            pos = self.text.find(query, begin, stop)
            while pos >= 0:
                line = bisect.bisect_right(starts, pos)
                k = bisect.bisect_left(lines, line)
                if k < len(lines) and lines[k] == line:
                    self.cursor = k
                    return True
                nxt = starts[line] if line < len(starts) else len(self.text)
                pos = self.text.find(query, max(nxt, pos + 1), stop)
        return False

    # -- actions (journaled, then applied) ---------------------------------------------------
    def _need(self) -> Finding:
        f = self.current()
        if f is None:
            raise ReviewError("no finding selected")
        return f

    def _decide(self, event: str, f: Finding, replacement: str | None, **extra: Any) -> None:
        self._emit(
            {
                "event": event,
                "fp": f.fingerprint,
                "replacement": replacement,
                "code": f.code,
                "text": f.text,
                "line": f.line,
                "start": f.span.start,
                "end": f.span.end,
                "before": self.text[max(0, f.span.start - CONTEXT) : f.span.start],
                "after": self.text[f.span.end : f.span.end + CONTEXT],
                **extra,
            }
        )
        self.move(1)

    def accept(self) -> None:
        f = self._need()
        if f.fix is None:
            hint = "pick an alternative (1-9)" if f.alternatives else "edit it (e)"
            raise ReviewError(f"nothing to accept: {f.code} proposes no fix; {hint}")
        self._decide("accept", f, f.replacement)

    def reject(self) -> None:
        self._decide("reject", self._need(), None)

    def skip(self) -> None:
        self._decide("skip", self._need(), None)

    def edit(self, replacement: str) -> None:
        self._decide("edit", self._need(), replacement)

    def pick(self, n: int) -> None:
        f = self._need()
        if not 1 <= n <= len(f.alternatives):
            raise ReviewError(f"no alternative {n}" if f.alternatives else "no alternatives here")
        self._decide("edit", f, f.alternatives[n - 1], via="alternative")

    def accept_all_safe(self) -> int:
        fps = [
            f.fingerprint
            for f in (self.at(p) for p in range(len(self.view)))
            if f.fix is not None
            and f.fix.applicability is Applicability.SAFE
            and self.status(f) in (Status.PENDING, Status.SKIPPED)
        ]
        if not fps:
            raise ReviewError("no pending SAFE fixes in this view")
        self._emit({"event": "accept", "fps": fps})
        return len(fps)

    def undo(self) -> None:
        if not self.undo_stack:
            raise ReviewError("nothing to undo")
        self._emit({"event": "undo"})
        self._focus(self.redo_stack[-1])

    def redo(self) -> None:
        if not self.redo_stack:
            raise ReviewError("nothing to redo")
        self._emit({"event": "redo"})
        self._focus(self.undo_stack[-1])

    def _focus(self, changes: tuple[Change, ...]) -> None:
        for c in changes:
            i = self.index.get(c.fp)
            if i is not None:
                k = bisect.bisect_left(self.view, i)
                if k < len(self.view) and self.view[k] == i:
                    self.cursor = k
                    return

    def record_save(
        self, saved_hash: str, fps: Sequence[str], edits: Sequence[tuple[int, int, int]] = ()
    ) -> None:
        """A save wrote ``fps``; ``edits`` are its (start, end, new length) in the opened text."""
        self._emit({"event": "save", "hash": saved_hash, "fps": list(fps), "edits": [list(e) for e in edits]})
        self._saved_key = self._apply_key()

    def _emit(self, event: Event) -> None:
        event = {**event, "ts": self.clock()}
        if self._journal is not None:
            self._journal(event)  # write-ahead: if this raises, nothing changes
        self._apply(event)

    # -- event application (live and replay) -------------------------------------------------
    def _apply(self, ev: Event) -> None:
        kind = ev.get("event")
        if kind == "open":
            self._maybe_retire(str(ev.get("hash", "")))
            for fp, (a, b) in (ev.get("spans") or {}).items():
                self._spans[fp] = (int(a), int(b))
            self._last_hash = ev.get("hash")
        elif kind == "save":
            self._last_save = (str(ev.get("hash", "")), tuple(ev.get("fps", ())))
            self._save_edits = [(int(a), int(b), int(n)) for a, b, n in ev.get("edits", ())]
            self._last_hash = ev.get("hash")
        elif kind == "reattach":
            for old, new, start, end in ev.get("moves", ()):
                d = self.decisions.get(old)
                if d is None or new in self.decisions:
                    continue
                self._count(old, d, None)
                del self.decisions[old]
                self._count(new, None, d)
                self.decisions[new] = d
                if old in self._info:
                    self._info[new] = self._info.pop(old)
                if old in self._context:
                    self._context[new] = self._context.pop(old)
                self._spans.pop(old, None)
                self._spans[new] = (int(start), int(end))
                self.undo_stack.clear()
                self.redo_stack.clear()
        elif kind in _EVENT_STATUS:
            fps = ev.get("fps") or [ev.get("fp")]
            if "fp" in ev and "code" in ev:
                self._info[ev["fp"]] = (ev["code"], ev.get("text", ""), ev.get("line", 0))
                if "start" in ev:
                    self._spans[ev["fp"]] = (int(ev["start"]), int(ev["end"]))
                if "before" in ev:
                    self._context[ev["fp"]] = (str(ev["before"]), str(ev.get("after", "")))
            new = Decision(_EVENT_STATUS[kind], ev.get("replacement"), str(ev.get("ts", "")))
            changes = tuple(Change(fp, self.decisions.get(fp), new) for fp in fps if fp)
            if "fp" in ev and ev["fp"] in self.index:
                # deciding a finding again settles a stale decision on the same text
                changes += tuple(Change(x, self.decisions.get(x), None) for x in self._stale_twins(ev["fp"]))
            if not changes:
                return
            self._do(changes, "after")
            self.undo_stack.append(changes)
            self.redo_stack.clear()
            self._last_fp = changes[-1].fp if changes else self._last_fp
        elif kind == "undo" and self.undo_stack:
            changes = self.undo_stack.pop()
            self._do(changes, "before")
            self.redo_stack.append(changes)
            self._last_fp = changes[0].fp
        elif kind == "redo" and self.redo_stack:
            changes = self.redo_stack.pop()
            self._do(changes, "after")
            self.undo_stack.append(changes)
            self._last_fp = changes[-1].fp

    def _do(self, changes: tuple[Change, ...], side: str) -> None:
        for c in changes:
            new = c.after if side == "after" else c.before
            old = self.decisions.get(c.fp)
            self._count(c.fp, old, new)
            if new is None:
                self.decisions.pop(c.fp, None)
            else:
                self.decisions[c.fp] = new

    def _stale_twins(self, fp: str) -> list[str]:
        code, text, _line = self._info.get(fp, ("", "", 0))
        return [
            x
            for x, d in self.decisions.items()
            if x != fp
            and x not in self.index
            and d.status in DECIDED
            and self._info.get(x, ("", ""))[:2] == (code, text)
        ][:1]

    def _maybe_retire(self, current_hash: str) -> list[tuple[int, int, int]] | None:
        """The file holds what the last save wrote: its accepted decisions are done.

        Returns the save's edits (to map the other decisions' spans through), or None."""
        if self._last_save is None or self._last_save[0] != current_hash:
            return None
        for fp in self._last_save[1]:
            d = self.decisions.get(fp)
            if d is not None and d.status in (Status.ACCEPTED, Status.EDITED):
                self._count(fp, d, None)
                del self.decisions[fp]
                self.retired += 1
        self.undo_stack.clear()
        self.redo_stack.clear()
        self._last_save = None
        return self._save_edits

    def _reattach_moves(self, edits: Sequence[tuple[int, int, int]]) -> list[list[Any]]:
        """Decisions whose fingerprint changed only because the tool's own save edited nearby
        text: map their old span through the save's edits and find the same finding there."""
        by_span = {(f.span.start, f.span.end, f.code, f.text): f for f in self.findings}
        moves: list[list[Any]] = []
        for fp, d in self.decisions.items():
            if fp in self.index or fp not in self._spans or d.status not in DECIDED:
                continue
            mapped = map_span(self._spans[fp], edits)
            code, text, _line = self._info.get(fp, ("", "", 0))
            f = by_span.get((*mapped, code, text)) if mapped else None
            if f is not None and f.fingerprint not in self.decisions:
                moves.append([fp, f.fingerprint, f.span.start, f.span.end])
        return moves

    # -- output ------------------------------------------------------------------------------
    def to_findings_for_apply(self) -> list[Finding]:
        """Accepted and edited decisions as findings whose fixes are SAFE (a human chose them)."""
        out = []
        for f in self.findings:
            d = self.decisions.get(f.fingerprint)
            if d is None:
                continue
            if d.status is Status.ACCEPTED and f.fix is not None:
                fix = f.fix.model_copy(update={"applicability": Applicability.SAFE})
            elif d.status is Status.EDITED and d.replacement is not None:
                fix = Fix(
                    edits=(Edit(span=f.span, replacement=d.replacement, expected=f.text),),
                    applicability=Applicability.SAFE,
                    message=f"reviewer: replace with {d.replacement!r}",
                )
            else:
                continue
            out.append(f.model_copy(update={"fix": fix}))
        return out

    def _apply_key(self) -> frozenset[tuple[str, str | None]]:
        return frozenset(
            (f.fingerprint, self.decisions[f.fingerprint].replacement) for f in self.to_findings_for_apply()
        )

    def unsaved(self) -> bool:
        """Whether saving now would write something the last save (this run) did not."""
        return self._apply_key() != self._saved_key


def map_span(span: tuple[int, int], edits: Iterable[tuple[int, int, int]]) -> tuple[int, int] | None:
    """Where ``span`` lies after the ``(start, end, new length)`` edits; None if one overlaps it."""
    start, end = span
    shift = 0
    for a, b, n in sorted(edits):
        if b <= start and not (a == b == start and start < end):
            shift += n - (b - a)
        elif a >= end:
            break
        else:
            return None
    return start + shift, end + shift
