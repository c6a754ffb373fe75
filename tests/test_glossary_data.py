"""The shipped glossary is data under test: size, coverage, examples, no loops, no duplicates."""

from __future__ import annotations

from collections import Counter

import pytest
from helpers import FIXTURE, ROOT, check_text

from repair.glossary.lint import lint
from repair.glossary.schema import EntryKind, load_glossary

GLOSSARY = load_glossary(ROOT / "glossary.yaml")


def test_size_and_kinds() -> None:
    assert len(GLOSSARY.entries) >= 300
    kinds = Counter(e.kind for e in GLOSSARY.entries)
    assert all(kinds[k] >= 5 for k in EntryKind), kinds


def test_every_example_behaves_and_no_correction_is_flagged() -> None:
    problems = lint(GLOSSARY)
    assert not problems, "\n".join(f"{p.entry_id}: {p.message}" for p in problems[:20])


def test_no_term_is_listed_twice_anywhere() -> None:
    seen: Counter[str] = Counter()
    for e in GLOSSARY.entries:
        seen.update(set(e.wrong))
    assert not [w for w, n in seen.items() if n > 1]


@pytest.mark.parametrize("entry", [e for e in GLOSSARY.entries if e.gated], ids=lambda e: e.id)
def test_gated_entries_show_a_legitimate_use(entry) -> None:  # type: ignore[no-untyped-def]
    assert entry.examples.good, f"{entry.id} is gated but has no good example"


def test_fixture_garbles_are_found_with_the_shipped_glossary() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    found = {f.text for f in check_text(text, glossary=GLOSSARY, fmt="transcript")}
    assert {"大赦", "变压器", "注意力是你需要的全部", "神经坚果", "凌志", "莱克斯", "安德烈"} <= found


@pytest.mark.parametrize("sentence", [
    "这个箱子的重量是五公斤。", "他从大学辍学了。", "动物园里有一条蟒蛇。", "我的老板今天不在。",
    "政府宣布了大赦。", "今年的税收增加了。",
])
def test_legitimate_uses_are_not_flagged(sentence: str) -> None:
    assert not [f for f in check_text(sentence, glossary=GLOSSARY) if f.code.startswith("GL")]
