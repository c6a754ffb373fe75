"""The findings list: a Line API ScrollView that renders only the rows on screen.

It reads the session (attributes down) and posts Clicked (messages up); it never changes the
session itself. Ten thousand findings cost nothing until they scroll into view.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from repair.review.session import ReviewSession, StaleDecision
from tui.widgets._format import row_text, stale_row_text
from tui.widgets._styles import COMPONENT_CLASSES, styles_for


class FindingsList(ScrollView, can_focus=True):
    COMPONENT_CLASSES: ClassVar[set[str]] = COMPONENT_CLASSES | {"findings-list--cursor"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "screen.prev", "Previous", show=False),
        Binding("down", "screen.next", "Next", show=False),
        Binding("pageup", "screen.page(-1)", "Page up", show=False),
        Binding("pagedown", "screen.page(1)", "Page down", show=False),
        Binding("home", "screen.first", "First", show=False),
        Binding("end", "screen.last", "Last", show=False),
    ]

    class Clicked(Message):
        def __init__(self, pos: int) -> None:
            self.pos = pos
            super().__init__()

    def __init__(self, session: ReviewSession, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self._styles: dict[str, Style] | None = None
        # rendered rows by (finding index, decision, selected, width): a decision is a frozen
        # value, so a changed decision is a new key and nothing needs invalidating
        self._rows: dict[tuple[int, object, bool, int], Strip] = {}
        self._stale: list[StaleDecision] = []  # shown after the findings when no filter is on

    def _rows_total(self) -> int:
        s = self.session
        if s.filter.active or not s.progress().stale:
            self._stale = []
        elif len(self._stale) != s.progress().stale:
            self._stale = s.stale()
        return len(s.view) + len(self._stale)

    def on_mount(self) -> None:
        self.reset()

    def notify_style_update(self) -> None:
        self._styles = None
        self._rows.clear()
        super().notify_style_update()

    def reset(self) -> None:
        """The view changed (filter, new findings): resize and show the cursor."""
        self.virtual_size = Size(self.scrollable_content_region.width, self._rows_total())
        self.refresh()
        self.show_cursor()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self._rows_total())
        self.show_cursor()

    def show_cursor(self, previous: int | None = None) -> None:
        """Scroll the cursor into view; re-draw only the rows of ``previous`` and the cursor
        when nothing else changed (``previous`` None re-draws every visible row)."""
        cur, top = self.session.cursor, round(self.scroll_y)
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        if cur < top:
            self.scroll_to(y=cur, animate=False, immediate=True)
        elif cur >= top + height:
            self.scroll_to(y=cur - height + 1, animate=False, immediate=True)
        elif previous is not None:
            self.refresh_line(previous)
            self.refresh_line(cur)
            return
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = y + round(self.scroll_y)
        s = self.session
        if row >= len(s.view):
            self._rows_total()
            k = row - len(s.view)
            if k >= len(self._stale):
                return Strip.blank(width, self.rich_style)
            if self._styles is None:
                self._styles = styles_for(self)
            text = stale_row_text(self._stale[k], width, self._styles)
            return Strip(text.render(self.app.console), width).apply_style(self.rich_style)
        index = s.view[row]
        f = s.findings[index]
        decision = s.decisions.get(f.fingerprint)
        selected = row == s.cursor
        key = (index, decision, selected, width)
        strip = self._rows.get(key)
        if strip is None:
            if self._styles is None:
                self._styles = styles_for(self)
            if len(self._rows) > 4096:
                self._rows.clear()
            text = row_text(f, decision, selected, width, self._styles)
            base = self.rich_style
            if selected:
                base = base + self.get_component_rich_style("findings-list--cursor")
            strip = self._rows[key] = Strip(text.render(self.app.console), width).apply_style(base)
        return strip

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:  # on the border or the scrollbar
            return
        row = offset.y + round(self.scroll_y)
        if 0 <= row < len(self.session.view):
            self.post_message(self.Clicked(row))
