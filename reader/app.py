"""The entry point and composition root: `reader [FILE] [--model ID|PATH]` opens the window,
`reader translate|export|entities|glossary|models|cache …` runs headless.

This is the one module that knows both faces: it decides where reader keeps
its files (`AppPaths`) and hands them to the command line or the window.
Qt is imported only when a window is actually wanted.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from reader import __version__
from reader.cli import SUBCOMMANDS


def window_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Offline Arabic–English bilingual reader. "
                    f"Headless commands: {', '.join(SUBCOMMANDS)} (see `reader COMMAND --help`).")
    parser.add_argument("file", nargs="?", type=Path, help="an article to open (txt, md, html, docx, odt, epub, pdf)")
    parser.add_argument("--model", help="a models.toml id or a path to a Marian model folder")
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING, format="reader: %(levelname)s: %(message)s")
    from reader.core.paths import AppPaths

    paths = AppPaths.default()
    if argv and argv[0] in SUBCOMMANDS:
        from reader import cli

        return cli.main(argv, paths)
    args = window_parser().parse_args(argv)
    from reader.gui.application import run

    return run(args.file, args.model, paths)
