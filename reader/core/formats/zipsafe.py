"""Zip packages (DOCX, ODT, EPUB) read without trusting what they say about themselves.

A zip's directory states each member's inflated size; a bomb either states a
gigabyte honestly (1.5 GB of spaces compress to 1.5 MB) or lies and inflates
far more than it states. So we never inflate a member the document does not
reference, refuse a member whose stated size or compression ratio is out of
bounds before inflating a byte, and count the bytes actually inflated while
streaming, per member and for the whole document (limits.py). `zipfile` itself
stops inflating at the stated size and then fails the CRC check, which is what
turns a lying member into a "damaged" error. `ZipFile.testzip()` is not used:
it inflates every member.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from reader.core.errors import DamagedFile, PasswordProtected
from reader.core.formats import limits
from reader.core.formats.limits import size_text

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError)


class Package:
    """An open zip package whose members are read on demand, within the bounds."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.kind = kind
        self.inflated = 0  # bytes inflated so far, all members together
        with path.open("rb") as fh:
            head = fh.read(8)
        if head == _OLE_MAGIC:
            raise PasswordProtected(
                f"{path.name} is password-protected (or an old binary {kind} file); "
                f"open it in its editor, remove the password or save a copy as a current {kind} file, "
                "and try again.")
        try:
            self._zip = zipfile.ZipFile(path)
        except (*_ZIP_ERRORS, OSError):
            raise DamagedFile(f"{path.name} is damaged or truncated: it is not a complete {kind} file.") from None

    def __enter__(self) -> "Package":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def __contains__(self, name: str) -> bool:
        return name in self._zip.NameToInfo

    def names(self) -> list[str]:
        return self._zip.namelist()

    def open(self, name: str) -> "BoundedMember":
        """A stream of one member's inflated bytes, refused early if its stated size is out of bounds."""
        info = self._zip.NameToInfo.get(name)
        if info is None:
            raise DamagedFile(f"{self.path.name} is damaged: the part {name} is missing.")
        if info.flag_bits & 0x1:
            raise PasswordProtected(f"{self.path.name} is encrypted ({name}); save an unprotected copy and try again.")
        self._check_stated_size(info)
        try:
            stream = self._zip.open(info)
        except (*_ZIP_ERRORS, OSError):
            raise self._damaged(name) from None
        return BoundedMember(self, name, stream)

    def read(self, name: str) -> bytes:
        """One member's bytes, whole (for the small parts: manifests, relationships, styles)."""
        with self.open(name) as member:
            return member.read()

    def _check_stated_size(self, info: zipfile.ZipInfo) -> None:
        name, stated = info.filename, info.file_size
        if stated > limits.MAX_MEMBER_BYTES:
            raise self._too_large(f"its part {name} inflates to {size_text(stated)} "
                                  f"(reader opens parts up to {size_text(limits.MAX_MEMBER_BYTES)})")
        if stated > limits.RATIO_CHECKED_ABOVE and stated > limits.MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise self._too_large(f"its part {name} inflates {stated // max(info.compress_size, 1):,} times "
                                  f"(from {size_text(info.compress_size)} to {size_text(stated)}), like a zip bomb")
        if self.inflated + stated > limits.MAX_DOCUMENT_BYTES:
            raise self._too_large(f"its parts inflate to more than {size_text(limits.MAX_DOCUMENT_BYTES)} together")

    def _count(self, name: str, member_total: int, more: int) -> None:
        self.inflated += more
        if member_total > limits.MAX_MEMBER_BYTES:
            raise self._too_large(f"its part {name} inflates to more than {size_text(limits.MAX_MEMBER_BYTES)}")
        if self.inflated > limits.MAX_DOCUMENT_BYTES:
            raise self._too_large(f"its parts inflate to more than {size_text(limits.MAX_DOCUMENT_BYTES)} together")

    def _too_large(self, what: str) -> DamagedFile:
        return DamagedFile(f"{self.path.name} is too large to open safely: {what}.")

    def _damaged(self, name: str) -> DamagedFile:
        return DamagedFile(f"{self.path.name} is damaged: the part {name} is corrupt or truncated.")


class BoundedMember(io.RawIOBase):
    """A member's inflated bytes, counted as they are read (lxml reads it in chunks)."""

    def __init__(self, package: Package, name: str, stream) -> None:
        super().__init__()
        self._package = package
        self.name = name
        self._stream = stream
        self._total = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            chunks = []
            while chunk := self.read(1 << 20):
                chunks.append(chunk)
            return b"".join(chunks)
        try:
            data = self._stream.read(size)
        except (*_ZIP_ERRORS, OSError):
            raise self._package._damaged(self.name) from None
        self._total += len(data)
        self._package._count(self.name, self._total, len(data))
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()
