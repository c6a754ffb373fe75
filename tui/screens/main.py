"""The review screen: findings list, passage, details, progress header and key footer.

Keys change the session (the session journals each decision itself), then the panes are
re-drawn from the session. The LLM re-check runs in a thread worker and reports back by message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer

from repair.core.models import Finding
from repair.review.session import Filter, ReviewError, ReviewSession, Status
from tui.screens.filter import FilterDialog
from tui.screens.glossary import GlossaryDialog
from tui.screens.help import HelpScreen
from tui.screens.picker import AlternativePicker
from tui.screens.prompt import EditDialog, PromptScreen
from tui.services import ReviewServices
from tui.widgets import DetailPane, DocumentPane, FindingsList, ProgressHeader

NARROW = 110  # below this width the panes stack vertically
LLM_HELP = (
    "No LLM is configured. Start the review with --llm and set OPENAI_API_KEY "
    "(and OPENAI_BASE_URL for a local server) plus [tool.mt-repair.llm] model."
)


class RecheckDone(Message):
    def __init__(self, fingerprint: str, findings: list[Finding], error: str | None) -> None:
        self.fingerprint, self.findings, self.error = fingerprint, findings, error
        super().__init__()


class ReviewScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept"),
        Binding("r", "reject", "Reject"),
        Binding("e", "edit", "Edit"),
        Binding("s", "skip", "Skip"),
        Binding("n,j,down", "next", "Next", show=False),
        Binding("p,k,up", "prev", "Previous", show=False),
        Binding("N,shift+n,tab", "next_unreviewed", "Next unreviewed", show=False),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+r", "redo", "Redo", show=False),
        Binding("A,shift+a", "accept_all", "Accept all SAFE", show=False),
        Binding("f", "filter", "Filter", show=False),
        Binding("slash", "search", "Search", show=False),
        Binding("c", "choose", "Choose alternative", show=False),
        Binding("g", "glossary", "Add to glossary", show=False),
        Binding("l", "llm", "LLM re-check", show=False),
        Binding("w", "save", "Save"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
        *(Binding(str(i), f"pick({i})", f"Alternative {i}", show=False) for i in range(1, 10)),
    ]

    def __init__(
        self, session: ReviewSession, name: str, services: ReviewServices, on_quit: Callable[[], None]
    ) -> None:
        super().__init__()
        self.session = session
        self.doc_name = name
        self.services = services
        self.on_quit = on_quit  # the app turns the session into its result and exits
        self._quit_armed = False

    def compose(self) -> ComposeResult:
        yield ProgressHeader(id="progress")
        with Horizontal(id="body"):
            yield FindingsList(self.session, id="findings")
            with Vertical(id="side"):
                yield DocumentPane(id="passage")
                yield DetailPane(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#findings").border_title = "Findings"
        self.query_one("#passage").border_title = "Passage"
        self.query_one("#detail").border_title = "Details"
        self.query_one(FindingsList).focus()
        self.sync()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "narrow")
        self.call_after_refresh(self.sync)

    # -- drawing -----------------------------------------------------------------------------
    def sync(self, *, reset: bool = False, previous: int | None = None) -> None:
        """Re-draw the panes from the session (attributes down). ``previous``: the cursor row
        before a change that touched only that row and the cursor's (most keys)."""
        lst = self.query_one(FindingsList)
        if reset:
            lst.reset()
        else:
            lst.show_cursor(previous)
        self.query_one(DocumentPane).show(self.session)
        self.query_one(DetailPane).show(self.session)
        self.query_one(ProgressHeader).show(self.session, self.doc_name)

    def _do(self, fn: Callable[[], object], *, reset: bool = False, local: bool = True) -> None:
        """Run a session change and re-draw; ``local``: it touched the cursor's row only."""
        self._quit_armed = False
        previous = self.session.cursor if local and not reset else None
        try:
            fn()
        except ReviewError as exc:
            self.notify(str(exc), severity="warning")
        except OSError as exc:
            self.notify(f"could not write the review journal: {exc}", severity="error")
        self.sync(reset=reset, previous=previous)

    def on_findings_list_clicked(self, message: FindingsList.Clicked) -> None:
        self._do(lambda: self.session.goto(message.pos))

    # -- navigation --------------------------------------------------------------------------
    def action_next(self) -> None:
        self._do(lambda: self.session.move(1))

    def action_prev(self) -> None:
        self._do(lambda: self.session.move(-1))

    def action_page(self, direction: int) -> None:
        height = max(1, self.query_one(FindingsList).scrollable_content_region.height - 1)
        self._do(lambda: self.session.move(direction * height))

    def action_first(self) -> None:
        self._do(lambda: self.session.goto(0))

    def action_last(self) -> None:
        self._do(lambda: self.session.goto(len(self.session.view) - 1))

    def action_next_unreviewed(self) -> None:
        def go() -> None:
            if not self.session.next_unreviewed():
                raise ReviewError("every finding in this view is reviewed")

        self._do(go)

    # -- decisions ---------------------------------------------------------------------------
    def action_accept(self) -> None:
        self._do(self.session.accept)

    def action_reject(self) -> None:
        self._do(self.session.reject)

    def action_skip(self) -> None:
        self._do(self.session.skip)

    def action_undo(self) -> None:
        self._do(self.session.undo, local=False)

    def action_redo(self) -> None:
        self._do(self.session.redo, local=False)

    def action_pick(self, n: int) -> None:
        self._do(lambda: self.session.pick(n))

    def action_accept_all(self) -> None:
        def accept_all() -> None:
            n = self.session.accept_all_safe()
            self.notify(f"accepted {n} SAFE fix{'es' if n != 1 else ''} (u undoes them all)")

        self._do(accept_all, local=False)

    def action_edit(self) -> None:
        f = self.session.current()
        if f is None:
            return
        d = self.session.decisions.get(f.fingerprint)
        if d is not None and d.status is Status.EDITED:
            value = d.replacement or ""
        else:
            value = f.replacement if f.replacement is not None else f.text

        def done(text: str | None) -> None:
            if text is not None:
                self._do(lambda: self.session.edit(text))

        self.app.push_screen(EditDialog(f.text, value), done)

    def action_choose(self) -> None:
        f = self.session.current()
        if f is None or not f.alternatives:
            self.notify("no alternatives for this finding", severity="warning")
            return

        def done(n: int | None) -> None:
            if n is not None:
                self._do(lambda: self.session.pick(n))

        self.app.push_screen(AlternativePicker(f.text, f.alternatives), done)

    # -- view --------------------------------------------------------------------------------
    def action_filter(self) -> None:
        cats = [f.category for f in self.session.findings if f.category]

        def done(flt: Filter | None) -> None:
            if flt is not None:
                self._do(lambda: self.session.set_filter(flt), reset=True)
                if not self.session.view:
                    self.notify("no findings match this filter", severity="warning")

        self.app.push_screen(FilterDialog(self.session.filter, cats), done)

    def action_search(self) -> None:
        def done(query: str | None) -> None:
            if query is None:
                return
            if not self.session.find_text(query) and query:
                self.notify(
                    f"{query!r}: not found on any line with a finding in this view", severity="warning"
                )
            self.sync()

        self.app.push_screen(
            PromptScreen("Search the text", self.session.last_search, placeholder="text to find"), done
        )

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    # -- glossary, LLM, save, quit -----------------------------------------------------------
    def action_glossary(self) -> None:
        f = self.session.current()
        add = self.services.add_glossary
        if f is None:
            return
        if add is None:
            self.notify("adding to the glossary is not available here", severity="warning")
            return
        d = self.session.decisions.get(f.fingerprint)
        if d is None or d.status not in (Status.ACCEPTED, Status.EDITED):
            self.notify("accept or edit the correction first, then add it (g)", severity="warning")
            return
        if f.code.startswith("SP"):
            self.notify(
                "speaker labels live in the glossary's speakers.labels; add the garble there",
                severity="warning",
            )
            return
        right = d.replacement if d.replacement is not None else (f.replacement or "")
        kind = {"GL001": "term", "GL002": "name", "GL003": "concept"}.get(f.code, "term")
        if right.startswith("《") and right.endswith("》"):
            kind, right = "title", right[1:-1]

        def done(message: str | None) -> None:
            if message:
                self.notify(message)

        self.app.push_screen(
            GlossaryDialog(
                f.text,
                right,
                kind=kind,
                category=f.category,
                submit=lambda fields: add(fields, f),
                target=self.services.glossary_path,
            ),
            done,
        )

    def action_llm(self) -> None:
        f = self.session.current()
        recheck = self.services.llm_recheck
        if recheck is None:
            self.notify(LLM_HELP, title="LLM re-check", severity="warning", timeout=8)
            return
        if f is None:
            return
        self.notify("LLM re-check of this passage started…")
        self._llm_worker(recheck, f)

    @work(thread=True, exclusive=True, group="llm")
    def _llm_worker(self, recheck: Callable[[Finding], list[Finding]], f: Finding) -> None:
        try:  # a thread: no widget is touched here, the result goes back as a message
            found = recheck(f)
        except Exception as exc:  # the service's errors are many; report them all
            self.post_message(RecheckDone(f.fingerprint, [], f"{type(exc).__name__}: {exc}"))
        else:
            self.post_message(RecheckDone(f.fingerprint, list(found), None))

    def on_recheck_done(self, message: RecheckDone) -> None:
        if message.error:
            self.notify(f"LLM re-check failed: {message.error}", severity="error")
            return
        added = self.session.add_findings(message.findings)
        self.notify(f"LLM re-check: {len(message.findings)} finding(s), {added} new")
        self.sync(reset=True)

    def action_save(self) -> None:
        self._quit_armed = False
        try:
            outcome = self.services.save(self.session)
        except Exception as exc:  # keep the review alive whatever the save hit
            self.notify(f"save failed: {type(exc).__name__}: {exc}", severity="error")
            return
        self.services.saves += int(outcome.saved)
        self.notify(outcome.message, severity="information" if outcome.saved else "error", timeout=6)
        self.sync()

    def action_quit(self) -> None:
        if self.session.unsaved() and not self._quit_armed:
            self._quit_armed = True
            self.notify(
                "Corrections not saved yet: w saves; q again quits (the decisions stay in the journal).",
                severity="warning",
                timeout=8,
            )
            return
        self.on_quit()
