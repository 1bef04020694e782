"""Files that ship with debrief: the Textual stylesheets and the sample sessions.

They live at the top of the repository (`styles/`, `sample_sessions/`). A wheel carries them
inside the package; an editable install runs from the checkout, where they sit two folders up.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    checkout = _PACKAGE.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"debrief is installed without its '{name}' folder")


def styles_dir() -> Path:
    """The folder of Textual stylesheets (`*.tcss`)."""
    return _shipped("styles")


def samples_dir() -> Path:
    """The folder of bundled sample sessions (`*.toml`)."""
    return _shipped("sample_sessions")


def sample_sessions() -> list[Path]:
    """The bundled sample sessions, by name."""
    return sorted(samples_dir().glob("*.toml"))
