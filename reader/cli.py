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

SUBCOMMANDS = ("translate", "export", "entities", "glossary", "models", "cache")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader", description="Offline Arabic–English bilingual reader.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    tr = sub.add_parser("translate", help="translate an article file without the window")
    tr.add_argument("file", type=Path)
    tr.add_argument("--model", help="a models.toml id or a path to a Marian model folder")
    tr.add_argument("--no-cache", action="store_true", help="translate again even if cached (the cache is refreshed)")
    tr.add_argument("--out", type=Path, help="write .md, .html or .json instead of printing the English")
    tr.add_argument("--quiet", "-q", action="store_true", help="no progress bar")

    ex = sub.add_parser("export", help="write a bilingual PDF, HTML, DOCX, TMX or Markdown file")
    ex.add_argument("file", type=Path)
    ex.add_argument("--format", choices=("pdf", "html", "docx", "tmx", "md", "json"),
                    help="default: from the extension of -o")
    ex.add_argument("--layout", choices=("side-by-side", "interleaved"), default="side-by-side")
    ex.add_argument("--paper", choices=("a4", "letter"), default="a4")
    ex.add_argument("--model", help="a models.toml id or a path to a Marian model folder")
    ex.add_argument("--with-glossary", action="store_true",
                    help="add an appendix of the article's names (PDF, HTML, DOCX)")
    ex.add_argument("-o", "--out", type=Path, required=True, help="the file to write")
    ex.add_argument("--quiet", "-q", action="store_true", help="no progress bar")

    en = sub.add_parser("entities", help="list the people, places and organisations named in an article")
    en.add_argument("file", type=Path)
    en.add_argument("--format", choices=("tsv", "json"), default="tsv")
    en.add_argument("--model", help="whose cached translations give the model's spelling of names")

    gl = sub.add_parser("glossary", help="your renderings of names, used in every translation")
    gsub = gl.add_subparsers(dest="action", required=True, metavar="ACTION")
    gsub.add_parser("list", help="every entry of your glossary")
    gs = gsub.add_parser("set", help="render a name one way everywhere")
    gs.add_argument("arabic")
    gs.add_argument("english")
    gs.add_argument("--type", dest="kind", choices=("PERS", "LOC", "ORG", "MISC"), default="MISC")
    gr = gsub.add_parser("remove", help="forget your rendering of a name")
    gr.add_argument("arabic")
    gi = gsub.add_parser("import", help="add entries from a .csv or .tbx file (all or nothing)")
    gi.add_argument("path", type=Path)
    ge = gsub.add_parser("export", help="write your glossary as .csv or .tbx")
    ge.add_argument("path", type=Path)

    models = sub.add_parser("models", help="list, download, import, verify or remove translation models")
    msub = models.add_subparsers(dest="action", required=True, metavar="ACTION")
    msub.add_parser("list", help="the catalogue and what is installed")
    msub.add_parser("ensure", help="download the default model unless some model is installed")
    dl = msub.add_parser("download", help="fetch a catalogue model from the Hugging Face Hub")
    dl.add_argument("id")
    im = msub.add_parser("import", help="install a local Marian (or names model) folder (no network needed)")
    im.add_argument("dir", type=Path)
    im.add_argument("--id", dest="model_id", help="id to install it under (default: the folder name)")
    ve = msub.add_parser("verify", help="check an installed model against its checksums")
    ve.add_argument("id")
    cv = msub.add_parser("convert", help="make the fast CTranslate2 int8 copy of an installed model")
    cv.add_argument("id")
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
        if args.command == "export":
            return cmd_export(args, paths)
        if args.command == "entities":
            return cmd_entities(args, paths)
        if args.command == "glossary":
            return cmd_glossary(args, paths)
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


