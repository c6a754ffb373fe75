"""Input formats and reporters are registered once; their keys feed argparse, config and docs."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from repair.cli import build_parser
from repair.formats import FORMATS
from repair.formats import register as register_format
from repair.report import REPORTERS
from repair.report import register as register_reporter

README = Path(__file__).resolve().parent.parent / "README.md"


def _check_action(dest: str) -> argparse.Action:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return next(a for a in sub.choices["check"]._actions if a.dest == dest)


def test_argparse_choices_are_the_registry_keys() -> None:
    assert list(_check_action("format").choices or []) == list(REPORTERS)
    assert list(_check_action("input_format").choices or []) == list(FORMATS)
    assert _check_action("format").help and _check_action("color").help


def test_readme_names_every_format_and_reporter() -> None:
    readme = README.read_text(encoding="utf-8")
    for key in (*FORMATS, *REPORTERS):
        assert f"`{key}`" in readme, key


def test_a_duplicate_key_is_an_error() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        register_format(FORMATS["srt"])
    with pytest.raises(ValueError, match="duplicate"):
        register_reporter(REPORTERS["json"])
