"""The key bindings, as a modal screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

KEYS = (
    ("a", "accept the proposed fix"),
    ("r", "reject (keep the text as it is)"),
    ("e", "edit: type your own correction"),
    ("1-9 / c", "pick an alternative / choose from a list"),
    ("s", "skip (decide later)"),
    ("n p ↓ ↑ j k", "next / previous finding"),
    ("N / tab", "next unreviewed finding"),
    ("u / ctrl+r", "undo / redo"),
    ("A", "accept every SAFE fix in the current filter"),
    ("f", "filter by code, category, confidence, status"),
    ("/", "search the text"),
    ("g", "add the accepted correction to the glossary"),
    ("l", "re-check this passage with the LLM"),
    ("w", "save: apply accepted and edited corrections"),
    ("q", "quit (decisions are kept in the journal)"),
    ("ctrl+p", "command palette"),
    ("?", "this help"),
)
LEGEND = "✓ accepted  ✗ rejected  ✎ edited  » skipped  · pending  ! stale  ⟦span → fix⟧"


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Label("mt-repair review — keys", classes="dialog-title")
            yield Static("\n".join(f"{k:>12}  {what}" for k, what in KEYS), markup=False)
            yield Static(LEGEND, classes="dialog-hint", markup=False)
            yield Label("Esc / ? / q: close", classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)
