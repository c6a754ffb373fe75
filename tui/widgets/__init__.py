"""Widgets of the review app: the findings list, the document pane and the detail pane."""

from .findings_list import FindingsList
from .panes import DetailPane, DocumentPane, ProgressHeader

__all__ = ["DetailPane", "DocumentPane", "FindingsList", "ProgressHeader"]
