"""What a reporter is: a key (the ``check --format`` choice) and a function from results to text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from repair.checks.base import Rule
from repair.core.results import FileResult


@dataclass(frozen=True)
class ReportOptions:
    rules: Sequence[Rule] = ()  # every registered rule, for reporters that describe them
    color: bool = False  # the CLI decides (--color, a terminal on stdout)
    tool_version: str = ""


@dataclass(frozen=True)
class Reporter:
    key: str
    summary: str  # one line for --help and the docs
    render: Callable[[list[FileResult], ReportOptions], str] = field(repr=False)
