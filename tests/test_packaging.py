"""Stylesheets and samples are found from a checkout and from an installed wheel."""

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
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work), str(REPO)],
        check=True,
    )
    wheel = next(work.glob("debrief-*.whl"))
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    constraints = REPO / "constraints.txt"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "-c", str(constraints), str(wheel)],
        check=True,
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


def test_the_installed_command_exports_a_bundled_sample(wheel_python, tmp_path):
    debrief = wheel_python.parent / "debrief"

    result = subprocess.run(
        [str(debrief), "demo"], capture_output=True, text=True, cwd=tmp_path, check=False
    )

    assert result.returncode == 0, result.stderr
    assert "## Action Items" in result.stdout
