"""transformers, imported safely from any thread.

transformers resolves its names lazily on first use. Two threads asking at
once (the translation worker loading Marian, the names job loading BERT) can
find the module half set up ("cannot import name ..."), so the first use goes
through one lock.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()


def transformers_names(*names: str) -> tuple:
    """The named attributes of transformers (classes, or submodules such as 'utils')."""
    with _lock:
        import transformers

        return tuple(getattr(transformers, name) for name in names)
