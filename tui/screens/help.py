"""The key bindings, as a modal screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.keys import KEYS

LEGEND = "✓ accepted  ✗ rejected  ✎ edited  » skipped  · pending  ! stale  ⟦span → fix⟧"
COLUMNS = (
    "List columns: status, code, severity (E error, W warning, I info), confidence "
    "(0.00-1.00: how sure the check is that the span is wrong), the span → the fix."
)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Label("mt-repair review — keys", classes="dialog-title")
            yield Static("\n".join(f"{k.keys:>12}  {k.what}" for k in KEYS), markup=False)
            yield Static(LEGEND, classes="dialog-hint", markup=False)
            yield Static(COLUMNS, classes="dialog-hint", markup=False)
            yield Label("Esc / ? / q: close", classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)