def translated(args, paths: AppPaths, *, refresh: bool = False):
    """Load, translate (cache first), hold to the glossary and apply the user's edits:
    the document as the user sees it."""
    from reader.core.backends import build_translator, fast_path_note
    from reader.core.cache import TranslationCache
    from reader.core.export import build_bilingual
    from reader.core.formats import load_document
    from reader.core.userdata import UserDataError, UserStore

    from reader.core.glossary import glossary_context

    document = load_document(args.file)
    store = open_store(paths)
    handle = store.resolve(args.model)
    user = UserStore(paths.user_db)
    try:
        glossary = _document_glossary(document, user, store)
        context = glossary_context(glossary.user) if glossary else None
        texts = [p.text for p in document.paragraphs]
        try:
            edits = user.edits_for(texts)
        except UserDataError as exc:
            _warn(str(exc))
            edits = {}
    finally:
        user.close()
    cache = TranslationCache(paths.cache_db, on_warning=_warn)

    def on_load() -> None:
        if not args.quiet:
            note = fast_path_note(handle)
            print(f"reader: loading {handle.label}…" + (f" ({note})" if note else ""), file=sys.stderr)

    translator = build_translator(handle, cache, on_warning=_warn, on_load=on_load,
                                  key_context=context)
    progress = _Progress(len(texts), enabled=not args.quiet, bar=not args.quiet and sys.stderr.isatty())
    try:
        translations = translator.translate(texts, cancel=threading.Event(), on_done=progress.step, refresh=refresh)
    finally:
        progress.close()
        cache.close()
    if glossary:
        glossary = glossary.with_translations(dict(enumerate(translations)))  # the model's spellings, to replace
    enforced = {i: glossary.apply(i, t) for i, t in enumerate(translations)} if glossary else {}
    return build_bilingual(document, translations, edits, handle.label, enforced)


def _glossary_lines(document, paths: AppPaths):
    from reader.core.export import GlossaryLine
    from reader.core.glossary import DocumentGlossary
    from reader.core.userdata import UserStore

    user = UserStore(paths.user_db)
    try:
        glossary = DocumentGlossary.build(document, user, _recogniser(open_store(paths)))
    finally:
        user.close()
    return [GlossaryLine(e.arabic, e.kind, e.english) for e in glossary.entries]


def _recogniser(store):
    """The installed names model if there is one, else the built-in recogniser."""
    from reader.core.glossary.recognise import load_recogniser

    loaded = load_recogniser(store.recogniser())
    if loaded.problem:
        _warn(loaded.problem)
    return loaded.recogniser


def _document_glossary(document, user, store):
    """The document's glossary when the user has chosen renderings (else None: nothing to enforce)."""
    from reader.core.glossary import DocumentGlossary
    from reader.core.userdata import UserDataError

    try:
        if not user.glossary(document.fingerprint):
            return None
        return DocumentGlossary.build(document, user, _recogniser(store))
    except UserDataError as exc:
        _warn(str(exc))
        return None


