"""Moved to `reader.core.engines.marian` (kept so older imports keep working)."""

from reader.core.engines.marian import MarianEngine
from reader.core.engines.threads import default_threads

__all__ = ["MarianEngine", "default_threads"]
