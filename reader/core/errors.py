"""Errors the user is meant to read.

Every failure we expect (a bad file, a missing model, a full disk) becomes a
`ReaderError` whose message is one plain sentence. The CLI prints it and exits
non-zero; the window shows it. Anything else is a bug and is allowed to surface.
"""

from __future__ import annotations


class ReaderError(Exception):
    """Base class: `str(error)` is a complete, user-facing sentence."""

    exit_code = 1


class DocumentError(ReaderError):
    """The file could not be turned into a document."""

    exit_code = 2


class UnsupportedFormat(DocumentError):
    pass


class EmptyDocument(DocumentError):
    pass


class DamagedFile(DocumentError):
    pass


class PasswordProtected(DocumentError):
    pass


class NeedsOCR(DocumentError):
    pass


class ModelError(ReaderError):
    exit_code = 3


class CatalogueError(ModelError):
    pass


class ModelNotInstalled(ModelError):
    pass


class NoConnection(ModelError):
    """The Hub cannot be reached. `str()` is the command line's advice; `window` the window's."""

    def __init__(self, message: str, *, window: str) -> None:
        super().__init__(message)
        self.window = window


class CacheError(ReaderError):
    """The cache could not be written; translation goes on without it."""

    exit_code = 4


class Cancelled(ReaderError):
    """The user stopped the work; whatever finished before is kept."""

    exit_code = 130

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)
