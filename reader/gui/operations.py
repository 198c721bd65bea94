"""One way to run work in the background: the work, what to do with its result, and staleness.

Shaped after Anki's QueryOp and TaskManager::

    self.ops.run("Opening a file", lambda job: load(path, job.cancel),
                 on_success=self._show, token=self.documents.token())

- The work runs off the GUI thread: in a thread of its own, or on a named
  *lane* whose jobs run one after another on one thread (the translation model
  lives on the "model" lane, so one thread owns it).
- It may hand over partial results (`job.report(x)` → `on_partial(x)`) and
  progress (`job.progress(done, total)`); every callback runs on the GUI thread.
- Its result goes to `on_success`. A `ReaderError` goes to `on_failure`, or by
  default to the window's error banner. Anything else is a bug: its traceback
  is written to the log, the banner shows one plain sentence naming the log,
  and `on_failure` still hears of it so the caller can tidy up. A cancelled
  job says nothing.
- A job started for something the user has since left (another document, a
  new model) carries a stale `Token`: nothing it delivers reaches a callback.
- One registry knows every job: quitting cancels them all and waits for none
  (the threads are daemons; nothing they hold needs saving).
"""

from __future__ import annotations

import queue
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal, Slot

from reader.core.crashlog import record, user_message
from reader.core.errors import Cancelled, ReaderError


class Generation:
    """What the user is looking at, as a number: advance it and every older token goes stale."""

    def __init__(self) -> None:
        self._value = 0

    def advance(self) -> None:
        self._value += 1

    def token(self) -> "Token":
        return Token(self, self._value)


@dataclass(frozen=True)
class Token:
    generation: Generation
    value: int

    @property
    def current(self) -> bool:
        return self.generation._value == self.value


class Job:
    """A running piece of work, as the work function and the caller see it."""

    def __init__(self, operations: "Operations", name: str, token: Token | None) -> None:
        self.name = name
        self.token = token
        self.cancel = threading.Event()
        self._operations = operations
        self.finished = False

    @property
    def stale(self) -> bool:
        return self.token is not None and not self.token.current

    def report(self, value: Any) -> None:
        """Hand a partial result to `on_partial` (on the GUI thread)."""
        self._operations._send(self, "partial", value)

    def progress(self, done: int, total: int) -> None:
        self._operations._send(self, "progress", (done, total))

    def check(self) -> None:
        """Stop here if the job was cancelled or the user moved on."""
        if self.cancel.is_set() or self.stale:
            raise Cancelled()

    def stop(self) -> None:
        self.cancel.set()


@dataclass
class _Callbacks:
    success: Callable[[Any], None] | None
    failure: Callable[[BaseException], None] | None
    partial: Callable[[Any], None] | None
    progress: Callable[[int, int], None] | None
    done: Callable[[], None] | None


