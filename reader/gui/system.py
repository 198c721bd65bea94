"""The system libraries Qt's X11 (xcb) platform needs, checked before Qt is started.

PySide6 from PyPI brings Qt, but not the X11 libraries its xcb platform
plugin links against; a bare Debian or Ubuntu lacks several of them, and
Qt then aborts with a message naming the wrong library. We ask `ldd` what
the plugin cannot find (and try the ones Qt loads at run time), map each
to its Debian/Ubuntu package, and say the exact `apt-get install` line.
`python -m reader.gui.system --install` installs them when it can (root and
apt), which `make run` and `make test` do.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

# Shared library → the Debian/Ubuntu package that ships it.
PACKAGES = {
    "libxcb.so.1": "libxcb1", "libX11-xcb.so.1": "libx11-xcb1", "libX11.so.6": "libx11-6",
    "libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1", "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-sync.so.1": "libxcb-sync1", "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0", "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-util.so.1": "libxcb-util1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0", "libxkbcommon.so.0": "libxkbcommon0",
    "libSM.so.6": "libsm6", "libICE.so.6": "libice6", "libEGL.so.1": "libegl1", "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0", "libGLX.so.0": "libglx0", "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6", "libdbus-1.so.3": "libdbus-1-3", "libglib-2.0.so.0": "libglib2.0-0",
}
LOADED_AT_RUN_TIME = ("libxcb-cursor.so.0",)  # Qt dlopen()s these: ldd cannot see them


def qt_folder() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        raise RuntimeError("PySide6 is not installed")
    return Path(spec.origin).parent / "Qt"


def missing_libraries() -> list[str]:
    """The libraries the xcb platform plugin needs and this system lacks (empty when all is well)."""
    if not sys.platform.startswith("linux") or shutil.which("ldd") is None:
        return []
    qt = qt_folder()
    files = [qt / "plugins" / "platforms" / "libqxcb.so", *sorted((qt / "lib").glob("libQt6XcbQpa.so*"))[:1],
             *sorted((qt / "lib").glob("libQt6Gui.so*"))[:1]]
    missing: dict[str, None] = {}
    for file in files:
        if not file.exists():
            continue
        out = subprocess.run(["ldd", str(file)], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if "not found" in line:
                missing[line.split("=>")[0].strip()] = None
    for library in LOADED_AT_RUN_TIME:
        try:
            ctypes.CDLL(library)
        except OSError:
            missing[library] = None
    return list(missing)


def packages_for(libraries: list[str]) -> list[str]:
    return sorted({PACKAGES.get(library, library) for library in libraries})


def apt_line(packages: list[str]) -> str:
    """The command to paste: with sudo, unless this already runs as root."""
    prefix = "" if os.geteuid() == 0 else "sudo "
    return f"{prefix}apt-get install -y " + " ".join(packages)


def window_can_start() -> str | None:
    """None when the window can open; otherwise what to run to make it possible, in a sentence."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if (platform and not platform.startswith("xcb")) or not sys.platform.startswith("linux"):
        return None
    if not os.environ.get("DISPLAY"):
        if os.environ.get("WAYLAND_DISPLAY"):
            return None  # Qt uses its Wayland platform there
        return ("reader's window needs a graphical session, and none is running here (DISPLAY is not set). "
                "Start it from your desktop, or use the command line: reader translate FILE.")
    missing = missing_libraries()
    if not missing:
        return None
    return (f"reader's window needs system libraries that are not installed ({', '.join(missing)}). "
            f"Install them with:\n  {apt_line(packages_for(missing))}\nthen start reader again.")


def install() -> int:
    """Install what is missing when we can (root and apt); otherwise print the line to run. Exit code."""
    missing = missing_libraries()
    if not missing:
        return 0
    packages = packages_for(missing)
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"reader: installing the system libraries Qt's window needs: {' '.join(packages)}", file=sys.stderr)
        environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *packages]):
            if subprocess.run(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              check=False).returncode:
                break
        missing = missing_libraries()
        if not missing:
            return 0
    print(f"reader: the window needs system libraries that are missing: {', '.join(missing)}.\n"
          f"Install them, then run this again:\n  {apt_line(packages_for(missing))}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(install() if "--install" in sys.argv else (1 if missing_libraries() else 0))
