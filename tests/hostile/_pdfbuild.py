"""Tiny PDFs written by hand, so each hostile test builds exactly the attack it names."""

from __future__ import annotations

import zlib


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (numbered from 1; object 1 is the catalogue) with a valid xref."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", *, flate: bool = False) -> bytes:
    if flate:
        data = zlib.compress(data)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def page(content: bytes, resources: bytes = b"", *, flate: bool = False, more: list[bytes] = ()) -> bytes:
    """One page drawing `content` with Helvetica as /F1, plus `resources` and extra objects (from 6)."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> " + resources + b" >> >>",
        stream(content, flate=flate),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *more,
    ])


def flate_bomb(megabytes: int) -> bytes:
    """A content stream that inflates to `megabytes` MB of spaces from a few hundred KB."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ])
