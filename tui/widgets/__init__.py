"""Widgets of the review app: the findings list, the document pane and the detail pane."""

from tui.widgets.findings_list import FindingsList
from tui.widgets.panes import DetailPane, DocumentPane, ProgressHeader

__all__ = ["DetailPane", "DocumentPane", "FindingsList", "ProgressHeader"]
