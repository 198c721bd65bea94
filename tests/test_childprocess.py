"""The helper process: answers, stops at once when cancelled, dies with its parent, bounded memory."""

from __future__ import annotations

import operator
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from reader.core.childprocess import ChildFailed, ChildWorker
from reader.core.errors import Cancelled, DocumentError


@pytest.fixture
def worker():
    child = ChildWorker("test")
    yield child
    child.stop()


def test_it_runs_a_function_and_returns_its_result(worker):
    assert worker.call(operator.add, 2, 3) == 5
    assert worker.call(operator.mul, 4, 5) == 20  # the same process, reused


def test_a_readers_error_comes_back_as_itself(worker, tmp_path):
    from reader.core.formats import load_document

    with pytest.raises(DocumentError, match="does not exist"):
        worker.call(load_document, tmp_path / "missing.txt")


def test_a_bug_in_the_child_is_reported_with_its_traceback(worker):
    with pytest.raises(ChildFailed) as failure:
        worker.call(operator.truediv, 1, 0)
    assert "ZeroDivisionError" in str(failure.value) and "Traceback" in failure.value.details
    assert worker.call(operator.add, 1, 1) == 2  # and it still works


def test_cancel_kills_the_work_at_once(worker):
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    began = time.monotonic()
    with pytest.raises(Cancelled):
        worker.call(time.sleep, 60, cancel=cancel)
    assert time.monotonic() - began < 5
    assert not worker.alive
    assert worker.call(operator.add, 1, 2) == 3  # a fresh process next time


def test_a_memory_bomb_fails_cleanly_under_the_limit():
    worker = ChildWorker("bounded", memory_limit=512 << 20)
    try:
        with pytest.raises((ChildFailed,), match="not enough memory|stopped"):
            worker.call(bytearray, 2 << 30)
    finally:
        worker.stop()


def test_the_child_ends_when_its_parent_is_killed(tmp_path):
    parent = textwrap.dedent("""
        import operator, os, sys, time
        from reader.core.childprocess import ChildWorker
        worker = ChildWorker("orphan")
        worker.start()
        print(worker._process.pid, flush=True)
        time.sleep(60)
    """)
    process = subprocess.Popen([sys.executable, "-c", parent], stdout=subprocess.PIPE, text=True)
    child_pid = int(process.stdout.readline())
    process.stdout.close()
    assert _running(child_pid)
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _running(child_pid):
        time.sleep(0.1)
    assert not _running(child_pid), "the helper outlived its parent"


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting for a reaper (containers may have none)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
