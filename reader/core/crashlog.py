"""Writing down what went wrong when reader itself is at fault.

Expected failures are `ReaderError`s with a sentence for the user. Anything
else is a bug: the user gets one plain line (terminal) or message (window)
naming this file, and the traceback goes here for whoever fixes it.
"""

from __future__ import annotations

import datetime
import os
import sys
import traceback
from pathlib import Path

from reader import __version__

MAX_BYTES = 1024 * 1024  # past this the old log is kept once, as reader.log.1


def record(log_file: Path, error: BaseException, context: str = "") -> Path | None:
    """Append the error's traceback to the log; the log's path, or None if it could not be written."""
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        if log_file.exists() and log_file.stat().st_size > MAX_BYTES:
            os.replace(log_file, log_file.with_name(log_file.name + ".1"))
        stamp = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
        lines = traceback.format_exception(type(error), error, error.__traceback__)
        with log_file.open("a", encoding="utf-8", errors="replace") as fh:
            fh.write(f"--- {stamp} reader {__version__}, Python {sys.version.split()[0]}"
                     f"{', ' + context if context else ''}\n")
            fh.writelines(lines)
        return log_file
    except OSError:
        return None


def user_message(error: BaseException, log_file: Path | None) -> str:
    """The one sentence a user sees for a bug."""
    where = f"the details are in {log_file}" if log_file is not None else "the details could not be saved"
    return (f"Something went wrong inside reader ({type(error).__name__}); nothing of yours was changed, "
            f"and {where}. Please report it with that file.")


def record_text(log_file: Path, text: str, context: str = "") -> Path | None:
    """Append a traceback that came as text (from a helper process) to the log."""
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
        with log_file.open("a", encoding="utf-8", errors="replace") as fh:
            fh.write(f"--- {stamp} reader {__version__}{', ' + context if context else ''}\n{text.rstrip()}\n")
        return log_file
    except OSError:
        return None
