"""Screens of the review app: the main review screen and its dialogs."""

from .filter import FilterDialog
from .glossary import GlossaryDialog
from .help import HelpScreen
from .picker import AlternativePicker
from .prompt import EditDialog, PromptScreen

__all__ = ["AlternativePicker", "EditDialog", "FilterDialog", "GlossaryDialog", "HelpScreen",
           "PromptScreen"]
