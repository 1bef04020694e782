"""Rows the facilitator adds, edits, reorders, deletes and brings back: the common table editor.

One line typed into the box above a table becomes a row; Enter on a row opens a form with
validated fields; Delete removes the row, and `u` brings back what was deleted last.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Paste
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label

from debrief.tui.messages import SessionEdited
from debrief.tui.widgets.error_line import ErrorLine

Item = TypeVar("Item")


class RowTable(DataTable[str]):
    """A table of rows with keys to delete, restore and move them."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("delete,backspace", "delete_row", "Delete", tooltip="Delete the row"),
        Binding("u,ctrl+z", "restore_row", "Undo delete", tooltip="Bring back a deleted row"),
        Binding("shift+up", "move_row(-1)", "Move up", show=False),
        Binding("shift+down", "move_row(1)", "Move down", show=False),
    ]

    @dataclass
    class RowAction(Message):
        """The facilitator asked to delete, restore or move a row."""

        table: RowTable
        action: str
        index: int
        offset: int = 0

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)

    def action_delete_row(self) -> None:
        if self.row_count:
            self.post_message(self.RowAction(self, "delete", self.cursor_row))

    def action_restore_row(self) -> None:
        self.post_message(self.RowAction(self, "restore", self.cursor_row))

    def action_move_row(self, offset: int) -> None:
        if self.row_count:
            self.post_message(self.RowAction(self, "move", self.cursor_row, offset))


class LineInput(Input):
    """The box above a table: Enter adds what was typed; pasting several lines adds each."""

    @dataclass
    class LinesPasted(Message):
        """More than one line was pasted."""

        line_input: LineInput
        lines: list[str]

    def _on_paste(self, event: Paste) -> None:
        lines = [line for line in event.text.splitlines() if line.strip()]
        if len(lines) > 1:
            event.stop()
            event.prevent_default()
            self.post_message(self.LinesPasted(self, lines))


class TableEditor(Vertical, Generic[Item]):
    """A line box to add rows, the table, and forms to edit them; subclasses say what a row is."""

    COLUMNS: ClassVar[tuple[str, ...]] = ()
    PLACEHOLDER: ClassVar[str] = ""
    REORDERABLE: ClassVar[bool] = True
    NOUN: ClassVar[str] = "row"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._bin: list[tuple[int, Item]] = []
        self._waiting: list[str] = []
        """Pasted lines not yet added, behind the one in the box."""
        self.columns: tuple[str, ...] = self.COLUMNS
        self.placeholder: str = self.PLACEHOLDER

    # --- What subclasses provide ---------------------------------------------------------------

    def items(self) -> list[Item]:
        """The session's list that this table edits."""
        raise NotImplementedError

    def cells(self, item: Item) -> tuple[str, ...]:
        """A row's cells, in the order of `COLUMNS`."""
        raise NotImplementedError

    def from_line(self, line: str) -> Item:
        """A new row from one typed line; raises ValueError with a sentence when it cannot."""
        raise NotImplementedError

    def form(self, item: Item) -> ModalScreen[Item | None]:
        """The form that edits a row."""
        raise NotImplementedError

    def sort_rows(self) -> None:
        """Put the rows in their order after a change (timelines sort themselves by time)."""

    # --- The editor ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield LineInput(placeholder=self.placeholder, classes="line-input")
        yield ErrorLine(classes="input-error")
        yield RowTable()

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        table.add_columns(*self.columns)
        self.refresh_rows()

    def on_resize(self) -> None:
        self.refresh_rows()

    def focus_input(self) -> None:
        """Put the cursor in the line box."""
        self.query_one(LineInput).focus()

    def refresh_rows(self, cursor: int | None = None) -> None:
        """Redraw the table from the session."""
        table = self.query_one(RowTable)
        row = table.cursor_row if cursor is None else cursor
        table.clear()
        for item in self.items():
            table.add_row(*self.cells(item))
        if table.row_count:
            table.move_cursor(row=max(0, min(row, table.row_count - 1)))

    def _changed(self, cursor: int | None = None) -> None:
        self.sort_rows()
        self.refresh_rows(cursor)
        self.post_message(SessionEdited())

    def _show_error(self, message: str) -> None:
        self.query_one(".input-error", Label).update(message)
        self.query_one(LineInput).set_class(bool(message), "-invalid")

    def add_lines(self, lines: list[str]) -> int:
        """Add a row per line that can be read; the others wait in the box, one at a time.

        A line that cannot be read is never dropped: it is put back in the box with the
        reason, and the lines after it follow once it has been fixed and added.
        """
        added, waiting = 0, []
        for line in lines:
            try:
                self.items().append(self.from_line(line))
                added += 1
            except ValueError as error:
                waiting.append((line, str(error)))
        self._waiting = [line for line, _ in waiting[1:]] + self._waiting
        self._show_next(waiting[0] if waiting else None)
        if added:
            self._changed(len(self.items()) - 1)
        return added

    def _show_next(self, problem: tuple[str, str] | None) -> None:
        box = self.query_one(LineInput)
        if problem is None and self._waiting:
            box.value = self._waiting.pop(0)
            self._show_error(f"Next pasted line ({len(self._waiting)} more after it).")
        elif problem is None:
            box.value = ""
            self._show_error("")
        else:
            line, reason = problem
            box.value = " ".join(line.split())  # the box holds one line
            more = f" ({len(self._waiting)} more lines wait after it)" if self._waiting else ""
            self._show_error(f"{reason}{more}")

    @on(LineInput.Submitted)
    def _add_typed_line(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.add_lines([event.value])

    @on(LineInput.LinesPasted)
    def _add_pasted_lines(self, event: LineInput.LinesPasted) -> None:
        event.stop()
        self.add_lines(event.lines)

    @on(DataTable.RowSelected)
    def _edit_row(self, event: DataTable.RowSelected) -> None:
        event.stop()
        index = event.cursor_row
        items = self.items()
        if not 0 <= index < len(items):
            return

        def replace(result: Item | None) -> None:
            if result is not None and index < len(items):
                items[index] = result
                self._changed(index)

        self.app.push_screen(self.form(items[index]), replace)

    @on(RowTable.RowAction)
    def _act_on_row(self, event: RowTable.RowAction) -> None:
        event.stop()
        items = self.items()
        if event.action == "delete" and 0 <= event.index < len(items):
            self._bin.append((event.index, items.pop(event.index)))
            self.notify(f"Deleted the {self.NOUN}; press u to bring it back.", timeout=4)
            self._changed(event.index)
        elif event.action == "restore" and self._bin:
            index, item = self._bin.pop()
            index = min(index, len(items))
            items.insert(index, item)
            self._changed(index)
        elif event.action == "move" and not self.REORDERABLE:
            self.notify(f"The {self.NOUN}s keep their own order.", timeout=3)
        elif event.action == "move":
            target = event.index + event.offset
            if 0 <= target < len(items):
                items[event.index], items[target] = items[target], items[event.index]
                self._changed(target)
