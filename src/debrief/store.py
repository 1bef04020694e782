"""Session files: TOML that reads well in a diff, saved so that no crash can lose it.

The layout is chosen for git: `schema_version` first, sections in agenda order, every row of
a table in its own `[[...]]` block, empty values left out, long text as multi-line strings.
Editing one word of one event changes one line.

Saving writes a temporary file beside the target, flushes it to disk and renames it over the
target, so the file on disk is always either the old session or the new one. The previous
version is kept as `FILE.bak`. A file that cannot be read is reported and never written over.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import tempfile
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from debrief.model import SCHEMA_VERSION, Session, describe_errors

log = logging.getLogger(__name__)


class SessionFileError(Exception):
    """A session file that cannot be read or written; the message names the file."""


def backup_path(path: Path) -> Path:
    """Where the previous version of a session file is kept."""
    return path.with_name(path.name + ".bak")


def load(path: Path) -> Session:
    """Read a session file.

    Raises:
        SessionFileError: naming the file and the line and column (broken TOML) or the
            field (a bad value).
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")  # a leading BOM is not part of the TOML
    except FileNotFoundError:
        raise SessionFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SessionFileError(f"{path}: is a folder, not a session file") from None
    except UnicodeDecodeError as error:
        raise SessionFileError(
            f"{path}: byte {error.start + 1} is not UTF-8 text; is this a session file?"
        ) from None
    except OSError as error:
        raise SessionFileError(f"{path}: cannot be read ({error.strerror})") from None
    return loads(text, name=str(path))


def loads(text: str, *, name: str = "<session>") -> Session:
    """Read a session from TOML text; `name` is used in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SessionFileError(f"{name}: {_toml_problem(error, text)}") from None
    version = data.get("schema_version")
    if version is None:
        raise SessionFileError(f"{name}: no schema_version; is this a debrief session file?")
    if type(version) is int and version > SCHEMA_VERSION:
        raise SessionFileError(
            f"{name}: written by a newer debrief (schema {version}; this one reads "
            f"{SCHEMA_VERSION}); upgrade debrief to open it"
        )
    try:
        return Session.model_validate(data)
    except ValidationError as error:
        problems = describe_errors(error)
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise SessionFileError(f"{name}: {problems[0]}{more}") from None


_AT_LINE = re.compile(r"^(?P<what>.*?)\s*\(at line (?P<line>\d+), column (?P<column>\d+)\)$")


def _toml_problem(error: tomllib.TOMLDecodeError, text: str) -> str:
    """Reword tomllib's message ("Invalid value (at line 3, column 7)"), place first."""
    message = str(error)
    match = _AT_LINE.match(message)
    if match:
        what = match["what"].rstrip(".")
        what = what[0].lower() + what[1:] if what else "broken TOML"
        place = f"line {match['line']}, column {match['column']}"
        return f"{place}: {what} (the file is not valid TOML)"
    if "end of document" in message:
        lines = text.split("\n")
        place = f"line {len(lines)}, column {len(lines[-1]) + 1}"
        return f"{place}: the file ends in the middle of a value; was it cut short?"
    return f"{message} (the file is not valid TOML)"


def dumps(session: Session) -> str:
    """The session as TOML text, in the stable layout described above."""
    data = _plain(session.model_dump(mode="python", exclude_defaults=True))
    data = {"schema_version": session.schema_version, **data}
    blocks: list[str] = []
    _emit(data, [], blocks)
    return "\n".join(blocks)


def _plain(value: Any) -> Any:
    """Enums to their values, and empty values left out."""
    if isinstance(value, dict):
        pairs = ((key, _plain(item)) for key, item in value.items())
        return {key: item for key, item in pairs if not _empty(item)}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value


def _empty(value: Any) -> bool:
    # Fields left at their default were already dropped by the dump; what remains empty here
    # is a missing optional value or a table with nothing left in it.
    return value is None or value == {}


