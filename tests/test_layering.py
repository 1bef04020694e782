"""The domain layers never import Textual, so they stay fast and usable without a screen."""

import subprocess
import sys

import pytest

# The command line is listed too: it must load the app only for the commands that need it.
DOMAIN = [
    "debrief.model",
    "debrief.agenda",
    "debrief.checks",
    "debrief.checks.quality",
    "debrief.checks.session",
    "debrief.store",
    "debrief.export",
    "debrief.lint",
    "debrief.cli",
]


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_module_does_not_import_textual(module):
    probe = (
        f"import sys, {module}; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )

    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"
