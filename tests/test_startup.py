"""Issue 9 start-up: `repair --version` imports none of the subcommand stacks; the C YAML loader
keeps the glossary's line numbers in error messages (they come from a re-parse on failure)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from repair.core.errors import GlossaryError
from repair.glossary.schema import parse_glossary


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
