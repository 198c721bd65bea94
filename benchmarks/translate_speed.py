"""How fast reader translates on this machine.

Builds a random-weight model with the exact shape of opus-mt-ar-en in a temp
dir, translates the sample article (beam 4, a fixed output length per
sentence), then times a fully cached `reader translate` of the sample in a
fresh process. Prints a readable report, and JSON on its last line.

Usage: python benchmarks/translate_speed.py [--tokens 60] [--shape opus-mt-ar-en]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _models import ROOT, SHAPES  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "xinhua-2022-06-08-wang-yi-kazakhstan.ar.txt"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=60, help="output tokens per sentence")
    parser.add_argument("--shape", default="opus-mt-ar-en", choices=sorted(SHAPES))
    args = parser.parse_args()

    from reader.core.backends import build_translator
    from reader.core.cache import TranslationCache
    from reader.core.formats import load_document
    from reader.core.models import ModelStore, load_catalogue
    from reader.core.paths import AppPaths
    from reader.core.translate import DecodingSettings

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        model = tmp / args.shape
        # built in another process, so its memory does not count towards our peak
        subprocess.run([sys.executable, str(Path(__file__).with_name("_models.py")), args.shape, str(model)],
                       check=True)
        paths = AppPaths.default({"READER_HOME": str(tmp / "home")})
        store = ModelStore(paths.models_dir, load_catalogue(ROOT / "models.toml"))
        handle = store.resolve(str(model))
        settings = DecodingSettings(max_new_tokens=args.tokens, min_new_tokens=args.tokens)
        cache = TranslationCache(paths.cache_db)
        translator = build_translator(handle, cache, settings=settings)
        texts = [p.text for p in load_document(SAMPLE).paragraphs]

        start = time.perf_counter()
        translator.cached([])  # opens the cache
        results = translator.translate(texts[:1])  # loads the model; not timed below
        load_s = time.perf_counter() - start
        cache.clear()

        start = time.perf_counter()
        results = translator.translate(texts)
        seconds = time.perf_counter() - start
        sentences = sum(len(r.sentences) for r in results)
        target_tokens = sentences * args.tokens

        # The CLI uses the default settings: file these results under its key too.
        cli_keys = build_translator(handle, cache)
        for text, result in zip(texts, results):
            cache.put(cli_keys.key(text), result.to_payload(), model=cli_keys.identity)
        env = {**os.environ, "READER_HOME": str(tmp / "home")}
        command = [sys.executable, "-m", "reader", "translate", str(SAMPLE), "--model", str(model), "-q"]
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        cached_s = time.perf_counter() - start
        cache.close()

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = {
        "shape": args.shape,
        "paragraphs": len(texts),
        "sentences": sentences,
        "output_tokens_per_sentence": args.tokens,
        "beam": settings.num_beams,
        "model_load_and_first_paragraph_s": round(load_s, 2),
        "translate_s": round(seconds, 2),
        "paragraphs_per_s": round(len(texts) / seconds, 2),
        "target_tokens_per_s": round(target_tokens / seconds, 1),
        "cached_cli_translate_s": round(cached_s, 3),
        "peak_rss_mb": round(peak_mb, 1),
        "threads": __import__("torch").get_num_threads(),
    }
    for key, value in report.items():
        print(f"{key:>36}: {value}")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
