"""The help screen: every key, from the same tables the app binds."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from debrief.tui.keys import MEETING_BINDINGS
from debrief.tui.widgets.tables import RowTable

_TABLE_KEYS = [
    (
        "Enter (in the box above a table)",
        "Add what was typed as a row; pasted lines add a row each",
    ),
    ("Enter (on a row)", "Open the row in a form"),
    *[(binding.key.replace(",", " / "), binding.description) for binding in RowTable.BINDINGS],
    ("Tab / shift+Tab", "Move between fields; shift+Tab reaches a step's tabs, ←/→ switch"),
    ("ctrl+p", "Command palette: every action by name"),
    ("Esc", "Close a form or a maximised editor"),
]


def _keys(binding: Binding) -> str:
    return " / ".join(key.strip() for key in binding.key.split(","))


def help_text() -> str:
    """The help screen's Markdown."""
    lines = ["# Keys", "", "Esc, F1 or q closes this help.", ""]
    lines += ["| Keys | What it does |", "| --- | --- |"]
    for binding in MEETING_BINDINGS:
        lines.append(f"| {_keys(binding)} | {binding.tooltip or binding.description} |")
    lines += ["", "## In tables and forms", "", "| Keys | What it does |", "| --- | --- |"]
    lines += [f"| {keys} | {what} |" for keys, what in _TABLE_KEYS]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    """Every key and what it does; any of Esc, F1 or q closes it."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape,f1,q", "dismiss", "Close", priority=True),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(help_text())
