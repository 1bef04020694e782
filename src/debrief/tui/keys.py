"""Every key of the meeting app, in one table that the app, the footer and the help screen share.

The app binds them with priority, so they work while a text editor has focus. F-keys are
media keys on many laptops, so every timer and step action has a second key that no Textual
editor uses.
"""

from __future__ import annotations

from textual.binding import Binding

MEETING_BINDINGS: list[Binding] = [
    Binding(
        "f5,ctrl+t",
        "toggle_timer",
        "Timer",
        id="toggle-timer",
        priority=True,
        tooltip="Start or pause the current step's countdown.",
    ),
    Binding(
        "f7,ctrl+g",
        "previous_step",
        "Back",
        id="previous-step",
        priority=True,
        tooltip="Go back to the previous step.",
    ),
    Binding(
        "f8,ctrl+n",
        "next_step",
        "Next",
        id="next-step",
        priority=True,
        tooltip="Move on to the next step; on the last one, end the meeting.",
    ),
    Binding(
        "ctrl+s",
        "save",
        "Save",
        id="save",
        priority=True,
        tooltip="Save the session now (it also saves by itself).",
    ),
    Binding(
        "ctrl+e",
        "export",
        "Export",
        id="export",
        priority=True,
        tooltip="Write the postmortem as Markdown beside the session file.",
    ),
    Binding(
        "ctrl+q",
        "quit",
        "Quit",
        id="quit",
        priority=True,
        tooltip="Save and quit.",
    ),
    Binding(
        "f1",
        "help",
        "Help",
        id="help",
        priority=True,
        tooltip="Show every key and what it does.",
    ),
    Binding(
        "f9,alt+down",
        "remove_minute",
        "-1 min",
        id="remove-minute",
        priority=True,
        show=False,
        tooltip="Take a minute from the current step's plan.",
    ),
    Binding(
        "f10,alt+up",
        "add_minute",
        "+1 min",
        id="add-minute",
        priority=True,
        show=False,
        tooltip="Give the current step another minute.",
    ),
    Binding(
        "f4,ctrl+r",
        "fit_rest",
        "Fit rest",
        id="fit-rest",
        priority=True,
        show=False,
        tooltip="Share the time left before the hard stop among the steps not yet done.",
    ),
    Binding(
        "f2,ctrl+o",
        "capture",
        "Capture",
        id="capture",
        priority=True,
        show=False,
        tooltip="Note an action item, a factor or a lesson without leaving this step.",
    ),
    Binding(
        "f3,alt+w",
        "open_findings",
        "Wording",
        id="open-findings",
        priority=True,
        show=False,
        tooltip="Pick a note of this step, to read it out or dismiss it (Esc goes back).",
    ),
    Binding(
        "f12,alt+m",
        "maximize_editor",
        "Maximise",
        id="maximize-editor",
        priority=True,
        show=False,
        tooltip="Give the current step's editor the whole screen (Esc restores).",
    ),
]
"""Keys of the meeting, in the order the help screen lists them."""
