"""Progress on stderr (rich): passages done, tokens, elapsed time, ETA. Created by build_service.

The service only calls a callback; this module is the one place that draws.
"""

from __future__ import annotations

import threading

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from repair.llm.service import ProgressEvent

_LABELS = {"plausibility": "LLM plausibility", "locate": "LLM locate"}


class RichProgress:
    """A ``ProgressCallback`` drawing one bar per phase; the display ends on the "done" event."""

    def __init__(self, console: Console | None = None) -> None:
        self._console = console or Console(stderr=True)
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}
        self._lock = threading.Lock()

    def _start(self) -> Progress:
        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("passages · {task.fields[tokens]} tokens"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self._console,
            transient=False,
        )
        progress.start()
        return progress

    def __call__(self, event: ProgressEvent) -> None:
        with self._lock:
            if event.phase == "done":
                self.close()
                return
            if self._progress is None:
                self._progress = self._start()
                self._tasks = {}
            tokens = f"{event.prompt_tokens + event.completion_tokens:,}"
            task = self._tasks.get(event.phase)
            if task is None:
                task = self._progress.add_task(
                    _LABELS.get(event.phase, event.phase), total=event.total, tokens=tokens
                )
                self._tasks[event.phase] = task
            self._progress.update(task, completed=event.done, total=event.total, tokens=tokens)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
