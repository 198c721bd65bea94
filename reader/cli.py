"""Headless subcommands: translate, export, entities, glossary, models, cache.

Every expected failure is a `ReaderError`: one line on stderr and its exit
code (2 document, 3 model, 4 cache, 5 export, 6 your edits file, 7 glossary
file, 130 interrupted). Anything else is a bug: one line naming the log file
that holds the traceback, and exit code 1. Progress goes to stderr so stdout
stays clean for pipes. The work itself lives in reader.core.reading, shared
with the window.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from reader.core.errors import ReaderError
from reader.core.paths import AppPaths

SUBCOMMANDS = ("translate", "export", "entities", "glossary", "models", "cache")


def build_parser() -> argparse.ArgumentParser:
    from reader.core.export import FORMATS, LAYOUTS

    parser = argparse.ArgumentParser(prog="reader", description="Offline Arabic–English bilingual reader.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    tr = sub.add_parser("translate", help="translate an article file without the window")
    tr.add_argument("file", type=Path)
    tr.add_argument("--model", help="a models.toml id, an installed id, or a path to a Marian model folder")
    tr.add_argument("--no-cache", action="store_true", help="translate again even if cached (the cache is refreshed)")
    tr.add_argument("--out", type=Path, help="write a file (.json, .md, .html, .docx, .tmx or .pdf) instead of "
                                              "printing the English")
    tr.add_argument("--quiet", "-q", action="store_true", help="no progress bar, only a one-line summary")
    tr.add_argument("--without-edits", action="store_true",
                    help="ignore your edits and glossary (when your edits file cannot be read)")

    ex = sub.add_parser("export", help="write a bilingual PDF, HTML, DOCX, TMX, Markdown or JSON file")
    ex.add_argument("file", type=Path)
    ex.add_argument("--format", choices=FORMATS, help="default: from the extension of -o")
    ex.add_argument("--layout", choices=LAYOUTS, default="side-by-side")
    ex.add_argument("--paper", choices=("a4", "letter"), default="a4")
    ex.add_argument("--model", help="a models.toml id, an installed id, or a path to a Marian model folder")
    ex.add_argument("--with-glossary", action="store_true",
                    help="add an appendix of the article's names (PDF, HTML, DOCX, Markdown, JSON)")
    ex.add_argument("--mark-flags", action=argparse.BooleanOptionalAction, default=None,
                    help="mark paragraphs whose translation may not be trustworthy "
                         "(default: on for HTML, DOCX and Markdown, off for PDF)")
    ex.add_argument("-o", "--out", type=Path, required=True, help="the file to write")
    ex.add_argument("--quiet", "-q", action="store_true", help="no progress bar, only a one-line summary")
    ex.add_argument("--without-edits", action="store_true",
                    help="ignore your edits and glossary (when your edits file cannot be read)")

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
    cv = msub.add_parser("convert", help="make the fast CTranslate2 int8 copy of an installed model or a folder")
    cv.add_argument("id", metavar="ID|DIR")
    rm = msub.add_parser("remove", help="delete an installed model")
    rm.add_argument("id")

    cache = sub.add_parser("cache", help="inspect or clear the translation cache")
    csub = cache.add_subparsers(dest="action", required=True, metavar="ACTION")
    csub.add_parser("stats", help="entries, size and location")
    csub.add_parser("clear", help="delete every cached translation")
    return parser


COMMANDS = {}  # filled below: command name → function(args, paths) -> exit code


def main(argv: list[str], paths: AppPaths | None = None) -> int:
    args = build_parser().parse_args(argv)
    paths = paths or AppPaths.default()
    try:
        return COMMANDS[args.command](args, paths)
    except ReaderError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("reader: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `reader … | head`: the reader of our output went away; say nothing
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:  # noqa: BLE001 - a bug: one line for the user, the traceback in the log
        from reader.core.crashlog import record, user_message

        log = record(paths.log_file, exc, "reader " + " ".join(argv))
        print(f"reader: {user_message(exc, log)}", file=sys.stderr)
        return 1


def _warn(message: str) -> None:
    print(f"reader: warning: {message}", file=sys.stderr)


# -- the document as the user sees it -----------------------------------------------------

def _user_work(args, paths: AppPaths, document):
    """The user's edits and glossary; a file that cannot be read stops the command (exit 6)."""
    from reader.core.reading import UserWork, read_user_work
    from reader.core.userdata import UserDataError, UserStore

    if getattr(args, "without_edits", False):
        return UserWork()
    user = UserStore(paths.user_db)
    try:
        return read_user_work(user, document)
    except UserDataError as exc:
        raise UserDataError(f"{exc} Nothing was translated, so that your edits are not silently left out; "
                            "repair or move that file, or add --without-edits.") from None
    finally:
        user.close()


