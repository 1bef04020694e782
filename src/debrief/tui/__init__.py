"""The meeting app: a Textual screen over the session, the agenda timer and the store.

Only this package imports Textual. It holds no rule of its own: plans and timing come from
`debrief.agenda`, reading what people type from `debrief.model`, saving from `debrief.store`.
"""

from debrief.tui.app import DebriefApp

__all__ = ["DebriefApp"]
