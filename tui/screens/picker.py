"""Choose one of a finding's alternatives: ModalScreen[int | None] (1-based)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class AlternativePicker(ModalScreen[int | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, original: str, alternatives: Sequence[str]) -> None:
        super().__init__(classes="dialog-screen")
        self.original = original
        self.alternatives = list(alternatives)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Replace ⟦{self.original}⟧ with", classes="dialog-title")
            yield OptionList(
                *(Option(f"{i}. {a}", id=str(i)) for i, a in enumerate(self.alternatives, 1)), id="picker"
            )
            yield Label("Enter: pick · Esc: cancel", classes="dialog-keys")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index + 1)

    def action_cancel(self) -> None:
        self.dismiss(None)
