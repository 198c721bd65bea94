"""The real app in a real X server (Xvfb, Qt's xcb platform): it starts, shows its window, and quits.

The other window tests run offscreen, which needs none of the X11 libraries a
user's machine must have; this one starts `python -m reader` as `make run`
does. `make test` installs Xvfb, xdotool and the libraries where it can; the
test says why it is skipped where it cannot run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import SAMPLE, TINY_MODEL


@pytest.fixture
def display():
    from reader.gui.system import apt_line, missing_libraries, packages_for

    if not sys.platform.startswith("linux"):
        pytest.skip("an X server test: Linux only")
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (make test installs it: apt-get install xvfb xdotool)")
    missing = missing_libraries()
    if missing:
        pytest.skip(f"Qt's xcb platform lacks {', '.join(missing)}: {apt_line(packages_for(missing))}")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def windows(display: str, name: str) -> list[str]:
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", name], capture_output=True, text=True,
                           env={**os.environ, "DISPLAY": display}, check=False)
    return found.stdout.split()


def test_the_real_window_starts_under_x11_and_quits(display, tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=display, READER_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="xcb")
    app = subprocess.Popen([sys.executable, "-m", "reader", str(SAMPLE), "--model", str(TINY_MODEL)], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not windows(display, "— reader") and app.poll() is None:
            time.sleep(0.2)
        assert app.poll() is None, app.stderr.read()
        title = windows(display, "— reader")
        assert title, "no window titled '… — reader' appeared"
        # no window manager runs under Xvfb: give the window the keyboard focus directly, then press Ctrl+Q
        subprocess.run(["xdotool", "windowfocus", "--sync", title[0], "key", "--clearmodifiers", "ctrl+q"],
                       env={**os.environ, "DISPLAY": display}, check=False, capture_output=True)
        assert app.wait(timeout=20) == 0
        assert "Traceback" not in app.stderr.read()
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        app.stdout.close()
        app.stderr.close()
