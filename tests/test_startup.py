"""Issue 9 start-up: `repair --version` imports none of the subcommand stacks; the C YAML loader
keeps the glossary's line numbers in error messages (they come from a re-parse on failure)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from repair.core.errors import GlossaryError
from repair.glossary.schema import load_glossary, parse_glossary


def test_version_imports_no_subcommand_stack() -> None:
    code = (
        "import sys; from repair.cli import main; assert main(['--version']) == 0; "
        "heavy = [m for m in ('repair.eval.command', 'repair.llm.cli', 'repair.report', "
        "'repair.settings', 'pydantic', 'textual') if m in sys.modules]; "
        "assert not heavy, heavy"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("mt-repair ")


def test_validation_error_keeps_its_line_number() -> None:
    text = "version: 1\nentries:\n  - id: a\n    kind: term\n    wrong: [x]\n    right: [y]\n    colour: red\n"
    with pytest.raises(GlossaryError) as info:
        parse_glossary(text, "g.yaml")
    assert info.value.line == 7


def test_malformed_yaml_keeps_its_line_number() -> None:
    with pytest.raises(GlossaryError) as info:
        parse_glossary("version: 1\nentries:\n  - id: [a\n", "g.yaml")
    assert info.value.line is not None and info.value.line >= 3


def test_glossary_cache_is_used_and_a_corrupt_one_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MT_REPAIR_CACHE_DIR", str(tmp_path / "cache"))
    text = "version: 1\nentries:\n  - id: a\n    kind: term\n    wrong: [x]\n    right: [y]\n"
    g = tmp_path / "g.yaml"
    g.write_text(text, encoding="utf-8")
    first = load_glossary(g)
    [cached] = (tmp_path / "cache").glob("glossary-*.json")
    assert load_glossary(g) == first
    cached.write_text("{not json", encoding="utf-8")
    assert load_glossary(g) == first  # rebuilt, not trusted
    assert json.loads(cached.read_text(encoding="utf-8"))["entries"][0]["id"] == "a"
    g.write_text(text.replace("[y]", "[z]"), encoding="utf-8")
    assert load_glossary(g).entries[0].right == ("z",)  # a changed file is a new key
