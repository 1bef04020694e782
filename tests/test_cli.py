"""The command line: new, export, demo; one-line errors with exit status 2."""

import json
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from debrief import __version__, store
from debrief.cli import main
from debrief.resources import sample_sessions
from tests.test_export import SECTIONS


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `debrief` entry point, as a shell would."""
    return subprocess.run(
        [sys.executable, "-m", "debrief", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


@pytest.mark.parametrize(
    ("severity", "total"), [("minor", 1800), ("major", 3600), ("critical", 5400)]
)
def test_new_plans_the_meeting_by_severity(tmp_path, severity, total):
    path = tmp_path / f"{severity}.toml"

    assert main(["new", str(path), "--title", "Orders API 5xx", "--severity", severity]) == 0

    data = json.loads(run("export", str(path), "--format", "json").stdout)
    assert sum(step["planned_seconds"] for step in data["meeting"]["steps"]) == total
    assert data["summary"] == {
        "title": "Orders API 5xx",
        "date": None,
        "severity": severity,
        "detection_method": "",
        "services": [],
        "customer_impact": "",
        "incident_commander": "",
        "duration_minutes": None,
        "time_to_detect_minutes": None,
    }


def test_new_takes_a_date_and_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "s.toml"
    main(["new", str(path), "--title", "A", "--severity", "minor", "--date", "2026-06-21"])
    before = path.read_bytes()
    assert capsys.readouterr().err == f"debrief: wrote {path}\n"

    status = main(["new", str(path), "--title", "B", "--severity", "major"])

    assert status == 2
    assert capsys.readouterr().err == (
        f"debrief: error: {path} already exists; add --force to replace it\n"
    )
    assert path.read_bytes() == before
    assert store.load(path).summary.date.isoformat() == "2026-06-21"

    assert main(["new", str(path), "--title", "B", "--severity", "major", "--force"]) == 0
    assert store.load(path).summary.title == "B"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["new", "x.toml", "--title", "A", "--severity", "sev1"],
            "debrief new: error: argument --severity: 'sev1' is not one of minor, major, "
            "critical (see 'debrief new --help')",
        ),
        (
            ["new", "x.toml", "--title", "A", "--severity", "minor", "--date", "21/06/2026"],
            "debrief new: error: argument --date: '21/06/2026' is not a date; "
            "write it as 2026-06-21 (see 'debrief new --help')",
        ),
        (
            ["new", "x.toml", "--severity", "minor"],
            "debrief new: error: the following arguments are required: --title "
            "(see 'debrief new --help')",
        ),
        (
            ["new", "", "--title", "A", "--severity", "minor"],
            "debrief new: error: argument FILE: the file name is empty (see 'debrief new --help')",
        ),
        (
            ["new", "x.toml", "--title", "A", "--severity", "minor", "--date", "20260621"],
            "debrief new: error: argument --date: '20260621' is not a date; "
            "write it as 2026-06-21 (see 'debrief new --help')",
        ),
        (
            ["export", "missing.toml"],
            "debrief: error: missing.toml: no such file",
        ),
        (
            ["export", "s.toml", "--format", "pdf"],
            "debrief export: error: argument --format: 'pdf' is not one of md, json "
            "(see 'debrief export --help')",
        ),
        (
            ["new", "no/such/folder/x.toml", "--title", "A", "--severity", "minor"],
            "debrief: error: no/such/folder/x.toml: could not save (No such file or directory); "
            "the file on disk is unchanged",
        ),
    ],
    ids=[
        "severity",
        "date",
        "title",
        "empty-name",
        "basic-date",
        "missing-file",
        "format",
        "folder",
    ],
)
def test_user_errors_are_one_line_and_exit_2(tmp_path, args, message):
    result = run(*args, cwd=tmp_path)

    assert result.returncode == 2
    assert result.stderr == message + "\n"
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('schema_version = 1\n[summary]\ntitle = "Orders', "line 3, column 16: "),
        ("schema_version = 1\n[summary]\nseverity = 3\n", "summary: severity must be "),
    ],
    ids=["truncated", "wrong-type"],
)
def test_an_unreadable_session_exits_2_and_is_left_alone(tmp_path, content, problem):
    path = tmp_path / "broken.toml"
    path.write_text(content, encoding="utf-8")

    result = run("export", str(path))

    assert result.returncode == 2
    assert result.stderr.startswith(f"debrief: error: {path}: {problem}")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert path.read_text(encoding="utf-8") == content


def test_an_unknown_command_is_one_line_and_exit_2():
    result = run("frobnicate")

    assert result.returncode == 2
    assert result.stderr.startswith("debrief: error: argument COMMAND: invalid choice: ")
    assert result.stderr.endswith(" (see 'debrief --help')\n")
    assert result.stderr.count("\n") == 1


def test_export_writes_markdown_to_a_file(tmp_path):
    session = tmp_path / "s.toml"
    out = tmp_path / "s.md"
    main(["new", str(session), "--title", "Orders API 5xx", "--severity", "minor"])

    assert main(["export", str(session), "-o", str(out)]) == 0

    assert out.read_text(encoding="utf-8").startswith("# Postmortem: Orders API 5xx\n")


def test_export_will_not_write_over_the_session(tmp_path, capsys):
    session = tmp_path / "s.toml"
    main(["new", str(session), "--title", "A", "--severity", "minor"])
    before = session.read_bytes()

    assert main(["export", str(session), "-o", str(session)]) == 2

    assert "is the session file or its backup" in capsys.readouterr().err
    assert session.read_bytes() == before
    assert main(["export", str(session), "-o", f"{session}.bak"]) == 2


@pytest.mark.parametrize("sample", sample_sessions(), ids=lambda path: path.stem)
def test_every_sample_exports_all_sections_and_three_tables(sample):
    result = run("export", str(sample))

    assert result.returncode == 0, result.stderr
    for heading in [*SECTIONS, "### Why?"]:
        assert f"\n{heading}\n" in result.stdout
    for header in (
        "| Field | Value |",
        "| Time (UTC) | Event |",
        "| Action Item | Owner | Deadline | Status |",
    ):
        assert header in result.stdout
    assert "_Not recorded._" not in result.stdout


def test_system_errors_are_one_line_and_exit_2(tmp_path):
    sample = sample_sessions()[0]
    long_name = str(tmp_path / ("a" * 300 + ".toml"))

    with open("/dev/full", "w") as full:
        to_full_disk = subprocess.run(
            [sys.executable, "-m", "debrief", "export", str(sample)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    too_long = run("new", long_name, "--title", "A", "--severity", "minor")

    assert to_full_disk.returncode == 2
    assert to_full_disk.stderr == "debrief: error: No space left on device\n"
    assert too_long.returncode == 2
    assert too_long.stderr.endswith(": File name too long\n")
    assert too_long.stderr.count("\n") == 1


def test_version_and_help():
    assert run("--version").stdout == f"debrief {__version__}\n"
    for command in ([], ["new"], ["export"], ["run"], ["demo"]):
        result = run(*command, "--help")
        assert result.returncode == 0
        assert result.stdout.startswith("usage: debrief")


def test_demo_runs_on_a_fresh_copy_and_never_the_original(tmp_path):
    original = sample_sessions()[0]
    before = original.read_bytes()

    result = run("demo", "--headless", "--exit-after-first-frame", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    copy = Path(result.stderr.strip().splitlines()[0].rsplit(": ", 1)[1])
    assert copy != original
    assert original.read_bytes() == before
    demo, sample = store.load(copy), store.load(original)
    assert demo.meeting.held_at is None
    assert not any(step.spent_seconds or step.done for step in demo.meeting.steps)
    # The incident is moved to yesterday, every date with it, so nothing reads as overdue.
    shift = date.today() - timedelta(days=1) - sample.summary.date
    assert demo.summary.date == date.today() - timedelta(days=1)
    assert [e.time - s.time for e, s in zip(demo.timeline, sample.timeline, strict=True)] == [
        shift
    ] * len(sample.timeline)
    assert [e.event for e in demo.timeline] == [e.event for e in sample.timeline]
    assert demo.follow_up.date == sample.follow_up.date + shift
    assert [a.deadline for a in demo.action_items] == [
        a.deadline + shift for a in sample.action_items
    ]


def test_run_on_a_broken_file_exits_2_and_leaves_it_alone(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("schema_version = 1\n[summary\n", encoding="utf-8")

    result = run("run", str(path), "--headless", "--exit-after-first-frame")

    assert result.returncode == 2
    assert result.stderr.startswith(f"debrief: error: {path}: line 2")
    assert path.read_text(encoding="utf-8") == "schema_version = 1\n[summary\n"


def test_a_running_meeting_stopped_by_sigterm_saves_and_leaves_cleanly(tmp_path):
    path = tmp_path / "s.toml"
    main(["new", str(path), "--title", "A", "--severity", "minor"])
    process = subprocess.Popen(
        [sys.executable, "-m", "debrief", "run", str(path), "--headless"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lock = store.lock_path(path)
    deadline = time.monotonic() + 30
    while not lock.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # let the app draw its first frame

    process.send_signal(signal.SIGTERM)
    _, errors = process.communicate(timeout=30)

    assert process.returncode == 0, errors
    assert "Traceback" not in errors
    assert not lock.exists()
    assert store.load(path).summary.title == "A"