def cmd_translate(args, paths: AppPaths) -> int:
    from reader.core.export import export

    bilingual = translated(args, paths, refresh=args.no_cache)
    if args.out:
        export(bilingual, args.out)
        if not args.quiet:
            print(f"reader: wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write("\n\n".join(row.translation for row in bilingual.rows) + "\n")
    return 0


def cmd_export(args, paths: AppPaths) -> int:
    from reader.core.export import export, format_for

    fmt = format_for(args.out, args.format)  # a bad name fails before any translating
    bilingual = translated(args, paths)
    options = {"layout": args.layout}
    if fmt == "pdf":
        options["paper"] = args.paper
    if args.with_glossary and fmt in ("pdf", "html", "docx"):
        options["glossary"] = _glossary_lines(bilingual.document, paths)
    export(bilingual, args.out, fmt, **options)
    if not args.quiet:
        print(f"reader: wrote {args.out}", file=sys.stderr)
    return 0


def cmd_entities(args, paths: AppPaths) -> int:
    """One line per entry: Arabic, type, English, mentions, where the English came from."""
    import json

    from reader.core.formats import load_document
    from reader.core.glossary import DocumentGlossary
    from reader.core.userdata import UserDataError, UserStore

    document = load_document(args.file)
    store = open_store(paths)
    recogniser = _recogniser(store)
    user = UserStore(paths.user_db)
    try:
        glossary = DocumentGlossary.build(document, user, recogniser)
    except UserDataError as exc:
        _warn(str(exc))
        glossary = DocumentGlossary.build_from(document, {}, {}, recogniser)
    finally:
        user.close()
    glossary = glossary.with_translations(_cached_translations(document, glossary.user, args.model, store, paths))
    entries = glossary.entries
    if args.format == "json":
        print(json.dumps([{"arabic": e.arabic, "key": e.key, "type": e.kind, "english": e.english,
                           "mentions": e.count, "source": e.source, "model": e.model} for e in entries],
                         ensure_ascii=False, indent=2))
    else:
        print("arabic\ttype\tenglish\tmentions\tsource")
        for e in entries:
            print(f"{e.arabic}\t{e.kind}\t{e.english}\t{e.count}\t{e.source}")
    return 0


def _cached_translations(document, user_glossary, model: str | None, store, paths: AppPaths) -> dict:
    """The article's translations that are already cached, by paragraph; never loads a model."""
    from reader.core.backends import build_translator
    from reader.core.cache import TranslationCache
    from reader.core.errors import ModelError
    from reader.core.glossary import glossary_context

    try:
        handle = store.resolve(model)
    except ModelError:
        if model:
            raise
        return {}  # no model installed: names keep their other renderings
    cache = TranslationCache(paths.cache_db, on_warning=_warn)
    try:
        translator = build_translator(handle, cache, on_warning=_warn, key_context=glossary_context(user_glossary))
        return translator.cached([p.text for p in document.paragraphs])
    finally:
        cache.close()


def cmd_glossary(args, paths: AppPaths) -> int:
    from reader.core.glossary.files import key_for, read_glossary, write_csv, write_tbx
    from reader.core.userdata import UserStore

    user = UserStore(paths.user_db)
    try:
        if args.action == "list":
            for item in sorted(user.glossary().values(), key=lambda i: (i.kind, i.arabic)):
                print(f"{item.arabic}\t{item.kind}\t{item.english}" + ("\tnot a name" if item.not_a_name else ""))
        elif args.action == "set":
            user.set_rendering(key_for(args.arabic), args.arabic, args.kind, args.english)
            print(f"{args.arabic} → {args.english}")
        elif args.action == "remove":
            user.remove_rendering(key_for(args.arabic))
        elif args.action == "import":
            imported = read_glossary(args.path)
            user.replace_glossary(list(imported.items))
            print(imported.summary)  # names given twice are named, with their lines
        else:
            items = list(user.glossary().values())
            (write_tbx if args.path.suffix.lower() == ".tbx" else write_csv)(items, args.path)
            print(f"wrote {len(items)} entries to {args.path}")
    finally:
        user.close()
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
        from reader.core.models import MARIAN

        installed = set(store.installed(None))
        for spec in store.catalogue.models.values():
            mark = "installed" if spec.id in installed else "not installed"
            default = " (default)" if spec.id == store.catalogue.default else ""
            kind = "translation" if spec.engine == MARIAN else "names"
            print(f"{spec.id}{default}\t{kind}\t{mark}\t{spec.size_mb:.0f} MB\t{spec.license}\t{spec.description}")
        for model_id in sorted(installed - set(store.catalogue.models)):
            kind = "translation" if store.engine(model_id) == MARIAN else "names"
            print(f"{model_id}\t{kind}\tinstalled\t(imported)")
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
    if args.action == "convert":
        target = store.convert(args.id)
        print(f"{args.id}: fast copy in {target}")
        return 0
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
