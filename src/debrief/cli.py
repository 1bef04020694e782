"""The `debrief` command line: a thin layer that parses arguments and calls the domain.

A user error prints one line on stderr and exits with status 2; it never shows a traceback.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NoReturn

from debrief import __version__, agenda, export, store
from debrief.model import Severity
from debrief.resources import sample_sessions

EXIT_OK = 0
"""The command did what was asked."""
EXIT_FINDINGS = 1
"""`debrief lint` found something worth a second look."""
EXIT_USAGE = 2
"""User errors: a bad argument, a file that cannot be read or written."""


class UserError(Exception):
    """A problem the user can fix; its message is printed as one line."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, pointing at `--help`."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _date(text: str) -> date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write it as 2026-06-21"
        ) from None


def _one_of(*choices: str) -> Callable[[str], str]:
    """An argument type that lists the choices in our words, the same on every Python."""

    def check(text: str) -> str:
        if text not in choices:
            raise argparse.ArgumentTypeError(f"'{text}' is not one of {', '.join(choices)}")
        return text

    return check


def _choice(
    parser: argparse.ArgumentParser, flag: str, choices: tuple[str, ...], **kwargs: Any
) -> None:
    """An option taking one of a few words, checked by `_one_of`."""
    metavar = "{" + ",".join(choices) + "}"
    parser.add_argument(flag, type=_one_of(*choices), metavar=metavar, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    """The parser for every subcommand."""
    parser = _Parser(
        prog="debrief",
        description="Run a blameless incident postmortem meeting from the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"debrief {__version__}")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, required=True
    )

    new = commands.add_parser("new", help="write a new session file")
    new.add_argument("file", type=_session_path, metavar="FILE", help="the session file to write")
    new.add_argument("--title", required=True, help="the incident's title")
    _choice(
        new,
        "--severity",
        ("minor", "major", "critical"),
        required=True,
        help="sizes the meeting: minor 30, major 60, critical 90 minutes",
    )
    new.add_argument("--date", type=_date, help="the incident's date (YYYY-MM-DD)")
    new.add_argument("--force", action="store_true", help="replace FILE if it exists")
    new.set_defaults(handler=_new)

    exporter = commands.add_parser("export", help="print a session as Markdown or JSON")
    exporter.add_argument("file", type=_session_path, metavar="FILE", help="the session file")
    exporter.add_argument(
        "-o", "--output", default="-", metavar="OUT", help="where to write; - is stdout (default)"
    )
    _choice(exporter, "--format", ("md", "json"), default="md", help="Markdown (default) or JSON")
    exporter.set_defaults(handler=_export)

    run = commands.add_parser("run", help="run the meeting on FILE (created if missing)")
    run.add_argument("file", type=_session_path, metavar="FILE", help="the session file")
    _display_options(run)
    run.set_defaults(handler=_run)

    demo = commands.add_parser("demo", help="run the meeting on a copy of a bundled sample")
    _display_options(demo)
    demo.set_defaults(handler=_demo)

    lint = commands.add_parser(
        "lint",
        help="check wording and practice: a session, a Markdown or text file, or - (stdin)",
        description=(
            "Report blame-oriented wording and gaps in the practice of a postmortem. "
            "Exit status: 0 nothing found, 1 findings, 2 error."
        ),
    )
    lint.add_argument("path", metavar="PATH", help="a session (.toml), a .md or .txt file, or -")
    _choice(lint, "--format", ("text", "json"), default="text", help="text (default) or JSON")
    _choice(lint, "--family", ("blame", "quality"), help="only wording, or only practice")
    lint.add_argument(
        "--today", type=_date, help="the date to judge deadlines by (default: today)"
    )
    lint.add_argument(
        "--allowlist",
        type=Path,
        metavar="FILE",
        help="phrases never to report, one a line (default: .debrief-allow beside PATH or above)",
    )
    lint.set_defaults(handler=_lint)
    return parser


def _display_options(parser: argparse.ArgumentParser) -> None:
    _choice(
        parser,
        "--theme",
        ("dark", "light"),
        default="dark",
        help="colours for the room: dark (default) or light",
    )
    parser.add_argument(
        "--no-bell", action="store_true", help="do not ring the terminal bell when a step ends"
    )
    parser.add_argument(
        "--discreet",
        action="store_true",
        help="show only how many wording notes there are until F3 opens them",
    )
    # For the start-up benchmark and the tests: draw the first frame without a terminal, then
    # leave (saving, as every way out does).
    parser.add_argument("--headless", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--exit-after-first-frame", action="store_true", help=argparse.SUPPRESS)


def _session_path(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("the file name is empty")
    return Path(text)


def _new(args: argparse.Namespace) -> None:
    path: Path = args.file
    if path.exists() and not args.force:
        raise UserError(f"{path} already exists; add --force to replace it")
    session = agenda.new_session(args.title, Severity(args.severity), args.date)
    store.save(session, path)
    print(f"debrief: wrote {path}", file=sys.stderr)


_RENDERERS: dict[str, Callable[..., str]] = {"md": export.to_markdown, "json": export.to_json}


def _export(args: argparse.Namespace) -> None:
    session = store.load(args.file)
    text = _RENDERERS[args.format](session)
    if args.output == "-":
        sys.stdout.write(text)
        return
    output = Path(args.output)
    protected = {args.file.resolve(), store.backup_path(args.file).resolve()}
    if output.resolve() in protected:
        raise UserError(f"{output} is the session file or its backup; choose another output")
    try:
        store.write_atomically(text.encode("utf-8"), output)
    except OSError as error:
        raise UserError(f"{output}: could not write ({error.strerror})") from None


def _lint(args: argparse.Namespace) -> None:
    from debrief import lint  # only here: the rules are compiled on first use

    families = frozenset(lint.Family) if args.family is None else {lint.Family(args.family)}
    try:
        allow = lint.allowlist_for(args.path, args.allowlist)
        options = lint.LintOptions(families=frozenset(families), today=args.today, allow=allow)
        result = lint.lint_input(args.path, options, stdin=sys.stdin.buffer)
    except lint.LintInputError as error:
        raise UserError(str(error)) from None
    output = lint.to_json([result]) + "\n" if args.format == "json" else lint.to_text([result])
    sys.stdout.write(output)
    if result.findings:
        raise SystemExit(EXIT_FINDINGS)


def _run(args: argparse.Namespace) -> None:
    _run_meeting(args.file, args)


def _demo(args: argparse.Namespace) -> None:
    samples = sample_sessions()
    if not samples:
        raise UserError("no sample sessions are installed")
    folder = Path(tempfile.mkdtemp(prefix="debrief-demo-"))
    copy = folder / samples[0].name
    shutil.copyfile(samples[0], copy)
    session = store.load(copy)
    agenda.restart_meeting(session.meeting)
    agenda.move_incident_to(session, date.today() - timedelta(days=1))
    store.save(session, copy)
    print(f"debrief: the demo runs on a copy of a sample session: {copy}", file=sys.stderr)
    _run_meeting(copy, args)


def _run_meeting(path: Path, args: argparse.Namespace) -> None:
    """Open the meeting app on a session file, holding its lock while the app runs."""
    from debrief.tui import DebriefApp  # only here: the other commands start without Textual

    session = store.load(path) if path.exists() else None
    locked_by: str | None = None
    try:
        lock = store.SessionLock.acquire(path)
    except store.SessionLocked as error:
        lock, locked_by = None, str(error)
    app = DebriefApp(
        path,
        session,
        locked_by=locked_by,
        bell=not args.no_bell,
        dark=args.theme == "dark",
        discreet=args.discreet,
        exit_after_first_frame=args.exit_after_first_frame,
    )
    try:
        app.run(headless=args.headless)
    finally:
        # Whatever stopped the app, even an error in it, what was typed gets written.
        if not app.save_after_exit():
            print(f"debrief: error: {path}: the last changes could not be saved", file=sys.stderr)
        if lock is not None:
            lock.release()
    if app.return_code:
        raise SystemExit(app.return_code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        args.handler(args)
    except (UserError, store.SessionFileError, agenda.AgendaError) as error:
        print(f"debrief: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`debrief export x | head`); that is not an error.
        sys.stderr.close()
    except OSError as error:
        # A full disk under stdout, a file name the system refuses, a folder we may not read.
        where = f"{error.filename}: " if error.filename else ""
        print(f"debrief: error: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
