"""Turn an accepted or edited correction into a glossary entry: ModalScreen[dict | None].

The dialog only collects and checks the fields; the review command writes the file."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from repair.core.errors import RepairError
from repair.glossary.editing import entry_fields, suggest_id
from repair.glossary.schema import Category, EntryKind


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,，、]+", text.strip()) if w]


Submit = Callable[[dict[str, Any]], str]


class GlossaryDialog(ModalScreen[str | None]):
    """Returns the message of a successful ``submit`` (the entry was written), or None.

    A refused entry (a duplicate, an invalid field) keeps the dialog open with the reason."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        wrong: str,
        right: str,
        *,
        submit: Submit,
        kind: str = "term",
        category: str | None = None,
        target: str = "",
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.submit = submit
        self.wrong, self.right, self.kind = wrong, right, kind
        self.category = category if category in {c.value for c in Category} else None
        self.target = target

    def _field(self, label: str, widget: Input | Select[str]) -> Horizontal:
        return Horizontal(Label(label, classes="field-label"), widget, classes="field")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="glossary"):
            yield Label("Add to glossary", classes="dialog-title")
            if self.target:
                yield Label(f"→ {self.target}", classes="dialog-hint")
            yield self._field("Wrong", Input(self.wrong, id="g-wrong", compact=True))
            yield self._field("Right", Input(self.right, id="g-right", compact=True))
            yield self._field(
                "Kind",
                Select(
                    [(k.value, k.value) for k in EntryKind],
                    value=self.kind,
                    allow_blank=False,
                    id="g-kind",
                    compact=True,
                ),
            )
            yield self._field(
                "Category",
                Select(
                    [(c.value, c.value) for c in Category],
                    value=self.category or Select.NULL,
                    prompt="none",
                    id="g-category",
                    compact=True,
                ),
            )
            yield self._field("Id", Input(suggest_id(self.right, self.wrong), id="g-id", compact=True))
            yield self._field(
                "Require any", Input(placeholder="context words (optional)", id="g-context", compact=True)
            )
            yield self._field("Note", Input(placeholder="optional", id="g-note", compact=True))
            yield Label("", id="g-error", classes="dialog-error")
            with Horizontal(classes="buttons"):
                yield Button("Add", id="add", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def _value(self, wid: str) -> str:
        return self.query_one(f"#{wid}", Input).value.strip()

    def _build(self) -> dict[str, Any] | None:
        category = self.query_one("#g-category", Select).value
        kind = self.query_one("#g-kind", Select).value
        try:
            fields = entry_fields(
                entry_id=self._value("g-id"),
                kind=str(kind),
                wrong=[self._value("g-wrong")],
                right=[self._value("g-right")],
                category=category if isinstance(category, str) else None,
                require_any=_words(self._value("g-context")),
                note=self._value("g-note") or None,
            )
        except ValueError as exc:
            self.query_one("#g-error", Label).update(str(exc))
            return None
        if not fields["wrong"] or not fields["right"] or not fields["id"]:
            self.query_one("#g-error", Label).update("wrong, right and id are required")
            return None
        return fields

    def _submit(self) -> None:
        fields = self._build()
        if fields is None:
            return
        try:
            message = self.submit(fields)
        except RepairError as exc:
            self.show_error(exc.args[0])
            return
        self.dismiss(message)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "add":
            self._submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, message: str) -> None:
        self.query_one("#g-error", Label).update(message)
