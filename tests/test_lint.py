"""`debrief lint`: documents, sessions and stdin; positions, silencing, output and exit codes."""

import json

from debrief import store
from debrief.checks.session import check_session, dismissal
from debrief.model import ActionItem
from tests.test_cli import run

NOTES = "\n".join(
    [
        "The deploy finished at 14:02.",
        "Who pushed this on a Friday?",
        "The probe failed to connect for six checks.",
        "Honestly, Marta should have known.",
        "We should add a canary stage.",
    ]
)


def lint_json(*args: str, cwd=None) -> tuple[int, dict]:
    result = run("lint", "--format", "json", *args, cwd=cwd)
    assert result.stderr == ""
    return result.returncode, json.loads(result.stdout)


def test_a_text_file_reports_findings_on_its_own_lines(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(NOTES + "\n", encoding="utf-8")

    status, report = lint_json(str(path))

    assert status == 1
    assert [
        (f["line"], f["column"], f["end_line"], f["end_column"], f["rule"], f["text"])
        for f in report["findings"]
    ] == [
        (2, 1, 2, 11, "who-did-it", "Who pushed"),
        (4, 11, 4, 34, "should-have", "Marta should have known"),
    ]
    first = report["findings"][0]
    assert first == {
        "path": str(path),
        "section": None,
        "line": 2,
        "column": 1,
        "end_line": 2,
        "end_column": 11,
        "rule": "who-did-it",
        "category": "accusatory_question",
        "family": "blame",
        "text": "Who pushed",
        "message": first["message"],
        "suggestion": first["suggestion"],
    }
    assert first["message"] and first["suggestion"].startswith("Try:")
    assert report["counts"] == {"accusatory_question": 1, "counterfactual": 1}


def test_clean_text_exits_zero_with_an_empty_report(tmp_path):
    path = tmp_path / "clean.md"
    path.write_text("# Timeline\n\n- 14:02 Marta rolled back the deploy.\n", encoding="utf-8")

    assert lint_json(str(path)) == (0, {"findings": [], "counts": {}})
    assert run("lint", str(path)).stdout == ""


def test_text_output_reads_like_a_compiler_with_the_reframing_under_it(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(NOTES, encoding="utf-8")

    lines = run("lint", str(path)).stdout.splitlines()

    assert lines[0].startswith(f"{path}:2:1: accusatory_question: ")
    assert lines[1].startswith('    "Who pushed" · Try: ')
    assert lines[2].startswith(f"{path}:4:11: counterfactual: ")
    assert len(lines) == 4


def test_standard_input_is_read_as_markdown(tmp_path):
    text = "Fine line.\n\n```\nWho broke it?\n```\n\nThe intern wiped the cache.\n"

    result = run_stdin(text)

    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [(f["path"], f["line"], f["rule"]) for f in report["findings"]] == [
        ("<stdin>", 7, "took-it-down")
    ]


def run_stdin(text: str):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "debrief", "lint", "--format", "json", "-"],
        input=text,
        capture_output=True,
        text=True,
        check=False,
    )


def test_markdown_code_an_ignore_comment_and_the_allowlist_silence_findings(tmp_path):
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / ".debrief-allow").write_text("# the chaos drill's code name\ncareless whisper\n")
    doc = project / "docs" / "review.md"
    doc.write_text(
        "\n".join(
            [
                "    Dana should have known (indented code)",
                "We ran the careless whisper drill in staging.",
                "Run `who deployed this?` in the bot.",
                "<!-- debrief: ignore -->",
                "Who approved this? (quoted from the chat, discussed)",
                "Who approved the rollout?",
            ]
        ),
        encoding="utf-8",
    )

    status, report = lint_json(str(doc))

    assert status == 1
    assert [(f["line"], f["rule"]) for f in report["findings"]] == [(6, "who-did-it")]

    other = tmp_path / "allow.txt"
    other.write_text("approved the rollout\n")
    status, report = lint_json(str(doc), "--allowlist", str(other))
    # An explicit allowlist replaces the one found beside the file.
    assert [(f["line"], f["rule"]) for f in report["findings"]] == [(2, "judgment-word")]


def test_a_session_is_checked_by_field_without_dismissed_findings(tmp_path, session):
    session.analysis.root_cause = "The pool was small.\nThe DBA ought to have resized it."
    session.action_items.append(ActionItem(item="Who approved the pool size?"))
    session.lessons.went_poorly = ["Clearly nobody reads the runbook"]
    path = tmp_path / "s.toml"
    store.save(session, path)

    status, report = lint_json(str(path), "--family", "blame")

    assert status == 1
    assert [(f["section"], f["line"], f["column"], f["rule"]) for f in report["findings"]] == [
        ("analysis.root_cause", 2, 1, "should-have"),
        ("lessons.went_poorly[0]", 1, 1, "obviously"),
        ("action_items[0].item", 1, 1, "who-did-it"),
    ]
    lines = run("lint", str(path), "--family", "blame").stdout.splitlines()
    assert lines[0].startswith(f"{path}:analysis.root_cause:2:1: counterfactual: ")

    session.dismissed.append(dismissal(check_session(session)[0]))
    store.save(session, path)
    status, report = lint_json(str(path), "--family", "blame")
    assert [f["rule"] for f in report["findings"]] == ["obviously", "who-did-it"]


def test_errors_exit_two_with_one_line_and_touch_nothing(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[summary\ntitle = 'x'\n", encoding="utf-8")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\xff\xd8\xff\xe0 not text")
    before = broken.read_bytes()

    for args in (
        [str(tmp_path / "missing.txt")],
        [str(broken)],
        [str(binary)],
        [str(binary), "--today", "yesterday"],
        [str(binary), "--allowlist", str(tmp_path / "none.txt")],
    ):
        result = run("lint", *args)
        assert result.returncode == 2, args
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr
    assert broken.read_bytes() == before


def test_allowlisted_phrases_are_whole_words_in_any_case_and_keep_offsets(tmp_path):
    doc = tmp_path / "notes.txt"
    doc.write_text(
        "İlker and İpek joined. The İnci team was lazy.\nDana should have checked.\n",
        encoding="utf-8",
    )
    (tmp_path / ".debrief-allow").write_text("# our words\nana\nC# developers\nLAZY\n")

    status, report = lint_json(str(doc))

    assert status == 1
    # "ana" is not a word of "Dana"; "lazy" is silenced despite the dotted capitals before it.
    assert [(f["line"], f["rule"]) for f in report["findings"]] == [(2, "should-have")]


def test_an_ignore_comment_after_text_silences_its_own_line(tmp_path):
    doc = tmp_path / "notes.md"
    doc.write_text(
        "Dana should have checked. <!-- debrief: ignore -->\nWho approved it?\n"
        "```\n<!-- debrief: ignore -->\n```\nRavi should have waited.\n",
        encoding="utf-8",
    )

    status, report = lint_json(str(doc))

    assert status == 1
    assert [(f["line"], f["rule"]) for f in report["findings"]] == [
        (2, "who-did-it"),
        (6, "should-have"),
    ]


def test_bad_input_on_stdin_or_as_a_path_is_one_clear_line(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "debrief", "lint", "-"],
        input=b"\xff Dana should have checked.\n",
        capture_output=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.decode() == "debrief: error: <stdin>: not UTF-8 text\n"

    folder = run("lint", str(tmp_path))
    assert (folder.returncode, folder.stderr) == (
        2,
        f"debrief: error: {tmp_path}: is a folder; give a file\n",
    )
    empty = run("lint", "")
    assert (empty.returncode, empty.stderr) == (2, "debrief: error: the file name is empty\n")