def _recogniser(store):
    """The installed names model if there is one, else the built-in recogniser."""
    from reader.core.glossary.recognise import load_recogniser

    loaded = load_recogniser(store.recogniser())
    if loaded.problem:
        _warn(loaded.problem)
    return loaded.recogniser


def _as_seen(args, paths: AppPaths, *, refresh: bool = False, want_names: bool = False):
    """Load, translate (cache first), hold to the glossary, apply the user's edits, flag.

    Returns (Bilingual, DocumentGlossary or None).
    """
    from reader.core.engines.choice import build_translator, fast_path_note
    from reader.core.cache import TranslationCache
    from reader.core.formats import load_document
    from reader.core.reading import as_seen, find_names, key_context, translate_document
    from reader.core.translate import Translation

    document = load_document(args.file)
    work = _user_work(args, paths, document)
    if not any(p.needs_translation for p in document.paragraphs):
        _warn(f"{Path(args.file).name} has no Arabic text: it is shown as written, and nothing is translated.")
        translations = {i: Translation.as_written_text(p.text) for i, p in enumerate(document.paragraphs)}
        return as_seen(document, translations, work.edits, None, model="none"), None
    store = open_store(paths)
    handle = store.resolve(args.model)
    glossary = find_names(document, work, _recogniser(store)) if (want_names or work.renders_names) else None
    cache = TranslationCache(paths.cache_db, on_warning=_warn)

    def on_load() -> None:
        if not args.quiet:
            note = fast_path_note(handle)
            print(f"reader: loading {handle.label}…" + (f" ({note})" if note else ""), file=sys.stderr)

    translator = build_translator(handle, cache, on_warning=_warn, on_load=on_load, key_context=key_context(work))
    progress = _Progress(len(document.paragraphs), bar=not args.quiet and sys.stderr.isatty())
    try:
        translations = dict(enumerate(translate_document(document, translator, on_done=progress.step,
                                                         refresh=refresh)))
    finally:
        progress.close()
        cache.close()
    if glossary is not None:
        glossary = glossary.with_translations(translations)  # the model's spellings, to replace
    bilingual = as_seen(document, translations, work.edits, glossary, model=handle.label, backend=translator.backend)
    print(f"reader: {progress.summary(translations, handle.label, translator.backend)}", file=sys.stderr)
    return bilingual, glossary


class _Progress:
    """A progress bar on a terminal; a one-line summary at the end in any case."""

    def __init__(self, total: int, *, bar: bool) -> None:
        self.total, self.count = total, 0
        self._bar = None
        if bar:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="para", file=sys.stderr, desc="translating")

    def step(self, index: int, translation) -> None:
        self.count += 1
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()

    def summary(self, translations: dict, model: str, backend: str) -> str:
        cached = sum(1 for t in translations.values() if t.cached)
        written = sum(1 for t in translations.values() if t.as_written)
        parts = [f"{self.total} paragraph{'s' if self.total != 1 else ''}"]
        if cached:
            parts.append(f"{cached} from the cache")
        if written:
            parts.append(f"{written} without Arabic kept as written")
        return f"translated {', '.join(parts)} with {model} ({backend or 'no engine needed'})"


