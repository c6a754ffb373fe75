"""The review journal: append-only JSON lines, one event a line, flushed and fsync'd per line.

Every review decision is written here the moment it is made, so a crash (even SIGKILL) loses
nothing. Reading tolerates a torn last line (a write cut short by the crash): it is ignored,
and truncated away before the next append. Never imports textual.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from repair.core.errors import InputError

JOURNAL_VERSION = 1
STATE_DIR = Path(".mt-repair") / "review"


def journal_path(document: Path, state_dir: Path | None = None) -> Path:
    """``<folder of the file>/.mt-repair/review/<name>.<hash of abs path>.jsonl`` (or in state_dir).

    The hash keeps two files with one name in different folders apart in a shared state dir."""
    absolute = Path(os.path.abspath(document))
    digest = hashlib.blake2b(str(absolute).encode("utf-8"), digest_size=6).hexdigest()
    folder = state_dir if state_dir is not None else absolute.parent / STATE_DIR
    return folder / f"{absolute.name}.{digest}.jsonl"


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class JournalRead:
    events: list[dict[str, Any]] = field(default_factory=list)
    torn: bool = False  # the last line was cut short (a crash mid-write) and was ignored
    bad_lines: list[int] = field(default_factory=list)  # other unreadable lines, 1-based


_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "hash": (str,),
    "path": (str,),
    "fp": (str,),
    "code": (str,),
    "text": (str,),
    "ts": (str,),
    "line": (int,),
    "replacement": (str, type(None)),
}


def _well_typed(event: dict[str, Any]) -> bool:
    """Valid JSON of the wrong types (``"fps": 5``) is a bad line, not a crash on replay."""
    for key, types in _FIELD_TYPES.items():
        if key in event and (not isinstance(event[key], types) or isinstance(event[key], bool)):
            return False
    fps = event.get("fps")
    return fps is None or (isinstance(fps, list) and all(isinstance(fp, str) for fp in fps))


def parse_journal(data: bytes) -> JournalRead:
    """Events from journal bytes. A last line without its newline is torn: ignored, not fatal."""
    out = JournalRead()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    elif lines:
        lines.pop()  # no trailing newline: the write of the last line never finished
        out.torn = True
    for n, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            event = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            out.bad_lines.append(n)
            continue
        # every line carries the journal version it was written with; lines without one
        # predate versioning (version 1); a newer version is unreadable to this release
        if (
            isinstance(event, dict)
            and isinstance(event.get("event"), str)
            and event.pop("v", 1) in range(1, JOURNAL_VERSION + 1)
            and _well_typed(event)
        ):
            out.events.append(event)
        else:
            out.bad_lines.append(n)
    return out


def read_journal(path: Path) -> JournalRead:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return JournalRead()
    except OSError as exc:
        raise InputError(f"cannot read review journal: {exc.strerror}", path=str(path)) from None
    return parse_journal(data)


class JournalLocked(InputError):
    """Another review of the same file holds the journal."""


class JournalWriter:
    """Appends events to a journal file; each line is flushed and fsync'd before returning.

    Holds an exclusive advisory lock (POSIX) so two reviews of one file cannot interleave."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._fh: IO[bytes] = open(path, "a+b")
        except OSError as exc:
            raise InputError(f"cannot open review journal: {exc.strerror}", path=str(path)) from None
        self._lock()
        self._drop_torn_tail()

    def _lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return
        try:
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._fh.close()
            raise JournalLocked(
                "another review of this file is running (journal is locked)", path=str(self.path)
            ) from None

    def _drop_torn_tail(self) -> None:
        """Cut a torn last line (no newline) so the next event starts on a line of its own."""
        fh = self._fh
        size = fh.seek(0, os.SEEK_END)
        if size == 0:
            return
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return
        pos = size
        chunk = 4096
        while pos > 0:
            start = max(0, pos - chunk)
            fh.seek(start)
            block = fh.read(pos - start)
            nl = block.rfind(b"\n")
            if nl >= 0:
                fh.truncate(start + nl + 1)
                break
            pos = start
        else:
            fh.truncate(0)
        fh.flush()
        os.fsync(fh.fileno())

    def append(self, event: Mapping[str, Any]) -> None:
        record = {"v": JOURNAL_VERSION, **event}
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        self._fh.seek(0, os.SEEK_END)
        self._fh.write(line.encode("utf-8"))
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.close()

    def __enter__(self) -> JournalWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
