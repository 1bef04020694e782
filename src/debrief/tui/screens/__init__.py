"""Screens of the app: starting a session, setting up the meeting, the meeting, help, dialogs."""
