"""Widgets of the meeting screen: the agenda, the clocks, the tables and the step editors."""
