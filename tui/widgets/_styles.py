"""Component classes shared by the panes: review.tcss colours them, the panes read them."""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget

from tui.widgets._format import ROLES

COMPONENT_CLASSES = {f"review--{role}" for role in ROLES}


def styles_for(widget: Widget) -> dict[str, Style]:
    return {role: widget.get_component_rich_style(f"review--{role}", partial=True) for role in ROLES}
