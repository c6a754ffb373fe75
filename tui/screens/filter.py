"""Filter the findings list by code, category, confidence and status: ModalScreen[Filter|None]."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from repair.review.session import Filter, Status

STATUS_CHOICES: dict[str, tuple[Status, ...]] = {
    "unreviewed": (Status.PENDING, Status.SKIPPED),
    **{s.value: (s,) for s in Status},
}


def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[\s,，、]+", text.strip()) if w)


class FilterDialog(ModalScreen[Filter | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: Filter, categories: Sequence[str]) -> None:
        super().__init__(classes="dialog-screen")
        self.current = current
        self.categories = sorted(set(categories))

    def compose(self) -> ComposeResult:
        cur = self.current
        status_value = next((k for k, v in STATUS_CHOICES.items() if v == cur.statuses), Select.NULL)
        with Vertical(classes="dialog", id="filter"):
            yield Label("Filter findings", classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("Codes", classes="field-label")
                yield Input(
                    " ".join(cur.codes), placeholder="GL SP003 (prefixes)", id="filter-codes", compact=True
                )
            with Horizontal(classes="field"):
                yield Label("Category", classes="field-label")
                yield Select(
                    [(c, c) for c in self.categories],
                    id="filter-category",
                    prompt="any",
                    compact=True,
                    value=cur.categories[0] if cur.categories else Select.NULL,
                )
            with Horizontal(classes="field"):
                yield Label("Min conf.", classes="field-label")
                yield Input(
                    f"{cur.min_confidence:g}" if cur.min_confidence else "",
                    placeholder="0.0 - 1.0",
                    id="filter-confidence",
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Status", classes="field-label")
                yield Select(
                    [(k, k) for k in STATUS_CHOICES],
                    id="filter-status",
                    prompt="any",
                    compact=True,
                    value=status_value,
                )
            yield Label("", id="filter-error", classes="dialog-error")
            with Horizontal(classes="buttons"):
                yield Button("Apply", id="apply", variant="primary", compact=True)
                yield Button("Clear", id="clear", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def _build(self) -> Filter | None:
        conf_text = self.query_one("#filter-confidence", Input).value.strip()
        try:
            conf = float(conf_text) if conf_text else 0.0
        except ValueError:
            conf = -1.0
        if not 0.0 <= conf <= 1.0:
            self.query_one("#filter-error", Label).update("min confidence: a number 0 to 1")
            return None
        category = self.query_one("#filter-category", Select).value
        status = self.query_one("#filter-status", Select).value
        return Filter(
            codes=tuple(c.upper() for c in _words(self.query_one("#filter-codes", Input).value)),
            categories=(str(category),) if isinstance(category, str) else (),
            min_confidence=conf,
            statuses=STATUS_CHOICES[status] if isinstance(status, str) else (),
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._apply()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "apply":
            self._apply()
        elif event.button.id == "clear":
            self.dismiss(Filter())
        else:
            self.dismiss(None)

    def _apply(self) -> None:
        flt = self._build()
        if flt is not None:
            self.dismiss(flt)

    def action_cancel(self) -> None:
        self.dismiss(None)