def _is_rows(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _emit(table: dict[str, Any], path: list[str], blocks: list[str]) -> None:
    """Write a table's plain values with tomli-w, then its sub-tables and rows as blocks.

    tomli-w would write short rows as inline tables; a `[[...]]` block per row keeps a diff
    to the row that changed.
    """
    plain = {k: v for k, v in table.items() if not isinstance(v, dict) and not _is_rows(v)}
    body = _plain_values(plain)
    if path and (body or path[-1].startswith("[[")):
        blocks.append(f"{path[-1]}\n{body}")
    elif body:
        blocks.append(body)
    for key, value in table.items():
        if isinstance(value, dict):
            _emit(value, [*path, f"[{_dotted(path, key)}]"], blocks)
        elif _is_rows(value):
            for row in value:
                _emit(row, [*path, f"[[{_dotted(path, key)}]]"], blocks)


def _plain_values(values: dict[str, Any]) -> str:
    """Key-value lines, long text as multi-line strings where that loses nothing.

    TOML reads a line break inside a multi-line string as a plain LF, so a value holding a
    carriage return (pasted from some other tool) is written on one line with escapes.
    """
    if not values:
        return ""
    if not any(_has_carriage_return(value) for value in values.values()):
        return tomli_w.dumps(values, multiline_strings=True)
    return "".join(
        tomli_w.dumps({key: value}, multiline_strings=not _has_carriage_return(value))
        for key, value in values.items()
    )


def _has_carriage_return(value: Any) -> bool:
    texts = value if isinstance(value, list) else [value]
    return any(isinstance(text, str) and "\r" in text for text in texts)


def _dotted(path: list[str], key: str) -> str:
    """The dotted name of a key under the headers in `path`."""
    names = [header.strip("[]") for header in path[-1:]]
    return ".".join([*names, key])


def save(session: Session, path: Path) -> None:
    """Write a session atomically, keeping the previous file as `FILE.bak`.

    Raises:
        SessionFileError: when the file could not be written; the file on disk is then
            exactly as it was.
    """
    try:
        # Assignments to a model are not validated; a session that could not be read back
        # must not replace a good file.
        Session.model_validate(session.model_dump())
    except ValidationError as error:
        problem = describe_errors(error)[0]
        message = f"{path}: not saved, {problem}; the file on disk is unchanged"
        raise SessionFileError(message) from None
    data = dumps(session).encode("utf-8")
    try:
        target = path.resolve() if path.is_symlink() else path
        if target.exists():
            mode = target.stat().st_mode & 0o777
            write_atomically(target.read_bytes(), backup_path(target), mode=mode)
        write_atomically(data, target)
    except OSError as error:
        reason = error.strerror or str(error)
        raise SessionFileError(
            f"{path}: could not save ({reason}); the file on disk is unchanged"
        ) from None


def write_atomically(data: bytes, path: Path, mode: int | None = None) -> None:
    """Write to a temporary file in the same folder, flush it to disk, rename it over.

    Args:
        data: the bytes to write.
        path: the file to replace or create.
        mode: its permissions; by default those it has, or what the umask allows.

    Raises:
        OSError: as the operating system reported it; `path` is then untouched.
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, _mode_for(path) if mode is None else mode)
        stream = os.fdopen(handle, "wb")
    except BaseException:
        os.close(handle)
        _remove_quietly(Path(temporary))
        raise
    try:
        with stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        _remove_quietly(Path(temporary))
        raise
    _sync_folder(path.parent)


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; give a new file what the umask allows.

    A temporary file is created private (0600); renamed over a shared session as it is,
    it would lock colleagues out of it.
    """
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows opening a folder."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        log.debug("could not sync folder %s", folder)
    finally:
        os.close(descriptor)


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        log.warning("could not remove temporary file %s", path)


# --- One meeting app per file ------------------------------------------------------------------


class SessionLocked(SessionFileError):
    """The session is open in another debrief; the message says where."""


def lock_path(path: Path) -> Path:
    """The file that marks a session as open."""
    return path.with_name(path.name + ".lock")


@dataclass
class SessionLock:
    """Marks a session file as open in this process, so that a second app does not race it."""

    path: Path

    @classmethod
    def acquire(cls, session_path: Path) -> SessionLock:
        """Take the lock, replacing one left by a process on this machine that has ended.

        Raises:
            SessionLocked: when another running debrief holds it.
        """
        path = lock_path(session_path)
        holder = {"pid": os.getpid(), "host": socket.gethostname(), "since": _now_text()}
        for _ in range(2):
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                other = _read_holder(path)
                if _is_alive(other):
                    raise SessionLocked(
                        f"{session_path} is open in another debrief (process {other['pid']} "
                        f"on {other['host']}, since {other['since']})"
                    ) from None
                path.unlink(missing_ok=True)
                continue
            with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
                json.dump(holder, stream)
            return cls(path)
        raise SessionLocked(f"{session_path}: could not take the lock file {path}")

    def release(self) -> None:
        """Give the lock back; harmless when it is already gone."""
        self.path.unlink(missing_ok=True)


def _now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _read_holder(path: Path) -> dict[str, Any]:
    try:
        holder = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return holder if isinstance(holder, dict) else {}


def _is_alive(holder: dict[str, Any]) -> bool:
    """Whether the holder still runs; on another machine we cannot tell, so assume it does."""
    pid = holder.get("pid")
    if not isinstance(pid, int):
        return False
    if holder.get("host") != socket.gethostname():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
