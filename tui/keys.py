"""The review's keys, described once: the help screen and the command palette are built from
this table, and a test checks it against the screen's bindings. No textual import here."""

from __future__ import annotations

from typing import NamedTuple


class Key(NamedTuple):
    keys: str  # as shown in the help screen
    what: str
    action: str | None = None  # the screen action the palette runs; None: not in the palette
    title: str | None = None  # the palette entry's title


KEYS = (
    Key("a", "accept the proposed fix", "accept", "Accept"),
    Key("r", "reject (keep the text as it is)", "reject", "Reject"),
    Key("e", "edit: type your own correction", "edit", "Edit correction"),
    Key("1-9 / c", "pick an alternative / choose from a list", "choose", "Pick an alternative"),
    Key("s", "skip (decide later)", "skip", "Skip"),
    Key("n p ↓ ↑ j k", "next / previous finding"),
    Key("N / tab", "next unreviewed finding", "next_unreviewed", "Next unreviewed"),
    Key("u / ctrl+r", "undo / redo", "undo", "Undo"),
    Key("A", "accept every SAFE fix in the current filter", "accept_all", "Accept all SAFE fixes"),
    Key("f", "filter by code, category, confidence, status", "filter", "Filter findings"),
    Key("/", "search the text", "search", "Search the text"),
    Key("g", "add the accepted correction to the glossary", "glossary", "Add to glossary"),
    Key("l", "re-check this passage with the LLM", "llm", "LLM re-check"),
    Key("w", "save: apply accepted and edited corrections", "save", "Save"),
    Key("q", "quit (decisions are kept in the journal)", "quit", "Quit review"),
    Key("ctrl+p", "command palette"),
    Key("?", "this help", "help", "Keys"),
)
# redo has its own palette entry; its key shares the undo line in the help
PALETTE = (
    *(
        (k.action, k.title, f"{k.what} ({k.keys})")
        for k in KEYS
        if k.action is not None and k.title is not None
    ),
    ("redo", "Redo", "redo (ctrl+r)"),
)
