"""Headless subcommands: translate, models, cache.

Every expected failure is a `ReaderError`: printed as one line on stderr, with
a non-zero exit code. Progress goes to stderr so stdout stays clean for pipes.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from reader.core.errors import ReaderError
from reader.core.paths import AppPaths

SUBCOMMANDS = ("translate", "models", "cache")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader", description="Offline Arabic–English bilingual reader.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    tr = sub.add_parser("translate", help="translate an article file without the window")
    tr.add_argument("file", type=Path)
    tr.add_argument("--model", help="a models.toml id or a path to a Marian model folder")
    tr.add_argument("--no-cache", action="store_true", help="translate again even if cached (the cache is refreshed)")
    tr.add_argument("--out", type=Path, help="write .md, .html or .json instead of printing the English")
    tr.add_argument("--quiet", "-q", action="store_true", help="no progress bar")

    models = sub.add_parser("models", help="list, download, import, verify or remove translation models")
    msub = models.add_subparsers(dest="action", required=True, metavar="ACTION")
    msub.add_parser("list", help="the catalogue and what is installed")
    msub.add_parser("ensure", help="download the default model unless some model is installed")
    dl = msub.add_parser("download", help="fetch a catalogue model from the Hugging Face Hub")
    dl.add_argument("id")
    im = msub.add_parser("import", help="install a local Marian folder (no network needed)")
    im.add_argument("dir", type=Path)
    im.add_argument("--id", dest="model_id", help="id to install it under (default: the folder name)")
    ve = msub.add_parser("verify", help="check an installed model against its checksums")
    ve.add_argument("id")
    rm = msub.add_parser("remove", help="delete an installed model")
    rm.add_argument("id")

    cache = sub.add_parser("cache", help="inspect or clear the translation cache")
    csub = cache.add_subparsers(dest="action", required=True, metavar="ACTION")
    csub.add_parser("stats", help="entries, size and location")
    csub.add_parser("clear", help="delete every cached translation")
    return parser


def main(argv: list[str], paths: AppPaths | None = None) -> int:
    args = build_parser().parse_args(argv)
    paths = paths or AppPaths.default()
    try:
        if args.command == "translate":
            return cmd_translate(args, paths)
        if args.command == "models":
            return cmd_models(args, paths)
        return cmd_cache(args, paths)
    except ReaderError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("reader: interrupted.", file=sys.stderr)
        return 130


def _warn(message: str) -> None:
    print(f"reader: warning: {message}", file=sys.stderr)


def open_store(paths: AppPaths):
    from reader.core.models import ModelStore, load_catalogue
    from reader.core.resources import catalogue_path

    return ModelStore(paths.models_dir, load_catalogue(catalogue_path()))


def cmd_translate(args, paths: AppPaths) -> int:
    from reader.core.backends import build_translator
    from reader.core.cache import TranslationCache
    from reader.core.export import Bilingual, BilingualRow, export
    from reader.core.formats import load_document

    document = load_document(args.file)
    handle = open_store(paths).resolve(args.model)
    cache = TranslationCache(paths.cache_db, on_warning=_warn)
    show = not args.quiet and sys.stderr.isatty()
    translator = build_translator(
        handle, cache, use_cache=not args.no_cache, on_warning=_warn,
        on_load=lambda: print(f"reader: loading {handle.label}…", file=sys.stderr) if not args.quiet else None)
    texts = [p.text for p in document.paragraphs]
    progress = _Progress(len(texts), enabled=not args.quiet, bar=show)
    cancel = threading.Event()
    try:
        translations = translator.translate(texts, cancel=cancel, on_done=progress.step)
    finally:
        progress.close()
        cache.close()
    rows = tuple(BilingualRow(p, t.text, t.alternatives, cached=t.cached)
                 for p, t in zip(document.paragraphs, translations))
    bilingual = Bilingual(document, handle.label, rows)
    if args.out:
        export(bilingual, args.out)
        print(f"reader: wrote {args.out}", file=sys.stderr) if not args.quiet else None
    else:
        sys.stdout.write("\n\n".join(row.translation for row in rows) + "\n")
    return 0


class _Progress:
    """A progress bar on a terminal, a few plain lines otherwise."""

    def __init__(self, total: int, *, enabled: bool, bar: bool) -> None:
        self.total, self.count, self.enabled = total, 0, enabled
        self._bar = None
        if enabled and bar:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="para", file=sys.stderr, desc="translating")

    def step(self, index: int, translation) -> None:
        self.count += 1
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self.enabled:
            print(f"reader: translated {self.count}/{self.total} paragraphs", file=sys.stderr)


def cmd_models(args, paths: AppPaths) -> int:
    store = open_store(paths)
    if args.action == "list":
        installed = set(store.installed())
        for spec in store.catalogue.models.values():
            mark = "installed" if spec.id in installed else "not installed"
            default = " (default)" if spec.id == store.catalogue.default else ""
            print(f"{spec.id}{default}\t{mark}\t{spec.size_mb:.0f} MB\t{spec.license}\t{spec.description}")
        for model_id in sorted(installed - set(store.catalogue.models)):
            print(f"{model_id}\tinstalled\t(imported)")
        return 0
    if args.action == "ensure":
        return _ensure_model(store)
    if args.action == "download":
        target = store.download(args.id)
        print(f"installed {args.id} in {target}")
        return 0
    if args.action == "import":
        target = store.import_dir(args.dir, args.model_id)
        print(f"installed {target.name} in {target}")
        return 0
    if args.action == "verify":
        problems = store.verify(args.id)
        for problem in problems:
            print(f"reader: {args.id}: {problem}", file=sys.stderr)
        if not problems:
            print(f"{args.id}: all files match their checksums")
        return 1 if problems else 0
    store.remove(args.id)
    print(f"removed {args.id}")
    return 0


def _ensure_model(store) -> int:
    """For `make run`: get the default model if possible, else explain and carry on."""
    if store.installed():
        print(f"reader: models installed: {', '.join(store.installed())}", file=sys.stderr)
        return 0
    default = store.catalogue.default
    print(f"reader: no model installed; downloading {default}…", file=sys.stderr)
    try:
        store.download(default)
    except ReaderError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        print("reader: the window will open with the Arabic only. To translate, run "
              f"`reader models download {default}` when online, or `reader models import DIR` "
              "with a Marian folder copied from another machine.", file=sys.stderr)
    return 0


def cmd_cache(args, paths: AppPaths) -> int:
    from reader.core.cache import TranslationCache

    cache = TranslationCache(paths.cache_db, on_warning=_warn)
    try:
        if args.action == "stats":
            stats = cache.stats()
            print(f"location\t{stats.path}\nentries\t{stats.entries}\nsize\t{stats.size_bytes / 1024:.1f} KiB")
            for model, count in sorted(stats.by_model.items()):
                print(f"model\t{model}\t{count}")
        else:
            removed = cache.clear()
            print(f"cleared {removed} cached translations")
    finally:
        cache.close()
    return 0