def cmd_translate(args, paths: AppPaths) -> int:
    from reader.core.export import check_output, export

    writer = check_output(args.out) if args.out else None  # a bad target fails before any translating
    bilingual, _ = _as_seen(args, paths, refresh=args.no_cache)
    if writer is not None:
        export(bilingual, args.out, writer.name)
        if not args.quiet:
            print(f"reader: wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write("\n\n".join(row.translation for row in bilingual.rows) + "\n")
    return 0


def cmd_export(args, paths: AppPaths) -> int:
    from reader.core.export import check_output, export
    from reader.core.reading import glossary_lines

    writer = check_output(args.out, args.format)  # a bad target fails before any translating
    wants_glossary = args.with_glossary and writer.glossary
    bilingual, glossary = _as_seen(args, paths, want_names=wants_glossary)
    mark_flags = args.mark_flags if args.mark_flags is not None else writer.name != "pdf"
    options = {"layout": args.layout, "paper": args.paper, "mark_flags": mark_flags}
    if wants_glossary:
        options["glossary"] = glossary_lines(glossary)
    export(bilingual, args.out, writer.name, **options)
    if not args.quiet:
        print(f"reader: wrote {args.out}", file=sys.stderr)
    return 0


def cmd_entities(args, paths: AppPaths) -> int:
    """One line per entry: Arabic, type, English, mentions, where the English came from."""
    import json

    from reader.core.formats import load_document
    from reader.core.reading import UserWork, find_names, read_user_work
    from reader.core.userdata import UserDataError, UserStore

    document = load_document(args.file)
    store = open_store(paths)
    user = UserStore(paths.user_db)
    try:
        work = read_user_work(user, document)
    except UserDataError as exc:
        _warn(f"{exc} Names are listed without your renderings.")
        work = UserWork()
    finally:
        user.close()
    glossary = find_names(document, work, _recogniser(store))
    glossary = glossary.with_translations(_cached_translations(document, work, args.model, store, paths))
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


def _cached_translations(document, work, model: str | None, store, paths: AppPaths) -> dict:
    """The article's translations that are already cached, by paragraph; never loads a model."""
    from reader.core.engines.choice import build_translator
    from reader.core.cache import TranslationCache
    from reader.core.errors import ModelError
    from reader.core.reading import key_context

    try:
        handle = store.resolve(model)
    except ModelError:
        if model:
            raise
        return {}  # no model installed: names keep their other renderings
    cache = TranslationCache(paths.cache_db, on_warning=_warn)
    try:
        translator = build_translator(handle, cache, on_warning=_warn, key_context=key_context(work))
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


def open_store(paths: AppPaths):
    from reader.core.reading import model_store

    return model_store(paths)


def cmd_models(args, paths: AppPaths) -> int:
    store = open_store(paths)
    if args.action == "list":
        _list_models(store)
        return 0
    if args.action == "ensure":
        return _ensure_model(store)
    if args.action == "download":
        target = store.download(args.id)
        print(f"installed {args.id} in {target}")
        return 0
    if args.action == "import":
        with _ByteBar("importing") as bar:
            target = store.import_dir(args.dir, args.model_id, on_progress=bar.update)
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
        from reader.core.engines.fast import ensure_copy, known_copy

        handle = store.resolve(args.id)
        if known_copy(handle) is None:
            print(f"reader: building the fast CTranslate2 int8 copy of {handle.label}…", file=sys.stderr)
        target = ensure_copy(handle)
        print(f"{handle.label}: fast copy in {target}")
        return 0
    store.remove(args.id)
    print(f"removed {args.id}")
    return 0


def _list_models(store) -> None:
    """The catalogue (download size, licence, description), then models installed from elsewhere."""
    from reader.core.models import MARIAN

    def kind_of(engine: str) -> str:
        return "translation" if engine == MARIAN else "names"

    def on_disk(model_id: str) -> str:
        return f"installed, {store.size_on_disk(model_id) / 1e6:.0f} MB on disk"

    installed = set(store.installed(None))
    print("id\tkind\tstate\tdownload\tlicence\tdescription")
    for spec in store.catalogue.models.values():
        state = on_disk(spec.id) if spec.id in installed else "not installed"
        default = " (default)" if spec.id == store.catalogue.default else ""
        print(f"{spec.id}{default}\t{kind_of(spec.engine)}\t{state}\t{spec.size_mb:.0f} MB\t{spec.license}\t"
              f"{spec.description}")
    for model_id in sorted(installed - set(store.catalogue.models)):
        source = str((store.manifest(model_id) or {}).get("source", "")).removeprefix("import:")
        print(f"{model_id}\t{kind_of(store.engine(model_id))}\t{on_disk(model_id)}\t-\t-\t"
              f"imported from {source or 'a folder'}")


class _ByteBar:
    """A byte progress bar on a terminal for long copies; nothing otherwise."""

    def __init__(self, what: str) -> None:
        self.what, self._bar = what, None

    def __enter__(self) -> "_ByteBar":
        return self

    def update(self, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="B", unit_scale=True, file=sys.stderr, desc=self.what)
        self._bar.update(done - self._bar.n)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.close()


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


COMMANDS.update(translate=cmd_translate, export=cmd_export, entities=cmd_entities, glossary=cmd_glossary,
                models=cmd_models, cache=cmd_cache)
