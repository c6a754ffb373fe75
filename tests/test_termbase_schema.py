"""Termbase files: validation with file:line errors, keys, accepted forms."""

from __future__ import annotations

import pytest

from repair.termbase.schema import Kind, TermbaseError, parse_termbase

GOOD = """version: 1
domain: ai-ml
entries:
  - en: epoch
    kind: term
    zh: [轮, 轮次]
    literal: [时代]
  - en: Attention Is All You Need
    kind: paper
"""


def test_parses_and_derives_ids_and_forms() -> None:
    tb = parse_termbase(GOOD, "t.yaml")
    epoch, paper = tb.entries
    assert epoch.key == "ai-ml/epoch" and epoch.preferred == "轮"
    assert epoch.accepted == ("轮", "轮次", "epoch")
    assert paper.kind is Kind.PAPER and paper.keep_english
    assert paper.preferred == "《Attention Is All You Need》"
    assert paper.id == "paper.attention-is-all-you-need"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (GOOD.replace("kind: paper", "kind: poem"), "t.yaml:8: entry 'Attention Is All You Need'"),
        (GOOD.replace("literal: [时代]", "literal: [轮]"), "listed both as literal"),
        (GOOD.replace("literal: [时代]", "literal: [epochs]"), "no Chinese characters"),
        (GOOD.replace("version: 1", "version: 9"), "unsupported termbase version 9"),
        (GOOD.replace("zh: [轮, 轮次]", 'zh: ["轮\\n"]'), "one line"),
        (GOOD + "  - en: x\n    kind: term\n    colour: red\n", "colour"),
        ("version: 1\ndomain: x\nentries: [1, 2]\n", "every entry must be a mapping"),
        (
            "version: 1\ndomain: ai-ml\nentries:\n  - en: [unclosed\n",
            "t.yaml:5: invalid YAML: expected ',' or ']'",
        ),
    ],
)
def test_bad_files_name_file_line_and_problem(text: str, needle: str) -> None:
    with pytest.raises(TermbaseError) as err:
        parse_termbase(text, "t.yaml")
    assert needle in str(err.value)
