"""Finding the files reader ships with: one function, no surprises.

In a source checkout they live in `resources/` and `models.toml` at the top of
the repository; in an installed wheel they are copied into `reader/_resources`.
"""

from __future__ import annotations

import logging
from pathlib import Path, PurePosixPath

log = logging.getLogger(__name__)

_PACKAGE = Path(__file__).resolve().parent.parent
_CANDIDATES = (_PACKAGE / "_resources", _PACKAGE.parent / "resources")


def resource_path(relative: str, *, required: bool = True) -> Path | None:
    """Path of a shipped file, e.g. `resource_path("samples/x.txt")`.

    Refuses absolute paths and `..` so a caller can never reach outside the
    resources. A missing optional file logs a warning and returns None.
    """
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts:
        raise ValueError(f"resource paths are relative and stay inside resources/: {relative!r}")
    for root in _CANDIDATES:
        candidate = root.joinpath(*pure.parts)
        if candidate.exists():
            return candidate
    if required:
        raise FileNotFoundError(f"reader's resource {relative} is missing from this installation")
    log.warning("resource %s is missing", relative)
    return None


def catalogue_path() -> Path:
    """models.toml: next to the package when installed, at the repository top otherwise."""
    for candidate in (_PACKAGE / "_resources" / "models.toml", _PACKAGE.parent / "models.toml"):
        if candidate.exists():
            return candidate
    raise FileNotFoundError("models.toml is missing from this installation")


def sample_article() -> Path:
    return resource_path("samples/xinhua-2022-06-08-wang-yi-kazakhstan.ar.txt")
