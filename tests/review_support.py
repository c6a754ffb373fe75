"""A small transcript with known garbles, and builders for the review tests."""

from __future__ import annotations

import argparse
import asyncio
import codecs
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from repair.core.models import Finding

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from tui.app import ReviewApp
    from tui.cli import Prepared

Script = Callable[["Pilot[Any]"], Awaitable[None]]

GLOSSARY = """\
version: 1
name: review-test
language: zh
source_language: en
domains: [ai-ml]
speakers:
  labels:
    - name: Lex
      garbles: [凌志]
    - name: Andrej
entries:
  - id: mnist
    kind: name
    category: asr
    wrong: [大赦]
    right: MNIST
    context:
      require_any: [数据集]
  - id: neural-net
    kind: term
    category: asr
    wrong: [神经坚果]
    right: 神经网络
  - id: transformer
    kind: concept
    category: sense
    # not 变压器: that is also the electrical transformer, never a SAFE fix
    wrong: [变形器]
    right: Transformer
  - id: weights
    kind: term
    category: sense
    wrong: [重量]
    right: [权重, 参数]
"""

LINES = [
    "Lex 00:00:01",
    "我们在大赦数据集上训练了一个小的神经坚果。",
    "凌志 00:00:09",
    "变形器架构非常通用，这个模型的重量很大。",
    "Andrej 00:00:15",
    "是的，变形器很好用。",
]
TEXT = "\n".join(LINES) + "\n"
# the findings, in order: (code, text, proposal)
EXPECTED = [
    ("GL002", "大赦", "MNIST"),  # context-gated: UNSAFE
    ("GL001", "神经坚果", "神经网络"),
    ("SP001", "凌志", "Lex"),
    ("GL003", "变形器", "Transformer"),
    ("GL001", "重量", None),  # two candidates: alternatives 权重 | 参数, no fix
    ("GL003", "变形器", "Transformer"),
]


def write_case(folder: Path, *, newline: str = "\n", bom: bool = False,
               text: str = TEXT) -> tuple[Path, Path, Path]:
    """The transcript, its glossary and an empty config, written under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    doc = folder / "talk.txt"
    data = text.replace("\n", newline).encode("utf-8")
    doc.write_bytes(codecs.BOM_UTF8 + data if bom else data)
    glossary = folder / "glossary.yaml"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    config = folder / "mt-repair.toml"
    config.write_text("", encoding="utf-8")
    return doc, glossary, config


def review_args(doc: Path, glossary: Path, config: Path, state: Path,
                **extra: Any) -> argparse.Namespace:
    from tui.cli import register

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    argv = ["review", str(doc), "--glossary", str(glossary), "--config", str(config),
            "--state-dir", str(state)]
    for key, value in extra.items():
        argv += [f"--{key.replace('_', '-')}", str(value)]
    return parser.parse_args(argv)


def findings_of(doc: Path, glossary: Path) -> tuple[str, list[Finding]]:
    from repair.runner import (
        check_file,
        context_for,
        glossary_for,
        load_document,
        selected_codes,
    )
    from repair.settings import Settings

    loaded = load_document(doc)
    _, g = glossary_for(Settings(), glossary)
    result = check_file(loaded, context_for(Settings(), g), selected_codes([], []))
    return loaded.document.text, result.findings


def expected_text(changes: dict[int, str], text: str = TEXT) -> str:
    """TEXT with the EXPECTED findings listed by index replaced (occurrences counted in order)."""
    spans = []
    for i, (_code, before, _after) in enumerate(EXPECTED):
        nth = sum(1 for _c, b, _a in EXPECTED[:i] if b == before)
        pos = -1
        for _ in range(nth + 1):
            pos = text.index(before, pos + 1)
        spans.append((pos, pos + len(before)))
    out, last = [], 0
    for i in sorted(changes):
        start, end = spans[i]
        out += [text[last:start], changes[i]]
        last = end
    return "".join(out) + text[last:]


# -- Pilot helpers for the app tests ----------------------------------------------------------
class Review:
    """A prepared review of the test transcript: session, journal, saver, glossary adder."""

    def __init__(self, folder: Path, **kw: Any) -> None:
        self.folder = folder
        self.doc, self.glossary, self.config = write_case(folder, **kw)
        self.state = folder / "state"
        self.prep: Prepared | None = None

    def open(self, llm_recheck: Any = None, extra: list[Finding] | None = None) -> ReviewApp:
        from tui.app import make_review_app
        from tui.cli import prepare

        if self.prep is not None:
            self.prep.writer.close()
        self.prep = prepare(review_args(self.doc, self.glossary, self.config, self.state))
        if extra:
            self.prep.session.add_findings(extra)
        return make_review_app(self.prep.session, save=self.prep.saver, llm_recheck=llm_recheck,
                               add_glossary=self.prep.adder, glossary_path=str(self.glossary),
                               name=self.doc.name)

    @property
    def session(self) -> Any:
        assert self.prep is not None
        return self.prep.session

    def close(self) -> None:
        if self.prep is not None:
            self.prep.writer.close()


class Reviews:
    """Makes Reviews under a folder and closes their journals at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: list[Review] = []

    def __call__(self, **kw: Any) -> Review:
        r = Review(self.folder / f"case{len(self.made)}", **kw)
        self.made.append(r)
        return r

    def close(self) -> None:
        for r in self.made:
            r.close()


def drive(app: ReviewApp, script: Script, size: tuple[int, int] = (100, 30)) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot)
            await pilot.pause()
    asyncio.run(main())


def notes(app: ReviewApp) -> list[str]:
    return [n.message for n in app._notifications]


def symbols(r: Review) -> str:
    return "".join(r.session.status(f).symbol for f in r.session.findings)


def rows(app: ReviewApp) -> list[str]:
    from tui.widgets import FindingsList

    lst = app.review_screen.query_one(FindingsList)
    return [lst.render_line(y).text for y in range(len(lst.session.view))]


