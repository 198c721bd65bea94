"""Writing an export to disk without ever leaving a half file, or clobbering what should not be.

A regular file is written to a part file beside it and renamed into place, so the final name holds
the old file or the new one, never a mixture. Devices and FIFOs (`-o /dev/null`, `-o /dev/stdout`, a
pipe) are written directly: a rename would replace the device node itself. A read-only file is
refused as `cp` refuses it. Part files left by a killed export are removed on the next write to the
same folder: only ours (named `.NAME.reader-PID-XXXXXXXX.part`), and only when their writer is gone
or they are older than `STALE_AFTER`.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import IO, Callable

from reader.core.export.model import ExportError

STALE_AFTER = 10 * 60  # seconds; a part file lives only while the rendered bytes are written and synced
_PART = re.compile(r"^\..+\.reader-(?P<pid>\d+)-[a-z0-9_]{8}\.part$")
_OLD_PART = re.compile(r"^\..+\.[a-z0-9_]{8}\.part$")  # reader 0.x, before the writer's pid was in the name
_NAME_ROOM = 120  # characters of the target's name kept in the part file's (NAME_MAX is 255)


def check_target(path: Path) -> None:
    """Refuse a target that cannot or must not be written, before any work is done."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    info = target_stat(path)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise ExportError(f"{path} is a folder; give the name of a file to write.")
    folder_info = target_stat(folder)
    if folder_info is None:
        raise ExportError(f"Cannot write {path}: the folder {folder} does not exist.")
    if not stat.S_ISDIR(folder_info.st_mode):
        raise ExportError(f"Cannot write {path}: {folder} is not a folder.")
    if info is not None and not stat.S_ISREG(info.st_mode):
        if not (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
            raise ExportError(f"Cannot write {path}: it is not a regular file, a character device or a pipe.")
        if not os.access(path, os.W_OK):
            raise ExportError(f"Cannot write {path}: permission denied.")
        return
    if info is not None and (not info.st_mode & 0o222 or not os.access(path, os.W_OK)):
        raise ExportError(f"Cannot write {path}: the file is read-only; nothing was written.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"Cannot write {path}: permission denied in the folder {folder}.")


def target_stat(path: Path) -> os.stat_result | None:
    """What is at `path` (links followed), None when nothing is; any other failure is an ExportError."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise ExportError(f"Cannot write {path}: {_reason(exc)}.") from None


def write_atomic(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write a regular file through a part file and a rename; write a device or FIFO directly."""
    path = Path(path)
    check_target(path)
    info = target_stat(path)
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_directly(path, write)  # through any link: /dev/stdout is a link to a pipe or a terminal
        return
    if info is not None and path.is_symlink():
        path = Path(os.path.realpath(path))  # write the file the link points at and keep the link, as cp does
    folder = path.parent if str(path.parent) else Path(".")
    clean_stale_parts(folder)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name[:_NAME_ROOM]}.reader-{os.getpid()}-", suffix=".part",
                                    dir=folder)
    except OSError as exc:
        raise ExportError(f"Cannot write {path}: {_reason(exc)}. Nothing was written.") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, _file_mode(path))
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise ExportError(f"Cannot write {path}: {_reason(exc)}. Nothing was written.") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write_directly(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """A character device or a FIFO: open it for writing (a FIFO waits for its reader), never replace it."""
    try:
        with open(os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0)), "wb") as fh:
            write(fh)
    except OSError as exc:
        raise ExportError(f"Cannot write {path}: {_reason(exc)}.") from None


def clean_stale_parts(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove part files a killed export of ours left in `folder`; returns what was removed."""
    now = time.time() if now is None else now
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        ours = _PART.match(name)
        if ours is None and not _OLD_PART.match(name):
            continue
        part = Path(folder) / name
        try:
            info = part.lstat()
            if not stat.S_ISREG(info.st_mode):
                continue
            writer_gone = ours is not None and not _alive(int(ours["pid"]))
            if writer_gone or now - info.st_mtime > STALE_AFTER:
                part.unlink()
                removed.append(part)
        except OSError:
            continue  # someone else removed it, or we may not: not our business to fail over
    return removed


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the disk is read-only"
    return (exc.strerror or str(exc)).rstrip(".")


def _file_mode(path: Path) -> int:
    """Keep an overwritten file's permissions; give a new one the usual (umask) ones."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process umask, read without setting it where the system allows (os.umask is not thread-safe)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return umask
