"""Stylesheets and samples are found from a checkout and from an installed wheel."""

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from debrief import resources

REPO = Path(__file__).resolve().parent.parent


def test_an_editable_install_finds_the_checkout_folders():
    assert resources.styles_dir() == REPO / "styles"
    assert (resources.styles_dir() / "app.tcss").is_file()
    assert [path.name for path in resources.sample_sessions()] == sorted(
        path.name for path in (REPO / "sample_sessions").glob("*.toml")
    )


@pytest.fixture(scope="module")
def wheel_python(tmp_path_factory) -> Path:
    """A fresh virtual environment with debrief installed from a freshly built wheel."""
    work = tmp_path_factory.mktemp("wheel")
    constraints = REPO / "constraints.txt"
    pinned = {**os.environ, "PIP_CONSTRAINT": str(constraints)}  # reaches the build backend too
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work), str(REPO)],
        check=True,
        env=pinned,
    )
    wheel = next(work.glob("debrief-*.whl"))
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, env=pinned
    )
    return python


def test_an_installed_wheel_carries_styles_and_samples(wheel_python, tmp_path):
    probe = (
        "from debrief import resources; "
        "print(resources.styles_dir()); print(len(resources.sample_sessions()))"
    )

    result = subprocess.run(
        [str(wheel_python), "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True
    )

    styles, samples = result.stdout.split()
    assert "site-packages" in styles
    assert Path(styles, "app.tcss").read_text() == (REPO / "styles" / "app.tcss").read_text()
    assert int(samples) == len(resources.sample_sessions())


STYLE_PROBE = """
import asyncio
from pathlib import Path

from debrief.agenda import new_session
from debrief.model import Severity
from debrief.tui import DebriefApp


async def main():
    session = new_session("probe", Severity.MINOR)
    session.meeting.held_at = None
    session.meeting.steps[0].spent_seconds = 1.0  # started: open the meeting screen directly
    app = DebriefApp(Path("probe.toml"), session)
    async with app.run_test() as pilot:
        await pilot.pause()
        print(app.screen.query_one("#sidebar").styles.width)
        await pilot.press("ctrl+s", "ctrl+q")


asyncio.run(main())
"""


def run_outside(command: list[str], folder: Path) -> subprocess.CompletedProcess[str]:
    """Run an installed program from a folder outside the repository."""
    return subprocess.run(
        command, capture_output=True, text=True, cwd=folder, check=False, timeout=120
    )


def test_the_installed_app_applies_the_shipped_styles(wheel_python, tmp_path):
    result = run_outside([str(wheel_python), "-c", STYLE_PROBE], tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "31"  # set in styles/app.tcss, nowhere else
    assert (tmp_path / "probe.toml").is_file()  # ctrl+s saved it


def test_the_installed_command_runs_the_demo_headless(wheel_python, tmp_path):
    debrief = wheel_python.parent / "debrief"

    result = run_outside(
        [str(debrief), "demo", "--headless", "--exit-after-first-frame"], tmp_path
    )

    assert result.returncode == 0, result.stderr
    assert "the demo runs on a copy of a sample session" in result.stderr