class Operations(QObject):
    """The registry of background jobs of one window."""

    error = Signal(str)             # a sentence for the error banner
    busy_changed = Signal(bool)
    _deliver = Signal(object, str, object)   # job, what, value (from any thread to the GUI thread)

    live: "weakref.WeakSet[Operations]" = weakref.WeakSet()   # for the tests' leak check

    def __init__(self, log_file: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self._jobs: dict[Job, _Callbacks] = {}
        self._lanes: dict[str, _Lane] = {}
        self._threads: list[threading.Thread] = []
        self._closed = False
        self._deliver.connect(self._on_deliver)
        Operations.live.add(self)

    @property
    def running(self) -> list[Job]:
        return [job for job in self._jobs if not job.finished]

    def run(self, name: str, work: Callable[[Job], Any], *, on_success: Callable[[Any], None] | None = None,
            on_failure: Callable[[BaseException], None] | None = None,
            on_partial: Callable[[Any], None] | None = None,
            on_progress: Callable[[int, int], None] | None = None,
            on_done: Callable[[], None] | None = None,
            token: Token | None = None, lane: str | None = None) -> Job:
        """Start `work(job)` in the background; see the module docstring for what follows."""
        job = Job(self, name, token)
        was_busy = bool(self._jobs)
        self._jobs[job] = _Callbacks(on_success, on_failure, on_partial, on_progress, on_done)
        if not was_busy:
            self.busy_changed.emit(True)
        if self._closed:
            job.cancel.set()
        if lane is None:
            thread = threading.Thread(target=self._execute, args=(job, work), name=f"job: {name}", daemon=True)
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
            thread.start()
        else:
            if lane not in self._lanes:
                self._lanes[lane] = _Lane(lane, self._execute)
                self._threads.append(self._lanes[lane].thread)
            self._lanes[lane].put(job, work)
        return job

    def threads_alive(self) -> list[str]:
        """Names of the threads still running work (the tests' leak check)."""
        return [t.name for t in self._threads if t.is_alive()]

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.cancel.set()

    def shutdown(self) -> None:
        """The window is going: cancel everything, deliver nothing more, wait for nothing."""
        self._closed = True
        self.cancel_all()
        for lane in self._lanes.values():
            lane.close()

    # -- in the worker thread -------------------------------------------------------------
    def _execute(self, job: Job, work: Callable[[Job], Any]) -> None:
        if job.cancel.is_set() or job.stale:
            self._send(job, "cancelled", None)
            return
        try:
            result = work(job)
        except Cancelled:
            self._send(job, "cancelled", None)
        except BaseException as exc:  # noqa: BLE001 - every failure is delivered, never lost
            self._send(job, "failure", exc)
        else:
            self._send(job, "success", result)

    def _send(self, job: Job, what: str, value: Any) -> None:
        try:
            self._deliver.emit(job, what, value)
        except RuntimeError:  # the window's objects are already gone
            pass

    # -- on the GUI thread ----------------------------------------------------------------
    @Slot(object, str, object)
    def _on_deliver(self, job: Job, what: str, value: Any) -> None:
        callbacks = self._jobs.get(job)
        if callbacks is None:
            return
        final = what in ("success", "failure", "cancelled")
        try:
            if job.stale or self._closed:
                return
            if what == "partial" and callbacks.partial is not None:
                callbacks.partial(value)
            elif what == "progress" and callbacks.progress is not None:
                callbacks.progress(*value)
            elif what == "success" and callbacks.success is not None:
                callbacks.success(value)
            elif what == "failure":
                self._fail(job, callbacks, value)
        except Exception as exc:  # noqa: BLE001 - a bug in a callback: logged and shown, never silent
            self.report_bug(exc, f"while finishing '{job.name}'")
        finally:
            if final:
                job.finished = True
                self._jobs.pop(job, None)
                if callbacks.done is not None and not self._closed:
                    callbacks.done()
                if not self._jobs:
                    self.busy_changed.emit(False)

    def _fail(self, job: Job, callbacks: _Callbacks, error: BaseException) -> None:
        if isinstance(error, ReaderError):
            if callbacks.failure is not None:
                callbacks.failure(error)
            else:
                self.error.emit(str(error))
            return
        self.report_bug(error, f"in '{job.name}'")
        if callbacks.failure is not None:
            callbacks.failure(error)

    def report_bug(self, error: BaseException, context: str = "") -> None:
        """Write the traceback to the log and show one plain sentence."""
        self.error.emit(user_message(error, record(self.log_file, error, context)))


class _Lane:
    """Jobs that must not overlap (they share a model) run one after another on one daemon thread."""

    def __init__(self, name: str, execute: Callable[[Job, Callable], None]) -> None:
        self._queue: queue.Queue = queue.Queue()
        self._execute = execute
        self.thread = threading.Thread(target=self._loop, name=f"lane: {name}", daemon=True)
        self.thread.start()

    def put(self, job: Job, work: Callable) -> None:
        self._queue.put((job, work))

    def close(self) -> None:
        self._queue.put(None)

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            self._execute(*item)
