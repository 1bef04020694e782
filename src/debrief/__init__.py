"""debrief: run a blameless incident postmortem meeting from the terminal."""

__version__ = "0.1.0"
