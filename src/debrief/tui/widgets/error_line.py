"""A line that says what is wrong with what was typed, shown only while there is something."""

from __future__ import annotations

from typing import Any

from textual.visual import VisualType
from textual.widgets import Label


class ErrorLine(Label):
    """Hidden while empty; `update("...")` shows the sentence, `update("")` hides it again."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.display = False

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(content, layout=layout)
        self.display = bool(str(content))
