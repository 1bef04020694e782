"""Messages that travel up to the app from anywhere on the meeting screen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from debrief.model import StepKey

if TYPE_CHECKING:
    from debrief.checks import Finding


@dataclass
class SessionEdited(Message):
    """Something in the session was changed by the facilitator; autosave will follow."""


@dataclass
class StepChosen(Message):
    """The facilitator picked a step in the agenda."""

    key: StepKey


@dataclass
class FindingDismissed(Message):
    """The facilitator dismissed a wording note; it stays dismissed until its sentence changes."""

    finding: Finding


@dataclass
class LeaveFindings(Message):
    """The facilitator is done with the wording notes; the editor gets the keyboard back."""
