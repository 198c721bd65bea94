"""The child process that builds a model's int8 copy: `python -m reader.core.engines.convert SOURCE TARGET`.

Run apart from reader so that torch and transformers, which CTranslate2's
converter needs, leave memory when it ends, and so that Cancel can stop it.
It exits if reader does (a conversion nobody waits for is not finished).
On failure the last line on stderr says why.
"""

from __future__ import annotations

import os
import sys
import threading
import time

from reader.core.engines.ct2 import COMPUTE_TYPE


def _exit_with_parent() -> None:
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m reader.core.engines.convert SOURCE TARGET", file=sys.stderr)
        return 2
    source, target = argv
    _exit_with_parent()
    import ctranslate2

    try:
        converter = ctranslate2.converters.TransformersConverter(source, load_as_float16=False)
        converter.convert(target, quantization=COMPUTE_TYPE, force=True)
    except (OSError, ValueError, RuntimeError, KeyError, TypeError, NotImplementedError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"{type(exc).__name__}: {reason}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
