"""Messages that travel up to the app from anywhere on the meeting screen."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from debrief.model import StepKey


@dataclass
class SessionEdited(Message):
    """Something in the session was changed by the facilitator; autosave will follow."""


@dataclass
class StepChosen(Message):
    """The facilitator picked a step in the agenda."""

    key: StepKey
