"""Your edits and glossary when their file is damaged, unreadable or cannot be written: never silently left out."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from conftest import SAMPLE


@pytest.fixture
def run(paths):
    def run(*args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "READER_HOME": str(paths.data_dir.parent)}
        return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True, env=env,
                              timeout=300)
    return run


def _one_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_a_damaged_header_stops_the_export_instead_of_exporting_without_your_edits(run, paths, tiny_model,
                                                                                 tmp_path):
    paths.user_db.parent.mkdir(parents=True, exist_ok=True)
    paths.user_db.write_bytes(b"SQLite format 3\0" + b"\xff" * 4000)
    out = tmp_path / "a.json"
    result = run("translate", str(SAMPLE), "--model", str(tiny_model), "--out", str(out))
    assert result.returncode == 6 and not out.exists()
    assert "--without-edits" in _one_line(result)


def test_damaged_pages_stop_it_too_and_the_file_is_left_as_it_was(run, paths, tiny_model, tmp_path):
    from reader.core.userdata import UserStore

    user = UserStore(paths.user_db)
    for n in range(300):
        user.set_edit(f"فقرة رقم {n}", f"paragraph {n} " + "x" * 200)
    user.close()
    data = bytearray(paths.user_db.read_bytes())
    page = 4096
    data[2 * page:6 * page] = b"\x00\xde\xad" * ((4 * page) // 3) + b"\x00" * ((4 * page) % 3)
    paths.user_db.write_bytes(bytes(data))
    before = paths.user_db.read_bytes()
    out = tmp_path / "a.html"
    result = run("export", str(SAMPLE), "--model", str(tiny_model), "-o", str(out))
    assert result.returncode == 6 and not out.exists()
    assert "cannot be read" in _one_line(result)
    assert paths.user_db.read_bytes() == before  # never "repaired" or moved aside


def test_reading_never_changes_the_file(paths, tiny_model):
    """Only reading opens it read-only: no journal switch, no schema written, not even created."""
    from reader.core.formats import load_document
    from reader.core.reading import read_user_work
    from reader.core.userdata import UserStore

    user = UserStore(paths.user_db)
    work = read_user_work(user, load_document(SAMPLE))
    user.close()
    assert work.edits == {} and not paths.user_db.exists()
    paths.user_db.parent.mkdir(parents=True, exist_ok=True)
    legacy = sqlite3.connect(paths.user_db)  # a rollback-journal file written by someone else
    legacy.execute("CREATE TABLE edits (source_hash TEXT PRIMARY KEY, source TEXT, text TEXT, updated REAL)")
    legacy.commit()
    legacy.close()
    user = UserStore(paths.user_db)
    read_user_work(user, load_document(SAMPLE))
    user.close()
    mode = sqlite3.connect(paths.user_db).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "delete"  # reading did not switch it to WAL


def test_a_full_disk_while_saving_an_edit_is_one_line_and_the_edit_is_not_lost(paths, tmp_path):
    """Saving on a full disk (a file size limit stands in for it) fails with a sentence; the caller keeps it."""
    script = f"""
import resource, sys
from reader.core.userdata import UserStore, UserDataError
resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))
import signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
user = UserStore(__import__("pathlib").Path({str(paths.user_db)!r}))
try:
    for n in range(500):
        user.set_edit("فقرة " + str(n), "x" * 1000)
except UserDataError as exc:
    print("FAILED:", exc)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.stdout.startswith("FAILED: Your"), result.stderr
    assert "the disk is full" in result.stdout
    assert "Traceback" not in result.stderr


def test_entities_still_list_names_when_the_file_cannot_be_read(run, paths):
    paths.user_db.parent.mkdir(parents=True, exist_ok=True)
    paths.user_db.write_bytes(b"not a database at all " * 100)
    result = run("entities", str(SAMPLE), "--format", "json")
    assert result.returncode == 0 and "without your renderings" in result.stderr
    assert any(entry["key"] == "قازاقستان" for entry in json.loads(result.stdout))
