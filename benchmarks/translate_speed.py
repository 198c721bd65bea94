"""How fast reader translates on this machine, backend by backend.

Builds random-weight models with the exact shapes of opus-mt-ar-en and
opus-mt-tc-big-ar-en (weights do not change speed; shapes and output length
do), converts them to CTranslate2 int8, and translates the sample article's
sentences (beam 4, a fixed output length) with:

- transformers fp32                (the reference backend),
- transformers + torch dynamic int8 (quantised Linear layers),
- raw CTranslate2 int8             (one bare translate_batch call: the limit),
- reader                           (its own path: cache miss handling, sentence
                                    splitting, token batching, CTranslate2 int8).

Each variant runs in its own process so its peak RSS is its own. Also times a
fully cached `reader translate` of the sample. JSON on the last line.

Usage: python benchmarks/translate_speed.py [--tokens 60] [--shapes opus-mt-ar-en,opus-mt-tc-big-ar-en]
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _models import ROOT  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "xinhua-2022-06-08-wang-yi-kazakhstan.ar.txt"
VARIANTS = ("transformers_fp32", "transformers_int8", "raw_ct2_int8", "reader")


def sample_texts() -> list[str]:
    from reader.core.formats import load_document

    return [p.text for p in load_document(SAMPLE).paragraphs]


def run_variant(variant: str, model: Path, tokens: int) -> dict:
    """One measurement, in this process (the parent starts one process per variant)."""
    from reader.core.translate import DecodingSettings

    settings = DecodingSettings(max_new_tokens=tokens, min_new_tokens=tokens)
    texts = sample_texts()
    if variant == "reader":
        from reader.core.engines.choice import build_translator
        from reader.core.cache import TranslationCache
        from reader.core.models import ModelHandle

        with tempfile.TemporaryDirectory() as tmp:
            cache = TranslationCache(Path(tmp) / "cache.sqlite3")
            translator = build_translator(ModelHandle("bench", model, "0"), cache, settings=settings, backend="auto")
            translator.translate(texts[:1])  # load; not timed
            cache.clear()
            start = time.perf_counter()
            results = translator.translate(texts)
            seconds = time.perf_counter() - start
            backend = translator.identity.split("|")[1]
            cache.close()
        sentences = sum(len(r.sentences) for r in results)
    else:
        from reader.core.segment import split_sentences

        sentences_text = [s.text for t in texts for s in split_sentences(t)]
        sentences = len(sentences_text)
        if variant == "raw_ct2_int8":
            from reader.core.engines.ct2 import CT2Engine

            engine = CT2Engine(model)
            engine.load()
            batch = [engine._pieces(s) for s in sentences_text]
            engine._translator.translate_batch(batch[:1], beam_size=4, max_decoding_length=tokens,
                                               min_decoding_length=tokens)
            start = time.perf_counter()
            engine._translator.translate_batch(batch, beam_size=4, num_hypotheses=4, max_decoding_length=tokens,
                                               min_decoding_length=tokens, return_scores=True,
                                               max_batch_size=2048, batch_type="tokens")
            seconds = time.perf_counter() - start
            backend = "ct2-int8 (bare)"
        else:
            from reader.core.engines.marian import MarianEngine
            from reader.core.translate import SegmentingTranslator

            engine = MarianEngine(model)
            engine.load()
            if variant == "transformers_int8":
                import torch

                engine._model = torch.ao.quantization.quantize_dynamic(engine._model, {torch.nn.Linear},
                                                                       dtype=torch.qint8)
            translator = SegmentingTranslator(engine, settings, "bench")
            translator.translate(texts[:1])
            start = time.perf_counter()
            translator.translate(texts)
            seconds = time.perf_counter() - start
            backend = variant.replace("_", "-")
    return {
        "backend": backend,
        "seconds": round(seconds, 2),
        "paragraphs_per_s": round(len(texts) / seconds, 2),
        "target_tokens_per_s": round(sentences * tokens / seconds, 1),
        "sentences": sentences,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def cached_cli_seconds(model: Path, home: Path) -> float:
    """Wall time of `reader translate` on the sample when every paragraph is cached."""
    from reader.core.engines.choice import build_translator
    from reader.core.cache import TranslationCache
    from reader.core.models import ModelStore, load_catalogue
    from reader.core.paths import AppPaths
    from reader.core.segment import Segment
    from reader.core.translate import Hypothesis, SentenceTranslation, Translation

    paths = AppPaths.default({"READER_HOME": str(home)})
    store = ModelStore(paths.models_dir, load_catalogue(ROOT / "models.toml"))
    handle = store.resolve(str(model))
    cache = TranslationCache(paths.cache_db)
    translator = build_translator(handle, cache)
    for text in sample_texts():  # fill the cache under the CLI's own key
        fake = Translation(text, (SentenceTranslation(Segment(text, 0, len(text)), (Hypothesis("x", 0.0),)),))
        cache.put(translator.key(text), fake.to_payload(), model=translator.identity)
    cache.close()
    env = {**os.environ, "READER_HOME": str(home)}
    command = [sys.executable, "-m", "reader", "translate", str(SAMPLE), "--model", str(model), "-q"]
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=60, help="output tokens per sentence")
    parser.add_argument("--shapes", default="opus-mt-ar-en,opus-mt-tc-big-ar-en")
    parser.add_argument("--variant", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--model", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:  # a child process: one measurement
        print(json.dumps(run_variant(args.variant, args.model, args.tokens)))
        return

    report: dict = {"tokens_per_sentence": args.tokens, "beam": 4, "threads": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        for shape in args.shapes.split(","):
            model = Path(tmp) / shape
            subprocess.run([sys.executable, str(HERE / "_models.py"), shape, str(model)], check=True,
                           capture_output=True)
            subprocess.run([sys.executable, "-c", "import sys; from reader.core.engines.ct2 import convert; "
                            "convert(sys.argv[1])", str(model)], check=True, capture_output=True)
            results = {}
            for variant in VARIANTS:
                out = subprocess.run([sys.executable, __file__, "--variant", variant, "--model", str(model),
                                      "--tokens", str(args.tokens)], check=True, capture_output=True, text=True)
                results[variant] = json.loads(out.stdout.strip().splitlines()[-1])
                r = results[variant]
                print(f"{shape:>22} {variant:>18}: {r['seconds']:6.2f} s  {r['paragraphs_per_s']:5.2f} para/s  "
                      f"{r['target_tokens_per_s']:7.1f} tok/s  peak {r['peak_rss_mb']:7.1f} MB  [{r['backend']}]",
                      flush=True)
            results["reader_vs_transformers_fp32"] = round(
                results["reader"]["target_tokens_per_s"] / results["transformers_fp32"]["target_tokens_per_s"], 2)
            results["reader_vs_raw_ct2"] = round(
                results["reader"]["target_tokens_per_s"] / results["raw_ct2_int8"]["target_tokens_per_s"], 2)
            print(f"{shape:>22} reader/transformers-fp32 {results['reader_vs_transformers_fp32']}×, "
                  f"reader/raw-ct2 {results['reader_vs_raw_ct2']}×", flush=True)
            report[shape] = results
        first = Path(tmp) / args.shapes.split(",")[0]
        report["cached_cli_translate_s"] = round(cached_cli_seconds(first, Path(tmp) / "home"), 3)
        print(f"cached `reader translate` of the sample: {report['cached_cli_translate_s']} s")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
