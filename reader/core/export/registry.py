"""The one list of export formats: what the CLI offers, the window's save dialog lists, and how each is written.

Adding a format is one `Writer` record here and one module with a `write(bilingual, **options) -> bytes`
function; the CLI's `--format` choices, the window's file filters and the formats that take a layout,
a glossary appendix or flag marks are all read from `WRITERS`.
"""

from __future__ import annotations

import importlib
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from reader.core.export.model import Bilingual, ExportError, GlossaryLine
from reader.core.export.files import check_target, target_stat, write_atomic

LAYOUTS = ("side-by-side", "interleaved")
PAPERS = ("a4", "letter")


@dataclass(frozen=True)
class Writer:
    """One export format and what it can do."""

    name: str                   # the --format value, e.g. "docx"
    extensions: tuple[str, ...]  # lower case with the dot; the first is the one new files get
    label: str                  # the save dialog's words for it
    module: str                 # reader.core.export.<module>.write(bilingual, **options) -> bytes
    layout: bool = False        # takes layout= side-by-side | interleaved
    glossary: bool = False      # can append the names glossary (glossary=[GlossaryLine, ...])
    flags: bool = False         # can mark paragraphs with quality flags (mark_flags=True)
    paper: bool = False         # takes paper= a4 | letter
    progress: bool = False      # reports progress(done, total) and can be cancelled through it

    @property
    def extension(self) -> str:
        return self.extensions[0]

    @property
    def file_filter(self) -> str:
        """The Qt save-dialog filter, e.g. "Web page (*.html *.htm)"."""
        return f"{self.label} ({' '.join('*' + ext for ext in self.extensions)})"

    def write(self, bilingual: Bilingual, *, layout: str = "side-by-side", paper: str = "a4",
              glossary: list[GlossaryLine] | None = None, progress: Callable[[int, int], None] | None = None,
              mark_flags: bool = False) -> bytes:
        """The file's bytes. Options this format does not take are ignored, so callers can pass all of them."""
        options: dict = {}
        if self.layout:
            options["layout"] = layout
        if self.paper:
            options["paper"] = paper
        if self.glossary and glossary:
            options["glossary"] = glossary
        if self.progress and progress is not None:
            options["progress"] = progress
        if self.flags and mark_flags:
            options["mark_flags"] = True
        return importlib.import_module(f"reader.core.export.{self.module}").write(bilingual, **options)


WRITERS: tuple[Writer, ...] = (
    Writer("pdf", (".pdf",), "PDF, bilingual", "pdf", layout=True, glossary=True, flags=True, paper=True,
           progress=True),
    Writer("html", (".html", ".htm"), "Web page", "html", layout=True, glossary=True, flags=True),
    Writer("docx", (".docx",), "Word document", "docx", layout=True, glossary=True, flags=True),
    Writer("tmx", (".tmx",), "Translation memory, TMX 1.4", "tmx"),
    Writer("md", (".md", ".markdown"), "Markdown", "markdown", glossary=True, flags=True),
    Writer("json", (".json",), "JSON", "jsonfmt", glossary=True),
)
FORMATS = tuple(w.name for w in WRITERS)
_BY_NAME = {w.name: w for w in WRITERS}
_BY_EXTENSION = {ext: w for w in WRITERS for ext in w.extensions}


def _known() -> str:
    names = [w.extension for w in WRITERS]
    return ", ".join(names[:-1]) + " or " + names[-1]


def writer_for(path: Path | str, fmt: str | None = None) -> Writer:
    """The writer asked for by name, or the one the file name's extension names."""
    if fmt is not None:
        if fmt not in _BY_NAME:
            raise ExportError(f"Unknown export format '{fmt}'; use one of {', '.join(FORMATS)}.")
        return _BY_NAME[fmt]
    writer = _BY_EXTENSION.get(Path(path).suffix.lower())
    if writer is None:
        raise ExportError(f"Cannot tell the export format of {Path(path).name}: name the file {_known()} "
                          "(or choose a format).")
    return writer


def format_for(path: Path | str, fmt: str | None = None) -> str:
    """The export format asked for, or the one the file name's extension names."""
    return writer_for(path, fmt).name


def check_output(path: Path | str, fmt: str | None = None) -> Writer:
    """Everything about the output that can be checked before any work (call it before translating).

    The target must not be a folder, its format must be known, a format must not land in a file
    named for another (PDF bytes in x.html), and the folder must exist and be writable; a read-only
    file or a block device is refused. Returns the writer to use.
    """
    info = target_stat(Path(path))
    if str(path).endswith(("/", "\\")) or (info is not None and stat.S_ISDIR(info.st_mode)):
        raise ExportError(f"{path} is a folder; give the name of a file to write, e.g. "
                          f"{Path(path) / ('translation' + (_BY_NAME[fmt].extension if fmt in _BY_NAME else '.pdf'))}.")
    writer = writer_for(path, fmt)
    named = _BY_EXTENSION.get(Path(path).suffix.lower())
    if named is not None and named is not writer:
        raise ExportError(f"{Path(path).name} would hold {writer.label} ({writer.name}) under a "
                          f"{named.extension} name; name it {Path(path).with_suffix(writer.extension).name} "
                          f"or choose the {named.name} format.")
    check_target(Path(path))
    return writer


def render(bilingual: Bilingual, fmt: str, *, layout: str = "side-by-side", paper: str = "a4",
           glossary: list[GlossaryLine] | None = None, progress: Callable[[int, int], None] | None = None,
           mark_flags: bool = False) -> bytes:
    """The exported file's bytes."""
    if not bilingual.rows:
        raise ExportError("There is nothing to export: the document has no paragraphs.")
    if layout not in LAYOUTS:
        raise ExportError(f"Unknown layout '{layout}'; use side-by-side or interleaved.")
    if paper not in PAPERS:
        raise ExportError(f"Unknown paper size '{paper}'; use a4 or letter.")
    return writer_for("", fmt).write(bilingual, layout=layout, paper=paper, glossary=glossary, progress=progress,
                                     mark_flags=mark_flags)


def export(bilingual: Bilingual, path: Path | str, fmt: str | None = None, **options) -> Path:
    """Check the target, render, and write atomically: a failure leaves no partial file under the final name."""
    writer = check_output(path, fmt)
    data = render(bilingual, writer.name, **options)
    write_atomic(Path(path), lambda fh: fh.write(data))
    return Path(path)
