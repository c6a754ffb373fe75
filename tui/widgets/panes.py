"""The document pane (the passage, span marked, proposal inline), the detail pane and the
progress header. Fixed-size panes: an update re-draws the pane, never the whole layout."""

from __future__ import annotations

import bisect
from typing import ClassVar

from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from repair.checks.registry import default_registry
from repair.core.models import Finding
from repair.review.session import ReviewSession
from tui.widgets._format import detail_text, passage_text
from tui.widgets._styles import COMPONENT_CLASSES, styles_for


def rule_summary(code: str) -> str | None:
    try:
        return default_registry().rule(code).summary
    except KeyError:
        return None


class _Pane(Static):
    """A fixed-size pane re-drawn only when what it shows changed."""

    COMPONENT_CLASSES: ClassVar[set[str]] = COMPONENT_CLASSES

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: object = None
        self._styles: dict[str, Style] | None = None

    def notify_style_update(self) -> None:
        self._styles = None
        self._shown = None
        super().notify_style_update()

    @property
    def styles_map(self) -> dict[str, Style]:
        if self._styles is None:
            self._styles = styles_for(self)
        return self._styles

    def _changed(self, key: object) -> bool:
        if key == self._shown:
            return False
        self._shown = key
        return True


class DocumentPane(_Pane):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._starts: list[int] = []
        self._findings: list[Finding] | None = None

    def show(self, session: ReviewSession) -> None:
        f = session.current()
        region = self.content_region
        key = (
            f.fingerprint if f else None,
            session.decisions.get(f.fingerprint) if f else None,
            session.last_search,
            region.size,
            len(session.findings),
        )
        if not self._changed(key):
            return
        if f is None:
            self.update("No findings in this view." if session.findings else "No findings.", layout=False)
            return
        if self._findings is not session.findings:
            self._findings = session.findings
            self._starts = [x.span.start for x in session.findings]
        lo = bisect.bisect_left(self._starts, f.span.start - 600)
        hi = bisect.bisect_right(self._starts, f.span.end + 600)
        others = [o for o in session.findings[lo:hi] if o is not f]
        budget = max(80, region.width * max(1, region.height - 1))
        st = self.styles_map
        who = " ".join(x for x in (f.speaker, f.timestamp) if x)
        head = Text(f"{who} · line {f.line}" if who else f"line {f.line}", st["dim"])
        body = passage_text(
            session.text,
            f,
            session.decisions.get(f.fingerprint),
            budget=budget,
            others=others,
            query=session.last_search,
            st=st,
        )
        self.update(Group(head, body), layout=False)


class DetailPane(_Pane):
    def show(self, session: ReviewSession) -> None:
        f = session.current()
        if not self._changed(
            (f.fingerprint if f else None, session.decisions.get(f.fingerprint) if f else None)
        ):
            return
        if f is None:
            self.update("", layout=False)
            return
        self.update(
            detail_text(f, session.decisions.get(f.fingerprint), rule_summary(f.code), self.styles_map),
            layout=False,
        )


class ProgressHeader(Static):
    """reviewed / total, accepted, rejected, edited, skipped, stale, and the filter."""

    _shown = ""

    def show(self, session: ReviewSession, name: str) -> None:
        p = session.progress()
        parts = [
            f"{name} · {p.reviewed}/{p.total} reviewed",
            f"✓{p.accepted} ✗{p.rejected} ✎{p.edited} »{p.skipped}",
        ]
        if p.stale:
            parts.append(f"!{p.stale} stale")
        if session.filter.active:
            parts.append(f"filter: {session.filter.describe()} ({len(session.view)})")
        line = " · ".join(parts)
        if line != self._shown:
            self._shown = line
            self.update(line, layout=False)
