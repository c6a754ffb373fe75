"""A one-line text prompt (edit a correction, search the text): ModalScreen[str | None]."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class PromptScreen(ModalScreen[str | None]):
    """Enter returns the text (free text, may be empty); Escape returns None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", *, hint: str = "", placeholder: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.value = value
        self.hint = hint
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.hint:
                yield Label(self.hint, classes="dialog-hint")
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Label("Enter: OK · Esc: cancel", classes="dialog-keys")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class EditDialog(PromptScreen):
    """Edit the correction: the input holds the proposal (selected, so typing replaces it)."""

    def __init__(self, original: str, proposal: str) -> None:
        super().__init__(
            "Edit correction", proposal, hint=f"replaces ⟦{original}⟧ · free text", placeholder="correction"
        )
