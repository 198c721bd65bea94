"""Work in a child process: stopped at once when cancelled, gone when its parent goes, memory bounded.

Parsing a hostile or huge file cannot be interrupted from another thread,
and Python code holding the GIL makes the window stutter. A `ChildWorker` is
one long-lived helper process that runs module-level functions sent to it,
one at a time: cancelling kills it (the next call starts a fresh one), a
watchdog thread in the child ends it when the parent dies (even by kill -9),
and an address-space limit turns a memory bomb into a clean error.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import traceback
import weakref
from typing import Any, Callable

from reader.core.errors import Cancelled, ReaderError

POLL_SECONDS = 0.05


class ChildFailed(ReaderError):
    """The helper process died or hit a bug; the message says which, the traceback is kept."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details

    def __reduce__(self):
        return (type(self), (str(self), self.details))


def default_memory_limit() -> int | None:
    """Half the machine's memory, at most 8 GiB: far above any real document, far below a bomb."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None
    return min(total // 2, 8 << 30)


class ChildWorker:
    """A helper process for one kind of work (reading documents, finding names)."""

    live: "weakref.WeakSet[ChildWorker]" = weakref.WeakSet()   # every helper, for the tests' leak check

    def __init__(self, name: str, *, memory_limit: int | None = None) -> None:
        self.name = name
        self.memory_limit = memory_limit
        self._context = multiprocessing.get_context("spawn")
        self._process = None
        self._connection = None
        self._lock = threading.Lock()       # one call at a time
        self._state = threading.Lock()      # guards _process/_connection against stop() from another thread
        ChildWorker.live.add(self)

    @property
    def alive(self) -> bool:
        with self._state:
            return self._process is not None and self._process.is_alive()

    def start(self) -> None:
        """Start the process now (it is started on first use otherwise): a warm helper answers at once."""
        with self._state:
            if self._process is not None and self._process.is_alive():
                return
            parent_end, child_end = self._context.Pipe()
            process = self._context.Process(target=_serve, args=(child_end, self.memory_limit),
                                            name=f"reader-{self.name}", daemon=True)
            process.start()
            child_end.close()
            self._process, self._connection = process, parent_end

    def call(self, function: Callable[..., Any], *args: Any, cancel: threading.Event | None = None) -> Any:
        """function(*args) in the child. Raises what it raised if that was a ReaderError,
        Cancelled when `cancel` is set (the child is killed), ChildFailed otherwise."""
        with self._lock:
            self.start()
            with self._state:
                process, connection = self._process, self._connection
            try:
                connection.send((function, args))
            except (OSError, ValueError) as exc:
                self.stop()
                raise ChildFailed(f"The {self.name} helper could not be reached ({exc}).") from None
            while True:
                if cancel is not None and cancel.is_set():
                    self.stop()
                    raise Cancelled()
                try:
                    if connection.poll(POLL_SECONDS):
                        status, value = connection.recv()
                        break
                except (EOFError, OSError):
                    status, value = "died", None
                    break
                if not process.is_alive():
                    status, value = "died", None
                    break
        if status == "ok":
            return value
        if status == "error":
            raise value
        if status == "bug":
            kind, message, details = value
            raise ChildFailed(f"The {self.name} helper failed ({kind}: {message}).", details)
        code = process.exitcode
        self.stop()
        if code is not None and code < 0 and -code == 9:
            raise ChildFailed(f"The {self.name} helper was stopped by the system (out of memory?).")
        raise ChildFailed(f"The {self.name} helper stopped unexpectedly (exit code {code}).")

    def stop(self) -> None:
        """Kill the process (if any) at once; the next call starts a new one."""
        with self._state:
            process, connection = self._process, self._connection
            self._process = self._connection = None
        if connection is not None:
            connection.close()
        if process is not None and process.is_alive():
            process.kill()
            process.join(timeout=2)


def _serve(connection, memory_limit: int | None) -> None:
    """The child's loop: run what arrives, send back the result or the error."""
    _die_with_parent()
    if memory_limit:
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        except (ImportError, ValueError, OSError):
            pass
    while True:
        try:
            function, args = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply = ("ok", function(*args))
        except ReaderError as exc:
            reply = ("error", exc)
        except MemoryError:
            reply = ("error", ChildFailed("There was not enough memory to finish: the file is too large or damaged."))
        except Exception as exc:  # noqa: BLE001 - a bug: reported to the parent with its traceback
            reply = ("bug", (type(exc).__name__, str(exc)[:500], traceback.format_exc()))
        try:
            connection.send(reply)
        except (OSError, ValueError):
            return
        except Exception as exc:  # noqa: BLE001 - the result could not be pickled
            connection.send(("bug", (type(exc).__name__, str(exc)[:500], traceback.format_exc())))


def _die_with_parent() -> None:
    """A watchdog thread: when the parent process ends, so does this one."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(0)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()
