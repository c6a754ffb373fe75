"""glossary.yaml loading: schema errors name file, line and entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from repair.core.errors import GlossaryError
from repair.glossary.schema import Context, load_glossary, parse_glossary

HEAD = "version: 1\nentries:\n"


def _err(text: str) -> GlossaryError:
    with pytest.raises(GlossaryError) as err:
        parse_glossary(text, "g.yaml")
    return err.value


def test_malformed_yaml_names_line_and_column() -> None:
    e = _err(HEAD + "  - id: a\n    wrong: [x\n")
    assert e.path == "g.yaml" and e.line is not None and "malformed YAML" in str(e)


def test_unknown_field_names_entry_and_line() -> None:
    e = _err(HEAD + "  - id: a\n    kind: term\n    wrong: [甲]\n    right: 乙\n"
                    "  - id: b\n    kind: term\n    wrong: [丙]\n    rihgt: 丁\n")
    assert "entry 2 (b), field rihgt: unknown field" in str(e) and e.line == 10


def test_wrong_version_is_refused() -> None:
    assert "version" in str(_err("version: 7\nentries: []\n"))


@pytest.mark.parametrize(("body", "message"), [
    ("  - {id: a, kind: term, wrong: [甲], right: 乙}\n  - {id: a, kind: term, wrong: [丙], right: 丁}\n",
     "duplicate entry id"),
    ("  - {id: a, kind: term, wrong: [甲], right: 乙}\n  - {id: b, kind: term, wrong: [甲], right: 丁}\n",
     "wrong rendering in both"),
    ("  - {id: a, kind: term, wrong: [甲], right: 甲}\n", "both wrong and right"),
    ("  - {id: a, kind: term, right: 乙}\n", "needs at least one 'wrong'"),
    ("  - {id: A B, kind: term, wrong: [甲], right: 乙}\n", "id must be"),
    ("  - {id: a, kind: term, wrong: [' 甲'], right: 乙}\n", "surrounding spaces"),
    ("  - {id: a, kind: term, wrong: [甲], right: 乙, context: {}}\n", "context gate is empty"),
    ("  - {id: a, kind: bogus, wrong: [甲], right: 乙}\n", "kind"),
])
def test_schema_errors(body: str, message: str) -> None:
    assert message in str(_err(HEAD + body))


def test_missing_glossary_file(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="not found"):
        load_glossary(tmp_path / "nope.yaml")


def test_context_gate_window_and_domains() -> None:
    gate = Context(require_any=("模型",), exclude_any=("箱子",), window=4)
    text = "模型的重量很大，但是箱子的重量很小"
    assert gate.allows(text, 3, 5, None)
    assert not gate.allows(text, 13, 15, None)
    assert not Context(domains=("legal",)).allows(text, 3, 5, "ai-ml")
    assert not Context(exclude_domains=("ai-ml",)).allows(text, 3, 5, "ai-ml")
