"""Writing a translated document out: what the user sees, in the format they need.

Writers take a `Bilingual` (the document plus the translation shown for each
paragraph, edits and glossary renderings included). `WRITERS` (registry.py) is
the one list of formats: the CLI's choices, the window's file filters and which
options each format takes are all read from it. Every file goes through
`write_atomic` (files.py), so a failed export never leaves a half file under the
final name.
"""

from __future__ import annotations

from reader.core.export.files import write_atomic
from reader.core.export.model import (
    KIND_LABELS, Bilingual, BilingualRow, ExportError, GlossaryLine, build_bilingual)
from reader.core.export.registry import (
    FORMATS, LAYOUTS, WRITERS, Writer, check_output, export, format_for, render, writer_for)

__all__ = [
    "Bilingual", "BilingualRow", "ExportError", "FORMATS", "GlossaryLine", "KIND_LABELS", "LAYOUTS",
    "WRITERS", "Writer", "build_bilingual", "check_output", "export", "format_for", "render",
    "write_atomic", "writer_for",
]
