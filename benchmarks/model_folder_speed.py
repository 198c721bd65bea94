"""How long `reader translate --model FOLDER ARTICLE` takes to the first English and to the end.

Runs the real command (as a user would) in a fresh READER_HOME, twice: the
first run meets the folder for the first time (with CTranslate2 installed it
builds the int8 copy once), the second (`--no-cache`, so it really translates)
should find that copy and reuse it. stderr is a pseudo-terminal so reader's
progress bar reports each paragraph as it lands; the first English is the
first paragraph counted.

Usage: python benchmarks/model_folder_speed.py [--model FOLDER] [--runs 2] [ARTICLE]
Prints one line per run and JSON on the last line.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "xinhua-2022-06-08-wang-yi-kazakhstan.ar.txt"
TINY = ROOT / "tests" / "fixtures" / "tiny_marian" / "tiny-ar-en"
_COUNT = re.compile(rb"(\d+)/(\d+) \[")


def run_once(model: Path, article: Path, home: Path, *, no_cache: bool, root: Path = ROOT) -> dict:
    """One `reader translate` in its own process; seconds to the first paragraph and to exit."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # tqdm needs a width
    command = [sys.executable, "-m", "reader", "translate", "--model", str(model), str(article)]
    if no_cache:
        command.append("--no-cache")
    env = {**os.environ, "READER_HOME": str(home), "COLUMNS": "120"}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=slave, env=env, cwd=root)
    os.close(slave)
    first, log = None, b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed its end
                chunk = b""
            if not chunk and process.poll() is not None:
                break
            log += chunk
            if first is None and any(int(done) > 0 for done, _ in _COUNT.findall(log)):
                first = time.perf_counter() - start
        elif process.poll() is not None:
            break
    english = process.stdout.read().decode("utf-8")
    process.wait()
    total = time.perf_counter() - start
    os.close(master)
    text = log.decode("utf-8", "replace")
    return {"first_english_s": round(first if first is not None else total, 1), "all_s": round(total, 1),
            "exit": process.returncode, "paragraphs": english.count("\n\n") + 1,
            "fast_copy_built": "building its fast" in text,
            "stderr": re.findall(r"reader: [^\r\n]*|Traceback|\w+Error: [^\r\n]*", text)[-6:]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path, default=SAMPLE)
    parser.add_argument("--model", type=Path, default=TINY)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="a checkout of reader to run (e.g. an older commit, to compare)")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            result = run_once(args.model.resolve(), args.article.resolve(), Path(tmp) / "home",
                              no_cache=run > 0, root=args.code.resolve())
            results.append(result)
            print(f"run {run + 1}: first English {result['first_english_s']} s, all paragraphs "
                  f"{result['all_s']} s, exit {result['exit']}; " + " | ".join(result["stderr"]))
    print(json.dumps({"model": str(args.model), "article": str(args.article), "runs": results}))


if __name__ == "__main__":
    main()
