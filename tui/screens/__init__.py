"""Screens of the review app: the main review screen and its dialogs."""

from tui.screens.filter import FilterDialog
from tui.screens.glossary import GlossaryDialog
from tui.screens.help import HelpScreen
from tui.screens.picker import AlternativePicker
from tui.screens.prompt import EditDialog, PromptScreen

__all__ = ["AlternativePicker", "EditDialog", "FilterDialog", "GlossaryDialog", "HelpScreen", "PromptScreen"]
