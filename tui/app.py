"""The review app: a session comes in, decisions go out (App.exit(ReviewResult)).

The app never writes a file. Saving, adding to the glossary and the LLM re-check are callables
injected by the review command (tui/cli.py); see make_review_app.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from repair.review.session import Progress, ReviewSession, StaleDecision
from tui.keys import PALETTE
from tui.screens.main import ReviewScreen
from tui.services import AddGlossary, LLMRecheck, ReviewServices, Save


@dataclass
class ReviewResult:
    progress: Progress
    saves: int
    unsaved: bool
    stale: list[StaleDecision] = field(default_factory=list)


class ReviewApp(App[ReviewResult]):
    CSS_PATH = "review.tcss"
    TITLE = "mt-repair review"

    def __init__(
        self,
        session: ReviewSession,
        *,
        save: Save,
        llm_recheck: LLMRecheck | None,
        add_glossary: AddGlossary | None,
        glossary_path: str,
        name: str,
    ) -> None:
        super().__init__()
        self.session = session
        self.services = ReviewServices(save, llm_recheck, add_glossary, glossary_path)
        self.doc_name = name
        self.review_screen = ReviewScreen(session, name, self.services, self.finish)

    @property
    def saves(self) -> int:
        return self.services.saves

    def on_mount(self) -> None:
        self.push_screen(self.review_screen)
        s = self.session
        if s.file_changed or s.progress().stale:
            self.notify(
                f"The file changed since the last review: decisions re-attached by "
                f"fingerprint; {s.progress().stale} stale (no longer in the text).",
                severity="warning",
                timeout=8,
            )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for action, title, help_text in PALETTE:
            yield SystemCommand(f"Review: {title}", help_text, partial(self.review_screen.run_action, action))

    def finish(self) -> None:
        s = self.session
        self.exit(ReviewResult(s.progress(), self.saves, s.unsaved(), s.stale()))


def make_review_app(
    session: ReviewSession,
    *,
    save: Save,
    llm_recheck: LLMRecheck | None = None,
    add_glossary: AddGlossary | None = None,
    glossary_path: str = "",
    name: str = "",
) -> ReviewApp:
    """The review app over ``session``. ``save`` applies the decisions (the app never writes);
    ``llm_recheck`` re-checks the passage of a finding (runs in a worker thread);
    ``add_glossary(fields, finding)`` writes a glossary entry and returns a message."""
    return ReviewApp(
        session,
        save=save,
        llm_recheck=llm_recheck,
        add_glossary=add_glossary,
        glossary_path=glossary_path,
        name=name or session.path or "document",
    )
